//! `bytearray`: a mutable byte buffer.

use crate::heap::{Mut, Trace};
use std::cell::Cell;

pub struct ByteArrayObj(pub Mut<Vec<u8>>, pub Exports);

/// How many memoryviews hold the buffer: while any does, it may change but not be resized.
#[derive(Default)]
pub struct Exports(Cell<usize>);

impl Exports {
    pub fn get(&self) -> usize {
        self.0.get()
    }

    pub fn set(&self, n: usize) {
        self.0.set(n)
    }
}

impl Trace for ByteArrayObj {}

impl ByteArrayObj {
    pub fn new(b: Vec<u8>) -> ByteArrayObj {
        ByteArrayObj(Mut::new(b), Exports::default())
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

    /// Whether a memoryview holds the buffer (so that it cannot be resized).
    pub fn exported(&self) -> bool {
        self.1.get() > 0
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
