//! Unicode facts CPython's str and number parsing depend on (Unicode 14.0, as in CPython 3.11),
//! generated from `unicodedata`: the decimal-digit blocks and the whitespace set.

/// The code points whose decimal value is 0 (category Nd); each starts a run of ten digits.
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50,
    0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40,
    0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066,
    0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950,
    0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6,
    0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// `str.isspace()` for one character.
pub fn is_space(c: char) -> bool {
    matches!(
        c as u32,
        0x9..=0xd | 0x1c..=0x20 | 0x85 | 0xa0 | 0x1680 | 0x2000..=0x200a | 0x2028 | 0x2029 | 0x202f | 0x205f | 0x3000
    )
}

/// The decimal value of a digit character of any script.
pub fn decimal(c: char) -> Option<u32> {
    let n = c as u32;
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= n);
    let zero = *DECIMAL_ZEROS.get(i.checked_sub(1)?)?;
    (n - zero < 10).then_some(n - zero)
}

/// CPython's first step when parsing numbers from str: digits of every script become ASCII
/// digits and every whitespace character a space (other characters are kept).
pub fn to_ascii_decimal(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c
            } else if is_space(c) {
                ' '
            } else if let Some(d) = decimal(c) {
                char::from_digit(d, 10).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

fn in_table(t: &[(u32, u32)], c: char) -> bool {
    let n = c as u32;
    let i = t.partition_point(|&(_, hi)| hi < n);
    t.get(i).is_some_and(|&(lo, _)| lo <= n)
}

pub fn is_alpha(c: char) -> bool {
    in_table(&super::unicode_tables::ALPHA, c)
}
pub fn is_numeric(c: char) -> bool {
    in_table(&super::unicode_tables::NUMERIC, c)
}
pub fn is_digit(c: char) -> bool {
    in_table(&super::unicode_tables::DIGIT, c)
}
pub fn is_printable(c: char) -> bool {
    in_table(&super::unicode_tables::PRINTABLE, c)
}
pub fn is_title(c: char) -> bool {
    in_table(&super::unicode_tables::TITLE, c)
}
pub fn is_upper(c: char) -> bool {
    in_table(&super::unicode_tables::UPPER, c)
}
pub fn is_lower(c: char) -> bool {
    in_table(&super::unicode_tables::LOWER, c)
}
pub fn is_cased(c: char) -> bool {
    is_upper(c) || is_lower(c) || is_title(c)
}

/// Full case folding of one character (str.casefold).
pub fn casefold_into(c: char, out: &mut String) {
    let t = &super::unicode_tables::CASEFOLD;
    match t.binary_search_by_key(&(c as u32), |&(k, _)| k) {
        Ok(i) => out.push_str(t[i].1),
        Err(_) => out.extend(c.to_lowercase()),
    }
}

/// The titlecase mapping of one character.
pub fn titlecase_into(c: char, out: &mut String) {
    let t = &super::unicode_tables::TITLECASE;
    match t.binary_search_by_key(&(c as u32), |&(k, _)| k) {
        Ok(i) => out.push_str(t[i].1),
        Err(_) => out.extend(c.to_uppercase()),
    }
}
