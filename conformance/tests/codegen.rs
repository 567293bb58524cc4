//! codegen conformance: pyrite's pipeline up to `assemble` against CPython's
//! `compile(src, path, 'exec', dont_inherit=True)`, compared as `marshal.dumps(code, 2)` (every
//! field of every code object, recursively). Small programs under fixtures/codegen cover each
//! statement and expression kind; a stdlib sweep counts the files whose code objects are
//! identical and holds that count as a ratchet.
//!
//! A stage that is not built yet is left out of the pipeline (the figures then measure codegen
//! with whatever else is built).

use pyrite_conformance::oracle::unhex;
use pyrite_conformance::oracle::{stdlib_files, stdlib_root, Oracle};
use pyrite_ir::source::SourceFile;
use pyrite_ir::target::default_target;
use pyrite_ir::{DiagnosticKind, Ir};
use pyrite_passes::serialize::marshal_write::dumps_v2;
use pyrite_passes::{Context, Options, Pipeline};
use rayon::prelude::*;
use serde_json::json;
use std::path::Path;

const CPYTHON: &str = r#"
import dis, io, marshal
try:
    co = compile(src.encode('latin-1'), path, 'exec', dont_inherit=True, optimize=optimize)
except (SyntaxError, ValueError):
    result = None
else:
    buf = io.StringIO()
    if want_dis:
        dis.dis(co, file=buf)
    result = {"v2": marshal.dumps(co, 2).hex(), "dis": buf.getvalue()}
"#;

/// Which fields of which code objects differ, by CPython's reading of both marshal dumps.
const FIELD_DIFF: &str = r#"
import marshal
def walk(a, b, where, out):
    for f in ('co_name', 'co_qualname', 'co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount',
              'co_flags', 'co_firstlineno', 'co_code', 'co_names', 'co_varnames', 'co_cellvars',
              'co_freevars', 'co_linetable', 'co_exceptiontable', 'co_stacksize'):
        x, y = getattr(a, f), getattr(b, f)
        if x != y:
            out.append(f"{where}.{f}: CPython {x!r} pyrite {y!r}")
    ca, cb = a.co_consts, b.co_consts
    if len(ca) != len(cb):
        out.append(f"{where}.co_consts: CPython {ca!r} pyrite {cb!r}")
        return
    for i, (x, y) in enumerate(zip(ca, cb)):
        if hasattr(x, 'co_code') and hasattr(y, 'co_code'):
            walk(x, y, f"{where}.{x.co_name}", out)
        elif type(x) != type(y) or repr(x) != repr(y):
            out.append(f"{where}.co_consts[{i}]: CPython {x!r} pyrite {y!r}")
out = []
walk(marshal.loads(bytes.fromhex(theirs)), marshal.loads(bytes.fromhex(ours)), '<module>', out)
result = out
"#;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The standard pipeline up to `assemble`, without the stages that refuse to run.
fn pipeline() -> Pipeline {
    let mut p = Pipeline::standard();
    p.truncate_after("assemble").unwrap();
    loop {
        let mut cx = Context::default();
        let probe = p.run(Ir::Source(SourceFile::new("probe.py", b"x = 1\n".to_vec())), &mut cx);
        match probe {
            Err(d) if d.kind == DiagnosticKind::NotImplemented => {
                let stage = d.message.split('\'').nth(1).unwrap_or_default().to_string();
                p.remove(&stage).unwrap_or_else(|_| panic!("{}", d.message));
                eprintln!("note: stage '{stage}' is not built; compared without it");
            }
            _ => return p,
        }
    }
}

/// pyrite's code object for `bytes` as marshal v2 bytes, and its `dis` listing.
fn ours(p: &Pipeline, path: &str, bytes: &[u8], optimize: u8) -> Result<(Vec<u8>, String), String> {
    let mut cx = Context::new(Options { optimize, ..Options::default() });
    match p.run(Ir::Source(SourceFile::new(path, bytes.to_vec())), &mut cx) {
        Ok(Ir::Code(code)) => {
            let dis =
                pyrite_ir::dis::dis(&code, default_target()).unwrap_or_else(|e| format!("dis error: {e}"));
            Ok((dumps_v2(&code), dis))
        }
        Ok(other) => Err(format!("pipeline produced {}", other.kind())),
        Err(d) => Err(format!("{}: {}", d.kind.name(), d.message)),
    }
}

