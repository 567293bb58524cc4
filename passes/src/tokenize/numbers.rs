//! Number literals, both ways: the module view splits them the way tokenize.py's `Number` regex
//! matches (first alternative that matches wins, so `0777` is `0` then `777`); the compiler view
//! scans them as the C tokenizer does and rejects malformed ones with its messages.

#[inline]
fn digit(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(u8::is_ascii_digit)
}

/// `[0-9](?:_?[0-9])*` starting at `i` (which must be a digit): its end.
#[inline]
fn digitpart(s: &[u8], mut i: usize) -> usize {
    i += 1;
    loop {
        if digit(s, i) {
            i += 1;
        } else if s.get(i) == Some(&b'_') && digit(s, i + 1) {
            i += 2;
        } else {
            return i;
        }
    }
}

/// `[eE][-+]?[0-9](?:_?[0-9])*` at `i`: its end.
fn exponent(s: &[u8], i: usize) -> Option<usize> {
    if !matches!(s.get(i), Some(b'e' | b'E')) {
        return None;
    }
    let mut j = i + 1;
    if matches!(s.get(j), Some(b'+' | b'-')) {
        j += 1;
    }
    digit(s, j).then(|| digitpart(s, j))
}

/// `0[xX](?:_?[0-9a-fA-F])+` and friends at `i` (s[i] == '0').
fn prefixed(s: &[u8], i: usize, ok: fn(u8) -> bool) -> Option<usize> {
    let mut j = i + 2;
    let mut any = false;
    loop {
        if s.get(j).is_some_and(|&b| ok(b)) {
            j += 1;
        } else if s.get(j) == Some(&b'_') && s.get(j + 1).is_some_and(|&b| ok(b)) {
            j += 2;
        } else {
            break;
        }
        any = true;
    }
    any.then_some(j)
}

/// tokenize.py's `Number` at `i` (a digit, or a '.' followed by a digit): its end.
pub fn module_number(s: &[u8], i: usize) -> usize {
    let imag = |e: usize| if matches!(s.get(e), Some(b'j' | b'J')) { e + 1 } else { e };
    if s[i] == b'.' {
        let e = digitpart(s, i + 1);
        return imag(exponent(s, e).unwrap_or(e));
    }
    let d = digitpart(s, i);
    if matches!(s.get(d), Some(b'j' | b'J')) {
        return d + 1;
    }
    // Pointfloat (with optional exponent), then Expfloat; each may take a 'j'.
    if s.get(d) == Some(&b'.') {
        let f = if digit(s, d + 1) { digitpart(s, d + 1) } else { d + 1 };
        return imag(exponent(s, f).unwrap_or(f));
    }
    if let Some(e) = exponent(s, d) {
        return imag(e);
    }
    if s[i] == b'0' {
        let found = match s.get(i + 1) {
            Some(b'x' | b'X') => prefixed(s, i, |b| b.is_ascii_hexdigit()),
            Some(b'b' | b'B') => prefixed(s, i, |b| b == b'0' || b == b'1'),
            Some(b'o' | b'O') => prefixed(s, i, |b| (b'0'..=b'7').contains(&b)),
            _ => None,
        };
        if let Some(e) = found {
            return e;
        }
        // `0(?:_?0)*`
        let mut j = i + 1;
        loop {
            if s.get(j) == Some(&b'0') {
                j += 1;
            } else if s.get(j) == Some(&b'_') && s.get(j + 1) == Some(&b'0') {
                j += 2;
            } else {
                return j;
            }
        }
    }
    d
}

/// A malformed number in the compiler view: CPython's message and where it points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberError {
    pub message: String,
    /// Byte offsets such that CPython's 1-based `offset` (`end_offset`) is the number of characters
    /// of the line before `start` (`end`).
    pub start: usize,
    pub end: usize,
}

/// A number the compiler view accepts, with a deprecation warning when a keyword follows directly.
pub struct Number {
    pub end: usize,
    pub warning: Option<(String, usize)>,
}

/// `c < 128 && is_potential_identifier_char(c)` in `verify_end_of_number`: a non-ASCII letter
/// after a number starts a NAME token instead of making the number invalid.
fn is_potential_identifier_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The C tokenizer's `verify_end_of_number` for the character at `i`.
fn verify_end(
    s: &[u8],
    i: usize,
    kind: &str,
    warning: &mut Option<(String, usize)>,
) -> Result<(), NumberError> {
    let rest = &s[i.min(s.len())..];
    let keyword = [&b"and"[..], b"else", b"for", b"if", b"in", b"is", b"or", b"not"]
        .iter()
        .any(|k| rest.starts_with(k));
    if keyword {
        *warning = Some((format!("invalid {kind} literal"), i));
        return Ok(());
    }
    match s.get(i) {
        Some(&b) if is_potential_identifier_char(b) => Err(err(format!("invalid {kind} literal"), i, i)),
        _ => Ok(()),
    }
}

fn err(message: String, start: usize, end: usize) -> NumberError {
    NumberError { message, start, end }
}

/// `tok_decimal_tail`: digits with single underscores, from `i` (a digit).
fn decimal_tail(s: &[u8], mut i: usize) -> Result<usize, NumberError> {
    loop {
        while digit(s, i) {
            i += 1;
        }
        if s.get(i) != Some(&b'_') {
            return Ok(i);
        }
        if !digit(s, i + 1) {
            return Err(err("invalid decimal literal".into(), i + 1, i + 1));
        }
        i += 1;
    }
}

