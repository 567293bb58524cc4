//! Source encoding: `tokenize.detect_encoding` (BOM, PEP 263 cookie in the first two lines, name
//! normalisation) and decoding to UTF-8 text.
//!
//! pyrite decodes natively what real sources use: UTF-8, latin-1, ASCII and a table of common
//! single-byte codecs (`codec_tables.rs`, generated from CPython). A cookie naming another codec
//! CPython knows (for example a multi-byte Asian codec) is reported as unsupported, never guessed.

use super::codec_tables::{ALIASES, TABLES};

/// The outcome of detection: the encoding name as `tokenize` reports it and where the text starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    /// `utf-8`, `iso-8859-1`, or the cookie's own spelling (`tokenize._get_normal_name`).
    pub name: String,
    pub bom: bool,
    /// Which codec decodes the bytes.
    pub codec: Codec,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    Utf8,
    Latin1,
    Ascii,
    /// Index into the single-byte tables.
    Table(usize),
}

/// Why a source could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EncodingError {
    /// What `detect_encoding` raises as SyntaxError (message without the filename part; see
    /// [`EncodingError::message`]).
    InvalidDeclaration,
    Unknown(String),
    /// A BOM with a cookie naming another codec (its normalised name).
    BomMismatch(String),
    /// A codec CPython knows that pyrite does not decode.
    Unsupported(String),
    /// Bytes the codec rejects: CPython's UnicodeDecodeError. `line` is 1-based; `pos` is the
    /// byte offset inside that line (CPython decodes line by line); `reason` as CPython words it.
    Decode {
        codec: &'static str,
        line: usize,
        line_offset: usize,
        byte: u8,
        pos: usize,
        reason: &'static str,
    },
}

impl EncodingError {
    /// The message `tokenize.detect_encoding` (with `filename`, or None for stdin) would raise.
    pub fn message(&self, filename: Option<&str>) -> String {
        let file = filename.map(crate::tokenize::py_str_repr);
        match (self, file) {
            (EncodingError::InvalidDeclaration, None) => "invalid or missing encoding declaration".into(),
            (EncodingError::InvalidDeclaration, Some(f)) => {
                format!("invalid or missing encoding declaration for {f}")
            }
            (EncodingError::Unknown(e), None) => format!("unknown encoding: {e}"),
            (EncodingError::Unknown(e), Some(f)) => format!("unknown encoding for {f}: {e}"),
            (EncodingError::BomMismatch(_), None) => "encoding problem: utf-8".into(),
            (EncodingError::BomMismatch(_), Some(f)) => format!("encoding problem for {f}: utf-8"),
            (EncodingError::Unsupported(e), _) => {
                format!("pyrite cannot decode source encoding '{e}' (supported: utf-8, latin-1, ascii and common single-byte codecs)")
            }
            (EncodingError::Decode { codec, byte, pos, reason, .. }, _) => {
                format!("'{codec}' codec can't decode byte 0x{byte:02x} in position {pos}: {reason}")
            }
        }
    }
}

/// `tokenize._get_normal_name`.
pub fn normal_name(orig: &str) -> String {
    let enc: String = orig.chars().take(12).collect::<String>().to_lowercase().replace('_', "-");
    if enc == "utf-8" || enc.starts_with("utf-8-") {
        return "utf-8".into();
    }
    if ["latin-1", "iso-8859-1", "iso-latin-1"].contains(&enc.as_str())
        || ["latin-1-", "iso-8859-1-", "iso-latin-1-"].iter().any(|p| enc.starts_with(p))
    {
        return "iso-8859-1".into();
    }
    orig.to_string()
}

/// `codecs.lookup` restricted to what pyrite decodes: `Ok(None)` for a name CPython would not know
/// either (as far as pyrite can tell), `Err` for a known but unsupported codec.
fn lookup(name: &str) -> Result<Option<Codec>, EncodingError> {
    // encodings.normalize_encoding, after codecs.lookup's lower-casing.
    let mut norm = String::new();
    let mut punct = false;
    for c in name.to_lowercase().chars() {
        if c.is_alphanumeric() || c == '.' {
            if punct && !norm.is_empty() {
                norm.push('_');
            }
            norm.push(c);
            punct = false;
        } else {
            punct = true;
        }
    }
    let find = |n: &str| ALIASES.iter().find(|(a, _)| *a == n).map(|(_, c)| *c);
    let Some(codec) = find(&norm).or_else(|| find(&norm.replace('.', "_"))) else {
        return if KNOWN_UNSUPPORTED.iter().any(|k| norm.starts_with(k)) {
            Err(EncodingError::Unsupported(name.to_string()))
        } else {
            Ok(None)
        };
    };
    Ok(Some(match codec {
        "utf_8" => Codec::Utf8,
        "latin_1" => Codec::Latin1,
        "ascii" => Codec::Ascii,
        other => Codec::Table(TABLES.iter().position(|(n, _)| *n == other).expect("generated tables agree")),
    }))
}

