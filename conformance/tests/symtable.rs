//! The symbol table against CPython's (`_symtable.symtable`, what the `symtable` module wraps) on
//! every stdlib file (the `symtable` conformance stage), and its SyntaxErrors on a corpus drawn
//! from CPython's tests (corpus/symtable_errors.json, made by tools/gen_symtable_corpus.py), parsed
//! by pyrite's own tokenizer and parser. Files that parse but differ must be listed in
//! known-failures/symtable.txt, which may only shrink.

use pyrite_conformance::oracle::Oracle;
use pyrite_conformance::ratchet::stdlib_verdict;
use pyrite_conformance::stages::parse_tree;
use pyrite_conformance::stages::symtable::{cpython_dump, pyrite_dump};
use rayon::prelude::*;

#[test]
fn stdlib_symtable_matches_cpython() {
    let Some((report, verdict)) = stdlib_verdict("symtable") else { return };
    eprintln!(
        "symtable: {}/{} parsed stdlib files identical to CPython's symtable; {} skipped (rejected by pyrite's front end)",
        report.identical,
        report.identical + report.differing,
        report.skipped
    );
    assert!(report.identical > 1700, "{report:?}");
    assert!(verdict.passed(), "{}", verdict.explain("symtable"));
}

#[test]
fn symtable_errors_match_cpython() {
    let Some(first) = Oracle::for_tests() else { return };
    drop(first);
    let corpus: Vec<String> = serde_json::from_str(include_str!("../corpus/symtable_errors.json")).unwrap();
    let pool = Oracle::pool(0).unwrap();
    let results: Vec<Option<Result<(), String>>> = corpus
        .par_iter()
        .map(|src| {
            let tree = parse_tree("<snippet>", src.as_bytes()).ok()?;
            let ours = pyrite_dump(&tree, "<snippet>");
            let theirs = pool.with(|o| cpython_dump(o, None, Some(src))).unwrap().unwrap();
            Some(if ours == theirs {
                Ok(())
            } else {
                Err(format!("{src:?}:\n  pyrite {ours:?}\n  CPython {theirs:?}"))
            })
        })
        .collect();
    let handled: Vec<&Result<(), String>> = results.iter().flatten().collect();
    let same = handled.iter().filter(|r| r.is_ok()).count();
    eprintln!(
        "symtable errors: {same}/{} parsed snippets identical to CPython ({} of {} skipped: rejected by pyrite's parser)",
        handled.len(),
        corpus.len() - handled.len(),
        corpus.len()
    );
    let bad: Vec<&String> = handled.iter().filter_map(|r| r.as_ref().err()).collect();
    for b in &bad {
        eprintln!("  {b}");
    }
    assert!(handled.len() * 10 >= corpus.len() * 9, "the parser skipped too many snippets");
    assert!(bad.is_empty(), "{} snippets differ from CPython", bad.len());
}
