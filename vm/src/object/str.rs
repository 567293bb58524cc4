//! `str`: UTF-8 text with its character count and a cached hash (computed once, like CPython's
//! `ob_shash`, so dict lookups by name never rehash).

use std::cell::Cell;

pub struct StrObj {
    pub s: Box<str>,
    /// Number of code points.
    pub nchars: usize,
    hash: Cell<i64>,
}

impl StrObj {
    pub fn new(s: &str) -> StrObj {
        StrObj { nchars: s.chars().count(), s: s.into(), hash: Cell::new(-1) }
    }

    pub fn from_string(s: String) -> StrObj {
        StrObj { nchars: s.chars().count(), s: s.into_boxed_str(), hash: Cell::new(-1) }
    }

    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.nchars == self.s.len()
    }

    #[inline]
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let h = hash_str(&self.s);
        self.hash.set(h);
        h
    }

    /// The `i`-th code point (0 <= i < nchars).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            self.s.as_bytes()[i] as char
        } else {
            self.s.chars().nth(i).expect("index in range")
        }
    }

    /// Byte offset of code point `i` (i <= nchars).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            i
        } else {
            self.s.char_indices().nth(i).map(|(b, _)| b).unwrap_or(self.s.len())
        }
    }
}

/// `hash(s)` under PYTHONHASHSEED=0: SipHash-1-3 over CPython's compact storage (latin-1, UCS-2
/// or UCS-4 little-endian, chosen by the widest character).
pub fn hash_str(s: &str) -> i64 {
    if s.is_ascii() {
        return pyrite_ir::pyhash::hash_bytes(s.as_bytes());
    }
    let max = s.chars().map(|c| c as u32).max().unwrap_or(0);
    let mut buf = Vec::with_capacity(s.len() * 2);
    if max < 0x100 {
        buf.extend(s.chars().map(|c| c as u8));
    } else if max < 0x10000 {
        for c in s.chars() {
            buf.extend_from_slice(&(c as u16).to_le_bytes());
        }
    } else {
        for c in s.chars() {
            buf.extend_from_slice(&(c as u32).to_le_bytes());
        }
    }
    pyrite_ir::pyhash::hash_bytes(&buf)
}

/// `repr(s)`: CPython's quote choice and escapes.
pub fn repr(s: &str) -> String {
    pyrite_ir::pyrepr::str_repr(s)
}
