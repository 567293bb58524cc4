//! The assembler round trip on the whole stdlib: CPython compiles every file; pyrite turns each
//! code object's bytecode back into a CFG (direction-free jumps, no EXTENDED_ARG, no caches, no
//! offsets, exception table as handler ranges) and assembles it again. The bytecode, stack size,
//! location table and exception table must be CPython's, byte for byte: they are recomputed, not
//! copied.
//!
//! Files that do not round-trip yet are listed in `asm_roundtrip_known_failures.txt`; the list may
//! only shrink (a listed file that passes fails the test until it is removed).

use pyrite_conformance::oracle::{stdlib_files, stdlib_root, Oracle, OraclePool};
use pyrite_ir::cfg::{CodeUnit, Location};
use pyrite_passes::asm::from_code::{blocks_from_code, ExceptEntry};
use pyrite_passes::asm::lower::assemble_text;
use pyrite_passes::asm::write::write_code;
use pyrite_passes::assemble::{assemble_unit, AssembleOptions};
use pyrite_passes::serialize::marshal_read::loads_code;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::Mutex;

/// Every code object of a file, depth first, with what the round trip needs.
const DUMP_CODE: &str = r#"
import dis
def walk(co, out):
    pos = []
    for p in co.co_positions():
        pos.extend(-1 if v is None else v for v in p)
    exc = []
    for e in dis._parse_exception_table(co):
        exc.extend((e.start // 2, e.end // 2, e.target // 2, e.depth, int(e.lasti)))
    out.append({"name": co.co_qualname, "code": co.co_code.hex(), "pos": pos, "exc": exc,
                "first": co.co_firstlineno, "flags": co.co_flags, "stacksize": co.co_stacksize,
                "linetable": co.co_linetable.hex(), "exceptiontable": co.co_exceptiontable.hex()})
    for c in co.co_consts:
        if hasattr(c, "co_code"):
            walk(c, out)
try:
    with open(path, "rb") as f:
        src = f.read()
    co = compile(src, path, "exec", dont_inherit=True)
except (SyntaxError, ValueError, UnicodeDecodeError):
    result = None
else:
    result = []
    walk(co, result)
"#;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap()).collect()
}

fn ints(v: &Value) -> Vec<i64> {
    v.as_array().unwrap().iter().map(|x| x.as_i64().unwrap()).collect()
}

/// `Ok(())` when every code object of the file round-trips; otherwise the first difference.
fn round_trip(units: &[Value]) -> Result<(), String> {
    for u in units {
        let name = u["name"].as_str().unwrap_or("?");
        let code = hex(u["code"].as_str().unwrap());
        let positions: Vec<Location> = ints(&u["pos"])
            .chunks(4)
            .map(|p| Location::new(p[0] as i32, p[1] as i32, p[2] as i32, p[3] as i32))
            .collect();
        let exceptions: Vec<ExceptEntry> = ints(&u["exc"])
            .chunks(5)
            .map(|e| ExceptEntry {
                start: e[0] as u32,
                end: e[1] as u32,
                target: e[2] as u32,
                depth: e[3] as u32,
                lasti: e[4] != 0,
            })
            .collect();
        let mut unit = CodeUnit::default();
        unit.meta.firstlineno = u["first"].as_i64().unwrap() as i32;
        unit.meta.flags = u["flags"].as_u64().unwrap() as u32;
        blocks_from_code(&mut unit, &code, &positions, &exceptions).map_err(|e| format!("{name}: {e}"))?;
        let out = assemble_unit(&mut unit, AssembleOptions { clean_nops: false })
            .map_err(|e| format!("{name}: {e}"))?;
        if out.code != code {
            return Err(format!("{name}: co_code differs"));
        }
        if out.stacksize as i64 != u["stacksize"].as_i64().unwrap() {
            return Err(format!("{name}: co_stacksize {} != {}", out.stacksize, u["stacksize"]));
        }
        if out.linetable != hex(u["linetable"].as_str().unwrap()) {
            return Err(format!("{name}: co_linetable differs"));
        }
        if out.exceptiontable != hex(u["exceptiontable"].as_str().unwrap()) {
            return Err(format!("{name}: co_exceptiontable differs"));
        }
    }
    Ok(())
}


/// CPython's code object for a file, `marshal.dumps(code, 2)` (no references) as hex.
const MARSHAL_CODE: &str = r#"
import marshal
try:
    with open(path, "rb") as f:
        src = f.read()
    co = compile(src, path, "exec", dont_inherit=True)
except (SyntaxError, ValueError, UnicodeDecodeError):
    result = None
else:
    result = marshal.dumps(co, 2).hex()
"#;

/// What the text round trip of one file gave.
struct TextOutcome {
    /// The code object read back from the text equals CPython's (every field, recursively).
    identical: Result<(), String>,
    /// Tables the writer had to pin because the assembler did not recompute them.
    pins: usize,
    code_objects: usize,
}

fn text_round_trip(path: &str, marshal_hex: &str) -> TextOutcome {
    let original = match loads_code(&hex(marshal_hex)) {
        Ok(c) => c,
        Err(e) => return TextOutcome { identical: Err(format!("marshal reader: {e}")), pins: 0, code_objects: 0 },
    };
    let (text, stats) = match write_code(&original) {
        Ok(t) => t,
        Err(e) => return TextOutcome { identical: Err(format!("disasm: {e}")), pins: 0, code_objects: 0 },
    };
    let pins = stats.pinned_stacksize + stats.pinned_linetable + stats.pinned_exceptiontable + stats.code_differs;
    let identical = match assemble_text(path, &text) {
        Ok(back) if back.same_value(&original) => Ok(()),
        Ok(_) => Err("the assembled code object differs".to_string()),
        Err(d) => Err(format!("asm: {}", d[0])),
    };
    TextOutcome { identical, pins, code_objects: stats.code_objects }
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
                let v = pool
                    .with(|o| o.eval(MARSHAL_CODE, json!({"path": path.to_string_lossy()})))
                    .unwrap()
                    .unwrap();
                let outcome = v.as_str().map(|h| text_round_trip(&rel, h));
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
    eprintln!(
        "asm text round trip: {identical}/{} stdlib files identical ({:.2}%); {recomputed} ({:.2}%) with every \
         table recomputed; {pins} pinned tables in {code_objects} code objects; {} files not compilable by CPython",
        compiled.len(),
        100.0 * identical as f64 / compiled.len().max(1) as f64,
        100.0 * recomputed as f64 / compiled.len().max(1) as f64,
        results.len() - compiled.len()
    );
    assert!(compiled.len() > 1500, "only {} files compiled", compiled.len());
    let broken: Vec<String> =
        compiled.iter().filter_map(|(f, r)| r.identical.as_ref().err().map(|e| format!("{f}: {e}"))).collect();
    assert!(broken.is_empty(), "files that do not round-trip through the text:\n{}", broken.join("\n"));
    let unexpected: Vec<&str> =
        compiled.iter().filter(|(f, r)| r.pins > 0 && !known.contains(f.as_str())).map(|(f, _)| f.as_str()).collect();
    assert!(unexpected.is_empty(), "new files whose tables had to be pinned:\n{}", unexpected.join("\n"));
}

#[test]
fn stdlib_code_round_trips_through_the_assembler() {
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
                let v = pool
                    .with(|o| o.eval(DUMP_CODE, json!({"path": path.to_string_lossy()})))
                    .unwrap()
                    .unwrap();
                let outcome = match v.as_array() {
                    None => None,
                    Some(units) => Some(round_trip(units)),
                };
                results.lock().unwrap().push((rel, outcome));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort();
    let compiled: Vec<_> = results.iter().filter_map(|(f, r)| r.as_ref().map(|r| (f, r))).collect();
    let identical = compiled.iter().filter(|(_, r)| r.is_ok()).count();
    eprintln!(
        "asm round trip: {identical}/{} stdlib files identical ({:.2}%), {} not compilable by CPython",
        compiled.len(),
        100.0 * identical as f64 / compiled.len().max(1) as f64,
        results.len() - compiled.len()
    );
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for (f, r) in &compiled {
        match (r, known.contains(f.as_str())) {
            (Err(e), false) => unexpected.push(format!("{f}: {e}")),
            (Ok(()), true) => fixed.push(f.to_string()),
            _ => {}
        }
    }
    assert!(compiled.len() > 1500, "only {} files compiled", compiled.len());
    assert!(unexpected.is_empty(), "new round-trip failures:\n{}", unexpected.join("\n"));
    assert!(fixed.is_empty(), "these files round-trip now; remove them from the known failures:\n{}", fixed.join("\n"));
}
