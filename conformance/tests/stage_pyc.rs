//! The `pyc` conformance stage on every stdlib file (conformance/src/stages/pyc.rs); files that
//! differ must be listed in known-failures/pyc.txt, which may only shrink.

use pyrite_conformance::ratchet::stdlib_verdict;

#[test]
fn stdlib_pyc_ratchet() {
    let Some((report, verdict)) = stdlib_verdict("pyc") else { return };
    eprintln!(
        "pyc: {}/{} compiled stdlib files identical; {} skipped (rejected by CPython)",
        report.identical,
        report.identical + report.differing,
        report.skipped
    );
    assert!(report.identical + report.differing > 1700, "{report:?}");
    assert!(verdict.passed(), "{}", verdict.explain("pyc"));
}
