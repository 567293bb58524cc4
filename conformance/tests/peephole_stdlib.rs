//! The compiler up to `assemble` (tokenize, parse, ast-opt, codegen, peephole, assemble) on the
//! whole stdlib against CPython's `compile()`: every code object pyrite builds is compared with
//! CPython's (`marshal.dumps(code, 2)` read back) in its own fields, nested code objects on their
//! own, and the whole module's `marshal.dumps(code, 2)` bytes are compared too. The floors are
//! the measured figures: every file.

mod peephole_support;

use pyrite_conformance::oracle::{stdlib_files, stdlib_root, Oracle, OraclePool};
use pyrite_ir::{Ir, SourceFile};
use pyrite_passes::serialize::marshal_read::loads_code;
use pyrite_passes::serialize::marshal_write::dumps_v2;
use pyrite_passes::{Context, Pipeline};
use serde_json::json;
use std::sync::Mutex;

/// Code objects that must equal CPython's (measured: all of them).
const FLOOR: usize = 78_010;
/// Files whose whole code object marshals (version 2) to CPython's bytes (measured).
const FILE_FLOOR: usize = 1773;

const MARSHAL_CODE: &str = r#"
import marshal
try:
    with open(path, "rb") as f:
        src = f.read()
    result = marshal.dumps(compile(src, path, "exec", dont_inherit=True), 2).hex()
except (SyntaxError, ValueError, UnicodeDecodeError):
    result = None
"#;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap()).collect()
}

#[test]
fn stdlib_code_objects_match_cpython() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let mut pipeline = Pipeline::standard();
    pipeline.truncate_after("assemble").unwrap();
    let root = stdlib_root().unwrap();
    let files = stdlib_files().unwrap();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    let pool: OraclePool = Oracle::pool(workers).unwrap();
    let next = Mutex::new(0usize);
    let totals = Mutex::new((0usize, 0usize, Vec::<String>::new(), 0usize, 0usize, Vec::<String>::new()));
    let identical_files = Mutex::new(0usize);
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
                let Some(want) = v.as_str() else { continue };
                let want = hex(want);
                let theirs = loads_code(&want).unwrap();
                let src = std::fs::read(path).unwrap();
                let ours = pipeline
                    .run(Ir::Source(SourceFile::new(path.to_string_lossy(), src)), &mut Context::default());
                let mut t = totals.lock().unwrap();
                t.3 += 1;
                match ours {
                    Ok(Ir::Code(ours)) => {
                        if dumps_v2(&ours) == want {
                            *identical_files.lock().unwrap() += 1;
                        }
                        let mut out = (0, 0, Vec::new());
                        peephole_support::compare_tree(&rel, &ours, &theirs, &mut out);
                        t.0 += out.0;
                        t.1 += out.1;
                        if out.0 == out.1 {
                            t.4 += 1;
                        }
                        t.2.extend(out.2);
                    }
                    Ok(_) => unreachable!("assemble gives code"),
                    Err(d) => t.5.push(format!("{rel}: {}", d.message)),
                }
            });
        }
    });
    let (objects, equal, diffs, nfiles, equal_files, errors) = totals.into_inner().unwrap();
    let identical_files = identical_files.into_inner().unwrap();
    eprintln!(
        "codegen+peephole+assemble: {equal}/{objects} code objects equal to CPython's ({:.2}%), \
         {equal_files}/{nfiles} files entirely, {identical_files} byte-identical in marshal.dumps(code, 2); \
         {} files failed",
        100.0 * equal as f64 / objects.max(1) as f64,
        errors.len()
    );
    if let Ok(dir) = std::env::var("PEEPHOLE_DIFFS") {
        std::fs::write(format!("{dir}/diffs.txt"), diffs.join("\n")).unwrap();
        std::fs::write(format!("{dir}/errors.txt"), errors.join("\n")).unwrap();
    }
    assert!(equal >= FLOOR, "{equal} code objects equal CPython's, fewer than the floor {FLOOR}");
    assert!(
        identical_files >= FILE_FLOOR,
        "{identical_files} files marshal-identical to CPython's, fewer than the floor {FILE_FLOOR}"
    );
}
