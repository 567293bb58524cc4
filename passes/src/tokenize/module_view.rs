//! The module view: what CPython 3.11.7's `Lib/tokenize.py` yields, and how its `main()`
//! (`python3 -m tokenize`) reports errors.

use super::encoding::{self, EncodingError};
use super::scanner::{Col, Scanner, View};
use pyrite_ir::token::char_col_in;
use pyrite_ir::{DecodedSource, DiagnosticKind, Token, TokenStream};
use std::sync::Arc;

/// Why tokenize.py stopped, as `python3 -m tokenize` tells them apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModuleError {
    /// `TokenError` or `IndentationError`: printed as `FILE:LINE:COL: error: MSG`; `col` is in
    /// code points.
    Positioned { kind: DiagnosticKind, message: String, line: u32, col: usize },
    /// A `SyntaxError` from `detect_encoding`: printed as `FILE: error: MSG`.
    Syntax(String),
    /// A `UnicodeDecodeError` while decoding a line (CPython prints "unexpected error: MSG" and a
    /// traceback).
    Decode(String),
    /// A codec pyrite does not decode natively.
    Unsupported(String),
}

/// The module view's tokens, and the error that ended them early.
pub struct ModuleTokens {
    pub stream: TokenStream,
    pub error: Option<ModuleError>,
}

/// `tokenize.tokenize(open(name, 'rb').readline)`: detect the encoding, then an ENCODING token.
pub fn tokenize_file(name: &str, bytes: &[u8]) -> ModuleTokens {
    let empty = |error| ModuleTokens {
        stream: stream(name, "utf-8", false, String::new(), vec![]),
        error: Some(error),
    };
    let detected = match encoding::detect(bytes) {
        Ok(d) => d,
        Err(e @ EncodingError::Unsupported(_)) => {
            return empty(ModuleError::Unsupported(e.message(Some(name))))
        }
        Err(e) => return empty(ModuleError::Syntax(e.message(Some(name)))),
    };
    let body = if detected.bom { &bytes[3..] } else { bytes };
    let text = match encoding::decode(body, detected.codec) {
        Ok(t) => t,
        Err(e) => return empty(ModuleError::Decode(e.message(Some(name)))),
    };
    scan(name, &detected.name, detected.bom, text, true)
}

/// `tokenize._tokenize(sys.stdin.readline, None)`: text read with universal newlines (CR LF and
/// CR become LF), UTF-8 without BOM handling, no ENCODING token.
pub fn tokenize_stdin(bytes: &[u8]) -> ModuleTokens {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => {
            let e = encoding::decode(bytes, encoding::Codec::Utf8).expect_err("invalid UTF-8");
            return ModuleTokens {
                stream: stream("<stdin>", "utf-8", false, String::new(), vec![]),
                error: Some(ModuleError::Decode(e.message(None))),
            };
        }
    };
    let text =
        if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() };
    scan("<stdin>", "utf-8", false, text, false)
}

/// The module view of already decoded text, with or without the ENCODING token.
pub fn tokenize_text(name: &str, text: &str, encoding_token: bool) -> ModuleTokens {
    scan(name, "utf-8", false, text.to_string(), encoding_token)
}

fn stream(name: &str, enc: &str, bom: bool, text: String, tokens: Vec<Token>) -> TokenStream {
    TokenStream {
        source: Arc::new(DecodedSource::new(name, enc, bom, text)),
        tokens,
        error: None,
        warnings: vec![],
    }
}

fn scan(name: &str, enc: &str, bom: bool, text: String, encoding_token: bool) -> ModuleTokens {
    let scanner = Scanner::new(&text, View::Module, false);
    let out = if encoding_token { scanner.with_encoding_token() } else { scanner }.run();
    let tokens = out.tokens;
    let stream = stream(name, enc, bom, text, tokens);
    let error = out.error.map(|e| {
        let col = match e.col {
            Col::Chars(b) => char_col_in(stream.source.line(e.line as usize), b as usize),
            Col::Raw(v) => v.max(0) as usize,
        };
        ModuleError::Positioned { kind: e.kind, message: e.message, line: e.line, col }
    });
    ModuleTokens { stream, error }
}

impl ModuleError {
    /// What `python3 -m tokenize` writes on stderr for this error (`filename` is `<stdin>` for
    /// standard input), without the final newline.
    pub fn cli_message(&self, filename: &str) -> String {
        match self {
            ModuleError::Positioned { message, line, col, .. } => {
                format!("{filename}:{line}:{col}: error: {message}")
            }
            ModuleError::Syntax(m) => format!("{filename}: error: {m}"),
            ModuleError::Decode(m) => format!("unexpected error: {m}"),
            ModuleError::Unsupported(m) => format!("pyrite: error: {m}"),
        }
    }
}

/// What `python3 -m tokenize [-e]` writes and returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliOutput {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: i32,
}

/// `python3 -m tokenize [-e] FILE` for a file whose bytes were read: it is tokenized completely
/// before anything is printed, so an error prints only the error.
pub fn cli_file(name: &str, bytes: &[u8], exact: bool) -> CliOutput {
    cli_output(name, tokenize_file(name, bytes), exact, false)
}

/// `python3 -m tokenize [-e]` reading standard input: tokens stream out, then any error.
pub fn cli_stdin(bytes: &[u8], exact: bool) -> CliOutput {
    cli_output("<stdin>", tokenize_stdin(bytes), exact, true)
}

fn cli_output(name: &str, result: ModuleTokens, exact: bool, streaming: bool) -> CliOutput {
    let mut out = CliOutput { stdout: Vec::new(), stderr: Vec::new(), status: 0 };
    if result.error.is_none() || streaming {
        out.stdout = result.stream.dump_text(exact).into_bytes();
    }
    if let Some(e) = &result.error {
        out.stderr = format!("{}\n", e.cli_message(name)).into_bytes();
        if matches!(e, ModuleError::Decode(_)) {
            out.stderr.extend_from_slice(b"(CPython also prints the UnicodeDecodeError's traceback here)\n");
        }
        out.status = 1;
    }
    out
}
