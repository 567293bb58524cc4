//! Python's `repr()` of the values IR dumps print (str so far), reproduced exactly.

mod printable;

/// CPython 3.11's `str.isprintable()` for one character.
pub fn is_printable(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x7f {
        return cp >= 0x20;
    }
    let table = &printable::NON_PRINTABLE;
    let i = table.partition_point(|&(_, hi)| hi < cp);
    !(i < table.len() && table[i].0 <= cp)
}

/// `repr(s)` for a Python str, appended to `out`.
pub fn write_str_repr(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let cp = c as u32;
                use std::fmt::Write;
                let _ = if cp < 0x100 {
                    write!(out, "\\x{cp:02x}")
                } else if cp < 0x10000 {
                    write!(out, "\\u{cp:04x}")
                } else {
                    write!(out, "\\U{cp:08x}")
                };
            }
        }
    }
    out.push(quote);
}

/// `repr(s)` for a Python str.
pub fn str_repr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_str_repr(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_like_python() {
        assert_eq!(str_repr("a'b"), "\"a'b\"");
        assert_eq!(str_repr("a'b\""), "'a\\'b\"'");
        assert_eq!(str_repr("\x00\x7f\u{85}é\u{2028}😀"), "'\\x00\\x7f\\x85é\\u2028😀'");
        assert_eq!(str_repr("\u{e000}"), "'\\ue000'");
        assert_eq!(str_repr("\u{f0000}"), "'\\U000f0000'");
    }
}

mod values;
pub use values::{bytes_repr, complex_repr, float_repr};
