//! The `errors` conformance stage on the whole stdlib: every file CPython rejects must be rejected
//! by pyrite with CPython's exception class, message and positions, and every file it accepts must
//! be accepted. Differences must be listed in known-failures/errors.txt, a list that may only shrink.

use pyrite_conformance::ratchet::stdlib_verdict;

#[test]
fn stdlib_errors_match_cpython() {
    let Some((report, verdict)) = stdlib_verdict("errors") else { return };
    eprintln!(
        "errors: {} rejected files identical, {} differing, {} accepted by both",
        report.identical, report.differing, report.skipped
    );
    assert!(report.identical + report.differing >= 15, "too few files CPython rejects: {report:?}");
    assert!(verdict.passed(), "{}", verdict.explain("errors"));
}
