//! The committed opcode table is exactly what tools/gen_opcodes.py generates from the oracle's
//! opcode.py and dis.py, and the table agrees with `opcode`/`dis` on every opcode.

use pyrite_conformance::oracle::{python_command, Oracle};
use pyrite_ir::target::{default_target, py311};
use serde_json::json;
use std::path::PathBuf;

#[test]
fn generated_table_is_current() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let out = python_command().arg(root.join("tools/gen_opcodes.py")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let committed = std::fs::read_to_string(root.join("ir/src/target/py311.rs")).unwrap();
    // rustfmt may rewrap the committed file; compare without whitespace.
    let squash = |s: &str| s.split_whitespace().collect::<String>().replace(",]", "]").replace(",)", ")");
    assert_eq!(
        squash(&committed),
        squash(&String::from_utf8(out.stdout).unwrap()),
        "ir/src/target/py311.rs is stale: rerun tools/gen_opcodes.py"
    );
    let v = o
        .eval(
            "import dis, opcode\nresult = [list(dis._all_opname), opcode._inline_cache_entries, \
             [dis._all_opmap.get(dis.deoptmap.get(n, n), 0) if not n.startswith('<') else 0 for n in dis._all_opname]]",
            json!({}),
        )
        .unwrap();
    let t = default_target().opcodes();
    for op in 0..256usize {
        assert_eq!(t.opname[op], v[0][op].as_str().unwrap(), "name of {op}");
        assert_eq!(t.cache_entries[op] as u64, v[1][op].as_u64().unwrap(), "caches of {op}");
        assert_eq!(t.deopt[op] as u64, v[2][op].as_u64().unwrap(), "deopt of {op}");
    }
    assert_eq!(default_target().magic, py311::MAGIC);
}
