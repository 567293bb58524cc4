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
    let out = Scanner::new(&text, View::Compiler, type_comments).with_encoding_token().run();
    let source = Arc::new(DecodedSource::with_newlines(name, encoding, bom, text, true));
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
        EncodingError::Decode { codec, line, line_offset, byte, reason, .. } => {
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
