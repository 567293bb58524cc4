//! `bytearray`: a mutable byte buffer.

use crate::heap::{Mut, Trace};

pub struct ByteArrayObj(pub Mut<Vec<u8>>);

impl Trace for ByteArrayObj {}

impl ByteArrayObj {
    pub fn new(b: Vec<u8>) -> ByteArrayObj {
        ByteArrayObj(Mut::new(b))
    }

    /// A copy of the contents (the buffer may change under a caller that runs Python code).
    pub fn snapshot(&self) -> Vec<u8> {
        self.0.with(|v| v.clone())
    }

    pub fn len(&self) -> usize {
        self.0.with(|v| v.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `repr(bytearray)`: a bytes literal inside `bytearray(...)` (the class name for subclasses).
/// Unlike bytes' repr, a single quote is escaped even inside double quotes, as CPython does.
pub fn repr(class: &str, b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { '"' } else { '\'' };
    let mut out = format!("{class}(b{quote}");
    for &c in b {
        match c {
            b'\'' | b'\\' => {
                out.push('\\');
                out.push(c as char);
            }
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out.push(')');
    out
}
