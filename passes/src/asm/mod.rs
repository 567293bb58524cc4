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

use pyrite_ir::code::CodeObject;
use pyrite_ir::{Diagnostic, DiagnosticKind};

/// The .pyc bytes of an assembled module. Needs the marshal writer of the `serialize` stage,
/// which is not built yet: until it is, this says so.
pub fn pyc_bytes(code: &CodeObject) -> Result<Vec<u8>, Diagnostic> {
    let _ = code;
    Err(Diagnostic::error(
        DiagnosticKind::NotImplemented,
        code.filename.to_string_lossy(),
        "writing .pyc files needs the marshal writer of the serialize stage, which is not built yet \
         (the assembly itself succeeded)",
    ))
}
