//! Python `str` values as code objects hold them.
//!
//! A Python str is a sequence of code points that may include lone surrogates (`'\udc80'` is a valid
//! literal), which Rust's `String` cannot hold. [`PyStr`] stores the UTF-8 encoding with CPython's
//! `surrogatepass` error handler (surrogates as ordinary 3-byte sequences), which is exactly what
//! marshal writes, so reading and writing are copies and almost every string is plain UTF-8.

use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// The bytes are shared: a name the compiler keeps as an [`Arc<str>`] (an identifier of the tree,
/// a symbol) becomes a code object's str without a copy, and cloning is a count.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct PyStr {
    bytes: Arc<[u8]>,
}

impl PyStr {
    /// Wraps `surrogatepass` UTF-8 bytes, or returns `None` if they are not valid in that encoding.
    pub fn from_utf8_surrogatepass(bytes: &[u8]) -> Option<PyStr> {
        if std::str::from_utf8(bytes).is_ok() || decode_surrogatepass(bytes).is_some() {
            Some(PyStr { bytes: bytes.into() })
        } else {
            None
        }
    }

    /// From latin-1 bytes (marshal's ASCII types are read as latin-1 by CPython).
    pub fn from_latin1(bytes: &[u8]) -> PyStr {
        if bytes.is_ascii() {
            return PyStr { bytes: bytes.into() };
        }
        let s: String = bytes.iter().map(|&b| b as char).collect();
        PyStr::from(s.as_str())
    }

    /// From code points (any value < 0x110000, surrogates included).
    pub fn from_code_points(cps: &[u32]) -> Option<PyStr> {
        let mut out = Vec::with_capacity(cps.len());
        for &cp in cps {
            if cp >= 0x110000 {
                return None;
            }
            encode_cp(cp, &mut out);
        }
        Some(PyStr { bytes: out.into() })
    }

    /// The encoded bytes (UTF-8, surrogates passed through).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The text, when it has no lone surrogate.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }

    /// The text with lone surrogates replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        match self.as_str() {
            Some(s) => s.to_owned(),
            None => self.code_points().map(|c| char::from_u32(c).unwrap_or('\u{fffd}')).collect(),
        }
    }

    pub fn is_ascii(&self) -> bool {
        self.bytes.is_ascii()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Code points, in order.
    pub fn code_points(&self) -> impl Iterator<Item = u32> + '_ {
        CodePoints { bytes: &self.bytes, pos: 0 }
    }

    /// `len(s)`.
    pub fn char_len(&self) -> usize {
        if self.is_ascii() {
            self.bytes.len()
        } else {
            self.code_points().count()
        }
    }

    /// The largest code point (0 for the empty string): decides CPython's storage kind.
    pub fn max_code_point(&self) -> u32 {
        if self.is_ascii() {
            return self.bytes.iter().copied().max().unwrap_or(0) as u32;
        }
        self.code_points().max().unwrap_or(0)
    }

    /// `repr(s)` as Python prints it (lone surrogates escaped as `\udXXX`).
    pub fn repr(&self) -> String {
        let mut out = String::with_capacity(self.bytes.len() + 2);
        crate::pyrepr::write_wtf8_str_repr(&self.bytes, &mut out);
        out
    }
}

impl From<&str> for PyStr {
    fn from(s: &str) -> PyStr {
        PyStr { bytes: s.as_bytes().into() }
    }
}

impl From<String> for PyStr {
    fn from(s: String) -> PyStr {
        PyStr { bytes: s.into_bytes().into() }
    }
}

impl From<Arc<str>> for PyStr {
    fn from(s: Arc<str>) -> PyStr {
        PyStr { bytes: s.into() }
    }
}

impl From<&Arc<str>> for PyStr {
    fn from(s: &Arc<str>) -> PyStr {
        PyStr { bytes: s.clone().into() }
    }
}

impl fmt::Debug for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.repr())
    }
}

impl fmt::Display for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_lossy())
    }
}

impl Serialize for PyStr {
    /// JSON strings cannot hold lone surrogates: those become U+FFFD (documented in ir-json.md).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.as_str() {
            Some(t) => s.serialize_str(t),
            None => s.serialize_str(&self.to_string_lossy()),
        }
    }
}

fn encode_cp(cp: u32, out: &mut Vec<u8>) {
    if cp < 0x80 {
        out.push(cp as u8);
    } else if cp < 0x800 {
        out.push(0xc0 | (cp >> 6) as u8);
        out.push(0x80 | (cp & 0x3f) as u8);
    } else if cp < 0x10000 {
        out.push(0xe0 | (cp >> 12) as u8);
        out.push(0x80 | ((cp >> 6) & 0x3f) as u8);
        out.push(0x80 | (cp & 0x3f) as u8);
    } else {
        out.push(0xf0 | (cp >> 18) as u8);
        out.push(0x80 | ((cp >> 12) & 0x3f) as u8);
        out.push(0x80 | ((cp >> 6) & 0x3f) as u8);
        out.push(0x80 | (cp & 0x3f) as u8);
    }
}

/// Decodes UTF-8 that may contain encoded surrogates; `None` if malformed otherwise.
fn decode_surrogatepass(bytes: &[u8]) -> Option<Vec<u32>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let (cp, n) = decode_one(&bytes[i..])?;
        out.push(cp);
        i += n;
    }
    Some(out)
}

fn decode_one(b: &[u8]) -> Option<(u32, usize)> {
    let b0 = *b.first()?;
    let cont = |i: usize| -> Option<u32> {
        let c = *b.get(i)?;
        (c & 0xc0 == 0x80).then_some((c & 0x3f) as u32)
    };
    match b0 {
        0x00..=0x7f => Some((b0 as u32, 1)),
        0xc2..=0xdf => Some((((b0 & 0x1f) as u32) << 6 | cont(1)?, 2)),
        0xe0..=0xef => {
            let cp = ((b0 & 0x0f) as u32) << 12 | cont(1)? << 6 | cont(2)?;
            (cp >= 0x800).then_some((cp, 3))
        }
        0xf0..=0xf4 => {
            let cp = ((b0 & 0x07) as u32) << 18 | cont(1)? << 12 | cont(2)? << 6 | cont(3)?;
            ((0x10000..0x110000).contains(&cp)).then_some((cp, 4))
        }
        _ => None,
    }
}

struct CodePoints<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Iterator for CodePoints<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let (cp, n) = decode_one(&self.bytes[self.pos..])?;
        self.pos += n;
        Some(cp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogates_round_trip() {
        let s = PyStr::from_code_points(&[0x61, 0xdc80, 0x27]).unwrap();
        assert!(s.as_str().is_none());
        assert_eq!(s.code_points().collect::<Vec<_>>(), vec![0x61, 0xdc80, 0x27]);
        assert_eq!(s.repr(), "\"a\\udc80'\"");
        assert!(PyStr::from_utf8_surrogatepass(s.as_bytes()).is_some());
        assert!(PyStr::from_utf8_surrogatepass(b"\xff").is_none());
        assert_eq!(PyStr::from_latin1(b"\xe9").as_str(), Some("é"));
    }
}
