//! The oracle itself: it must really be CPython 3.11.7 with hash seed 0, and report faithfully.

use pyrite_conformance::oracle::{stdlib_files, Oracle};
use serde_json::json;

#[test]
fn oracle_runs_modules_and_code() {
    let Some(mut o) = Oracle::for_tests() else { return };
    assert_eq!(o.version(), "3.11.7");
    // The hash seed must be 0, or set/frozenset order would not be reproducible.
    let h = o.eval("result = hash('a')", json!({})).unwrap();
    assert_eq!(h, json!(4644417185603328019i64));
    let r = o.run_module("tokenize", &[], Some(b"x = 1\n")).unwrap();
    assert_eq!(r.status, 0);
    let out = String::from_utf8(r.stdout).unwrap();
    assert!(out.starts_with("1,0-1,1:            NAME           'x'"), "{out}");
    // Exit status and stderr of a failing module run.
    let r = o.run_module("tokenize", &["/nonexistent/file.py"], None).unwrap();
    assert_eq!(r.status, 1);
    assert!(String::from_utf8_lossy(&r.stderr).contains("No such file or directory"));
    // Exceptions in eval are errors, and the oracle survives them.
    assert!(o.eval("raise ValueError('boom')", json!({})).is_err());
    let v = o.eval("result = [x * 2 for x in xs]", json!({"xs": [1, 2]})).unwrap();
    assert_eq!(v, json!([2, 4]));
    // Bytes survive the round trip through latin-1.
    let r = o.run_module("tokenize", &[], Some("é = 'ü'\n".as_bytes())).unwrap();
    assert!(String::from_utf8(r.stdout).unwrap().contains("'é'"));
}

#[test]
fn stdlib_corpus_is_there() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let files = stdlib_files().unwrap();
    assert!(files.len() > 1500, "only {} stdlib files", files.len());
    assert!(files.iter().all(|f| !f.to_string_lossy().contains("site-packages")));
    assert!(files.iter().any(|f| f.ends_with("test/test_grammar.py")));
}
