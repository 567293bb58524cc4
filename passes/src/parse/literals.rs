//! Literal decoding: numbers, string and bytes literals (escapes, raw, implicit concatenation),
//! and NFKC normalisation of identifiers.

use super::expressions::P;
use super::parser::{PTok, Parser};
use pyrite_ir::ast::*;
use pyrite_ir::TokenType as T;
use unicode_normalization::UnicodeNormalization;

pub(crate) fn nfkc(s: &str) -> String {
    s.nfkc().collect()
}

/// The prefix flags and body of one STRING token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StrParts<'a> {
    pub raw: bool,
    pub bytes: bool,
    pub fstring: bool,
    pub u: bool,
    /// Bytes from the token start to the body (prefix and opening quotes).
    pub body_offset: usize,
    pub body: &'a str,
}

pub(crate) fn split_string_token(s: &str) -> StrParts<'_> {
    let prefix_len = s.find(['\'', '"']).unwrap_or(0);
    let prefix = &s[..prefix_len];
    let mut parts = StrParts { raw: false, bytes: false, fstring: false, u: false, body_offset: 0, body: "" };
    for c in prefix.chars() {
        match c {
            'r' | 'R' => parts.raw = true,
            'b' | 'B' => parts.bytes = true,
            'f' | 'F' => parts.fstring = true,
            'u' | 'U' => parts.u = true,
            _ => {}
        }
    }
    let rest = &s[prefix_len..];
    let q = if rest.len() >= 6 && (rest.starts_with("'''") || rest.starts_with("\"\"\"")) { 3 } else { 1 };
    let end = rest.len().saturating_sub(q).max(q);
    parts.body_offset = prefix_len + q;
    parts.body = &rest[q.min(rest.len())..end];
    parts
}

