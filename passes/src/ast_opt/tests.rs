//! Structural checks of the rewrites whose result is not a single constant (the folded values
//! themselves are checked against CPython by tests/ast_opt_oracle.rs).

use crate::pass::{Context, Options};
use crate::Pipeline;
use pyrite_ir::ast::{dump, DumpOptions, Mod};
use pyrite_ir::{Ir, SourceFile};

fn optimized(src: &str, optimize: u8) -> Result<Mod, pyrite_ir::Diagnostic> {
    let mut p = Pipeline::standard();
    p.truncate_after("ast-opt").unwrap();
    let mut cx = Context::new(Options { optimize, ..Options::default() });
    match p.run(Ir::Source(SourceFile::new("t.py", src.as_bytes().to_vec())), &mut cx)? {
        Ir::Ast(a) => Ok(a.tree),
        _ => unreachable!(),
    }
}

fn dumped(src: &str) -> String {
    dump(&optimized(src, 0).unwrap(), DumpOptions::default())
}

#[test]
fn not_of_is_and_in_inverts_with_the_comparison_position() {
    let d =
        dump(&optimized("not (a is b)", 0).unwrap(), DumpOptions { include_attributes: true, indent: None });
    assert!(d.contains("ops=[IsNot()]"), "{d}");
    assert!(d.contains("lineno=1, col_offset=5, end_lineno=1, end_col_offset=11)"), "{d}");
    assert!(dumped("not a in b").contains("ops=[NotIn()]"));
    assert!(dumped("not a not in b").contains("ops=[In()]"));
    assert!(dumped("not a == b").contains("UnaryOp(op=Not()"));
    assert!(dumped("not a is b is c").contains("UnaryOp(op=Not()"));
}

#[test]
fn percent_format_becomes_an_fstring() {
    let d = dumped("'x=%s, %-5r %3.2a%%' % (a, b, c)");
    assert_eq!(
        d,
        "Module(body=[Expr(value=JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='a', ctx=Load()), conversion=115), Constant(value=', '), FormattedValue(value=Name(id='b', ctx=Load()), conversion=114, format_spec=Constant(value='5')), Constant(value=' '), FormattedValue(value=Name(id='c', ctx=Load()), conversion=97, format_spec=Constant(value='>3.2')), Constant(value='%')]))], type_ignores=[])"
    );
    for kept in
        ["'%d' % (a,)", "'%s %s' % (a,)", "'%s' % (a, b)", "'%100s' % (a,)", "'%s' % (*a,)", "'%' % (a,)"]
    {
        assert!(dumped(kept).contains("BinOp"), "{kept}");
    }
}

#[test]
fn iterables_become_tuples_and_frozensets() {
    assert!(dumped("for x in [1, 2]: pass").contains("iter=Constant(value=(1, 2))"));
    assert!(dumped("for x in [a, 2]: pass").contains("iter=Tuple("));
    assert!(dumped("async def f():\n async for x in [1]: pass").contains("iter=List("));
    assert!(dumped("[x for x in {1, 2, 1.0}]").contains("iter=Constant(value=frozenset({1, 2}))"));
    assert!(dumped("x in [1, [2]]").contains("Tuple(elts=[Constant(value=1), List("));
    assert!(dumped("x in [1] in [2]").contains("List(elts=[Constant(value=1)]"));
    assert!(dumped("x in [*a]").contains("List("));
}

#[test]
fn debug_and_docstrings() {
    assert!(dumped("__debug__").contains("Constant(value=True)"));
    assert!(
        dump(&optimized("__debug__", 1).unwrap(), DumpOptions::default()).contains("Constant(value=False)")
    );
    // Folding makes a string; it must not become a docstring.
    assert!(dumped("'a' + 'b'").contains("Expr(value=JoinedStr(values=[Constant(value='ab')]))"));
    assert!(dumped("def f():\n 'a' * 2").contains("JoinedStr"));
    assert!(!dumped("'doc'\n'a' + 'b'").contains("JoinedStr"));
}

#[test]
fn annotations_fold_unless_postponed() {
    assert!(dumped("x: 1 + 1").contains("annotation=Constant(value=2)"));
    assert!(dumped("from __future__ import annotations\nx: 1 + 1").contains("BinOp"));
}

#[test]
fn deep_nesting_folds_without_overflow() {
    let src = format!("x = {}1{}", "(-".repeat(190), ")".repeat(190));
    assert!(dumped(&src).contains("Constant(value=1)"));
    let chain = format!("x = {}", vec!["1"; 2000].join(" + "));
    assert!(dumped(&chain).contains("Constant(value=2000)"));
    let long = format!("x = {}", vec!["a"; 5000].join(" + "));
    let err = optimized(&long, 0).unwrap_err();
    assert_eq!(err.kind.name(), "RecursionError");
}
