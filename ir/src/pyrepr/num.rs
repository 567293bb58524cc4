//! `repr()` of bytes and WTF-8 str values, as CPython 3.11 prints them.

use std::fmt::Write;

/// `repr(b)` for Python bytes, appended to `out`.
pub fn write_bytes_repr(b: &[u8], out: &mut String) {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { b'"' } else { b'\'' };
    out.push('b');
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push(quote as char);
}

/// Decodes WTF-8 (UTF-8 that may encode lone surrogates) into code points.
pub fn wtf8_code_points(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let c = *b.get(i)? as u32;
        let (len, init) = match c {
            0..=0x7f => (1, c),
            0xc0..=0xdf => (2, c & 0x1f),
            0xe0..=0xef => (3, c & 0x0f),
            _ => (4, c & 0x07),
        };
        let mut cp = init;
        for k in 1..len {
            cp = (cp << 6) | (*b.get(i + k).unwrap_or(&0x80) as u32 & 0x3f);
        }
        i += len;
        Some(cp)
    })
}

/// `repr(s)` for a str given as WTF-8 (lone surrogates print as `\udxxx`).
pub fn write_wtf8_str_repr(b: &[u8], out: &mut String) {
    if let Ok(s) = std::str::from_utf8(b) {
        super::write_str_repr(s, out);
        return;
    }
    let has_single = wtf8_code_points(b).any(|c| c == '\'' as u32);
    let has_double = wtf8_code_points(b).any(|c| c == '"' as u32);
    let quote = if has_single && !has_double { '"' } else { '\'' };
    out.push(quote);
    for cp in wtf8_code_points(b) {
        match char::from_u32(cp) {
            Some(c) => {
                let mut tmp = String::new();
                super::write_str_repr(c.encode_utf8(&mut [0; 4]), &mut tmp);
                // Strip the quotes write_str_repr chose for this one character; re-escape ours.
                let inner = &tmp[1..tmp.len() - 1];
                if c == quote {
                    out.push('\\');
                    out.push(c);
                } else if inner == "\\'" || inner == "\\\"" {
                    out.push(c);
                } else {
                    out.push_str(inner);
                }
            }
            None => {
                let _ = write!(out, "\\u{cp:04x}");
            }
        }
    }
    out.push(quote);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pyrepr::{complex_repr, float_repr};

    #[test]
    fn floats_like_python() {
        for (x, s) in [
            (1e300, "1e+300"),
            (1e-5, "1e-05"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (1.5, "1.5"),
            (123.456, "123.456"),
            (f64::INFINITY, "inf"),
            (2.5e-10, "2.5e-10"),
            (0.0, "0.0"),
        ] {
            assert_eq!(float_repr(x), s);
        }
        assert_eq!(complex_repr(0.0, 1.0), "1j");
        assert_eq!(complex_repr(0.0, 1.5), "1.5j");
        assert_eq!(complex_repr(0.0, 1e16), "1e+16j");
        assert_eq!(complex_repr(0.0, f64::INFINITY), "infj");
    }

    #[test]
    fn bytes_like_python() {
        let mut s = String::new();
        write_bytes_repr(b"a'\x00\xff\\\"", &mut s);
        assert_eq!(s, "b'a\\'\\x00\\xff\\\\\"'");
    }
}
