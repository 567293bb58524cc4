//! pyrite's stack_effect against `dis.stack_effect` for every opcode number, a spread of
//! arguments, and the three jump modes (fall-through, jump, the larger of both).

use pyrite_conformance::oracle::Oracle;
use pyrite_passes::assemble::stack_effect::real_stack_effect;
use serde_json::json;

const ARGS: [u32; 14] = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 255, 256, 0x1234];

#[test]
fn every_opcode_matches_dis_stack_effect() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let code = r#"
import dis, opcode
result = []
for op in range(256):
    row = []
    for arg in args:
        cell = []
        for jump in (None, True, False):
            try:
                if op < opcode.HAVE_ARGUMENT:
                    cell.append(dis.stack_effect(op, jump=jump))
                else:
                    cell.append(dis.stack_effect(op, arg, jump=jump))
            except ValueError:
                cell.append(None)
        row.append(cell)
    result.append(row)
"#;
    let expected = o.eval(code, json!({ "args": ARGS })).unwrap();
    let mut checked = 0;
    for op in 0..256usize {
        for (ai, &arg) in ARGS.iter().enumerate() {
            for (ji, jump) in [None, Some(true), Some(false)].into_iter().enumerate() {
                let want = expected[op][ai][ji].as_i64().map(|v| v as i32);
                // Below HAVE_ARGUMENT the argument is ignored by CPython.
                let arg = if op < 90 { 0 } else { arg };
                let got = real_stack_effect(op as u8, arg, jump);
                assert_eq!(got, want, "opcode {op} arg {arg} jump {jump:?}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 256 * ARGS.len() * 3);
}
