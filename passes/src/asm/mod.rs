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

use crate::serialize::pyc::{write_pyc, Invalidation, PycHeader};
use pyrite_ir::code::CodeObject;

/// The .pyc bytes of an assembled module: the header (`invalidation`, or an unchecked hash of
/// zeros when the text gives none: there is no source to date or hash) and the code object written
/// by the `serialize` stage's marshal writer.
pub fn pyc_bytes(code: &CodeObject, invalidation: Option<Invalidation>) -> Vec<u8> {
    let target = pyrite_ir::target::default_target();
    let header = PycHeader {
        magic: target.magic,
        invalidation: invalidation.unwrap_or(Invalidation::UncheckedHash([0; 8])),
    };
    write_pyc(&header, code)
}

/// The `.pyc` line of the text for a header.
pub fn pyc_line(invalidation: &Invalidation) -> String {
    let hex = |h: &[u8; 8]| h.iter().map(|b| format!("{b:02x}")).collect::<String>();
    match invalidation {
        Invalidation::Timestamp { mtime, size } => format!(".pyc timestamp {mtime} {size}"),
        Invalidation::CheckedHash(h) => format!(".pyc checked-hash {}", hex(h)),
        Invalidation::UncheckedHash(h) => format!(".pyc unchecked-hash {}", hex(h)),
    }
}
