//! Property tests of the assembly language: arbitrary text never panics the assembler, and random
//! valid programs survive text -> code -> text -> code unchanged.

use proptest::prelude::*;
use pyrite_passes::asm::lower::assemble_text;
use pyrite_passes::asm::write::write_code;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = assemble_text("fuzz.pyasm", &text);
    }

    #[test]
    fn arbitrary_lines_never_panic(lines in proptest::collection::vec(
        prop_oneof![
            Just(".code".to_string()), Just(".end".to_string()), Just("const code".to_string()),
            "[A-Z_]{1,12}( [0-9]{1,6})?( @[0-9]{1,3}(:[0-9?]{1,2}-[0-9]{1,3}:[0-9?]{1,2})?)?",
            "L[0-9]:", "try L[0-9] L[0-9] -> L[0-9] depth [0-9]( lasti)?", "const [-0-9.e(),' ]{0,12}",
            "name '[a-z]{0,5}'", "var '[a-z]{1,3}' (local|cell|free|bogus)", "\\PC{0,30}",
        ],
        0..30,
    )) {
        let _ = assemble_text("fuzz.pyasm", &lines.join("\n"));
    }

    /// Straight-line code with forward and backward jumps, random positions and a handler range:
    /// the assembled code object, disassembled and assembled again, is the same object.
    #[test]
    fn random_valid_programs_round_trip(
        body in proptest::collection::vec((0u8..6, 0u32..3, 1i32..40, 0i32..30, 0i32..20), 1..60),
        with_handler in any::<bool>(),
    ) {
        let mut text = String::from(".code\n.name 'f'\n.firstlineno 1\nname 'x'\nconst None\nconst 1\nconst 'two'\n");
        text.push_str("    RESUME 0 @-\n");
        let n = body.len();
        if with_handler {
            text.push_str("start:\n");
        }
        for (i, (kind, arg, line, col, width)) in body.iter().enumerate() {
            let pos = format!("@{line}:{col}-{line}:{}", col + width);
            text.push_str(&format!("l{i}:\n"));
            match kind {
                0 => text.push_str(&format!("    LOAD_CONST {arg} {pos}\n    POP_TOP {pos}\n")),
                1 => text.push_str(&format!("    NOP {pos}\n")),
                2 => text.push_str(&format!("    LOAD_NAME 0 {pos}\n    STORE_NAME 0 {pos}\n")),
                // Forward conditional jump over the next item.
                3 => text.push_str(&format!("    LOAD_CONST {arg} {pos}\n    POP_JUMP_IF_FALSE l{} {pos}\n", (i + 2).min(n))),
                // A loop that runs once: a backward jump guarded by a name test.
                4 => text.push_str(&format!(
                    "    LOAD_NAME 0 {pos}\n    POP_JUMP_IF_TRUE l{i}x {pos}\n    JUMP l{i} @{line}\nl{i}x:\n    NOP @{line}\n"
                )),
                _ => text.push_str(&format!("    LOAD_CONST {arg} @{line}\n    LOAD_CONST {arg} @-\n    BUILD_TUPLE 2 {pos}\n    POP_TOP {pos}\n")),
            }
        }
        text.push_str(&format!("l{n}:\n    LOAD_CONST 0 @-\n    RETURN_VALUE @-\n"));
        if with_handler {
            text.push_str("handler:\n    PUSH_EXC_INFO @-\n    POP_EXCEPT @-\n    RERAISE 0 @-\n");
            text.push_str(&format!("try start l{n} -> handler depth 0\n"));
        }
        text.push_str(".end\n");
        let code = assemble_text("p.pyasm", &text).map_err(|d| TestCaseError::fail(format!("{}\n{text}", d[0])))?;
        let (again, stats) = write_code(&code).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(stats.pinned_stacksize + stats.pinned_linetable + stats.pinned_exceptiontable, 0);
        let back = assemble_text("p.pyasm", &again).map_err(|d| TestCaseError::fail(format!("{}\n{again}", d[0])))?;
        prop_assert!(back.same_value(&code), "differs:\n{}", again);
    }
}
