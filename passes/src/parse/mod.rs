//! The `parse` stage (Tokens -> Ast): a hand-written recursive-descent parser following
//! CPython 3.11's Grammar/python.gram rule by rule (functions are named after the rules), with
//! precedence climbing for binary operators. It produces the same tree, positions and syntax
//! errors as `ast.parse`.
//!
//! Like CPython's PEG parser it works in two passes: a fast first pass, and when that fails a
//! second pass that also tries the `invalid_*` rules to find CPython's specific error message.
//! Deep nesting is bounded by an explicit depth counter and the parse runs on a thread with a
//! large stack, so no input can overflow the native stack.

mod errors;
mod expressions;
mod fstring;
mod literals;
mod names;
mod params;
mod parser;
mod patterns;
mod statements;
mod targets;

use crate::pass::{Context, Mode, Pass};
use parser::Parser;
use pyrite_ir::ast::Mod;
use pyrite_ir::{AstModule, Diagnostic, DiagnosticKind, Ir, IrKind, Token, TokenStream, TokenType};

pub use literals_api::parse_number_literal;

/// Re-exports for other stages and tests.
mod literals_api {
    /// The value of a Python number literal (`0x_ff`, `1e5j`, ...), as the parser computes it.
    pub fn parse_number_literal(s: &str) -> Option<pyrite_ir::ast::Constant> {
        super::literals::parse_number(s)
    }
}

/// Stack size of the parsing thread: generous, because recursion depth is bounded by
/// `parser::MAX_DEPTH` rather than by the stack.
const PARSE_STACK: usize = 256 << 20;

pub struct Parse;

pub fn pass() -> Box<dyn Pass> {
    Box::new(Parse)
}

impl Pass for Parse {
    fn name(&self) -> &str {
        "parse"
    }
    fn input(&self) -> IrKind {
        IrKind::Tokens
    }
    fn output(&self) -> IrKind {
        IrKind::Ast
    }
    fn run(&self, ir: Ir, cx: &mut Context) -> Result<Ir, Diagnostic> {
        let Ir::Tokens(ts) = ir else {
            return Err(Diagnostic::error(DiagnosticKind::InvalidInput, "", "parse expects tokens"));
        };
        let tree = parse_tokens(&ts, cx.options.mode, cx.options.type_comments)?;
        Ok(Ir::Ast(AstModule { source: ts.source.clone(), tree }))
    }
}

/// Parses a token stream in `mode` (on a large-stack thread).
pub fn parse_tokens(ts: &TokenStream, mode: Mode, type_comments: bool) -> Result<Mod, Diagnostic> {
    parse_tokens_with(ts, mode, type_comments, &default_sub_tokenizer)
}

/// [`parse_tokens`] with the tokenizer used for f-string replacement fields given explicitly
/// (tests use this to exercise the parser on tokens from another source).
pub fn parse_tokens_with(
    ts: &TokenStream,
    mode: Mode,
    type_comments: bool,
    sub: SubTokenizer<'_>,
) -> Result<Mod, Diagnostic> {
    let panicked = || {
        Err(Diagnostic::error(
            DiagnosticKind::SyntaxError,
            ts.source.name.clone(),
            "internal error: the parser panicked",
        ))
    };
    // A worker that already has a deep stack parses in place: a thread per file costs more
    // than the parse of a small one.
    if crate::pass::on_deep_stack_now() {
        let here = std::panic::AssertUnwindSafe(|| parse_tokens_here(ts, mode, type_comments, sub));
        return std::panic::catch_unwind(here).unwrap_or_else(|_| panicked());
    }
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("pyrite-parse".into())
            .stack_size(PARSE_STACK)
            .spawn_scoped(s, || parse_tokens_here(ts, mode, type_comments, sub))
            .map_err(|e| Diagnostic::error(DiagnosticKind::IoError, ts.source.name.clone(), e.to_string()))?
            .join()
            .unwrap_or_else(|_| panicked())
    })
}

fn run_mode(p: &mut Parser<'_>, mode: Mode) -> Option<Mod> {
    match mode {
        Mode::Exec => {
            let body = p.file()?;
            Some(Mod::Module { body, type_ignores: std::mem::take(&mut p.type_ignores) })
        }
        Mode::Eval => Some(Mod::Expression { body: Box::new(p.eval_input()?) }),
        Mode::Single => Some(Mod::Interactive { body: p.interactive()? }),
        Mode::FuncType => {
            let (argtypes, returns) = p.func_type_input()?;
            Some(Mod::FunctionType { argtypes, returns: Box::new(returns) })
        }
    }
}