/// The C tokenizer's number scan at `i` (a digit or '.' followed by a digit). Error positions are
/// byte offsets of the character CPython's `offset` points at.
pub fn compiler_number(s: &[u8], i: usize) -> Result<Number, NumberError> {
    let mut warning = None;
    let mut c;
    if s[i] == b'.' {
        c = decimal_tail(s, i + 1)?;
        return float_tail(s, c, warning);
    }
    if s[i] == b'0' {
        if let Some(&p @ (b'x' | b'X' | b'o' | b'O' | b'b' | b'B')) = s.get(i + 1) {
            {
                let (ok, kind): (fn(u8) -> bool, &str) = match p {
                    b'x' | b'X' => (|b: u8| b.is_ascii_hexdigit(), "hexadecimal"),
                    b'o' | b'O' => (|b: u8| (b'0'..=b'7').contains(&b), "octal"),
                    _ => (|b: u8| b == b'0' || b == b'1', "binary"),
                };
                let mut j = i + 2;
                loop {
                    if s.get(j) == Some(&b'_') {
                        j += 1;
                    }
                    if !s.get(j).is_some_and(|&b| ok(b)) {
                        if kind != "hexadecimal" && digit(s, j) {
                            return Err(err(
                                format!("invalid digit '{}' in {kind} literal", s[j] as char),
                                j + 1,
                                j + 1,
                            ));
                        }
                        return Err(err(format!("invalid {kind} literal"), j, j));
                    }
                    while s.get(j).is_some_and(|&b| ok(b)) {
                        j += 1;
                    }
                    if s.get(j) != Some(&b'_') {
                        break;
                    }
                }
                if kind != "hexadecimal" && digit(s, j) {
                    return Err(err(
                        format!("invalid digit '{}' in {kind} literal", s[j] as char),
                        j + 1,
                        j + 1,
                    ));
                }
                verify_end(s, j, kind, &mut warning)?;
                return Ok(Number { end: j, warning });
            }
        }
        // Zeros, then maybe an old-style octal (an error) or a float.
        c = i + 1;
        loop {
            if s.get(c) == Some(&b'_') {
                c += 1;
                if !digit(s, c) {
                    return Err(err("invalid decimal literal".into(), c, c));
                }
            }
            if s.get(c) != Some(&b'0') {
                break;
            }
            c += 1;
        }
        let zeros_end = c;
        let nonzero = digit(s, c);
        if nonzero {
            c = decimal_tail(s, c)?;
        }
        match s.get(c) {
            Some(b'.' | b'e' | b'E' | b'j' | b'J') => return float_tail(s, c, warning),
            _ if nonzero => {
                return Err(err(
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"
                        .into(),
                    i + 1,
                    zeros_end + 1,
                ))
            }
            _ => {}
        }
        verify_end(s, c, "decimal", &mut warning)?;
        return Ok(Number { end: c, warning });
    }
    c = decimal_tail(s, i)?;
    float_tail(s, c, warning)
}

/// From the character after the integer part: fraction, exponent, imaginary suffix.
fn float_tail(s: &[u8], mut c: usize, mut warning: Option<(String, usize)>) -> Result<Number, NumberError> {
    if s.get(c) == Some(&b'.') {
        c += 1;
        if digit(s, c) {
            c = decimal_tail(s, c)?;
        }
    }
    if matches!(s.get(c), Some(b'e' | b'E')) {
        let e = c;
        c += 1;
        if matches!(s.get(c), Some(b'+' | b'-')) {
            c += 1;
            if !digit(s, c) {
                return Err(err("invalid decimal literal".into(), c, c));
            }
        } else if !digit(s, c) {
            verify_end(s, e, "decimal", &mut warning)?;
            return Ok(Number { end: e, warning });
        }
        c = decimal_tail(s, c)?;
    }
    if matches!(s.get(c), Some(b'j' | b'J')) {
        c += 1;
        verify_end(s, c, "imaginary", &mut warning)?;
    } else {
        verify_end(s, c, "decimal", &mut warning)?;
    }
    Ok(Number { end: c, warning })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> &str {
        &s[..module_number(s.as_bytes(), 0)]
    }

    #[test]
    fn module_numbers_split_like_the_regex() {
        assert_eq!(m("0777"), "0");
        assert_eq!(m("0777j"), "0777j");
        assert_eq!(m("1_"), "1");
        assert_eq!(m("0b102"), "0b10");
        assert_eq!(m("1.e5j+"), "1.e5j");
        assert_eq!(m(".5e-3x"), ".5e-3");
        assert_eq!(m("0x_fg"), "0x_f");
        assert_eq!(m("0_0_1"), "0_0");
        assert_eq!(m("1else"), "1");
        assert_eq!(m("1e_5"), "1");
    }

    #[test]
    fn compiler_numbers_fail_like_cpython() {
        let e = |s: &str| compiler_number(s.as_bytes(), 0).err().map(|e| (e.message, e.start, e.end));
        assert_eq!(e("1_ "), Some(("invalid decimal literal".into(), 2, 2)));
        assert_eq!(e("0x "), Some(("invalid hexadecimal literal".into(), 2, 2)));
        assert_eq!(e("0o8"), Some(("invalid digit '8' in octal literal".into(), 3, 3)));
        assert_eq!(e("1.5j3"), Some(("invalid imaginary literal".into(), 4, 4)));
        assert!(e("0777").unwrap().0.starts_with("leading zeros"));
        assert_eq!(compiler_number(b"1if", 0).unwrap().end, 1);
        assert_eq!(compiler_number(b"0_0.5e+3j)", 0).unwrap().end, 9);
    }
}