/// Appends code point `cp` as WTF-8 (surrogates encoded like other code points).
pub(crate) fn push_wtf8(out: &mut Vec<u8>, cp: u32) {
    if let Some(c) = char::from_u32(cp) {
        let mut buf = [0; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    } else {
        out.push(0xe0 | (cp >> 12) as u8);
        out.push(0x80 | ((cp >> 6) & 0x3f) as u8);
        out.push(0x80 | (cp & 0x3f) as u8);
    }
}

/// Why an escape sequence could not be decoded (CPython's codec error wording).
pub(crate) struct EscapeError {
    pub msg: String,
}

/// Decodes the body of a non-raw literal. `bytes` selects bytes semantics (no \u, \U, \N; values
/// are bytes). Newlines are normalised as CPython's tokenizer does (`\r\n` and `\r` -> `\n`).
pub(crate) fn decode_escapes(body: &str, bytes: bool, out: &mut Vec<u8>) -> Result<(), EscapeError> {
    let b = body.as_bytes();
    let mut i = 0;
    let codec = "unicodeescape";
    while i < b.len() {
        let c = b[i];
        if c == b'\r' {
            out.push(b'\n');
            i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            continue;
        }
        if c != b'\\' {
            // Copy a run of ordinary bytes at once.
            let start = i;
            while i < b.len() && b[i] != b'\\' && b[i] != b'\r' {
                i += 1;
            }
            out.extend_from_slice(&b[start..i]);
            continue;
        }
        let start = i;
        i += 1;
        let Some(&e) = b.get(i) else {
            return Err(EscapeError { msg: format!("(unicode error) '{codec}' codec can't decode bytes in position {}-{}: \\ at end of string", start, start) });
        };
        i += 1;
        match e {
            b'\n' => {}
            b'\r' => {
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + (d - b'0') as u32;
                            i += 1;
                        }
                        _ => break,
                    }
                }
                if bytes {
                    out.push(v as u8);
                } else {
                    push_wtf8(out, v);
                }
            }
            b'x' | b'u' | b'U' if e == b'x' || !bytes => {
                let n = match e {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let digits = b.get(i..i + n).filter(|d| d.iter().all(|x| x.is_ascii_hexdigit()));
                let Some(d) = digits else {
                    let avail = b[i..].iter().take(n).take_while(|x| x.is_ascii_hexdigit()).count();
                    let what = match e {
                        b'x' => "truncated \\xXX escape",
                        b'u' => "truncated \\uXXXX escape",
                        _ => "truncated \\UXXXXXXXX escape",
                    };
                    let end = i + avail - 1;
                    if bytes {
                        return Err(EscapeError {
                            msg: format!("(value error) invalid \\x escape at position {}", start),
                        });
                    }
                    return Err(EscapeError {
                        msg: format!(
                            "(unicode error) '{codec}' codec can't decode bytes in position {}-{}: {what}",
                            start, end
                        ),
                    });
                };
                let v = u32::from_str_radix(std::str::from_utf8(d).unwrap(), 16).unwrap();
                i += n;
                if bytes {
                    out.push(v as u8);
                } else if v > 0x10ffff {
                    return Err(EscapeError {
                        msg: format!(
                            "(unicode error) '{codec}' codec can't decode bytes in position {}-{}: illegal Unicode character",
                            start,
                            i - 1
                        ),
                    });
                } else {
                    push_wtf8(out, v);
                }
            }
            b'N' if !bytes => {
                let name_end =
                    if b.get(i) == Some(&b'{') { body[i + 1..].find('}').map(|k| i + 1 + k) } else { None };
                let cp = name_end.and_then(|end| unicode_names2::character(&body[i + 1..end]));
                match (name_end, cp) {
                    (Some(end), Some(ch)) => {
                        push_wtf8(out, ch as u32);
                        i = end + 1;
                    }
                    (Some(end), None) => {
                        return Err(EscapeError {
                            msg: format!(
                                "(unicode error) '{codec}' codec can't decode bytes in position {}-{}: unknown Unicode character name",
                                start, end
                            ),
                        })
                    }
                    _ => {
                        return Err(EscapeError {
                            msg: format!(
                                "(unicode error) '{codec}' codec can't decode bytes in position {}-{}: malformed \\N character escape",
                                start,
                                (i).min(b.len()) - 1 + usize::from(b.get(i) == Some(&b'{'))
                            ),
                        })
                    }
                }
            }
            _ => {
                // Unknown escape: kept as is (CPython warns with DeprecationWarning).
                out.push(b'\\');
                i -= 1;
            }
        }
    }
    Ok(())
}

/// A raw body with CPython's newline normalisation.
pub(crate) fn raw_body(body: &str, out: &mut Vec<u8>) {
    if !body.contains('\r') {
        out.extend_from_slice(body.as_bytes());
        return;
    }
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\r' {
            out.push(b'\n');
            i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
}

pub(crate) fn str_constant(bytes: Vec<u8>) -> Constant {
    match String::from_utf8(bytes) {
        Ok(s) => Constant::Str(s.into_boxed_str()),
        Err(e) => Constant::SurrogateStr(e.into_bytes().into_boxed_slice()),
    }
}