/// Parses on the current thread (the caller guarantees enough stack for `MAX_DEPTH`).
pub fn parse_tokens_here(
    ts: &TokenStream,
    mode: Mode,
    type_comments: bool,
    sub: SubTokenizer<'_>,
) -> Result<Mod, Diagnostic> {
    let text = ts.source.text.as_str();
    let mut p = Parser::new(&ts.tokens, text, type_comments, sub);
    // Index of the synthetic ENDMARKER standing where the tokenizer stopped with an error.
    let tok_error_at = ts.error.as_ref().map(|_| p.toks.len() - 1);
    // Whether the parser read up to the tokenizer's error before raising one of its own: the
    // C tokenizer raises as soon as the parser asks for that token.
    let reached_tok_error = |p: &Parser<'_>| {
        let furthest = if p.error.is_some() { p.furthest_at_error } else { p.furthest };
        tok_error_at.is_some_and(|i| furthest >= i)
    };
    if let Some(m) = run_mode(&mut p, mode) {
        if p.error.is_none() && !reached_tok_error(&p) {
            return Ok(m);
        }
    }
    if reached_tok_error(&p) {
        return Err(ts.error.clone().unwrap());
    }
    // A rule error of the first pass, else the second pass with the invalid_* rules.
    let first_furthest = p.furthest;
    let err = match p.error.take() {
        Some(e) => Some(e),
        None => {
            let mut p2 = Parser::new(&ts.tokens, text, type_comments, sub);
            p2.call_invalid_rules = true;
            let _ = run_mode(&mut p2, mode);
            if reached_tok_error(&p2) {
                return Err(ts.error.clone().unwrap());
            }
            p2.error
        }
    };
    if let Some(err) = err {
        if err.kind == DiagnosticKind::MemoryError {
            return Err(Diagnostic::error(DiagnosticKind::MemoryError, ts.source.name.clone(), ""));
        }
        let d = errors::to_diagnostic(&err, &ts.source);
        return Err(tokenizer_error_first(ts, d));
    }
    let last = p.toks[first_furthest.min(p.toks.len() - 1)];
    let (kind, msg) = match last.ty {
        TokenType::INDENT => (DiagnosticKind::IndentationError, "unexpected indent"),
        TokenType::DEDENT => (DiagnosticKind::IndentationError, "unexpected unindent"),
        _ => (DiagnosticKind::SyntaxError, "invalid syntax"),
    };
    let at_indent = kind == DiagnosticKind::IndentationError;
    let err = parser::SyntaxErr {
        kind,
        msg: msg.into(),
        line: last.line,
        col: if at_indent { last.end_col } else { last.col },
        end_line: last.end_line,
        end_col: last.end_col,
        text_override: None,
        at_indent,
        end_raw: false,
    };
    let d = errors::to_diagnostic(&err, &ts.source);
    // CPython reports an unexpected INDENT/DEDENT without looking at the rest of the source.
    if at_indent {
        return Err(d);
    }
    Err(tokenizer_error_first(ts, d))
}

/// CPython's `_PyPegen_tokenize_full_source_to_check_for_errors`: after a parser error, the rest
/// of the source is tokenized, and a tokenizer error that raises an exception there replaces the
/// parser's error. Errors the C tokenizer only signals by status (bad dedent, tabs, line
/// continuation, EOF) do not, except an unclosed bracket opened on a line before the error.
fn tokenizer_error_first(ts: &TokenStream, parser_err: Diagnostic) -> Diagnostic {
    let Some(te) = &ts.error else { return parser_err };
    const STATUS_ONLY: [&str; 5] = [
        "unindent does not match any outer indentation level",
        "inconsistent use of tabs and spaces in indentation",
        "unexpected character after line continuation character",
        "unexpected EOF while parsing",
        "too many levels of indentation",
    ];
    if te.message.ends_with("was never closed") {
        if parser_err.lineno > te.lineno {
            return te.clone();
        }
        return parser_err;
    }
    if STATUS_ONLY.contains(&te.message.as_str()) {
        return parser_err;
    }
    te.clone()
}

/// Tokenizes the text of an f-string replacement field (`(expr)`) for the sub-parser: tokens
/// with byte offsets into `src`, or the tokenizer's error (placed in `src`).
pub type SubTokenizer<'t> = &'t (dyn Fn(&str) -> Result<Vec<Token>, Box<Diagnostic>> + Sync);

/// The sub-tokenizer the pipeline uses: the `tokenize` stage's scanner in the C tokenizer's view.
pub fn default_sub_tokenizer(src: &str) -> Result<Vec<Token>, Box<Diagnostic>> {
    let ts = crate::tokenize::tokenize_str("<fstring>", src, false);
    match ts.error {
        Some(e) => Err(Box::new(e)),
        None => Ok(ts.tokens),
    }
}
