//! The `redundant-loads` example on code CPython compiled: the CFG before and after the pass, and
//! the rewritten program run by CPython and by pyrite's VM with the original's output.

use pyrite_conformance::oracle::{python_command, Oracle};
use pyrite_example_redundant_loads::rewrite_unit;
use pyrite_ir::code::{CodeObject, Constant};
use pyrite_passes::asm::pyc_bytes;
use pyrite_passes::asm::write::unit_from_code;
use pyrite_passes::assemble::{assemble_unit, AssembleOptions};
use pyrite_passes::serialize::marshal_read::loads_code;
use std::process::Command;

const PROGRAM: &str = "\
def stats(xs):
    total = 0
    for x in xs:
        sq = x * x
        total = total + sq
    y = total * 2
    if y > 3:
        print('big', y)
    return total, total / len(xs)
print(stats([1, 2, 3, 4]))
";

/// Applies the pass to a code object and everything nested in it, re-assembling what changed;
/// returns the number of rewritten pairs.
fn rewrite_code(code: &mut CodeObject) -> usize {
    let mut n = 0;
    for c in &mut code.consts {
        if let Constant::Code(inner) = c {
            n += rewrite_code(inner);
        }
    }
    let mut unit = unit_from_code(code).expect("CPython's bytecode decodes");
    let here = rewrite_unit(&mut unit);
    if here > 0 {
        let a = assemble_unit(&mut unit, AssembleOptions { clean_nops: false }).expect("assembles");
        (code.code, code.stacksize, code.linetable, code.exceptiontable) =
            (a.code, a.stacksize, a.linetable, a.exceptiontable);
    }
    n + here
}

fn cpython_code(oracle: &mut Oracle) -> CodeObject {
    let hex = oracle
        .eval(
            "import marshal\nresult = marshal.dumps(compile(src, 'prog.py', 'exec'), 2).hex()",
            serde_json::json!({ "src": PROGRAM }),
        )
        .unwrap();
    let hex = hex.as_str().unwrap();
    let bytes: Vec<u8> =
        (0..hex.len() / 2).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect();
    loads_code(&bytes).unwrap()
}

fn stats_dump(code: &CodeObject) -> String {
    let Some(Constant::Code(stats)) = code.consts.first() else { panic!("stats is the first constant") };
    let mut out = String::new();
    unit_from_code(stats).unwrap().dump_text(0, &mut out);
    out
}

#[test]
fn rewritten_bytecode_runs_the_same_on_cpython_and_the_vm() {
    let Some(mut oracle) = Oracle::for_tests() else { return };
    let original = cpython_code(&mut oracle);
    let mut code = original.clone();
    // `for x` then `x * x`, and `y = ...` then `if y > 3`.
    assert_eq!(rewrite_code(&mut code), 3);
    insta::assert_snapshot!(similar::TextDiff::from_lines(&stats_dump(&original), &stats_dump(&code))
        .unified_diff()
        .header("before redundant-loads", "after redundant-loads")
        .to_string());

    let dir = std::env::temp_dir().join(format!("pyrite-redundant-loads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (src, pyc) = (dir.join("prog.py"), dir.join("prog.pyc"));
    std::fs::write(&src, PROGRAM).unwrap();
    std::fs::write(&pyc, pyc_bytes(&code, None)).unwrap();
    let expected = python_command().arg(&src).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&expected.stdout), "big 60\n(30, 7.5)\n");
    let cpython = python_command().arg(&pyc).output().unwrap();
    let vm =
        Command::new(env!("CARGO_BIN_EXE_pyrite-redundant-loads")).arg("run").arg(&pyc).output().unwrap();
    for (who, out) in [("CPython", &cpython), ("pyrite's VM", &vm)] {
        assert_eq!(out.stdout, expected.stdout, "{who}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(0), "{who}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
