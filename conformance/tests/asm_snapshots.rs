//! Snapshots of `pyrite disasm` text for small programs compiled by CPython, and the check that
//! each assembles back to CPython's code object.

use pyrite_conformance::oracle::Oracle;
use pyrite_passes::asm::lower::assemble_text;
use pyrite_passes::asm::write::write_code;
use pyrite_passes::serialize::marshal_read::loads_code;
use serde_json::json;

const PROGRAMS: [(&str, &str); 6] = [
    ("assign_and_call", "x = 1\nprint(x + 2)\n"),
    ("if_else_loop", "for i in range(3):\n    if i % 2:\n        continue\n    else:\n        print(i)\nwhile x:\n    x -= 1\n"),
    ("function_closure", "def outer(a, *, b=2):\n    def inner():\n        return a + b\n    return inner\n"),
    ("try_except_finally", "try:\n    f()\nexcept ValueError as e:\n    g(e)\nfinally:\n    h()\n"),
    ("with_and_generator", "def gen(p):\n    with open(p) as f:\n        yield from f\n"),
    ("constants", "x = (1, 2.5, -0.0, 3j, b'\\x00', 'é', None, ...)\ny = 12345678901234567890123\nz = 1 in {1, 2, 3}\n"),
];

#[test]
fn disasm_text_of_small_programs() {
    let Some(mut o) = Oracle::for_tests() else { return };
    for (name, src) in PROGRAMS {
        let hex = o
            .eval(
                "import marshal\nresult = marshal.dumps(compile(src, 'snap.py', 'exec', dont_inherit=True), 2).hex()",
                json!({ "src": src }),
            )
            .unwrap();
        let hex = hex.as_str().unwrap();
        let bytes: Vec<u8> =
            (0..hex.len() / 2).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect();
        let code = loads_code(&bytes).unwrap();
        let (text, _) = write_code(&code).unwrap();
        insta::assert_snapshot!(
            name,
            format!(
                "# source:\n{}\n{text}",
                src.lines().map(|l| format!("#   {l}")).collect::<Vec<_>>().join("\n")
            )
        );
        let back = assemble_text("snap.pyasm", &text).unwrap();
        assert!(back.same_value(&code), "{name}: the text does not assemble back to CPython's code object");
    }
}
