//! pyrite's bytecode assembly language: CPython 3.11 code objects as editable text (docs/asm.md).
//!
//! - [`from_code`]: bytecode -> the CFG that `assemble` consumes;
//! - [`write`]: code object -> text (`pyrite disasm`);
//! - [`parse`]: the text's grammar (chumsky), with error recovery;
//! - [`lower`]: parsed text -> code object through the assemble core (`pyrite asm`), with
//!   diagnostics for every mistake.

pub mod from_code;
pub mod lower;
pub mod parse;
pub mod write;