/// CPython's marshal v2 bytes and dis listing, or None when CPython rejects the file.
fn cpython(
    o: &mut Oracle,
    path: &str,
    bytes: &[u8],
    want_dis: bool,
    optimize: u8,
) -> Option<(Vec<u8>, String)> {
    let src = pyrite_conformance::oracle::latin1_string(bytes);
    let v = o
        .eval(CPYTHON, json!({"path": path, "src": src, "want_dis": want_dis, "optimize": optimize}))
        .unwrap();
    if v.is_null() {
        return None;
    }
    Some((unhex(v["v2"].as_str().unwrap()), v["dis"].as_str().unwrap().to_string()))
}

/// Stdlib files whose code objects are identical to CPython's (a ratchet: raise it).
const STDLIB_IDENTICAL_FLOOR: usize = 1773;
const STDLIB_IDENTICAL_FLOOR_O1: usize = 1773;
const STDLIB_IDENTICAL_FLOOR_O2: usize = 1773;

#[test]
fn fixtures_compile_like_cpython() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let p = pipeline();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/codegen");
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let mut identical = 0;
    let mut failures = Vec::new();
    for path in &names {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (theirs, their_dis) = cpython(&mut o, &name, &bytes, true, 0)
            .unwrap_or_else(|| panic!("CPython rejects fixture {name}"));
        match ours(&p, &name, &bytes, 0) {
            Ok((v2, _)) if v2 == theirs => identical += 1,
            Ok((v2, our_dis)) => {
                let fields = o.eval(FIELD_DIFF, json!({"theirs": hex(&theirs), "ours": hex(&v2)})).unwrap();
                eprintln!(
                    "=== {name}: code objects differ\n{}\n--- CPython\n{their_dis}\n--- pyrite\n{our_dis}",
                    serde_json::to_string_pretty(&fields).unwrap()
                )
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    eprintln!("codegen fixtures: {identical}/{} identical code objects", names.len());
    assert!(failures.is_empty(), "pyrite fails on fixtures CPython compiles: {failures:#?}");
    assert_eq!(identical, names.len(), "every fixture must compile to CPython's code objects");
}

#[test]
fn stdlib_code_objects_match_cpython() {
    stdlib_sweep(0, STDLIB_IDENTICAL_FLOOR);
}

/// `-O`: asserts and `__debug__` compiled away.
#[test]
fn stdlib_code_objects_match_cpython_optimize_1() {
    stdlib_sweep(1, STDLIB_IDENTICAL_FLOOR_O1);
}

/// `-OO`: docstrings dropped too.
#[test]
fn stdlib_code_objects_match_cpython_optimize_2() {
    stdlib_sweep(2, STDLIB_IDENTICAL_FLOOR_O2);
}

fn stdlib_sweep(optimize: u8, floor: usize) {
    let Some(_probe) = Oracle::for_tests() else { return };
    let p = pipeline();
    let root = stdlib_root().unwrap();
    let files = stdlib_files().unwrap();
    let pool = Oracle::pool(0).unwrap();
    // PYRITE_CODEGEN_DIFFS=N prints which fields differ for the first N differing files.
    let show: usize = std::env::var("PYRITE_CODEGEN_DIFFS").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let shown = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<(String, Option<Result<bool, String>>)> = files
        .par_iter()
        .map(|path| {
            let rel = path.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(path).unwrap();
            let name = path.to_string_lossy().into_owned();
            let Some((theirs, _)) = pool.with(|o| cpython(o, &name, &bytes, false, optimize)).unwrap() else {
                return (rel, None);
            };
            let r =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ours(&p, &name, &bytes, optimize)))
                    .unwrap_or_else(|_| Err("panic".to_string()));
            let r = r.map(|(v2, _)| {
                let same = v2 == theirs;
                if !same && shown.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < show {
                    let fields = pool
                        .with(|o| o.eval(FIELD_DIFF, json!({"theirs": hex(&theirs), "ours": hex(&v2)})))
                        .unwrap()
                        .unwrap();
                    let lines: Vec<String> = fields
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .take(3)
                                .map(|l| l.as_str().unwrap_or("").chars().take(300).collect())
                                .collect()
                        })
                        .unwrap_or_default();
                    eprintln!("=== {rel}\n{}", lines.join("\n"));
                }
                same
            });
            (rel, Some(r))
        })
        .collect();
    let checked = results.iter().filter(|r| r.1.is_some()).count();
    let identical = results.iter().filter(|r| matches!(r.1, Some(Ok(true)))).count();
    let failed: Vec<_> = results
        .iter()
        .filter_map(|r| match &r.1 {
            Some(Err(e)) => Some(format!("{}: {e}", r.0)),
            _ => None,
        })
        .collect();
    for f in failed.iter().take(20) {
        eprintln!("pyrite fails: {f}");
    }
    eprintln!(
        "codegen stdlib -O{optimize}: {identical}/{checked} files with identical code objects; {} files fail in pyrite",
        failed.len()
    );
    assert!(failed.is_empty(), "pyrite fails on files CPython compiles: {failed:#?}");
    assert!(identical >= floor, "{identical} files identical at -O{optimize}, fewer than the floor {floor}");
}

