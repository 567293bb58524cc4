//! `pyrite ast -a` (tokenize + parse stages) against `python3 -m ast -a` on every stdlib file.
//! Files that differ must be listed in known-failures/ast.txt; the list may only shrink.

use pyrite_conformance::oracle::{stdlib_files, stdlib_root, Oracle};
use pyrite_conformance::ratchet;
use pyrite_ir::ast::{dump, DumpOptions};
use pyrite_ir::{Ir, SourceFile};
use pyrite_passes::{Context, Options, Pipeline};
use rayon::prelude::*;
use std::path::Path;

/// What `pyrite ast -a` makes of the file (tokenize + parse stages): `python3 -m ast -a`'s output,
/// or "Kind: message".
fn pyrite_ast(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut pipeline = Pipeline::standard();
    pipeline.truncate_after("parse").expect("parse stage");
    let mut cx = Context::new(Options { type_comments: true, ..Options::default() });
    match pipeline.run(Ir::Source(SourceFile::new(path.display().to_string(), bytes)), &mut cx) {
        Ok(Ir::Ast(a)) => {
            let mut s = dump(&a.tree, DumpOptions { include_attributes: true, indent: Some(3) });
            s.push('\n');
            Ok(s)
        }
        Ok(_) => Err("no AST".into()),
        Err(d) => Err(format!("{}: {}", d.kind.name(), d.message)),
    }
}

fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}: pyrite {:?} / CPython {:?}", i + 1, x, y);
        }
    }
    format!("lengths differ ({} vs {} lines)", a.lines().count(), b.lines().count())
}

#[test]
fn stdlib_ast_matches_cpython() {
    let Some(first) = Oracle::for_tests() else { return };
    drop(first);
    let root = stdlib_root().unwrap();
    let files = stdlib_files().unwrap();
    let pool = Oracle::pool(0).unwrap();
    let results: Vec<(String, Option<String>)> = files
        .par_iter()
        .map(|path| {
            let rel = path.strip_prefix(&root).unwrap_or(path).display().to_string();
            let ours = pyrite_ast(path);
            let p = path.display().to_string();
            let theirs = pool.with(|o| o.run_module("ast", &["-a", &p], None)).unwrap().unwrap();
            let diff = if theirs.status == 0 {
                let theirs = String::from_utf8_lossy(&theirs.stdout);
                match &ours {
                    Ok(s) if *s == theirs => None,
                    Ok(s) => Some(first_difference(s, &theirs)),
                    Err(e) => Some(format!("pyrite failed: {e}")),
                }
            } else {
                let stderr = String::from_utf8_lossy(&theirs.stderr);
                let last = stderr.lines().last().unwrap_or("").to_string();
                match &ours {
                    Err(e) if *e == last => None,
                    Err(e) => Some(format!("error differs: pyrite {e:?} / CPython {last:?}")),
                    Ok(_) => Some(format!("CPython failed ({last}), pyrite parsed it")),
                }
            };
            (rel, diff)
        })
        .collect();
    let differing: Vec<&str> = results.iter().filter(|r| r.1.is_some()).map(|r| r.0.as_str()).collect();
    let same = results.len() - differing.len();
    eprintln!(
        "ast: {same}/{} stdlib files identical to python3 -m ast -a ({:.2}%)",
        results.len(),
        100.0 * same as f64 / results.len() as f64
    );
    for (f, d) in results.iter().filter_map(|(f, d)| d.as_ref().map(|d| (f, d))).take(30) {
        eprintln!("  {f}: {d}");
    }
    let known = ratchet::known_failures("ast");
    let v = ratchet::verdict(&known, differing.iter().copied(), results.iter().map(|r| r.0.as_str()));
    assert!(v.passed(), "{}", v.explain("ast"));
}
