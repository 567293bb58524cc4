//! The assembly round trip on the whole stdlib: CPython compiles every file; pyrite reads the
//! code object (`marshal.dumps(code, 2)`), writes it as assembly text (direction-free jumps, no
//! EXTENDED_ARG, no caches, no offsets, no tables: exception handling as handler ranges), parses
//! the text and assembles it again with the assemble core. Every code object must come back equal
//! to CPython's in every field, recursively: bytecode, stack size, location and exception tables are
//! recomputed from the text, not copied.
//!
//! When the assembler would not reproduce a table the writer pins it in the text; files where
//! that happens are listed in `asm_roundtrip_known_failures.txt`, a list that may only shrink.

use pyrite_conformance::oracle::{stdlib_files, stdlib_root, Oracle, OraclePool};
use pyrite_conformance::ratchet::{known_failures, verdict};
use pyrite_ir::target::default_target;
use pyrite_passes::asm::lower::assemble_text;
use pyrite_passes::asm::write::write_code;
use pyrite_passes::serialize::marshal_read::loads_code;
use pyrite_passes::serialize::marshal_write::{dumps_v2, dumps_v4};
use pyrite_passes::serialize::pyc::{write_pyc, PycHeader};
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Mutex;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap()).collect()
}

/// CPython's code object for a file as `marshal.dumps(code, 2)` (no references) and as
/// `marshal.dumps(code)` (version 4, what a .pyc holds), both in hex; for every file also the
/// .pyc that `python3 -m py_compile` writes in a fresh interpreter (the long-lived oracle's
/// interned strings change CPython's reference sharing, a fresh process's do not).
const MARSHAL_CODE: &str = r#"
import marshal
try:
    with open(path, "rb") as f:
        src = f.read()
    co = compile(src, path, "exec", dont_inherit=True)
except (SyntaxError, ValueError, UnicodeDecodeError):
    result = None
else:
    result = [marshal.dumps(co, 2).hex(), marshal.dumps(co).hex(), None]
    if fresh:
        pyc = fresh_pyc(path)
        result[2] = pyc.hex() if pyc else None
"#;

/// What the text round trip of one file gave.
struct TextOutcome {
    /// The code object assembled from the text marshals (version 2) to CPython's bytes.
    identical: Result<(), String>,
    /// The same holds for version 4 (the .pyc body, with references): limited by the marshal
    /// writer's identity model, reported but not asserted here.
    identical_v4: bool,
    /// The whole .pyc written from the assembled code object equals the one
    /// `py_compile` writes in a fresh CPython process.
    pyc_identical: Option<bool>,
    /// Tables the writer had to pin because the assembler did not recompute them.
    pins: usize,
    code_objects: usize,
}

fn text_round_trip(path: &str, v2_hex: &str, v4_hex: &str, fresh_pyc: Option<&str>) -> TextOutcome {
    let fail = |e: String| TextOutcome {
        identical: Err(e),
        identical_v4: false,
        pyc_identical: fresh_pyc.map(|_| false),
        pins: 0,
        code_objects: 0,
    };
    let v2 = hex(v2_hex);
    let original = match loads_code(&v2) {
        Ok(c) => c,
        Err(e) => return fail(format!("marshal reader: {e}")),
    };
    let (text, stats) = match write_code(&original) {
        Ok(t) => t,
        Err(e) => return fail(format!("disasm: {e}")),
    };
    let pins =
        stats.pinned_stacksize + stats.pinned_linetable + stats.pinned_exceptiontable + stats.code_differs;
    let mut pyc_identical = fresh_pyc.map(|_| false);
    let (identical, identical_v4) = match assemble_text(path, &text) {
        Ok(back) => {
            if let Some(fresh) = fresh_pyc.map(hex) {
                pyc_identical = Some(
                    PycHeader::parse(default_target(), &fresh).is_ok_and(|h| write_pyc(&h, &back) == fresh),
                );
            }
            let v4 = dumps_v4(&back) == hex(v4_hex);
            if dumps_v2(&back) == v2 {
                (Ok(()), v4)
            } else if back.same_value(&original) {
                (Err("equal code objects, different marshal bytes".to_string()), v4)
            } else {
                (Err("the assembled code object differs".to_string()), v4)
            }
        }
        Err(d) => (Err(format!("asm: {}", d[0])), false),
    };
    TextOutcome { identical, identical_v4, pyc_identical, pins, code_objects: stats.code_objects }
}

