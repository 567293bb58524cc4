//! Compile-time errors and warnings of codegen (compile.c's `compiler_error` / `compiler_warn`)
//! against CPython's: the SyntaxError class, message and the four positions; the SyntaxWarnings'
//! messages and lines.

use pyrite_conformance::oracle::Oracle;
use pyrite_ir::source::SourceFile;
use pyrite_ir::{DiagnosticKind, Ir};
use pyrite_passes::{Context, Pipeline};
use serde_json::{json, Value};

const ERRORS: &[&str] = &[
    "return 1\n",
    "x = 1\nbreak\n",
    "continue\n",
    "class C:\n    return\n",
    "def f():\n    class C:\n        yield 1\n",
    "yield 1\n",
    "x = [(yield) for y in z]\n",
    "await x\n",
    "def f():\n    await x\n",
    "def f():\n    async for x in y:\n        pass\n",
    "def f():\n    async with x:\n        pass\n",
    "async def f():\n    yield from x\n",
    "async def f():\n    yield 1\n    return 2\n",
    "f(a=1, a=2)\n",
    "f(x=1, **k, x=2)\n",
    "a, *b, *c = d\n",
    "*a = b\n",
    "match x:\n    case y:\n        pass\n    case 1:\n        pass\n",
    "match x:\n    case _:\n        pass\n    case 1:\n        pass\n",
    "match x:\n    case [a, a]:\n        pass\n",
    "match x:\n    case {'a': 1, 'a': 2}:\n        pass\n",
    "match x:\n    case [*a, *b]:\n        pass\n",
    "match x:\n    case C(a=1, a=2):\n        pass\n",
    "match x:\n    case (a, 1) | (b, 2):\n        pass\n",
    "match x:\n    case 1 | y:\n        pass\n",
    "try:\n    pass\nexcept* E:\n    break\n",
    "for x in y:\n    try:\n        pass\n    except* E:\n        continue\n",
    "x = 1\nfrom __future__ import annotations\n",
    "def f():\n    x = [y async for y in z]\n",
];

const WARNINGS: &[&str] = &[
    "x is 1\n",
    "if x is not 'a':\n    pass\n",
    "assert (x, 'msg')\n",
    "f = (1)(2)\n",
    "t = [1, 2][1, 2]\n",
    "g = {1}[0]\n",
    "s = 'abc'['a']\n",
];

const CPYTHON: &str = r#"
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    try:
        compile(src, 'snippet.py', 'exec', dont_inherit=True)
        error = None
    except SyntaxError as e:
        error = [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset]
result = {"error": error, "warnings": [[str(x.message), x.lineno] for x in w if x.category is SyntaxWarning]}
# Under -W error the first warning is a SyntaxError whose place the warning's diagnostic carries.
with warnings.catch_warnings():
    warnings.simplefilter('error', SyntaxWarning)
    try:
        compile(src, 'snippet.py', 'exec', dont_inherit=True)
    except SyntaxError as e:
        if result["warnings"] and error is None:
            result["as_error"] = [e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset]
"#;

fn ours(src: &str) -> Value {
    let mut p = Pipeline::standard();
    p.truncate_after("codegen").unwrap();
    let mut cx = Context::default();
    let r = p.run(Ir::Source(SourceFile::new("snippet.py", src.as_bytes().to_vec())), &mut cx);
    let error: Value = match r {
        Ok(_) => Value::Null,
        Err(d) => json!([d.kind.name(), d.message, d.lineno, d.offset, d.end_lineno, d.end_offset]),
    };
    let warnings: Vec<Value> = cx
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::SyntaxWarning)
        .map(|d| json!([d.message, d.lineno]))
        .collect();
    let mut result = json!({"error": error.clone(), "warnings": warnings});
    if error.is_null() {
        if let Some(d) = cx.diagnostics.iter().find(|d| d.kind == DiagnosticKind::SyntaxWarning) {
            result["as_error"] = json!([d.message, d.lineno, d.offset, d.end_lineno, d.end_offset]);
        }
    }
    result
}

fn check(cases: &[&str], want_error: bool) {
    let Some(mut o) = Oracle::for_tests() else { return };
    let mut bad = Vec::new();
    for src in cases {
        let theirs = o.eval(CPYTHON, json!({ "src": src })).unwrap();
        assert_eq!(theirs["error"].is_null(), !want_error, "CPython's verdict on {src:?}: {theirs}");
        let ours = ours(src);
        if ours != theirs {
            bad.push(format!("{src:?}\n  CPython {theirs}\n  pyrite  {ours}"));
        }
    }
    assert!(bad.is_empty(), "{} of {} differ:\n{}", bad.len(), cases.len(), bad.join("\n"));
}

#[test]
fn codegen_errors_match_cpython() {
    check(ERRORS, true);
}

#[test]
fn codegen_warnings_match_cpython() {
    check(WARNINGS, false);
}