/// Prefixes of codec names CPython decodes but pyrite does not (reported as unsupported, not unknown).
const KNOWN_UNSUPPORTED: &[&str] = &[
    "utf_16",
    "utf_32",
    "utf16",
    "utf32",
    "utf_7",
    "utf7",
    "big5",
    "cp",
    "euc",
    "gb",
    "hz",
    "iso2022",
    "iso_2022",
    "iso8859",
    "iso_8859",
    "johab",
    "koi8",
    "mac",
    "shift_jis",
    "sjis",
    "windows",
    "latin",
    "ptcp154",
    "tis",
    "kz1048",
    "hp_roman8",
    "ebcdic",
    "ibm",
    "idna",
    "punycode",
    "raw_unicode",
    "unicode_escape",
    "palmos",
    "8859",
    "l",
    "charmap",
    "mbcs",
    "oem",
    "ms",
];

/// The first line of `bytes` including its `\n`.
fn first_line(bytes: &[u8]) -> (&[u8], &[u8]) {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(i) => bytes.split_at(i + 1),
        None => (bytes, &[]),
    }
}

/// `cookie_re`: `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)` (ASCII), on a line decoded as UTF-8.
fn find_cookie_name(line: &str) -> Option<&str> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() && matches!(b[i], b' ' | b'\t' | 0x0c) {
        i += 1;
    }
    if b.get(i) != Some(&b'#') {
        return None;
    }
    let rest = &line[i + 1..];
    // `.` does not match `\n`; the lazy `.*?` takes the first `coding[:=]` that has a name after it.
    let rest = rest.split('\n').next().unwrap_or("");
    let rb = rest.as_bytes();
    let mut from = 0;
    while let Some(k) = rest[from..].find("coding") {
        let at = from + k + 6;
        if matches!(rb.get(at), Some(b':' | b'=')) {
            let mut j = at + 1;
            while j < rb.len() && matches!(rb[j], b' ' | b'\t') {
                j += 1;
            }
            let start = j;
            while j < rb.len() && (rb[j].is_ascii_alphanumeric() || matches!(rb[j], b'-' | b'_' | b'.')) {
                j += 1;
            }
            if j > start {
                return Some(&rest[start..j]);
            }
        }
        from = from + k + 1;
    }
    None
}

/// `blank_re`: `^[ \t\f]*(?:[#\r\n]|$)` on bytes.
fn is_blank(line: &[u8]) -> bool {
    let mut i = 0;
    while i < line.len() && matches!(line[i], b' ' | b'\t' | 0x0c) {
        i += 1;
    }
    i == line.len() || matches!(line[i], b'#' | b'\r' | b'\n')
}

/// `tokenize.detect_encoding` on the whole file (the bytes after a BOM are what it returns).
pub fn detect(bytes: &[u8]) -> Result<Detected, EncodingError> {
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let body = if bom { &bytes[3..] } else { bytes };
    let default = Detected { name: "utf-8".into(), bom, codec: Codec::Utf8 };
    let find_cookie = |line: &[u8]| -> Result<Option<Detected>, EncodingError> {
        let text = std::str::from_utf8(line).map_err(|_| EncodingError::InvalidDeclaration)?;
        let Some(raw) = find_cookie_name(text) else { return Ok(None) };
        let name = normal_name(raw);
        let codec = lookup(&name)?.ok_or_else(|| EncodingError::Unknown(name.clone()))?;
        if bom && name != "utf-8" {
            return Err(EncodingError::BomMismatch(name));
        }
        Ok(Some(Detected { name, bom, codec }))
    };
    let (first, rest) = first_line(body);
    if first.is_empty() {
        return Ok(default);
    }
    if let Some(d) = find_cookie(first)? {
        return Ok(d);
    }
    if !is_blank(first) {
        return Ok(default);
    }
    let (second, _) = first_line(rest);
    if second.is_empty() {
        return Ok(default);
    }
    Ok(find_cookie(second)?.unwrap_or(default))
}

