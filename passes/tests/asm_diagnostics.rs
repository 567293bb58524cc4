//! Diagnostics of broken assembly texts: each case is rendered through `Diagnostic::render_plain`
//! and snapshotted, so the line, the column, the message and the hint are all pinned.

use pyrite_passes::asm::lower::assemble_text;

const PRELUDE: &str = ".code\nname 'print'\nconst None\nconst 'hi'\n";

fn render(case: &str) -> String {
    let text = format!("{PRELUDE}{case}.end\n");
    match assemble_text("case.pyasm", &text) {
        Ok(_) => panic!("case assembled without error:\n{text}"),
        Err(diags) => diags.iter().map(|d| d.render_plain(Some(&text))).collect::<Vec<_>>().join("\n"),
    }
}

#[test]
fn unknown_opcode() {
    insta::assert_snapshot!(render("    RESUME 0\n    LOAD_CONS 0 @1:0-1:4\n    RETURN_VALUE\n"));
}

#[test]
fn bad_argument() {
    insta::assert_snapshot!(render("    RESUME 0\n    LOAD_CONST 7\n    RETURN_VALUE\n"));
}

#[test]
fn argument_on_an_opcode_without_one() {
    insta::assert_snapshot!(render("    RESUME 0\n    LOAD_CONST 0\n    RETURN_VALUE 3\n"));
}

#[test]
fn missing_argument() {
    insta::assert_snapshot!(render("    RESUME\n    LOAD_CONST 0\n    RETURN_VALUE\n"));
}

#[test]
fn undefined_label() {
    insta::assert_snapshot!(render(
        "    RESUME 0\n    LOAD_CONST 0\n    POP_JUMP_IF_TRUE done\n    LOAD_CONST 0\n    RETURN_VALUE\ndone:\n    LOAD_CONST 1\n    JUMP dome\n"
    ));
}

#[test]
fn stack_underflow_on_some_path() {
    // The jump path arrives at `end` with one item less than the fall-through path expects.
    insta::assert_snapshot!(render(
        "    RESUME 0\n    LOAD_CONST 0\n    LOAD_CONST 1\n    POP_JUMP_IF_TRUE end\n    POP_TOP\nend:\n    POP_TOP\n    POP_TOP\n    LOAD_CONST 0\n    RETURN_VALUE\n"
    ));
}

#[test]
fn jump_out_of_range() {
    insta::assert_snapshot!(render(
        "top:\n    RESUME 0\n    LOAD_CONST 0\n    POP_TOP\n    JUMP_FORWARD top\n"
    ));
}

#[test]
fn jump_to_the_end_of_the_code() {
    insta::assert_snapshot!(render("    RESUME 0\n    JUMP end\nend:\n"));
}

#[test]
fn syntax_errors_do_not_hide_each_other() {
    // Three broken lines: each is reported, in order.
    insta::assert_snapshot!(render(
        "    RESUME 0 @1:x\n    LOAD_CONST 0\nconst (1, 2\n    POP_TOP\n.flags WRONG_FLAG\n    LOAD_CONST 0\n    RETURN_VALUE\n"
    ));
}

#[test]
fn unclosed_code_block() {
    let text = ".code\n    RESUME 0\n";
    let diags = assemble_text("case.pyasm", text).unwrap_err();
    insta::assert_snapshot!(diags.iter().map(|d| d.render_plain(Some(text))).collect::<Vec<_>>().join("\n"));
}
