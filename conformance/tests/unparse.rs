//! `pyrite_passes::unparse` against `print(ast.unparse(ast.parse(src)))` on every stdlib file.
//! Files pyrite's parser cannot handle yet are skipped and counted; files that parse but differ
//! must be listed in known-failures/unparse.txt, which may only shrink.

mod common;

use pyrite_conformance::oracle::{stdlib_files, stdlib_root, Oracle};
use pyrite_conformance::ratchet;
use rayon::prelude::*;
use serde_json::json;

const UNPARSE_PY: &str = r#"
import ast, tokenize
with tokenize.open(path) as fh:
    src = fh.read()
try:
    result = ast.unparse(ast.parse(src)) + "\n"
except Exception as e:
    result = "%s: %s\n" % (type(e).__name__, e)
"#;

enum Outcome {
    Same,
    Skipped,
    Differs(String),
}

#[test]
fn stdlib_unparse_matches_cpython() {
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
                    let ours = match pyrite_passes::unparse::unparse(&tree) {
                        Ok(s) => s + "\n",
                        Err(e) => format!("{e}\n"),
                    };
                    let theirs = pool.with(|o| o.eval(UNPARSE_PY, json!({"path": p}))).unwrap().unwrap();
                    let theirs = theirs.as_str().unwrap_or_default();
                    if ours == theirs {
                        Outcome::Same
                    } else {
                        Outcome::Differs(common::first_difference(&ours, theirs))
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
        "unparse: {same}/{handled} parsed stdlib files identical to ast.unparse ({:.2}%); \
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
    let known = ratchet::known_failures("unparse");
    let handled_names = results.iter().filter(|r| !matches!(r.1, Outcome::Skipped)).map(|r| r.0.as_str());
    let v = ratchet::verdict(&known, differing.iter().copied(), handled_names);
    assert!(v.passed(), "{}", v.explain("unparse"));
}
