//! The `code` conformance stage on every stdlib file (conformance/src/stages/code.rs); files that
//! differ must be listed in known-failures/code.txt, which may only shrink.

use pyrite_conformance::ratchet::stdlib_verdict;

#[test]
fn stdlib_code_ratchet() {
    let Some((report, verdict)) = stdlib_verdict("code") else { return };
    eprintln!(
        "code: {}/{} compiled stdlib files identical; {} skipped (rejected by CPython)",
        report.identical,
        report.identical + report.differing,
        report.skipped
    );
    assert!(report.identical + report.differing > 1700, "{report:?}");
    assert!(verdict.passed(), "{}", verdict.explain("code"));
}
