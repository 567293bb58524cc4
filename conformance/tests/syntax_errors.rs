//! Syntax errors of the tokenize + parse stages against CPython's on a corpus harvested from
//! CPython's own tests (conformance/cases/syntax/corpus.json, built by tools/gen_syntax_corpus.py):
//! same class, message, lineno, offset, end_lineno and end_offset as `ast.parse`. Differing cases
//! must be listed in known-failures/syntax.txt; the list may only shrink.

use pyrite_conformance::oracle::Oracle;
use pyrite_conformance::ratchet;
use pyrite_passes::parse::parse_tokens;
use pyrite_passes::tokenize::tokenize_str;
use pyrite_passes::Mode;
use serde_json::{json, Value};

const CPYTHON_ERROR: &str = r#"
import ast, warnings
warnings.simplefilter("ignore")
try:
    ast.parse(src)
    result = None
except SyntaxError as e:
    result = [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset]
"#;

/// Identical cases reached so far (of 755); the known-failures list names the others.
const IDENTICAL_FLOOR: usize = 755;

/// Messages only CPython's C tokenizer raises (counted, for the report).
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
    format!("{origin}@{:08x}", h as u32)
}

/// pyrite's error (tokenize + parse stages) as CPython's attributes, `None` when it parses.
/// The oracle calls `ast.parse` on a str, which is `compile(str)`: the text is already decoded, so
/// a BOM is an ordinary (non-printable) character and a coding cookie is ignored. The tokenizer's
/// str entry point models that; for any other source it scans exactly what the pipeline's
/// tokenize pass would.
fn pyrite_error(src: &str) -> Option<Value> {
    let ts = tokenize_str("<unknown>", src, false);
    match parse_tokens(&ts, Mode::Exec, false) {
        Ok(_) => None,
        // A diagnostic without an end offset is CPython's end_offset -1.
        Err(d) => Some(json!([
            d.kind.name(),
            d.message,
            d.lineno,
            d.offset,
            d.end_lineno,
            d.end_offset.map_or(-1, i64::from)
        ])),
    }
}

#[test]
fn syntax_errors_match_cpython() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let corpus: Vec<Value> = serde_json::from_str(include_str!("../cases/syntax/corpus.json")).unwrap();
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
            tokenizer_cases += 1;
        }
        let ours = pyrite_error(src);
        if ours.as_ref() != Some(&expected) {
            report.push(format!("{k}: {src:?}\n    pyrite  {ours:?}\n    CPython {expected}"));
            differing.push(k.clone());
        }
        checked.push(k);
    }
    let same = checked.len() - differing.len();
    eprintln!(
        "syntax errors: {same}/{} cases identical ({:.1}%; {tokenizer_cases} of the cases are errors of the C tokenizer)",
        checked.len(),
        100.0 * same as f64 / checked.len().max(1) as f64
    );
    for r in report.iter().take(if std::env::var_os("PYRITE_VERBOSE").is_some() { usize::MAX } else { 40 }) {
        eprintln!("{r}");
    }
    assert!(
        same >= IDENTICAL_FLOOR,
        "only {same} identical cases, fewer than the {IDENTICAL_FLOOR} reached before"
    );
    let known = ratchet::known_failures("syntax");
    let v =
        ratchet::verdict(&known, differing.iter().map(String::as_str), checked.iter().map(String::as_str));
    assert!(v.passed(), "{}", v.explain("syntax"));
}

/// Cases found outside CPython's test suite; each must match CPython exactly.
const EXTRA_CASES: &[&str] = &[
    "print(*a for a in b)\n",
    "f(*a for a in b)\n",
    "def f(:\n",
    "def f(:\n    pass\n",
    "def f(:",
    "f(x, *a for a in b)\n",
    "f(x, *a for a in b, y)\n",
    "f(x=1, *a for a in b)\n",
    "f(x, y=1, *a for a in b if a if b)\n",
    "(**a)\n",
    // Errors inside f-strings: the scanner's, the expression parser's and its tokenizer's.
    "f'{a!x}'\n",
    "f'{a!x}'",
    "x = f'{a!x}' + 1\n",
    "f'{f\"{a\"}'\n",
    "f'{a' 'b'\n",
    "f'{a}}'\n",
    "f'{' f'x'\n",
    "f'{a b}'\n",
    "f'{*a}'\n",
    "f'{**a}'\n",
    "f'{(**a)}'\n",
    "f'{a $ b}'\n",
    "f'{123_a}'\n",
    "f'''{\n a  b}'''\n",
    "f'{\"é\" a}'\n",
    "f'{f\"{a b}\"}'\n",
    "f'{ *a}'\n",
    "f'{a!}'\n",
    "f'{a:{b:{c}}}'\n",
    "f'{a=!x}'\n",
    "f'{}'\n",
    "f'{!r}'\n",
    "f'{a#}'\n",
    "f'{a'\n",
    "f'{(a}'\n",
    "print(f'{a!x}')\n",
    "f'{a:x!}' + f'{b!z}'\n",
    "(f'{a!x}'\n",
    "if x:\n  f'{a!x}'\n",
];

#[test]
fn extra_syntax_errors_match_cpython() {
    let Some(mut o) = Oracle::for_tests() else { return };
    for &src in EXTRA_CASES {
        let expected = o.eval(CPYTHON_ERROR, json!({"src": src})).unwrap();
        assert!(!expected.is_null(), "CPython accepts {src:?}");
        assert_eq!(pyrite_error(src), Some(expected), "{src:?}");
    }
}
