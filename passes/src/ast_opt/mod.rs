//! The `ast-opt` stage (Ast -> Ast): CPython 3.11's Python/ast_opt.c.
//!
//! Folds unary and binary operators on constants (with ast_opt.c's size limits, swallowing every
//! error: `1/0` stays as it is), constant subscripts and Load tuples of constants; inverts
//! `not (a is b)` / `not (a in b)`; turns list and set displays on the right of `in` and as
//! for-loop or comprehension iterables into tuples and frozensets; folds `__debug__` by the
//! optimization level; rewrites simple `%`-formats into f-strings; and keeps a first statement
//! that only becomes a string by folding from turning into a docstring.
//!
//! - [`value`]: the Python semantics of the folded operations on constants.
//! - [`float`]: float/complex arithmetic as CPython computes it, and correctly rounded int `/`.
//! - [`format`]: the `%` to f-string rewrite.

mod float;
mod format;
pub mod value;

use crate::pass::{Context, Pass};
use crate::symtable::future::{future_features, has_docstring};
use pyrite_ir::ast::*;
use pyrite_ir::{Diagnostic, DiagnosticKind, Ir, IrKind};

/// ast_opt.c scales the interpreter's recursion limit (1000) by 3 for its own recursion.
const RECURSION_LIMIT: u32 = 3000;

/// ast_opt.c starts its depth at the Python frames already on the stack when `compile()` runs,
/// times the same scale, so CPython's threshold depends on the caller. We mirror
/// `python3 -m py_compile` (what the CLI imitates): 9 frames deep, so the depth starts at 27 and a
/// chain of 2972 nested unary operators is the first RecursionError (measured on 3.11.7).
const STARTING_DEPTH: u32 = 9 * 3;

pub fn pass() -> Box<dyn Pass> {
    Box::new(AstOpt)
}

pub struct AstOpt;

impl Pass for AstOpt {
    fn name(&self) -> &str {
        "ast-opt"
    }
    fn input(&self) -> IrKind {
        IrKind::Ast
    }
    fn output(&self) -> IrKind {
        IrKind::Ast
    }
    fn run(&self, ir: Ir, cx: &mut Context) -> Result<Ir, Diagnostic> {
        let Ir::Ast(mut module) = ir else { unreachable!("the pipeline checks IR kinds") };
        optimize(&mut module.tree, cx.options.optimize, &module.source.name)?;
        Ok(Ir::Ast(module))
    }
}

/// Optimizes `tree` in place as `compile()` does at optimization level `optimize`.
pub fn optimize(tree: &mut Mod, optimize: u8, path: &str) -> Result<(), Diagnostic> {
    // Future errors are the symbol table's to report; here only `annotations` matters.
    let annotations_as_strings = future_features(tree, path).map(|f| f.annotations()).unwrap_or(false);
    let mut f = Folder { optimize, fold_annotations: !annotations_as_strings, depth: STARTING_DEPTH, path };
    match tree {
        Mod::Module { body, .. } => f.body(body),
        Mod::Interactive { body } => f.stmts(body),
        Mod::Expression { body } => f.expr(body),
        Mod::FunctionType { .. } => Ok(()),
    }
}

type R = Result<(), Diagnostic>;

struct Folder<'p> {
    optimize: u8,
    fold_annotations: bool,
    depth: u32,
    path: &'p str,
}

fn const_of(e: &Expr) -> Option<&Constant> {
    match &e.kind {
        ExprKind::Constant { value, .. } => Some(value),
        _ => None,
    }
}

/// `make_const`: the node becomes a constant in place (its position kept, no `u` kind).
fn make_const(e: &mut Expr, value: Option<Constant>) {
    if let Some(value) = value {
        e.kind = ExprKind::Constant { value, kind_u: false };
    }
}

/// `make_const_tuple`: the items' values if every item is a constant.
fn const_items(elts: &[Expr]) -> Option<Box<[Constant]>> {
    elts.iter().map(|e| const_of(e).cloned()).collect()
}

