//! The `pyc-O1` and `pyc-O2` conformance stages on every stdlib file: the .opt-1.pyc and
//! .opt-2.pyc bytes pyrite writes against `py_compile.compile(path, optimize=N)`'s (codegen.rs
//! compares code objects at those levels, this the whole file: marshal's reference flags and the
//! header too). Files that differ must be listed in known-failures/pyc-O{1,2}.txt.

use pyrite_conformance::ratchet::stdlib_verdict;

fn sweep(stage: &str) {
    let Some((report, verdict)) = stdlib_verdict(stage) else { return };
    eprintln!(
        "{stage}: {}/{} compiled stdlib files identical; {} skipped (rejected by CPython)",
        report.identical,
        report.identical + report.differing,
        report.skipped
    );
    assert!(report.identical + report.differing > 1700, "{report:?}");
    assert!(verdict.passed(), "{}", verdict.explain(stage));
}

#[test]
fn stdlib_opt1_pyc_ratchet() {
    sweep("pyc-O1");
}

#[test]
fn stdlib_opt2_pyc_ratchet() {
    sweep("pyc-O2");
}
