//! The parse stage against `python3 -m ast -a` on every stdlib file. The parser is fed tokens
//! from CPython's own `tokenize` module (converted to the C tokenizer's view), so this diffs the
//! parse stage in isolation from pyrite's tokenizer. Files that differ must be listed in
//! known-failures/ast.txt; the list may only shrink.

use pyrite_conformance::oracle::{stdlib_files, stdlib_root, Oracle, OraclePool};
use pyrite_conformance::{pytokens, ratchet};
use pyrite_ir::ast::{dump, DumpOptions};
use pyrite_ir::{DecodedSource, TokenStream};
use pyrite_passes::Mode;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// What pyrite's parser makes of the file: `python3 -m ast -a`'s output, or "Kind: message".
fn pyrite_ast(pool: &OraclePool, path: &Path) -> Result<String, String> {
    let p = path.display().to_string();
    let (text, tokens, err) =
        pool.with(|o| pytokens::tokens(o, Some(&p), None)).unwrap().map_err(|e| e.to_string())?;
    if let Some(e) = err {
        return Err(format!("tokenize: {e}"));
    }
    let source = Arc::new(DecodedSource::new(p.clone(), "utf-8", false, text.unwrap_or_default()));
    let ts = TokenStream { source, tokens, error: None, warnings: Vec::new() };
    let sub = |s: &str| -> Result<Vec<pyrite_ir::Token>, String> {
        let (_, toks, err) =
            pool.with(|o| pytokens::tokens(o, None, Some(s))).unwrap().map_err(|e| e.to_string())?;
        match err {
            Some(e) => Err(e),
            None => Ok(toks),
        }
    };
    match pyrite_passes::parse::parse_tokens_with(&ts, Mode::Exec, true, &sub) {
        Ok(tree) => {
            let mut s = dump(&tree, DumpOptions { include_attributes: true, indent: Some(3) });
            s.push('\n');
            Ok(s)
        }
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
            let ours = pyrite_ast(&pool, path);
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
