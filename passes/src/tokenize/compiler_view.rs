//! The compiler view: tokens for the parser, errors as the C tokenizer reports them.

use super::encoding::{self, EncodingError};
use super::scanner::{Col, ScanError, Scanner, View};
use pyrite_ir::token::char_col_in;
use pyrite_ir::{DecodedSource, Diagnostic, DiagnosticKind, Severity, SourceFile, TokenStream};
use std::sync::Arc;

/// Decodes and tokenizes a source file as `compile(bytes, ...)` would. Never fails: a decoding or
/// tokenizer error is in `TokenStream::error`, with the tokens before it.
pub fn tokenize(source: &SourceFile, type_comments: bool) -> TokenStream {
    let detected = match encoding::detect(&source.bytes) {
        Ok(d) => d,
        Err(e) => return failed(&source.name, encoding_diagnostic(&source.name, &source.bytes, &e)),
    };
    let body = if detected.bom { &source.bytes[3..] } else { &source.bytes[..] };
    match encoding::decode(body, detected.codec) {
        Ok(text) => scan(&source.name, &detected.name, detected.bom, text, type_comments),
        Err(e) => failed(&source.name, encoding_diagnostic(&source.name, body, &e)),
    }
}

/// Tokenizes already decoded text (`compile(str, ...)`).
pub fn tokenize_str(name: &str, text: &str, type_comments: bool) -> TokenStream {
    scan(name, "utf-8", false, text.to_string(), type_comments)
}

fn failed(name: &str, d: Diagnostic) -> TokenStream {
    TokenStream {
        source: Arc::new(DecodedSource::with_newlines(name, "utf-8", false, String::new(), true)),
        tokens: Vec::new(),
        error: Some(d),
        warnings: Vec::new(),
    }
}

fn scan(name: &str, encoding: &str, bom: bool, text: String, type_comments: bool) -> TokenStream {
    let source = Arc::new(DecodedSource::with_newlines(name, encoding, bom, text, true));
    let out = Scanner::new(&source.text, View::Compiler, type_comments)
        .with_line_starts(&source.line_starts)
        .with_encoding_token()
        .run();
    let tokens = out.tokens;
    let error = out.error.map(|e| diagnostic(&source, &e));
    let warnings = out
        .warnings
        .iter()
        .map(|w| {
            let line = source.line(w.line as usize);
            let off = char_col_in(line, w.col as usize) as u32 + 1;
            let mut d = Diagnostic::error(DiagnosticKind::DeprecationWarning, name, &w.message)
                .at(w.line, off, w.line, off)
                .with_text(line);
            d.severity = Severity::Warning;
            d
        })
        .collect();
    TokenStream { source, tokens, error, warnings }
}

/// A scanner error as CPython's SyntaxError attributes.
pub(crate) fn diagnostic(source: &DecodedSource, e: &ScanError) -> Diagnostic {
    let col = |line: u32, c: Col| -> Option<u32> {
        match c {
            Col::Chars(b) => Some(char_col_in(source.line(line as usize), b as usize) as u32),
            Col::Raw(v) => u32::try_from(v).ok(),
        }
    };
    let mut d = Diagnostic::error(e.kind, &source.name, &e.message);
    d.lineno = Some(e.line);
    d.offset = col(e.line, e.col);
    d.end_lineno = Some(e.end_line);
    d.end_offset = col(e.end_line, e.end_col);
    let line_start = source.line_starts.get(e.line.saturating_sub(1) as usize).copied().unwrap_or(0);
    if let Col::Chars(b) = e.col {
        let s = (line_start + b).min(source.text.len() as u32);
        d.span = Some((s.saturating_sub(1), s));
    }
    let text = source.line(e.line as usize);
    if !text.is_empty() {
        d.text = Some(text.to_string());
    }
    d
}

/// How `compile()` reports a source it cannot decode.
fn encoding_diagnostic(name: &str, body: &[u8], e: &EncodingError) -> Diagnostic {
    match e {
        EncodingError::Unknown(enc) => {
            let mut d =
                Diagnostic::error(DiagnosticKind::SyntaxError, name, format!("unknown encoding: {enc}"));
            d.lineno = Some(0);
            d
        }
        EncodingError::BomMismatch(enc) => {
            let mut d = Diagnostic::error(
                DiagnosticKind::SyntaxError,
                name,
                format!("encoding problem: {enc} with BOM"),
            );
            d.lineno = Some(0);
            d
        }
        EncodingError::Unsupported(_) => {
            Diagnostic::error(DiagnosticKind::SyntaxError, name, e.message(Some(name)))
        }
        EncodingError::InvalidDeclaration => {
            // Invalid UTF-8 in the first two lines without a cookie: found where decoding fails.
            match encoding::decode(body, encoding::Codec::Utf8) {
                Err(inner @ EncodingError::Decode { .. }) => encoding_diagnostic(name, body, &inner),
                _ => Diagnostic::error(DiagnosticKind::SyntaxError, name, e.message(None)),
            }
        }
        EncodingError::Decode { codec, line, line_offset, byte, reason, pos } => {
            if *codec == "utf-8" {
                if let Some(d) = string_literal_decode_error(name, body, line_offset + pos, *byte, reason) {
                    return d;
                }
            }
            // CPython decodes while parsing and reports the offending token's decoding error.
            let msg = format!(
                "(unicode error) '{codec}' codec can't decode byte 0x{byte:02x} in position 0: {reason}"
            );
            let line_bytes =
                body[*line_offset..].split(|&b| b == b'\n').next().map_or(0, |l| l.len() + 1) as u32;
            let (off, end) = if *line == 1 { (Some(1), None) } else { (Some(line_bytes), Some(line_bytes)) };
            let mut d = Diagnostic::error(DiagnosticKind::SyntaxError, name, msg);
            d.lineno = Some(*line as u32);
            d.offset = off;
            d.end_lineno = Some(*line as u32);
            d.end_offset = end;
            d
        }
    }
}