/// Deeply nested input that CPython still accepts compiles identically (codegen recurses per
/// nesting level, on a thread with a deep stack).
#[test]
fn deep_nesting_compiles_like_cpython() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let p = pipeline();
    let mut ifs = String::new();
    for i in 0..99 {
        ifs += &format!("{}if x:\n", " ".repeat(i));
    }
    ifs += &format!("{}pass\n", " ".repeat(99));
    let programs = [
        format!("x = {}\n", vec!["a"; 2900].join(" + ")),
        ifs,
        format!("y = {}1{}\n", "(".repeat(190), ")".repeat(190)),
        format!("z = {}{}\n", "[".repeat(190), "]".repeat(190)),
        format!("w = {}1\n", "lambda: ".repeat(150)),
        format!("v = {}\n", vec!["f(a)"; 2000].join(" or ")),
    ];
    for (i, src) in programs.iter().enumerate() {
        let name = format!("deep{i}.py");
        let (theirs, _) = cpython(&mut o, &name, src.as_bytes(), false, 0).expect("CPython compiles it");
        let (v2, _) = ours(&p, &name, src.as_bytes(), 0).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(v2 == theirs, "{name}: code objects differ");
    }
}

/// `compile()`'s 'eval' and 'single' modes (an expression's value returned; PRINT_EXPR for
/// interactive expression statements).
#[test]
fn eval_and_single_modes_compile_like_cpython() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let p = pipeline();
    let cases = [
        ("eval", pyrite_passes::Mode::Eval, "a + b * f(c)"),
        ("eval", pyrite_passes::Mode::Eval, "[x for x in y if x]"),
        ("eval", pyrite_passes::Mode::Eval, "lambda q: q or r"),
        ("single", pyrite_passes::Mode::Single, "x = 1\n"),
        ("single", pyrite_passes::Mode::Single, "f(x)\n"),
        ("single", pyrite_passes::Mode::Single, "if x:\n    y\n\n"),
        ("single", pyrite_passes::Mode::Single, "def f():\n    g()\n\n"),
    ];
    for (mode, m, src) in cases {
        let theirs = o
            .eval(
                "import marshal\nresult = marshal.dumps(compile(src, 'm.py', mode, dont_inherit=True), 2).hex()",
                json!({"src": src, "mode": mode}),
            )
            .unwrap();
        let mut cx = Context::new(Options { mode: m, ..Options::default() });
        let ir = p.run(Ir::Source(SourceFile::new("m.py", src.as_bytes().to_vec())), &mut cx);
        let Ok(Ir::Code(code)) = ir else { panic!("{mode} {src:?}: pyrite fails: {:?}", ir.err()) };
        assert_eq!(hex(&dumps_v2(&code)), theirs.as_str().unwrap(), "{mode} {src:?}: code objects differ");
    }
}
