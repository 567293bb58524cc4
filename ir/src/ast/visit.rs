//! In-place traversal of an AST, for passes that rewrite trees.
//!
//! Implement [`VisitorMut`] and override the hooks you need; call the matching `walk_*` function
//! from an override to keep descending into the children. Children are visited in ASDL field
//! order, the order `ast.walk`-style tools and `ast.dump` use, so a pass that numbers nodes sees
//! them in the order a reader of the dump does.
//!
//! ```
//! use pyrite_ir::ast::visit::{walk_expr, VisitorMut};
//! use pyrite_ir::ast::{Expr, ExprKind};
//!
//! /// Counts name loads.
//! struct Names(usize);
//! impl VisitorMut for Names {
//!     fn visit_expr(&mut self, e: &mut Expr) {
//!         if matches!(e.kind, ExprKind::Name { .. }) {
//!             self.0 += 1;
//!         }
//!         walk_expr(self, e);
//!     }
//! }
//! ```

use super::*;

/// Hooks called for every node of a tree; each default implementation just descends.
pub trait VisitorMut {
    fn visit_mod(&mut self, m: &mut Mod) {
        walk_mod(self, m)
    }
    /// A statement list (a module body, a block): override to add or remove statements.
    fn visit_body(&mut self, body: &mut Vec<Stmt>) {
        walk_body(self, body)
    }
    fn visit_stmt(&mut self, s: &mut Stmt) {
        walk_stmt(self, s)
    }
    fn visit_expr(&mut self, e: &mut Expr) {
        walk_expr(self, e)
    }
    fn visit_arguments(&mut self, a: &mut Arguments) {
        walk_arguments(self, a)
    }
    fn visit_pattern(&mut self, p: &mut Pattern) {
        walk_pattern(self, p)
    }
}

pub fn walk_mod<V: VisitorMut + ?Sized>(v: &mut V, m: &mut Mod) {
    match m {
        Mod::Module { body, .. } | Mod::Interactive { body } => v.visit_body(body),
        Mod::Expression { body } => v.visit_expr(body),
        Mod::FunctionType { argtypes, returns } => {
            argtypes.iter_mut().for_each(|e| v.visit_expr(e));
            v.visit_expr(returns);
        }
    }
}

pub fn walk_body<V: VisitorMut + ?Sized>(v: &mut V, body: &mut [Stmt]) {
    body.iter_mut().for_each(|s| v.visit_stmt(s));
}

fn exprs<V: VisitorMut + ?Sized>(v: &mut V, es: &mut [Expr]) {
    es.iter_mut().for_each(|e| v.visit_expr(e));
}

fn opt<V: VisitorMut + ?Sized>(v: &mut V, e: &mut Option<Box<Expr>>) {
    if let Some(e) = e {
        v.visit_expr(e);
    }
}

pub fn walk_stmt<V: VisitorMut + ?Sized>(v: &mut V, s: &mut Stmt) {
    match &mut s.kind {
        StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => {
            v.visit_arguments(&mut f.args);
            v.visit_body(&mut f.body);
            exprs(v, &mut f.decorator_list);
            if let Some(r) = &mut f.returns {
                v.visit_expr(r);
            }
        }
        StmtKind::ClassDef(c) => {
            exprs(v, &mut c.bases);
            c.keywords.iter_mut().for_each(|k| v.visit_expr(&mut k.value));
            v.visit_body(&mut c.body);
            exprs(v, &mut c.decorator_list);
        }
        StmtKind::Return { value } => opt(v, value),
        StmtKind::Delete { targets } => exprs(v, targets),
        StmtKind::Assign { targets, value, .. } => {
            exprs(v, targets);
            v.visit_expr(value);
        }
        StmtKind::AugAssign { target, value, .. } => {
            v.visit_expr(target);
            v.visit_expr(value);
        }
        StmtKind::AnnAssign { target, annotation, value, .. } => {
            v.visit_expr(target);
            v.visit_expr(annotation);
            opt(v, value);
        }
        StmtKind::For(f) | StmtKind::AsyncFor(f) => {
            v.visit_expr(&mut f.target);
            v.visit_expr(&mut f.iter);
            v.visit_body(&mut f.body);
            v.visit_body(&mut f.orelse);
        }
        StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
            v.visit_expr(test);
            v.visit_body(body);
            v.visit_body(orelse);
        }
        StmtKind::With(w) | StmtKind::AsyncWith(w) => {
            for item in &mut w.items {
                v.visit_expr(&mut item.context_expr);
                opt(v, &mut item.optional_vars);
            }
            v.visit_body(&mut w.body);
        }
        StmtKind::Match { subject, cases } => {
            v.visit_expr(subject);
            for case in cases {
                v.visit_pattern(&mut case.pattern);
                opt(v, &mut case.guard);
                v.visit_body(&mut case.body);
            }
        }
        StmtKind::Raise { exc, cause } => {
            opt(v, exc);
            opt(v, cause);
        }
        StmtKind::Try(t) | StmtKind::TryStar(t) => {
            v.visit_body(&mut t.body);
            for h in &mut t.handlers {
                opt(v, &mut h.type_);
                v.visit_body(&mut h.body);
            }
            v.visit_body(&mut t.orelse);
            v.visit_body(&mut t.finalbody);
        }
        StmtKind::Assert { test, msg } => {
            v.visit_expr(test);
            opt(v, msg);
        }
        StmtKind::Expr { value } => v.visit_expr(value),
        StmtKind::Import { .. }
        | StmtKind::ImportFrom { .. }
        | StmtKind::Global { .. }
        | StmtKind::Nonlocal { .. }
        | StmtKind::Pass
        | StmtKind::Break
        | StmtKind::Continue => {}
    }
}

