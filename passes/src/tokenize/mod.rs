//! The `tokenize` stage (Source -> Tokens), exact to CPython 3.11.7.
//!
//! # One scanner, two views
//!
//! CPython 3.11 has two tokenizers that disagree on malformed input: the pure-Python
//! `Lib/tokenize.py` (what `python3 -m tokenize` prints) and the C tokenizer in
//! `Parser/tokenizer.c` (what `compile()` uses). pyrite has ONE scanner ([`scanner`]) with a
//! [`View`]:
//!
//! * [`module_view`] — exactly what `tokenize.tokenize` yields: an ENCODING token, COMMENT/NL,
//!   ERRORTOKEN for characters nothing matches and for unterminated single-quoted strings, numbers
//!   split the way its regex matches (`0777` is `0` `777`), a synthesized NEWLINE '' when the file
//!   lacks a final newline, `TokenError`/`IndentationError` as the module raises them. Columns are
//!   printed in code points.
//! * [`compiler_view`] — the token stream the parser consumes: the same tokens and positions for a
//!   valid file (COMMENT, NL and the ENCODING token stay in the stream and the parser skips them, so
//!   one [`TokenStream`](pyrite_ir::TokenStream) type serves both), byte columns, and instead of
//!   ERRORTOKENs the C tokenizer's errors as [`Diagnostic`](pyrite_ir::Diagnostic)s with CPython's
//!   exception class, message and `lineno`/`offset`/`end_lineno`/`end_offset`. A lone CR ends a
//!   line, as the C tokenizer's newline translation makes it. Tokenization stops at the first error:
//!   it is stored in `TokenStream::error` with the tokens before it, because CPython tokenizes lazily
//!   and the parser may hit its own error earlier; the parser decides which error wins.
//!
//! Token text is always the raw source: a CRLF stays `\r\n` inside NEWLINE tokens and string
//! literals (the parser must read CR LF and a lone CR inside string tokens as `\n`, as CPython's
//! newline translation does).
//!
//! Tokens store byte offsets and byte columns only; code-point columns are computed when dumping.
//!
//! # Encodings
//!
//! [`encoding`] reproduces `tokenize.detect_encoding` and decodes UTF-8, latin-1, ASCII and common
//! single-byte codecs natively; other codecs are refused with a clear error.

pub mod compiler_view;
pub mod encoding;
pub mod module_view;
pub mod scanner;

mod chars;
mod codec_tables;
mod numbers;
mod unicode_tables;

pub use compiler_view::{tokenize, tokenize_str};
pub use scanner::View;

use crate::pass::{Context, Pass};
use pyrite_ir::{Diagnostic, DiagnosticKind, Ir, IrKind};

/// The pipeline's tokenize pass: compiler-view tokens of a source file.
pub fn pass() -> Box<dyn Pass> {
    Box::new(TokenizePass)
}

struct TokenizePass;

impl Pass for TokenizePass {
    fn name(&self) -> &str {
        "tokenize"
    }
    fn input(&self) -> IrKind {
        IrKind::Source
    }
    fn output(&self) -> IrKind {
        IrKind::Tokens
    }
    fn run(&self, ir: Ir, cx: &mut Context) -> Result<Ir, Diagnostic> {
        let Ir::Source(src) = ir else {
            return Err(Diagnostic::error(DiagnosticKind::InvalidInput, "", "tokenize expects source input"));
        };
        let mut stream = tokenize(&src, cx.options.type_comments);
        for w in std::mem::take(&mut stream.warnings) {
            cx.report(w);
        }
        // A tokenizer error travels with the tokens before it: the parser decides, as CPython's
        // does, whether it or an earlier syntax error is reported (the pipeline reports it when
        // it stops at this stage).
        Ok(Ir::Tokens(stream))
    }
}

/// Python's `repr()` of a str.
pub(crate) fn py_str_repr(s: &str) -> String {
    pyrite_ir::pyrepr::str_repr(s)
}