/// `fold_iter`: a list display becomes a tuple (of constants if it can), a set display of
/// constants a frozenset.
fn fold_iter(e: &mut Expr) {
    match &mut e.kind {
        ExprKind::List { elts, ctx } => {
            if elts.iter().any(|x| matches!(x.kind, ExprKind::Starred { .. })) {
                return;
            }
            let folded = const_items(elts);
            e.kind = ExprKind::Tuple { elts: std::mem::take(elts), ctx: *ctx };
            make_const(e, folded.map(Constant::Tuple));
        }
        ExprKind::Set { elts } => {
            let folded = const_items(elts).map(|items| {
                let mut distinct: Vec<Constant> = Vec::with_capacity(items.len());
                for item in items.into_vec() {
                    if !distinct.iter().any(|d| value::py_eq(d, &item)) {
                        distinct.push(item);
                    }
                }
                Constant::FrozenSet(distinct.into())
            });
            make_const(e, folded);
        }
        _ => {}
    }
}

impl Folder<'_> {
    fn enter(&mut self) -> R {
        self.depth += 1;
        if self.depth > RECURSION_LIMIT {
            return Err(Diagnostic::error(
                DiagnosticKind::RecursionError,
                self.path,
                "maximum recursion depth exceeded during compilation",
            ));
        }
        Ok(())
    }

    /// `astfold_body`: a body that gains a docstring only by folding keeps it an expression
    /// (wrapped in a JoinedStr, which is not a docstring).
    fn body(&mut self, body: &mut [Stmt]) -> R {
        let had_docstring = has_docstring(body);
        self.stmts(body)?;
        if !had_docstring && has_docstring(body) {
            let st = &mut body[0];
            if let StmtKind::Expr { value } = &mut st.kind {
                let inner = std::mem::replace(
                    &mut **value,
                    Expr::new(ExprKind::JoinedStr { values: vec![] }, st.loc),
                );
                value.kind = ExprKind::JoinedStr { values: vec![inner] };
            }
        }
        Ok(())
    }

    fn stmts(&mut self, body: &mut [Stmt]) -> R {
        body.iter_mut().try_for_each(|s| self.stmt(s))
    }

    fn exprs(&mut self, es: &mut [Expr]) -> R {
        es.iter_mut().try_for_each(|e| self.expr(e))
    }

    fn opt(&mut self, e: &mut Option<Box<Expr>>) -> R {
        match e {
            Some(e) => self.expr(e),
            None => Ok(()),
        }
    }

    fn annotation(&mut self, e: Option<&mut Expr>) -> R {
        match e {
            Some(e) if self.fold_annotations => self.expr(e),
            _ => Ok(()),
        }
    }

    fn arguments(&mut self, a: &mut Arguments) -> R {
        for arg in a.posonlyargs.iter_mut().chain(a.args.iter_mut()) {
            self.annotation(arg.annotation.as_deref_mut())?;
        }
        if let Some(arg) = &mut a.vararg {
            self.annotation(arg.annotation.as_deref_mut())?;
        }
        for arg in a.kwonlyargs.iter_mut() {
            self.annotation(arg.annotation.as_deref_mut())?;
        }
        for d in a.kw_defaults.iter_mut().flatten() {
            self.expr(d)?;
        }
        if let Some(arg) = &mut a.kwarg {
            self.annotation(arg.annotation.as_deref_mut())?;
        }
        self.exprs(&mut a.defaults)
    }

    fn keywords(&mut self, ks: &mut [Keyword]) -> R {
        ks.iter_mut().try_for_each(|k| self.expr(&mut k.value))
    }

    fn comprehensions(&mut self, gens: &mut [Comprehension]) -> R {
        for g in gens {
            self.expr(&mut g.target)?;
            self.expr(&mut g.iter)?;
            self.exprs(&mut g.ifs)?;
            fold_iter(&mut g.iter);
        }
        Ok(())
    }

    fn stmt(&mut self, s: &mut Stmt) -> R {
        self.enter()?;
        match &mut s.kind {
            StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => {
                self.arguments(&mut f.args)?;
                self.body(&mut f.body)?;
                self.exprs(&mut f.decorator_list)?;
                self.annotation(f.returns.as_mut())?;
            }
            StmtKind::ClassDef(c) => {
                self.exprs(&mut c.bases)?;
                self.keywords(&mut c.keywords)?;
                self.body(&mut c.body)?;
                self.exprs(&mut c.decorator_list)?;
            }
            StmtKind::Return { value } => self.opt(value)?,
            StmtKind::Delete { targets } => self.exprs(targets)?,
            StmtKind::Assign { targets, value, .. } => {
                self.exprs(targets)?;
                self.expr(value)?;
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target)?;
                self.expr(value)?;
            }
            StmtKind::AnnAssign { target, annotation, value, .. } => {
                self.expr(target)?;
                self.annotation(Some(annotation))?;
                self.opt(value)?;
            }
            StmtKind::For(f) => {
                self.expr(&mut f.target)?;
                self.expr(&mut f.iter)?;
                self.stmts(&mut f.body)?;
                self.stmts(&mut f.orelse)?;
                fold_iter(&mut f.iter);
            }
            // ast_opt.c does not fold an `async for` iterable.
            StmtKind::AsyncFor(f) => {
                self.expr(&mut f.target)?;
                self.expr(&mut f.iter)?;
                self.stmts(&mut f.body)?;
                self.stmts(&mut f.orelse)?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::With(w) | StmtKind::AsyncWith(w) => {
                for item in &mut w.items {
                    self.expr(&mut item.context_expr)?;
                    self.opt(&mut item.optional_vars)?;
                }
                self.stmts(&mut w.body)?;
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject)?;
                for case in cases {
                    self.pattern(&mut case.pattern)?;
                    self.opt(&mut case.guard)?;
                    self.stmts(&mut case.body)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                self.opt(exc)?;
                self.opt(cause)?;
            }
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                self.stmts(&mut t.body)?;
                for h in &mut t.handlers {
                    self.opt(&mut h.type_)?;
                    self.stmts(&mut h.body)?;
                }
                self.stmts(&mut t.orelse)?;
                self.stmts(&mut t.finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                self.opt(msg)?;
            }
            StmtKind::Expr { value } => self.expr(value)?,
            StmtKind::Import { .. }
            | StmtKind::ImportFrom { .. }
            | StmtKind::Global { .. }
            | StmtKind::Nonlocal { .. }
            | StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue => {}
        }
        self.depth -= 1;
        Ok(())
    }

    fn pattern(&mut self, p: &mut Pattern) -> R {
        self.enter()?;
        match &mut p.kind {
            PatternKind::MatchValue { value } => self.expr(value)?,
            PatternKind::MatchSingleton { .. } | PatternKind::MatchStar { .. } => {}
            PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
                patterns.iter_mut().try_for_each(|p| self.pattern(p))?
            }
            PatternKind::MatchMapping { keys, patterns, .. } => {
                self.exprs(keys)?;
                patterns.iter_mut().try_for_each(|p| self.pattern(p))?;
            }
            PatternKind::MatchClass { cls, patterns, kwd_patterns, .. } => {
                self.expr(cls)?;
                patterns.iter_mut().try_for_each(|p| self.pattern(p))?;
                kwd_patterns.iter_mut().try_for_each(|p| self.pattern(p))?;
            }
            PatternKind::MatchAs { pattern, .. } => {
                if let Some(p) = pattern {
                    self.pattern(p)?;
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    fn expr(&mut self, e: &mut Expr) -> R {
        self.enter()?;
        match &mut e.kind {
            ExprKind::BoolOp { values, .. } => self.exprs(values)?,
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)?;
                self.fold_binop(e);
            }
            ExprKind::UnaryOp { operand, .. } => {
                self.expr(operand)?;
                fold_unaryop(e);
            }
            ExprKind::Lambda { args, body } => {
                self.arguments(args)?;
                self.expr(body)?;
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Dict(d) => {
                for k in d.keys.iter_mut().flatten() {
                    self.expr(k)?;
                }
                self.exprs(&mut d.values)?;
            }
            ExprKind::Set { elts } => self.exprs(elts)?,
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                self.expr(elt)?;
                self.comprehensions(generators)?;
            }
            ExprKind::DictComp { key_value, generators } => {
                self.expr(&mut key_value.0)?;
                self.expr(&mut key_value.1)?;
                self.comprehensions(generators)?;
            }
            ExprKind::Await { value } | ExprKind::YieldFrom { value } => self.expr(value)?,
            ExprKind::Yield { value } => self.opt(value)?,
            ExprKind::Compare(c) => {
                self.expr(&mut c.left)?;
                self.exprs(&mut c.comparators)?;
                // Only the last comparison's right side: `a in [1] in [2]` folds `[2]` alone.
                if matches!(c.ops.last(), Some(CmpOp::In | CmpOp::NotIn)) {
                    if let Some(last) = c.comparators.last_mut() {
                        fold_iter(last);
                    }
                }
            }
            ExprKind::Call(c) => {
                self.expr(&mut c.func)?;
                self.exprs(&mut c.args)?;
                self.keywords(&mut c.keywords)?;
            }
            ExprKind::FormattedValue { value, format_spec, .. } => {
                self.expr(value)?;
                self.opt(format_spec)?;
            }
            ExprKind::JoinedStr { values } => self.exprs(values)?,
            ExprKind::Attribute { value, .. } | ExprKind::Starred { value, .. } => self.expr(value)?,
            ExprKind::Subscript { value, slice, ctx } => {
                self.expr(value)?;
                self.expr(slice)?;
                if *ctx == ExprContext::Load {
                    if let (Some(v), Some(i)) = (const_of(value), const_of(slice)) {
                        let folded = value::subscript(v, i);
                        make_const(e, folded);
                    }
                }
            }
            ExprKind::Slice { lower, upper, step } => {
                self.opt(lower)?;
                self.opt(upper)?;
                self.opt(step)?;
            }
            ExprKind::List { elts, .. } => self.exprs(elts)?,
            ExprKind::Tuple { elts, ctx } => {
                self.exprs(elts)?;
                if *ctx == ExprContext::Load {
                    let folded = const_items(elts).map(Constant::Tuple);
                    make_const(e, folded);
                }
            }
            ExprKind::Name { id, ctx } => {
                if *ctx == ExprContext::Load && &**id == "__debug__" {
                    let v = if self.optimize == 0 { Constant::True } else { Constant::False };
                    make_const(e, Some(v));
                }
            }
            ExprKind::NamedExpr { value, .. } => self.expr(value)?,
            ExprKind::Constant { .. } => {}
        }
        self.depth -= 1;
        Ok(())
    }

    /// `fold_binop`, including the `%`-format rewrite.
    fn fold_binop(&mut self, e: &mut Expr) {
        let ExprKind::BinOp { left, op, right } = &e.kind else { return };
        let Some(lv) = const_of(left) else { return };
        if *op == Operator::Mod {
            if let ExprKind::Tuple { elts, .. } = &right.kind {
                let fmt: Option<Vec<u32>> = match lv {
                    Constant::Str(s) => Some(s.chars().map(|c| c as u32).collect()),
                    Constant::SurrogateStr(b) => Some(pyrite_ir::pyrepr::wtf8_code_points(b).collect()),
                    _ => None,
                };
                if let Some(fmt) = fmt {
                    if !elts.iter().any(|x| matches!(x.kind, ExprKind::Starred { .. })) {
                        if let Some(values) = format::optimize(&fmt, elts) {
                            e.kind = ExprKind::JoinedStr { values };
                        }
                        return;
                    }
                }
            }
        }
        let Some(rv) = const_of(right) else { return };
        let folded = value::binop(*op, lv, rv);
        make_const(e, folded);
    }
}

/// `fold_unaryop`: constants fold; `not` of a single `is`/`in` comparison inverts it.
fn fold_unaryop(e: &mut Expr) {
    let ExprKind::UnaryOp { op, operand } = &mut e.kind else { return };
    if let Some(v) = const_of(operand) {
        let folded = value::unary(*op, v);
        make_const(e, folded);
        return;
    }
    if *op != UnaryOp::Not {
        return;
    }
    let ExprKind::Compare(c) = &mut operand.kind else { return };
    if c.ops.len() != 1 {
        return;
    }
    // `not (a == b)` stays: == and != may not be each other's negation (nor < and >= on sets).
    let inverted = match c.ops[0] {
        CmpOp::Is => CmpOp::IsNot,
        CmpOp::IsNot => CmpOp::Is,
        CmpOp::In => CmpOp::NotIn,
        CmpOp::NotIn => CmpOp::In,
        _ => return,
    };
    c.ops[0] = inverted;
    // The comparison replaces the `not` node, position included.
    let placeholder = Expr::new(ExprKind::Constant { value: Constant::None, kind_u: false }, e.loc);
    *e = std::mem::replace(operand, placeholder);
}

#[cfg(test)]
mod tests;
