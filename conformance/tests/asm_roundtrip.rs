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
use pyrite_passes::assemble::{assemble_unit, AssembleOptions};
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
