//! The codegen-style path of the assemble core: exception handling written with CPython's
//! SETUP_FINALLY / SETUP_CLEANUP / POP_BLOCK pseudo-ops (as `codegen` will emit it) must assemble
//! to CPython's bytecode, exception table and stack size.

use pyrite_conformance::oracle::Oracle;
use pyrite_passes::asm::lower::assemble_text;
use serde_json::json;

const SOURCE: &str = "try:\n    f()\nexcept:\n    g()\n";

/// What CPython 3.11's codegen emits for SOURCE before assembly (block pseudo-ops included).
const CODEGEN_STYLE: &str = "
.code
name 'f'
name 'g'
const None
    RESUME 0 @0:0-1:0
    SETUP_FINALLY handler @1:0-4:7
    PUSH_NULL @2:4-2:5
    LOAD_NAME 0 @2:4-2:5
    PRECALL 0 @2:4-2:7
    CALL 0 @2:4-2:7
    POP_TOP @2:4-2:7
    POP_BLOCK @2:4-2:7
    LOAD_CONST 0 @2:4-2:7
    RETURN_VALUE @2:4-2:7
handler:
    SETUP_CLEANUP cleanup @-
    PUSH_EXC_INFO @-
    POP_TOP @3:0-4:7
    PUSH_NULL @4:4-4:5
    LOAD_NAME 1 @4:4-4:5
    PRECALL 0 @4:4-4:7
    CALL 0 @4:4-4:7
    POP_TOP @4:4-4:7
    POP_BLOCK @-
    POP_EXCEPT @4:4-4:7
    LOAD_CONST 0 @4:4-4:7
    RETURN_VALUE @4:4-4:7
cleanup:
    COPY 3 @-
    POP_EXCEPT @-
    RERAISE 1 @-
.end
";

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn setup_pseudo_ops_assemble_like_cpython() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let want = o
        .eval(
            "c = compile(src, 't.py', 'exec')\nresult = [c.co_code.hex(), c.co_exceptiontable.hex(), c.co_stacksize]",
            json!({ "src": SOURCE }),
        )
        .unwrap();
    let code = assemble_text("t.pyasm", CODEGEN_STYLE).unwrap_or_else(|d| panic!("{}", d[0]));
    assert_eq!(hex(&code.code), want[0].as_str().unwrap(), "co_code");
    assert_eq!(hex(&code.exceptiontable), want[1].as_str().unwrap(), "co_exceptiontable");
    assert_eq!(code.stacksize as u64, want[2].as_u64().unwrap(), "co_stacksize");
}
