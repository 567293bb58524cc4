//! The `unparse` conformance stage on every stdlib file: `pyrite_passes::unparse` against
//! `ast.unparse(ast.parse(src))`. Differences must be listed in known-failures/unparse.txt.

use pyrite_conformance::ratchet::stdlib_verdict;

#[test]
fn stdlib_unparse_matches_cpython() {
    let Some((report, verdict)) = stdlib_verdict("unparse") else { return };
    eprintln!(
        "unparse: {}/{} parsed stdlib files identical to ast.unparse; {} skipped (rejected by pyrite's front end)",
        report.identical,
        report.identical + report.differing,
        report.skipped
    );
    assert!(report.identical > 1700, "{report:?}");
    assert!(verdict.passed(), "{}", verdict.explain("unparse"));
}
