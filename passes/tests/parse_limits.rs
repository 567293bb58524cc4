//! Limits and robustness of the parser on hand-built token streams (the parse stage's own tests,
//! independent of the tokenizer): deep nesting must give an error, never a stack overflow; long
//! flat inputs must parse; arbitrary token sequences must never panic.

use proptest::prelude::*;
use pyrite_ir::ast::{Mod, StmtKind};
use pyrite_ir::{DecodedSource, Token, TokenStream, TokenType as T};
use pyrite_passes::Mode;
use std::sync::Arc;

/// Builds a token stream from logical lines of `(type, text)` tokens separated by single spaces,
/// each line indented by `indent` levels of 4 spaces (INDENT/DEDENT synthesised).
fn stream(lines: &[(usize, Vec<(T, String)>)]) -> TokenStream {
    let mut text = String::new();
    let mut toks = Vec::new();
    let mut levels = vec![0usize];
    let mut lineno = 0u32;
    for (indent, line) in lines {
        lineno += 1;
        let line_start = text.len() as u32;
        let pad = " ".repeat(indent * 4);
        text.push_str(&pad);
        if *indent > *levels.last().unwrap() {
            levels.push(*indent);
            toks.push(tok(T::INDENT, line_start, text.len() as u32, lineno, 0, pad.len() as u32));
        }
        while *indent < *levels.last().unwrap() {
            levels.pop();
            let c = pad.len() as u32;
            toks.push(tok(T::DEDENT, text.len() as u32, text.len() as u32, lineno, c, c));
        }
        for (i, (ty, s)) in line.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            let start = text.len() as u32;
            text.push_str(s);
            let c = start - line_start;
            toks.push(tok(*ty, start, text.len() as u32, lineno, c, c + s.len() as u32));
        }
        let c = text.len() as u32 - line_start;
        toks.push(tok(T::NEWLINE, text.len() as u32, text.len() as u32 + 1, lineno, c, c + 1));
        text.push('\n');
    }
    let end = text.len() as u32;
    for _ in 1..levels.len() {
        toks.push(tok(T::DEDENT, end, end, lineno + 1, 0, 0));
    }
    toks.push(tok(T::ENDMARKER, end, end, lineno + 1, 0, 0));
    let source = Arc::new(DecodedSource::new("<test>", "utf-8", false, text));
    TokenStream { source, tokens: toks, error: None, warnings: Vec::new() }
}

fn tok(ty: T, start: u32, end: u32, line: u32, sc: u32, ec: u32) -> Token {
    Token { ty, start, end, start_line: line, start_col: sc, end_line: line, end_col: ec }
}

fn op(ty: T) -> (T, String) {
    (ty, ty.operator_text().unwrap().to_string())
}

fn name(s: &str) -> (T, String) {
    (T::NAME, s.to_string())
}

fn parse(ts: &TokenStream) -> Result<Mod, pyrite_ir::Diagnostic> {
    pyrite_passes::parse::parse_tokens(ts, Mode::Exec, false)
}

#[test]
fn ten_thousand_parentheses_fail_cleanly() {
    let mut line = vec![name("x"), op(T::EQUAL)];
    line.extend((0..10_000).map(|_| op(T::LPAR)));
    line.push(name("y"));
    line.extend((0..10_000).map(|_| op(T::RPAR)));
    // The tokenizer's paren limit is bypassed here, so the parser's stack limit is reached:
    // CPython's bare MemoryError.
    let err = parse(&stream(&[(0, line)])).unwrap_err();
    assert_eq!(err.kind.name(), "MemoryError", "{}", err.message);
}

#[test]
fn nested_lists_and_unary_chains_fail_cleanly() {
    let mut line = vec![];
    line.extend((0..5_000).map(|_| op(T::LSQB)));
    line.extend((0..5_000).map(|_| op(T::RSQB)));
    assert!(parse(&stream(&[(0, line)])).is_err());
    let mut line: Vec<_> = (0..100_000).map(|_| op(T::MINUS)).collect();
    line.push(name("x"));
    assert!(parse(&stream(&[(0, line)])).is_err());
    let mut line: Vec<_> = (0..50_000).map(|_| name("not")).collect();
    line.push(name("x"));
    assert!(parse(&stream(&[(0, line)])).is_err());
}

