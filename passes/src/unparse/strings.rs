//! String-literal spelling as `ast._Unparser` does it: escape only backslashes and unprintable
//! characters (`unicode_escape`), then pick a quote the text does not contain, falling back to
//! `repr()`; works on code points so lone surrogates behave as in Python.

use pyrite_ir::pyrepr::{is_printable, str_repr, write_wtf8_str_repr};

pub const MULTI_QUOTES: [&str; 2] = ["\"\"\"", "'''"];
pub const ALL_QUOTES: [&str; 4] = ["'", "\"", "\"\"\"", "'''"];

fn printable(c: u32) -> bool {
    char::from_u32(c).is_some_and(is_printable)
}

/// `c.encode("unicode_escape")` for one character.
fn unicode_escape(c: u32, out: &mut String) {
    use std::fmt::Write;
    match c {
        0x5c => out.push_str("\\\\"),
        0x09 => out.push_str("\\t"),
        0x0a => out.push_str("\\n"),
        0x0d => out.push_str("\\r"),
        0x20..=0x7e => out.push(c as u8 as char),
        0..=0xff => {
            let _ = write!(out, "\\x{c:02x}");
        }
        0x100..=0xffff => {
            let _ = write!(out, "\\u{c:04x}");
        }
        _ => {
            let _ = write!(out, "\\U{c:08x}");
        }
    }
}

/// `repr()` of a str given as code points.
pub fn repr_code_points(cps: &[u32]) -> String {
    let mut out = String::new();
    if cps.iter().all(|&c| char::from_u32(c).is_some()) {
        let s: String = cps.iter().map(|&c| char::from_u32(c).unwrap_or('\u{fffd}')).collect();
        return str_repr(&s);
    }
    // WTF-8: surrogates encoded like any other 3-byte code point.
    let mut bytes = Vec::new();
    for &c in cps {
        match char::from_u32(c) {
            Some(ch) => bytes.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes()),
            None => bytes.extend_from_slice(&[
                0xe0 | (c >> 12) as u8,
                0x80 | ((c >> 6) & 0x3f) as u8,
                0x80 | (c & 0x3f) as u8,
            ]),
        }
    }
    write_wtf8_str_repr(&bytes, &mut out);
    out
}

/// `_str_literal_helper`: the escaped body and the quotes it may be written with (best first).
pub fn str_literal_helper(
    cps: &[u32],
    quote_types: &[&'static str],
    escape_special_whitespace: bool,
) -> (String, Vec<&'static str>) {
    let mut escaped = String::with_capacity(cps.len());
    for &c in cps {
        if !escape_special_whitespace && (c == 0x0a || c == 0x09) {
            escaped.push(c as u8 as char);
        } else if c == 0x5c || !printable(c) {
            unicode_escape(c, &mut escaped);
        } else {
            escaped.push(char::from_u32(c).unwrap_or('\u{fffd}'));
        }
    }
    let mut possible: Vec<&'static str> = quote_types.to_vec();
    if escaped.contains('\n') {
        possible.retain(|q| q.len() == 3);
    }
    possible.retain(|q| !escaped.contains(q));
    if possible.is_empty() {
        let r = repr_code_points(cps);
        let first = &r[..1];
        let quote = quote_types.iter().copied().find(|q| q.contains(first)).unwrap_or(if first == "'" {
            "'"
        } else {
            "\""
        });
        return (r[1..r.len() - 1].to_string(), vec![quote]);
    }
    if let Some(last) = escaped.chars().last() {
        // Stable sort: quotes starting with the text's last character go last.
        possible.sort_by_key(|q| q.starts_with(last));
        if possible[0].starts_with(last) {
            escaped.pop();
            escaped.push('\\');
            escaped.push(last);
        }
    }
    (escaped, possible)
}

pub fn code_points(s: &str) -> Vec<u32> {
    s.chars().map(u32::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper(s: &str, quotes: &[&'static str], esc: bool) -> (String, Vec<&'static str>) {
        str_literal_helper(&code_points(s), quotes, esc)
    }

    // Expected values measured with CPython 3.11.7's ast._Unparser()._str_literal_helper.
    #[test]
    fn quote_selection_matches_cpython() {
        assert_eq!(helper("abc", &ALL_QUOTES, false), ("abc".into(), vec!["'", "\"", "\"\"\"", "'''"]));
        assert_eq!(helper("it's", &ALL_QUOTES, false), ("it's".into(), vec!["\"", "\"\"\"", "'''"]));
        assert_eq!(helper("a\nb", &ALL_QUOTES, false), ("a\nb".into(), vec!["\"\"\"", "'''"]));
        assert_eq!(helper("a\nb", &ALL_QUOTES, true), ("a\\nb".into(), vec!["'", "\"", "\"\"\"", "'''"]));
        assert_eq!(helper("end\"", &MULTI_QUOTES, false), ("end\"".into(), vec!["'''", "\"\"\""]));
        assert_eq!(helper("'\"\n", &ALL_QUOTES, false), ("'\"\n".into(), vec!["\"\"\"", "'''"]));
        assert_eq!(
            helper("\u{7f}\\", &ALL_QUOTES, false),
            ("\\x7f\\\\".into(), vec!["'", "\"", "\"\"\"", "'''"])
        );
        assert_eq!(helper("'''\"\"\"\n", &ALL_QUOTES, false), ("\\'\\'\\'\"\"\"\\n".into(), vec!["'"]));
    }
}
