//! Optional passes that ship with pyrite but are not part of CPython's pipeline. The CLI inserts
//! one by name (`pyrite pipeline --pass NAME`) right after the stage it belongs behind, so every
//! dump, `--stop-after` and `--diff-pass` works with it like with a built-in stage.
//!
//! They double as small worked examples of the two kinds of pass a user writes: an AST rewrite
//! ([`remove_asserts`]) and a CFG rewrite ([`strip_nops`]).

pub mod remove_asserts;
pub mod strip_nops;

use crate::pass::Pass;

/// An optional pass: its name, the stage it runs after, and what it does.
pub struct OptionalPass {
    pub name: &'static str,
    pub after: &'static str,
    pub summary: &'static str,
    pub make: fn() -> Box<dyn Pass>,
}

/// Every optional pass, by name.
pub const OPTIONAL_PASSES: &[OptionalPass] = &[
    OptionalPass {
        name: remove_asserts::NAME,
        after: "parse",
        summary: "deletes `assert` statements from the AST (what -O does inside codegen)",
        make: remove_asserts::pass,
    },
    OptionalPass {
        name: strip_nops::NAME,
        after: "peephole",
        summary: "removes every NOP, including those kept only to carry a line number",
        make: strip_nops::pass,
    },
];

pub fn optional_pass(name: &str) -> Option<&'static OptionalPass> {
    OPTIONAL_PASSES.iter().find(|p| p.name == name)
}