#[test]
fn moderate_nesting_parses() {
    let mut line = vec![];
    line.extend((0..100).map(|_| op(T::LSQB)));
    line.extend((0..100).map(|_| op(T::RSQB)));
    let m = parse(&stream(&[(0, line)])).unwrap();
    let Mod::Module { body, .. } = m else { panic!() };
    assert_eq!(body.len(), 1);
}

fn elif_chain(n: usize) -> Vec<(usize, Vec<(T, String)>)> {
    let mut lines = vec![(0, vec![name("if"), name("a"), op(T::COLON)]), (1, vec![name("pass")])];
    for _ in 0..n {
        lines.push((0, vec![name("elif"), name("b"), op(T::COLON)]));
        lines.push((1, vec![name("pass")]));
    }
    lines.push((0, vec![name("else"), op(T::COLON)]));
    lines.push((1, vec![name("pass")]));
    lines
}

#[test]
fn long_elif_chain_parses_without_recursion() {
    // CPython's elif_stmt recurses: 5963 elifs with an else are its first MemoryError.
    let m = parse(&stream(&elif_chain(5962))).unwrap();
    let Mod::Module { body, .. } = &m else { panic!() };
    assert!(matches!(body[0].kind, StmtKind::If { .. }));
    // Dropping a deep If chain must not overflow either.
    std::thread::Builder::new().stack_size(64 << 20).spawn(move || drop(m)).unwrap().join().unwrap();
    let err = parse(&stream(&elif_chain(20_000))).unwrap_err();
    assert_eq!(err.kind.name(), "MemoryError");
}

#[test]
fn hundred_thousand_lines_parse() {
    let lines: Vec<_> = (0..100_000)
        .map(|i| (0, vec![name(&format!("x{i}")), op(T::EQUAL), (T::NUMBER, i.to_string())]))
        .collect();
    let Mod::Module { body, .. } = parse(&stream(&lines)).unwrap() else { panic!() };
    assert_eq!(body.len(), 100_000);
}

fn any_token() -> impl Strategy<Value = (T, String)> {
    let samples: Vec<(T, &str)> = vec![
        (T::NAME, "x"),
        (T::NAME, "if"),
        (T::NAME, "else"),
        (T::NAME, "for"),
        (T::NAME, "in"),
        (T::NAME, "lambda"),
        (T::NAME, "match"),
        (T::NAME, "case"),
        (T::NAME, "_"),
        (T::NAME, "yield"),
        (T::NAME, "def"),
        (T::NAME, "not"),
        (T::NAME, "await"),
        (T::NUMBER, "1"),
        (T::NUMBER, "0x_1f"),
        (T::NUMBER, "1.5j"),
        (T::STRING, "'a'"),
        (T::STRING, "b'\\x00'"),
        (T::STRING, "'\\N{bogus}'"),
        (T::STRING, "f'{x!r:>{y}}'"),
        (T::STRING, "f'{'"),
        (T::STRING, "'''\\"),
        (T::NEWLINE, ""),
        (T::INDENT, ""),
        (T::DEDENT, ""),
    ];
    prop_oneof![
        proptest::sample::select(samples).prop_map(|(t, s)| (t, s.to_string())),
        (7u8..=53).prop_map(|n| {
            let t = T::ALL[n as usize];
            (t, t.operator_text().unwrap_or("").to_string())
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// Whatever the token sequence, the parser returns a tree or an error: it never panics.
    #[test]
    fn never_panics(line in proptest::collection::vec(any_token(), 0..40)) {
        let ts = stream(&[(0, line)]);
        let sub = |_: &str| -> Result<Vec<Token>, Box<pyrite_ir::Diagnostic>> {
            Err(Box::new(pyrite_ir::Diagnostic::error(
                pyrite_ir::DiagnosticKind::SyntaxError,
                "<fstring>",
                "no tokenizer in this test",
            )))
        };
        if let Err(d) = pyrite_passes::parse::parse_tokens_with(&ts, Mode::Exec, true, &sub) {
            prop_assert!(!d.message.contains("panicked"), "{}", d.message);
        }
    }
}
