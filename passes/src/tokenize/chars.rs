//! Character classes, as CPython 3.11.7 defines them (tables generated from it).

use super::unicode_tables::{ID_CONTINUE, ID_START, WORD};

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let cp = c as u32;
    let i = table.partition_point(|&(_, hi)| hi < cp);
    i < table.len() && table[i].0 <= cp
}

/// What `\w` matches in a str regex (tokenize.py's `Name = r'\w+'`).
pub fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        in_table(&WORD, c)
    }
}

/// `c.isidentifier()`: XID_Start or `_`.
pub fn is_id_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '_'
    } else {
        in_table(&ID_START, c)
    }
}

/// XID_Continue (what may follow the first character of an identifier).
pub fn is_id_continue(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        in_table(&ID_CONTINUE, c)
    }
}

/// `str.isspace()` for one character (what `str.strip()` removes).
pub fn is_py_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\x1c'..='\x1f' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}'
            | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// The character starting at byte `i` of `s` (which must be a char boundary) and its length.
#[inline]
pub fn char_at(s: &str, i: usize) -> (char, usize) {
    let c = s[i..].chars().next().unwrap_or('\0');
    (c, c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_match_cpython() {
        assert!(is_word('é') && is_id_start('é'));
        assert!(is_word('²') && !is_id_start('²'));
        assert!(!is_word('\u{301}') && is_id_continue('\u{301}'));
        assert!(!is_word('€') && !is_id_continue('€'));
        assert!(is_py_space('\u{3000}') && !is_py_space('x'));
    }
}
