//! `pyrite dis` on .pyc files: for every stdlib file, CPython compiles it to .pyc bytes (as
//! py_compile does) and disassembles them with `dis.dis(marshal.loads(data[16:]))`; pyrite reads
//! the same bytes and must print the same text (code object addresses normalised).

use pyrite_conformance::oracle::unhex;
use pyrite_conformance::oracle::{stdlib_files, stdlib_root, Oracle};
use pyrite_conformance::ratchet::{known_failures, verdict};
use pyrite_ir::dis::{dis, normalize_addresses};
use pyrite_ir::target::default_target;
use pyrite_passes::serialize::pyc::read_pyc;
use rayon::prelude::*;
use serde_json::json;

const CPYTHON: &str = r#"
import dis, io, marshal
import importlib._bootstrap_external as _be
src = open(path, 'rb').read()
try:
    co = compile(src, path, 'exec', dont_inherit=True)
except (SyntaxError, ValueError):
    result = None
else:
    data = bytes(_be._code_to_timestamp_pyc(co, 0, len(src)))
    buf = io.StringIO()
    dis.dis(marshal.loads(data[16:]), file=buf)
    result = {"pyc": data.hex(), "dis": buf.getvalue()}
"#;

#[test]
fn dis_of_stdlib_pycs_matches_cpython() {
    let Some(_probe) = Oracle::for_tests() else { return };
    let root = stdlib_root().unwrap();
    let files = stdlib_files().unwrap();
    let pool = Oracle::pool(0).unwrap();
    let t = std::time::Instant::now();
    let results: Vec<(String, Option<bool>, f64)> = files
        .par_iter()
        .map(|path| {
            let rel = path.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
            let v = pool.with(|o| o.eval(CPYTHON, json!({"path": path.to_string_lossy()}))).unwrap().unwrap();
            if v.is_null() {
                return (rel, None, 0.0);
            }
            let pyc = unhex(v["pyc"].as_str().unwrap());
            let t0 = std::time::Instant::now();
            let (_, code) = read_pyc(default_target(), &pyc).unwrap_or_else(|e| panic!("{rel}: {e}"));
            let ours = dis(&code, default_target()).unwrap_or_else(|e| panic!("{rel}: {e}"));
            let dt = t0.elapsed().as_secs_f64();
            let same = normalize_addresses(&ours) == normalize_addresses(v["dis"].as_str().unwrap());
            (rel, Some(same), dt)
        })
        .collect();
    let checked: Vec<&str> = results.iter().filter(|r| r.1.is_some()).map(|r| r.0.as_str()).collect();
    let differing: Vec<&str> = results.iter().filter(|r| r.1 == Some(false)).map(|r| r.0.as_str()).collect();
    let ours: f64 = results.iter().map(|r| r.2).sum();
    eprintln!(
        "dis of .pyc: {}/{} stdlib files identical ({:.2}%); pyrite read+dis {:.2}s total, run {:.1}s",
        checked.len() - differing.len(),
        checked.len(),
        100.0 * (checked.len() - differing.len()) as f64 / checked.len() as f64,
        ours,
        t.elapsed().as_secs_f64()
    );
    assert!(checked.len() > 1500, "only {} files compiled", checked.len());
    let v = verdict(&known_failures("dis-pyc"), differing.iter().copied(), checked.iter().copied());
    assert!(v.passed(), "{}", v.explain("dis-pyc"));
}
