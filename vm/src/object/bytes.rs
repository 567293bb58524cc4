//! `bytes`.

use std::cell::Cell;

pub struct BytesObj {
    pub b: Box<[u8]>,
    hash: Cell<i64>,
}

impl BytesObj {
    pub fn new(b: &[u8]) -> BytesObj {
        BytesObj { b: b.into(), hash: Cell::new(-1) }
    }

    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let h = pyrite_ir::pyhash::hash_bytes(&self.b);
        self.hash.set(h);
        h
    }
}

/// `repr(b)`.
pub fn repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { '"' } else { '\'' };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}
