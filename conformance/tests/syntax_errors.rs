//! The parse stage's syntax errors against CPython's on a corpus harvested from CPython's own
//! tests (conformance/cases/syntax/corpus.json, built by tools/gen_syntax_corpus.py): same class,
//! message, lineno, offset, end_lineno and end_offset as `ast.parse`. As in tests/ast.rs the
//! parser is fed CPython's tokens, so cases where CPython's `tokenize` module already fails (the
//! tokenizer's errors) are counted separately. Differing cases must be listed in
//! known-failures/syntax.txt; the list may only shrink.

use pyrite_conformance::oracle::{Oracle, OraclePool};
use pyrite_conformance::{pytokens, ratchet};
use pyrite_ir::{DecodedSource, TokenStream, TokenType};
use pyrite_passes::Mode;
use serde_json::{json, Value};
use std::sync::Arc;

const CPYTHON_ERROR: &str = r#"
import ast, warnings
warnings.simplefilter("ignore")
try:
    ast.parse(src)
    result = None
except SyntaxError as e:
    result = [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset]
"#;

/// Messages only CPython's C tokenizer raises.
const TOKENIZER_MESSAGES: [&str; 16] = [
    "invalid decimal literal",
    "invalid hexadecimal literal",
    "invalid octal literal",
    "invalid binary literal",
    "invalid digit",
    "leading zeros in decimal integer literals",
    "inconsistent use of tabs and spaces",
    "unindent does not match",
    "unterminated",
    "unmatched '",
    "was never closed",
    "closing parenthesis",
    "invalid character",
    "invalid non-printable character",
    "too many nested parentheses",
    "unexpected EOF while parsing",
];

fn key(origin: &str, src: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in src.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
    }
    format!("{origin}#{:08x}", h as u32)
}

/// pyrite's error as CPython's attributes, `None` when it parses, or `Err` for a tokenizer case.
fn pyrite_error(pool: &OraclePool, src: &str) -> Result<Option<Value>, String> {
    let (_, tokens, err) = pool.with(|o| pytokens::tokens(o, None, Some(src))).unwrap().map_err(|e| e.to_string())?;
    if err.is_some() || tokens.iter().any(|t| t.ty == TokenType::ERRORTOKEN) {
        return Err("tokenizer-level error".into());
    }
    let source = Arc::new(DecodedSource::new("<unknown>", "utf-8", false, src.to_string()));
    let ts = TokenStream { source, tokens, error: None, warnings: Vec::new() };
    let sub = |s: &str| -> Result<Vec<pyrite_ir::Token>, String> {
        let (_, toks, err) = pool.with(|o| pytokens::tokens(o, None, Some(s))).unwrap().map_err(|e| e.to_string())?;
        err.map_or(Ok(toks), Err)
    };
    Ok(match pyrite_passes::parse::parse_tokens_with(&ts, Mode::Exec, false, &sub) {
        Ok(_) => None,
        // A diagnostic without an end offset is CPython's end_offset -1.
        Err(d) => Some(json!([d.kind.name(), d.message, d.lineno, d.offset, d.end_lineno, d.end_offset.map_or(-1, i64::from)])),
    })
}

#[test]
fn syntax_errors_match_cpython() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let corpus: Vec<Value> = serde_json::from_str(include_str!("../cases/syntax/corpus.json")).unwrap();
    let pool = Oracle::pool(1).unwrap();
    let mut checked = Vec::new();
    let mut differing = Vec::new();
    let mut tokenizer_cases = 0;
    let mut report = Vec::new();
    for case in &corpus {
        let src = case["source"].as_str().unwrap();
        let k = key(case["origin"].as_str().unwrap(), src);
        let expected = o.eval(CPYTHON_ERROR, json!({"src": src})).unwrap();
        if expected.is_null() {
            continue;
        }
        let msg = expected[1].as_str().unwrap_or("");
        if TOKENIZER_MESSAGES.iter().any(|m| msg.starts_with(m)) {
            // Raised by CPython's C tokenizer, which CPython's `tokenize` module does not imitate.
            tokenizer_cases += 1;
            continue;
        }
        match pyrite_error(&pool, src) {
            Err(_) => tokenizer_cases += 1,
            Ok(ours) => {
                if ours.as_ref() != Some(&expected) {
                    report.push(format!("{k}: {src:?}\n    pyrite  {ours:?}\n    CPython {expected}"));
                    differing.push(k.clone());
                }
                checked.push(k);
            }
        }
    }
    let same = checked.len() - differing.len();
    eprintln!(
        "syntax errors: {same}/{} parser-level cases identical ({:.1}%); {tokenizer_cases} tokenizer-level cases not checked here",
        checked.len(),
        100.0 * same as f64 / checked.len().max(1) as f64
    );
    for r in report.iter().take(if std::env::var_os("PYRITE_VERBOSE").is_some() { usize::MAX } else { 40 }) {
        eprintln!("{r}");
    }
    let known = ratchet::known_failures("syntax");
    let v = ratchet::verdict(&known, differing.iter().map(String::as_str), checked.iter().map(String::as_str));
    assert!(v.passed(), "{}", v.explain("syntax"));
}
