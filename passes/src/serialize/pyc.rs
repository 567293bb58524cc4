//! The 16-byte .pyc header (PEP 552): magic, flags, then mtime + source size or a source hash.

use super::marshal_read::{loads_code, MarshalError};
use pyrite_ir::code::CodeObject;
use pyrite_ir::pyhash::siphash13;
use pyrite_ir::Target;
use std::fmt;

/// How a .pyc records the source it was compiled from (`py_compile.PycInvalidationMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalidation {
    /// flags 0: source mtime (seconds, mod 2**32) and size (mod 2**32).
    Timestamp { mtime: u32, size: u32 },
    /// flags 3: SipHash-1-3 of the source, checked by the importer.
    CheckedHash([u8; 8]),
    /// flags 1: the hash is recorded but never checked.
    UncheckedHash([u8; 8]),
}

/// A parsed .pyc header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PycHeader {
    pub magic: u16,
    pub invalidation: Invalidation,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PycError {
    TooShort(usize),
    BadMagic { found: [u8; 4], expected: [u8; 4] },
    BadFlags(u32),
    Marshal(MarshalError),
}

impl fmt::Display for PycError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PycError::TooShort(n) => write!(f, "not a .pyc file: {n} bytes, shorter than the 16-byte header"),
            PycError::BadMagic { found, expected } => write!(
                f,
                "bad magic number {} (expected {} for CPython 3.11: this .pyc is from another Python version)",
                pyrite_ir::code::hex(found),
                pyrite_ir::code::hex(expected)
            ),
            PycError::BadFlags(v) => write!(f, "invalid .pyc flags {v:#x} (expected 0, 1 or 3)"),
            PycError::Marshal(e) => write!(f, "{}", MarshalError { offset: e.offset + 16, message: e.message.clone() }),
        }
    }
}

impl std::error::Error for PycError {}

/// `importlib.util.source_hash(source)` for the target (key = the magic number's 4 bytes).
pub fn source_hash(target: &Target, source: &[u8]) -> [u8; 8] {
    let k0 = u32::from_le_bytes(target.magic_bytes()) as u64;
    siphash13(k0, 0, source).to_le_bytes()
}

impl PycHeader {
    /// Parses the header of `data` (which may be just the header).
    pub fn parse(target: &Target, data: &[u8]) -> Result<PycHeader, PycError> {
        if data.len() < 16 {
            return Err(PycError::TooShort(data.len()));
        }
        let found: [u8; 4] = data[0..4].try_into().expect("4 bytes");
        if found != target.magic_bytes() {
            return Err(PycError::BadMagic { found, expected: target.magic_bytes() });
        }
        let word = |i: usize| u32::from_le_bytes(data[i..i + 4].try_into().expect("4 bytes"));
        let flags = word(4);
        let hash: [u8; 8] = data[8..16].try_into().expect("8 bytes");
        let invalidation = match flags {
            0 => Invalidation::Timestamp { mtime: word(8), size: word(12) },
            1 => Invalidation::UncheckedHash(hash),
            3 => Invalidation::CheckedHash(hash),
            v => return Err(PycError::BadFlags(v)),
        };
        Ok(PycHeader { magic: target.magic, invalidation })
    }

    /// The 16 header bytes.
    pub fn to_bytes(&self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[0..2].copy_from_slice(&self.magic.to_le_bytes());
        out[2..4].copy_from_slice(b"\r\n");
        let (flags, rest): (u32, [u8; 8]) = match self.invalidation {
            Invalidation::Timestamp { mtime, size } => {
                let mut r = [0u8; 8];
                r[..4].copy_from_slice(&mtime.to_le_bytes());
                r[4..].copy_from_slice(&size.to_le_bytes());
                (0, r)
            }
            Invalidation::UncheckedHash(h) => (1, h),
            Invalidation::CheckedHash(h) => (3, h),
        };
        out[4..8].copy_from_slice(&flags.to_le_bytes());
        out[8..16].copy_from_slice(&rest);
        out
    }
}

/// Reads a whole .pyc: header and the module's code object.
pub fn read_pyc(target: &Target, data: &[u8]) -> Result<(PycHeader, CodeObject), PycError> {
    let header = PycHeader::parse(target, data)?;
    let code = loads_code(&data[16..]).map_err(PycError::Marshal)?;
    Ok((header, code))
}

/// A whole .pyc: header then `marshal.dumps(code)` (version 4, CPython's reference sharing).
pub fn write_pyc(header: &PycHeader, code: &CodeObject) -> Vec<u8> {
    let body = super::marshal_write::dumps_v4(code);
    let mut out = Vec::with_capacity(16 + body.len());
    out.extend_from_slice(&header.to_bytes());
    out.extend_from_slice(&body);
    out
}