fn comprehensions<V: VisitorMut + ?Sized>(v: &mut V, gens: &mut [Comprehension]) {
    for g in gens {
        v.visit_expr(&mut g.target);
        v.visit_expr(&mut g.iter);
        exprs(v, &mut g.ifs);
    }
}

pub fn walk_expr<V: VisitorMut + ?Sized>(v: &mut V, e: &mut Expr) {
    match &mut e.kind {
        ExprKind::BoolOp { values, .. } => exprs(v, values),
        ExprKind::NamedExpr { target, value } => {
            v.visit_expr(target);
            v.visit_expr(value);
        }
        ExprKind::BinOp { left, right, .. } => {
            v.visit_expr(left);
            v.visit_expr(right);
        }
        ExprKind::UnaryOp { operand, .. } => v.visit_expr(operand),
        ExprKind::Lambda { args, body } => {
            v.visit_arguments(args);
            v.visit_expr(body);
        }
        ExprKind::IfExp { test, body, orelse } => {
            v.visit_expr(test);
            v.visit_expr(body);
            v.visit_expr(orelse);
        }
        ExprKind::Dict(d) => {
            d.keys.iter_mut().flatten().for_each(|k| v.visit_expr(k));
            exprs(v, &mut d.values);
        }
        ExprKind::Set { elts } | ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => exprs(v, elts),
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => {
            v.visit_expr(elt);
            comprehensions(v, generators);
        }
        ExprKind::DictComp { key_value, generators } => {
            v.visit_expr(&mut key_value.0);
            v.visit_expr(&mut key_value.1);
            comprehensions(v, generators);
        }
        ExprKind::Await { value } | ExprKind::YieldFrom { value } => v.visit_expr(value),
        ExprKind::Yield { value } => opt(v, value),
        ExprKind::Compare(c) => {
            v.visit_expr(&mut c.left);
            exprs(v, &mut c.comparators);
        }
        ExprKind::Call(c) => {
            v.visit_expr(&mut c.func);
            exprs(v, &mut c.args);
            c.keywords.iter_mut().for_each(|k| v.visit_expr(&mut k.value));
        }
        ExprKind::FormattedValue { value, format_spec, .. } => {
            v.visit_expr(value);
            opt(v, format_spec);
        }
        ExprKind::JoinedStr { values } => exprs(v, values),
        ExprKind::Attribute { value, .. } | ExprKind::Starred { value, .. } => v.visit_expr(value),
        ExprKind::Subscript { value, slice, .. } => {
            v.visit_expr(value);
            v.visit_expr(slice);
        }
        ExprKind::Slice { lower, upper, step } => {
            opt(v, lower);
            opt(v, upper);
            opt(v, step);
        }
        ExprKind::Constant { .. } | ExprKind::Name { .. } => {}
    }
}

pub fn walk_arguments<V: VisitorMut + ?Sized>(v: &mut V, a: &mut Arguments) {
    let annotate = |v: &mut V, arg: &mut Arg| opt(v, &mut arg.annotation);
    a.posonlyargs.iter_mut().for_each(|x| annotate(v, x));
    a.args.iter_mut().for_each(|x| annotate(v, x));
    if let Some(x) = &mut a.vararg {
        annotate(v, x);
    }
    a.kwonlyargs.iter_mut().for_each(|x| annotate(v, x));
    a.kw_defaults.iter_mut().flatten().for_each(|e| v.visit_expr(e));
    if let Some(x) = &mut a.kwarg {
        annotate(v, x);
    }
    exprs(v, &mut a.defaults);
}

pub fn walk_pattern<V: VisitorMut + ?Sized>(v: &mut V, p: &mut Pattern) {
    match &mut p.kind {
        PatternKind::MatchValue { value } => v.visit_expr(value),
        PatternKind::MatchSingleton { .. } | PatternKind::MatchStar { .. } => {}
        PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
            patterns.iter_mut().for_each(|q| v.visit_pattern(q))
        }
        PatternKind::MatchMapping { keys, patterns, .. } => {
            exprs(v, keys);
            patterns.iter_mut().for_each(|q| v.visit_pattern(q));
        }
        PatternKind::MatchClass { cls, patterns, kwd_patterns, .. } => {
            v.visit_expr(cls);
            patterns.iter_mut().for_each(|q| v.visit_pattern(q));
            kwd_patterns.iter_mut().for_each(|q| v.visit_pattern(q));
        }
        PatternKind::MatchAs { pattern, .. } => {
            if let Some(q) = pattern {
                v.visit_pattern(q);
            }
        }
    }
}