/// Decodes the body (after any BOM) with the detected codec. Errors report the line and the
/// offset inside it, as decoding line by line does.
pub fn decode(body: &[u8], codec: Codec) -> Result<String, EncodingError> {
    match codec {
        Codec::Utf8 => match std::str::from_utf8(body) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => Err(utf8_error(body, e)),
        },
        Codec::Latin1 => Ok(body.iter().map(|&b| b as char).collect()),
        Codec::Ascii => match body.iter().position(|&b| b >= 0x80) {
            None => Ok(String::from_utf8(body.to_vec()).expect("ascii")),
            Some(i) => Err(decode_error(body, i, "ascii", "ordinal not in range(128)")),
        },
        Codec::Table(t) => {
            let (name, table) = &TABLES[t];
            let mut out = String::with_capacity(body.len() + body.len() / 8);
            for (i, &b) in body.iter().enumerate() {
                if b < 0x80 {
                    out.push(b as char);
                } else {
                    match char::from_u32(u32::from(table[usize::from(b - 0x80)])).filter(|&c| c != '\0') {
                        Some(c) => out.push(c),
                        None => {
                            let codec: &'static str = name;
                            return Err(decode_error(body, i, codec, "character maps to <undefined>"));
                        }
                    }
                }
            }
            Ok(out)
        }
    }
}

fn decode_error(body: &[u8], at: usize, codec: &'static str, reason: &'static str) -> EncodingError {
    let line_start = body[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = body[..line_start].iter().filter(|&&b| b == b'\n').count() + 1;
    EncodingError::Decode {
        codec,
        line,
        line_offset: line_start,
        byte: body[at],
        pos: at - line_start,
        reason,
    }
}

/// CPython's wording for the first invalid UTF-8 sequence.
fn utf8_error(body: &[u8], e: std::str::Utf8Error) -> EncodingError {
    let at = e.valid_up_to();
    let b = body[at];
    let reason = match e.error_len() {
        None => "unexpected end of data",
        Some(_) if (0x80..0xC2).contains(&b) || b > 0xF4 => "invalid start byte",
        Some(_) => "invalid continuation byte",
    };
    // A truncated sequence at the end of a line (not of the file) is "invalid continuation byte"
    // in CPython too only when followed by a byte; at a line end CPython decodes the line alone.
    let line_start = body[..at].iter().rposition(|&x| x == b'\n').map_or(0, |i| i + 1);
    let line_end = body[at..].iter().position(|&x| x == b'\n').map_or(body.len(), |i| at + i + 1);
    let line_reason = match std::str::from_utf8(&body[at..line_end]) {
        Err(le) if le.valid_up_to() == 0 && le.error_len().is_none() => "unexpected end of data",
        _ => reason,
    };
    let mut err = decode_error(body, at, "utf-8", line_reason);
    if let EncodingError::Decode { line_offset, .. } = &mut err {
        debug_assert_eq!(*line_offset, line_start);
    }
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_like_tokenize() {
        assert_eq!(detect(b"x = 1\n").unwrap().name, "utf-8");
        assert_eq!(detect(b"# coding=utf8\n").unwrap().name, "utf8");
        assert_eq!(detect(b"# -*- coding: latin-1 -*-\n").unwrap().name, "iso-8859-1");
        assert_eq!(
            detect(b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n").unwrap().name,
            "cp1252"
        );
        assert_eq!(detect(b"x = 1\n# coding: latin-1\n").unwrap().name, "utf-8");
        assert_eq!(
            detect(b"\xEF\xBB\xBF# coding: latin-1\n").unwrap_err(),
            EncodingError::BomMismatch("iso-8859-1".into())
        );
        assert_eq!(detect(b"# coding: uft-8\n").unwrap_err(), EncodingError::Unknown("uft-8".into()));
        assert_eq!(detect(b"# \xff\n").unwrap_err(), EncodingError::InvalidDeclaration);
        let d = detect(b"\xEF\xBB\xBFx\n").unwrap();
        assert!(d.bom && d.name == "utf-8");
    }

    #[test]
    fn decodes_single_byte_codecs() {
        let d = detect(b"# coding: koi8-r\n").unwrap();
        assert_eq!(decode(b"\xc1", d.codec).unwrap(), "\u{430}");
        assert_eq!(decode(b"\xe9", Codec::Latin1).unwrap(), "\u{e9}");
        match decode(b"x\n\xff", Codec::Utf8).unwrap_err() {
            EncodingError::Decode { line, pos, reason, .. } => {
                assert_eq!((line, pos, reason), (2, 0, "invalid start byte"))
            }
            e => panic!("{e:?}"),
        }
    }
}
