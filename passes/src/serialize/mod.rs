//! The `serialize` stage (Code -> Bytes): marshal and the .pyc container.
//!
//! - [`marshal_write`]: code objects to marshal data (CPython's reference sharing).
//! - [`marshal_read`]: marshal data / .pyc files into code objects (any CPython 3.11 .pyc).
//! - [`nesting`]: marshal's nesting limit, checked before writing.
//! - [`pyc`]: the 16-byte header (timestamp, checked-hash and unchecked-hash modes).

pub mod marshal_read;
pub mod marshal_write;
pub mod nesting;
pub mod pyc;

use crate::pass::{Context, Invalidation, Pass, SourceStamp};
use pyrite_ir::{Diagnostic, DiagnosticKind, Ir, IrKind, Target};

pub fn pass() -> Box<dyn Pass> {
    Box::new(Serialize)
}

/// Writes the .pyc file of a module's code object, with the header `Options` asks for.
pub struct Serialize;

impl Pass for Serialize {
    fn name(&self) -> &str {
        "serialize"
    }
    fn input(&self) -> IrKind {
        IrKind::Code
    }
    fn output(&self) -> IrKind {
        IrKind::Bytes
    }
    fn run(&self, ir: Ir, cx: &mut Context) -> Result<Ir, Diagnostic> {
        let Ir::Code(code) = ir else { unreachable!("the pipeline checks IR kinds") };
        let invalidation = header_invalidation(cx.options.invalidation, cx.options.source_stamp.as_ref())
            .ok_or_else(|| {
                Diagnostic::error(
                    DiagnosticKind::InvalidInput,
                    code.filename.to_string_lossy(),
                    "a hash-based .pyc needs the source bytes (Options::source_stamp)",
                )
            })?;
        if nesting::too_deep(&code) {
            return Err(Diagnostic::error(
                DiagnosticKind::InvalidInput,
                code.filename.to_string_lossy(),
                nesting::TOO_DEEP,
            ));
        }
        let header = pyc::PycHeader { magic: cx.target.magic, invalidation };
        Ok(Ir::Bytes(pyc::write_pyc(&header, &code)))
    }
}

/// What the header records, as `importlib._bootstrap_external._code_to_*_pyc` packs it (mtime and
/// size modulo 2**32). `None` when a hash is asked for but the source is unknown.
pub fn header_invalidation(mode: Invalidation, stamp: Option<&SourceStamp>) -> Option<pyc::Invalidation> {
    Some(match mode {
        Invalidation::Timestamp => {
            let (mtime, size) = stamp.map_or((0, 0), |s| (s.mtime as u32, s.size as u32));
            pyc::Invalidation::Timestamp { mtime, size }
        }
        Invalidation::CheckedHash => pyc::Invalidation::CheckedHash(stamp?.hash),
        Invalidation::UncheckedHash => pyc::Invalidation::UncheckedHash(stamp?.hash),
    })
}

/// The stamp of a source file: its bytes (for the hash) and its metadata (mtime, size).
pub fn source_stamp(target: &Target, bytes: &[u8], meta: &std::fs::Metadata) -> SourceStamp {
    let mtime = meta
        .modified()
        .ok()
        .map(|t| match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_secs() as i64,
            // `int()` of a negative float truncates toward zero.
            Err(e) => -(e.duration().as_secs() as i64),
        })
        .unwrap_or(0);
    SourceStamp { mtime, size: meta.len(), hash: pyc::source_hash(target, bytes) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyrite_ir::target::default_target;

    #[test]
    fn header_modes() {
        let stamp = SourceStamp { mtime: (1 << 32) + 7, size: 9, hash: [1, 2, 3, 4, 5, 6, 7, 8] };
        assert_eq!(
            header_invalidation(Invalidation::Timestamp, Some(&stamp)),
            Some(pyc::Invalidation::Timestamp { mtime: 7, size: 9 })
        );
        assert_eq!(
            header_invalidation(Invalidation::Timestamp, None),
            Some(pyc::Invalidation::Timestamp { mtime: 0, size: 0 })
        );
        assert_eq!(
            header_invalidation(Invalidation::CheckedHash, Some(&stamp)),
            Some(pyc::Invalidation::CheckedHash(stamp.hash))
        );
        assert_eq!(header_invalidation(Invalidation::UncheckedHash, None), None);
        // python3 -c 'import importlib.util; print(importlib.util.source_hash(b"x = 1\n").hex())'
        assert_eq!(pyrite_ir::code::hex(&pyc::source_hash(default_target(), b"x = 1\n")), EXPECTED_HASH);
    }

    const EXPECTED_HASH: &str = "4c0372aa93f75252";
}