/// `compile(bytes)` does not validate UTF-8 up front: the parser decodes a string literal's body
/// when it builds the Constant, and reports the byte's position in the body (in the run of
/// non-ASCII bytes when the body has escapes), at the token after the literal(s). `None` when
/// the bad byte is not in a plain (non-bytes, non-f) string literal.
fn string_literal_decode_error(
    name: &str,
    body: &[u8],
    pos: usize,
    byte: u8,
    reason: &str,
) -> Option<Diagnostic> {
    // Same length as the source, with the undecodable bytes as '?', to find the tokens.
    let mut text = String::with_capacity(body.len());
    for chunk in body.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(std::iter::repeat_n('?', chunk.invalid().len()));
    }
    let ts = tokenize_str(name, &text, false);
    let i = ts.tokens.iter().position(|t| {
        t.ty == pyrite_ir::TokenType::STRING && (t.start as usize) <= pos && pos < t.end as usize
    })?;
    let tok = &text[ts.tokens[i].start as usize..ts.tokens[i].end as usize];
    let prefix_len = tok.find(['\'', '"'])?;
    let prefix = tok[..prefix_len].to_ascii_lowercase();
    if prefix.contains('b') || prefix.contains('f') {
        return None;
    }
    let quote = &tok[prefix_len..];
    let q = if quote.starts_with("\"\"\"") || quote.starts_with("'''") { 3 } else { 1 };
    let body_start = ts.tokens[i].start as usize + prefix_len + q;
    let body_end = ts.tokens[i].end as usize - q;
    let lit = &body[body_start..body_end];
    let position = if prefix.contains('r') || !lit.contains(&b'\\') {
        pos - body_start
    } else {
        let run_start = (body_start..pos).rev().take_while(|&k| body[k] & 0x80 != 0).last().unwrap_or(pos);
        pos - run_start
    };
    let msg = format!(
        "(unicode error) 'utf-8' codec can't decode byte 0x{byte:02x} in position {position}: {reason}"
    );
    // The parser has read the token after the literal (and any literals concatenated to it).
    let next = ts.tokens[i + 1..].iter().find(|t| {
        !matches!(
            t.ty,
            pyrite_ir::TokenType::STRING | pyrite_ir::TokenType::NL | pyrite_ir::TokenType::COMMENT
        )
    })?;
    let source = DecodedSource::with_newlines(name, "utf-8", false, text.clone(), true);
    let line = source.line(next.start_line as usize);
    let mut d = Diagnostic::error(DiagnosticKind::SyntaxError, name, msg);
    d.lineno = Some(next.start_line);
    d.offset = Some(char_col_in(line, next.start_col as usize) as u32 + 1);
    // The C tokenizer's NEWLINE token has no width.
    let (end_line, end_col) = if next.ty == pyrite_ir::TokenType::NEWLINE {
        (next.start_line, next.start_col)
    } else {
        (next.end_line, next.end_col)
    };
    d.end_lineno = Some(end_line);
    d.end_offset = Some(char_col_in(source.line(end_line as usize), end_col as usize) as u32 + 1);
    Some(d)
}

#[cfg(test)]
mod tests {
    /// Expected values are CPython 3.11.7's `compile(bytes)` SyntaxError attributes.
    #[test]
    fn undecodable_string_literals_are_reported_like_the_parser_does() {
        let cases: [(&[u8], &str, [u32; 4]); 5] = [
            (b"print(\"b\xf6se\")\n", "0xf6 in position 1: invalid start byte", [1, 13, 1, 14]),
            (b"x = \"ab\\n\xf6c\"\n", "0xf6 in position 0: invalid start byte", [1, 13, 1, 13]),
            (b"x = r'a\xf6'\n", "0xf6 in position 1: invalid start byte", [1, 10, 1, 10]),
            (b"x = (\"a\"\n \"b\xf6\")\n", "0xf6 in position 1: invalid start byte", [2, 6, 2, 7]),
            (
                b"x = 1\ny = \"\"\"\nab\xe9\n\"\"\"+1\n",
                "0xe9 in position 3: invalid continuation byte",
                [4, 4, 4, 5],
            ),
        ];
        for (src, msg, pos) in cases {
            let ts = super::tokenize(&pyrite_ir::SourceFile::new("x", src.to_vec()), false);
            let d = ts.error.expect("a decoding error");
            assert_eq!(d.message, format!("(unicode error) 'utf-8' codec can't decode byte {msg}"));
            let got = [d.lineno, d.offset, d.end_lineno, d.end_offset].map(|v| v.unwrap_or(0));
            assert_eq!(got, pos, "{:?}", String::from_utf8_lossy(src));
        }
    }
}