#[test]
fn stdlib_round_trips_through_assembly_text() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let root = stdlib_root().unwrap();
    let files = stdlib_files().unwrap();
    let known: BTreeSet<String> = include_str!("asm_roundtrip_known_failures.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    let pool: OraclePool = Oracle::pool(workers).unwrap();
    let next = Mutex::new(0usize);
    let results = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().unwrap();
                    *n += 1;
                    *n - 1
                };
                let Some(path) = files.get(i) else { break };
                let rel = path.strip_prefix(&root).unwrap_or(path).to_string_lossy().into_owned();
                // Every file's whole .pyc, each from its own fresh interpreter (see fresh_pyc).
                let fresh = true;
                let v = pool
                    .with(|o| o.eval(MARSHAL_CODE, json!({"path": path.to_string_lossy(), "fresh": fresh})))
                    .unwrap()
                    .unwrap();
                let outcome = v.as_array().map(|h| {
                    text_round_trip(
                        &rel,
                        h[0].as_str().unwrap_or(""),
                        h[1].as_str().unwrap_or(""),
                        h[2].as_str(),
                    )
                });
                results.lock().unwrap().push((rel, outcome));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let compiled: Vec<_> = results.iter().filter_map(|(f, r)| r.as_ref().map(|r| (f, r))).collect();
    let identical = compiled.iter().filter(|(_, r)| r.identical.is_ok()).count();
    let recomputed = compiled.iter().filter(|(_, r)| r.identical.is_ok() && r.pins == 0).count();
    let code_objects: usize = compiled.iter().map(|(_, r)| r.code_objects).sum();
    let pins: usize = compiled.iter().map(|(_, r)| r.pins).sum();
    let identical_v4 = compiled.iter().filter(|(_, r)| r.identical_v4).count();
    eprintln!(
        "asm text round trip: {identical}/{} stdlib files marshal-identical ({:.2}%); {recomputed} ({:.2}%) with \
         every table recomputed; {pins} pinned tables in {code_objects} code objects; .pyc body (marshal v4) \
         identical for {identical_v4} ({:.2}%); {} files not compilable by CPython",
        compiled.len(),
        100.0 * identical as f64 / compiled.len().max(1) as f64,
        100.0 * recomputed as f64 / compiled.len().max(1) as f64,
        100.0 * identical_v4 as f64 / compiled.len().max(1) as f64,
        results.len() - compiled.len()
    );
    assert!(compiled.len() > 1500, "only {} files compiled", compiled.len());
    let broken: Vec<String> = compiled
        .iter()
        .filter_map(|(f, r)| r.identical.as_ref().err().map(|e| format!("{f}: {e}")))
        .collect();
    assert!(broken.is_empty(), "files that do not round-trip through the text:\n{}", broken.join("\n"));
    // The whole .pyc: header and marshal v4 body with CPython's reference sharing.
    let sampled: Vec<&str> =
        compiled.iter().filter(|(_, r)| r.pyc_identical.is_some()).map(|(f, _)| f.as_str()).collect();
    let pyc_differing =
        compiled.iter().filter(|(_, r)| r.pyc_identical == Some(false)).map(|(f, _)| f.as_str());
    eprintln!(
        "asm text round trip, whole .pyc vs py_compile in a fresh process: {}/{} files identical",
        compiled.iter().filter(|(_, r)| r.pyc_identical == Some(true)).count(),
        sampled.len()
    );
    assert!(sampled.len() > 1500, "only {} .pyc files compared", sampled.len());
    let v = verdict(&known_failures("asm-pyc"), pyc_differing, sampled.iter().copied());
    assert!(v.passed(), "{}", v.explain("asm-pyc"));
    let unexpected: Vec<&str> = compiled
        .iter()
        .filter(|(f, r)| r.pins > 0 && !known.contains(f.as_str()))
        .map(|(f, _)| f.as_str())
        .collect();
    let pinned: Vec<&str> = compiled.iter().filter(|(_, r)| r.pins > 0).map(|(f, _)| f.as_str()).collect();
    eprintln!("files with pinned tables: {pinned:?}");
    assert!(unexpected.is_empty(), "new files whose tables had to be pinned:\n{}", unexpected.join("\n"));
    let fixed: Vec<&String> = known.iter().filter(|f| !pinned.contains(&f.as_str())).collect();
    assert!(
        fixed.is_empty(),
        "these files need no pinned table any more; remove them from the list: {fixed:?}"
    );
}
