//! The symbol table against CPython's (`_symtable.symtable`, what the `symtable` module wraps) on
//! every stdlib file, and its SyntaxErrors on a corpus drawn from CPython's tests
//! (corpus/symtable_errors.json, made by tools/gen_symtable_corpus.py), parsed by pyrite's own
//! tokenizer and parser. Files pyrite's front end rejects are skipped and counted; files that parse but differ must be listed in
//! known-failures/symtable.txt, which may only shrink.

mod common;

use pyrite_conformance::oracle::{stdlib_files, stdlib_root, Oracle, OraclePool};
use pyrite_conformance::ratchet;
use pyrite_passes::symtable;
use rayon::prelude::*;
use serde_json::json;

const DUMP_PY: &str = include_str!("../py/symtable_dump.py");

fn cpython_dump(pool: &OraclePool, path: Option<&str>, src: Option<&str>) -> String {
    let v = pool.with(|o| o.eval(DUMP_PY, json!({"path": path, "src": src}))).unwrap().unwrap();
    v.as_str().unwrap_or_default().to_string()
}

fn opt(v: Option<u32>) -> String {
    v.map_or("None".to_string(), |n| n.to_string())
}

/// pyrite's table (or error) in the dump's shape.
fn pyrite_dump(tree: &pyrite_ir::ast::Mod, path: &str) -> String {
    match symtable::build(tree, path) {
        Ok(t) => symtable::dump(&t),
        Err(d) => format!(
            "{}: {} ({}, {}, {}, {})\n",
            d.kind.name(),
            d.message,
            opt(d.lineno),
            opt(d.offset),
            opt(d.end_lineno),
            opt(d.end_offset)
        ),
    }
}

enum Outcome {
    Same,
    Skipped,
    Differs(String),
}

#[test]
fn stdlib_symtable_matches_cpython() {
    let Some(first) = Oracle::for_tests() else { return };
    drop(first);
    let root = stdlib_root().unwrap();
    let files = stdlib_files().unwrap();
    let pool = Oracle::pool(0).unwrap();
    let results: Vec<(String, Outcome)> = files
        .par_iter()
        .map(|path| {
            let rel = path.strip_prefix(&root).unwrap_or(path).display().to_string();
            let p = path.display().to_string();
            let bytes = std::fs::read(path).unwrap();
            let outcome = match common::parse(&p, bytes) {
                Err(_) => Outcome::Skipped,
                Ok(tree) => {
                    let ours = pyrite_dump(&tree, &p);
                    let theirs = cpython_dump(&pool, Some(&p), None);
                    if ours == theirs {
                        Outcome::Same
                    } else {
                        Outcome::Differs(common::first_difference(&ours, &theirs))
                    }
                }
            };
            (rel, outcome)
        })
        .collect();
    let skipped = results.iter().filter(|r| matches!(r.1, Outcome::Skipped)).count();
    let differing: Vec<&str> =
        results.iter().filter(|r| matches!(r.1, Outcome::Differs(_))).map(|r| r.0.as_str()).collect();
    let handled = results.len() - skipped;
    let same = handled - differing.len();
    eprintln!(
        "symtable: {same}/{handled} parsed stdlib files identical to CPython's symtable ({:.2}%); \
         {skipped} of {} skipped (rejected by pyrite's tokenizer/parser)",
        100.0 * same as f64 / handled.max(1) as f64,
        results.len()
    );
    for (f, d) in results.iter().filter_map(|(f, o)| match o {
        Outcome::Differs(d) => Some((f, d)),
        _ => None,
    }) {
        eprintln!("  {f}: {d}");
    }
    let known = ratchet::known_failures("symtable");
    let handled_names = results.iter().filter(|r| !matches!(r.1, Outcome::Skipped)).map(|r| r.0.as_str());
    let v = ratchet::verdict(&known, differing.iter().copied(), handled_names);
    assert!(v.passed(), "{}", v.explain("symtable"));
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
            let tree = common::parse("<snippet>", src.as_bytes().to_vec()).ok()?;
            let ours = pyrite_dump(&tree, "<snippet>");
            let theirs = cpython_dump(&pool, None, Some(src));
            Some(if ours == theirs {
                Ok(())
            } else {
                Err(format!("{src:?}: {}", common::first_difference(&ours, &theirs)))
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
