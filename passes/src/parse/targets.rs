//! Assignment, `for` and `del` targets: `star_targets`, `star_target`, and the conversion of a
//! parsed expression to Store/Del context with CPython's "cannot assign to ..." errors.

use super::expressions::{boxed, P};
use super::parser::Parser;
use pyrite_ir::ast::*;
use pyrite_ir::TokenType as T;

impl Parser<'_> {
    /// star_targets: star_target !',' | star_target (',' star_target)* [',']
    pub(crate) fn star_targets(&mut self) -> P<Expr> {
        let start = self.mark();
        let first = self.star_target()?;
        if !self.at(T::COMMA) {
            return Some(first);
        }
        let mut elts = vec![first];
        while self.eat(T::COMMA).is_some() {
            if !self.starts_star_expression() {
                break;
            }
            elts.push(self.star_target()?);
        }
        Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Store }, self.loc_from(start)))
    }

    /// star_target: '*' (!'*' star_target) | target_with_star_atom
    pub(crate) fn star_target(&mut self) -> P<Expr> {
        if self.at(T::STAR) {
            let start = self.mark();
            self.bump();
            if self.at(T::STAR) {
                return None;
            }
            let value = self.star_target()?;
            return Some(Expr::new(
                ExprKind::Starred { value: boxed(value), ctx: ExprContext::Store },
                self.loc_from(start),
            ));
        }
        let e = self.primary_for_target()?;
        self.set_ctx(e, ExprContext::Store)
    }

    /// t_primary-based targets: an atom with trailers (no operators).
    pub(crate) fn primary_for_target(&mut self) -> P<Expr> {
        if !self.enter() {
            return None;
        }
        let r = self.primary();
        self.leave();
        r
    }

    /// Gives an expression (and its sub-targets) `ctx`, or raises CPython's error for an
    /// expression that cannot be a target.
    pub(crate) fn set_ctx(&mut self, mut e: Expr, ctx: ExprContext) -> P<Expr> {
        match &mut e.kind {
            ExprKind::Name { ctx: c, .. }
            | ExprKind::Attribute { ctx: c, .. }
            | ExprKind::Subscript { ctx: c, .. } => {
                *c = ctx;
            }
            ExprKind::Starred { value, ctx: c } => {
                *c = ctx;
                let v = std::mem::replace(&mut **value, placeholder());
                **value = self.set_ctx(v, ctx)?;
            }
            ExprKind::Tuple { elts, ctx: c } | ExprKind::List { elts, ctx: c } => {
                *c = ctx;
                for el in elts.iter_mut() {
                    let v = std::mem::replace(el, placeholder());
                    *el = self.set_ctx(v, ctx)?;
                }
            }
            _ => return self.raise_invalid_target(&e, ctx),
        }
        if ctx == ExprContext::Del && matches!(e.kind, ExprKind::Starred { .. }) {
            return self.raise_invalid_target(&e, ctx);
        }
        Some(e)
    }

    /// RAISE_SYNTAX_ERROR_INVALID_TARGET: "cannot assign to X" / "cannot delete X" at the first
    /// sub-expression of `e` that cannot be a target.
    pub(crate) fn raise_invalid_target<X>(&mut self, e: &Expr, ctx: ExprContext) -> P<X> {
        let bad = invalid_target(e, ctx).unwrap_or(e);
        let what = if ctx == ExprContext::Del { "delete" } else { "assign to" };
        let msg = format!("cannot {what} {}", super::errors::expr_name(bad));
        let loc = bad.loc;
        self.raise_at(msg, loc)
    }
}

/// `_PyPegen_get_invalid_target`.
pub(crate) fn invalid_target(e: &Expr, ctx: ExprContext) -> Option<&Expr> {
    match &e.kind {
        ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
            elts.iter().find_map(|x| invalid_target(x, ctx))
        }
        ExprKind::Starred { value, .. } => {
            if ctx == ExprContext::Del {
                Some(e)
            } else {
                invalid_target(value, ctx)
            }
        }
        ExprKind::Name { .. } | ExprKind::Subscript { .. } | ExprKind::Attribute { .. } => None,
        _ => Some(e),
    }
}

fn placeholder() -> Expr {
    Expr::new(ExprKind::Constant { value: Constant::None, kind_u: false }, Loc::default())
}
