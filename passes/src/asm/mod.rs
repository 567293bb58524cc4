//! pyrite's bytecode assembly language: CPython 3.11 code objects as editable text.
//!
//! `from_code` turns bytecode back into the CFG that `assemble` consumes.

pub mod from_code;