/// Digits of `s` (ASCII, in `radix`) as a decimal string, for integers past `i64`.
fn to_decimal(s: &str, radix: u32) -> String {
    // Little-endian limbs in base 1e9.
    let mut limbs: Vec<u64> = vec![0];
    for c in s.chars() {
        let d = c.to_digit(radix).unwrap_or(0) as u64;
        let mut carry = d;
        for l in limbs.iter_mut() {
            let v = *l * radix as u64 + carry;
            *l = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        while carry > 0 {
            limbs.push(carry % 1_000_000_000);
            carry /= 1_000_000_000;
        }
    }
    let mut out = limbs.last().unwrap().to_string();
    for l in limbs.iter().rev().skip(1) {
        out.push_str(&format!("{l:09}"));
    }
    out
}

fn int_constant(digits: &str, radix: u32) -> Constant {
    match i64::from_str_radix(digits, radix) {
        Ok(v) => Constant::Int(v),
        Err(_) => {
            let d = to_decimal(digits, radix);
            match d.parse::<i64>() {
                Ok(v) => Constant::Int(v),
                Err(_) => Constant::BigInt(d.into()),
            }
        }
    }
}

/// The value of a NUMBER token's text.
pub(crate) fn parse_number(s: &str) -> Option<Constant> {
    let clean: std::borrow::Cow<str> = if s.contains('_') { s.replace('_', "").into() } else { s.into() };
    let c = clean.as_ref();
    let lower2 = c.get(..2).map(|p| p.to_ascii_lowercase());
    match lower2.as_deref() {
        Some("0x") => return Some(int_constant(&c[2..], 16)),
        Some("0o") => return Some(int_constant(&c[2..], 8)),
        Some("0b") => return Some(int_constant(&c[2..], 2)),
        _ => {}
    }
    if let Some(imag) = c.strip_suffix(['j', 'J']) {
        let v: f64 = imag.parse().ok()?;
        return Some(Constant::Complex(Box::new((0.0, v))));
    }
    if c.contains(['.', 'e', 'E']) {
        return Some(Constant::Float(c.parse().ok()?));
    }
    Some(int_constant(c, 10))
}

impl Parser<'_> {
    pub(crate) fn number(&mut self, t: &PTok) -> P<Constant> {
        let s = self.text_of(t);
        match parse_number(s) {
            Some(c) => Some(c),
            None => self.raise_tok("invalid number literal", *t),
        }
    }

    /// strings: STRING+ (implicit concatenation, f-strings included)
    pub(crate) fn strings(&mut self) -> P<Expr> {
        let first = self.mark();
        while self.at(T::STRING) {
            self.bump();
        }
        let last = self.pos - 1;
        let loc = self.loc_from(first);
        let text = self.text;
        let part = |t: &PTok| split_string_token(&text[t.start as usize..t.end as usize]);
        let head = part(&self.toks[first]);
        let kind_u = head.u;
        // Most literals are one token whose value is its body as written.
        let body = head.body.as_bytes();
        let as_written =
            if head.raw { memchr::memchr(b'\r', body) } else { memchr::memchr2(b'\\', b'\r', body) }
                .is_none();
        if first == last && !head.fstring && as_written {
            let value = if !head.bytes {
                Constant::Str(head.body.into())
            } else if head.body.is_ascii() {
                Constant::Bytes(head.body.as_bytes().into())
            } else {
                return self.raise_tok("bytes can only contain ASCII literal characters", self.toks[first]);
            };
            return Some(Expr::new(ExprKind::Constant { value, kind_u }, loc));
        }
        let mut any_bytes = false;
        let mut any_str = false;
        let mut any_f = false;
        let mut len = 0;
        for t in &self.toks[first..=last] {
            let p = part(t);
            if p.bytes {
                any_bytes = true;
            } else {
                any_str = true;
            }
            any_f |= p.fstring;
            len += p.body.len();
        }
        if any_bytes && any_str {
            return self.raise_at("cannot mix bytes and nonbytes literals", loc);
        }
        if !any_f {
            // Escapes only shorten a body, so this is room enough.
            let mut buf = Vec::with_capacity(len);
            for i in first..=last {
                let t = self.toks[i];
                let p = part(&t);
                if p.bytes && !p.body.is_ascii() {
                    return self.raise_tok("bytes can only contain ASCII literal characters", t);
                }
                if p.raw {
                    raw_body(p.body, &mut buf);
                } else if let Err(e) = decode_escapes(p.body, p.bytes, &mut buf) {
                    return self.raise_tok(e.msg, t);
                }
            }
            let value = if any_bytes { Constant::Bytes(buf.into_boxed_slice()) } else { str_constant(buf) };
            return Some(Expr::new(ExprKind::Constant { value, kind_u }, loc));
        }
        let toks: Vec<PTok> = self.toks[first..=last].to_vec();
        self.joined_str(&toks, loc, kind_u)
    }
}
