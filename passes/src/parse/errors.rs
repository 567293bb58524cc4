//! Syntax errors: the names CPython gives expressions in messages, the `invalid_*` rules tried
//! when a parse fails, and the conversion to a [`Diagnostic`] with CPython's four positions.

use super::expressions::P;
use super::parser::{Kw, Parser, SyntaxErr};
use pyrite_ir::ast::*;
use pyrite_ir::TokenType as T;
use pyrite_ir::{DecodedSource, Diagnostic, DiagnosticKind};

/// `_PyPegen_get_expr_name`: how messages name an expression.
pub(crate) fn expr_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred { .. } => "starred",
        ExprKind::Name { .. } => "name",
        ExprKind::List { .. } => "list",
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call(_) => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => "yield expression",
        ExprKind::Await { .. } => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Set { .. } => "set display",
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::Constant { value, .. } => match value {
            Constant::None => "None",
            Constant::True => "True",
            Constant::False => "False",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare(_) => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

impl Parser<'_> {
    /// invalid_legacy_expression: `print x` / `exec x`. Returns `None` only after raising.
    pub(crate) fn invalid_legacy_expression(&mut self) -> P<()> {
        let t = self.peek();
        if t.ty != T::NAME || t.kw.is_hard() || self.peek_n(1).ty == T::LPAR {
            return Some(());
        }
        // CPython reads the operand before it checks the name (which matters for how far the
        // tokenizer gets), but only print and exec can raise.
        let name = self.text_of(&t);
        let m = self.mark();
        // The operand is parsed with the invalid_* rules on, as CPython does; a failed attempt
        // changes nothing, so each position is tried once (which keeps this linear).
        if self.legacy_tried.len() < self.toks.len() {
            self.legacy_tried.resize(self.toks.len(), false);
        }
        if std::mem::replace(&mut self.legacy_tried[m], true) {
            return Some(());
        }
        self.bump();
        let b = if self.starts_star_expression() { self.star_expressions() } else { None };
        match b {
            Some(b) if name == "print" || name == "exec" => {
                let loc = Loc::new(t.line, t.col, b.loc.end_lineno, b.loc.end_col_offset);
                self.raise_at(
                    format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?"),
                    loc,
                )
            }
            _ => {
                if self.failed() {
                    return None;
                }
                self.reset(m);
                Some(())
            }
        }
    }

    /// invalid_expression's first alternative: two expressions side by side inside brackets,
    /// "invalid syntax. Perhaps you forgot a comma?". Returns `None` only after raising.
    pub(crate) fn invalid_expression(&mut self, start: usize, a: &Expr) -> P<()> {
        let first = self.toks[start];
        let second = self.toks.get(start + 1).copied();
        // !(NAME STRING | SOFT_KEYWORD)
        if first.ty == T::NAME
            && (second.is_some_and(|s| s.ty == T::STRING)
                || matches!(first.kw, Kw::Match | Kw::Case | Kw::Underscore))
        {
            return Some(());
        }
        if !self.starts_expression() {
            return Some(());
        }
        if let ExprKind::Name { id, .. } = &a.kind {
            if &**id == "print" || &**id == "exec" {
                return Some(());
            }
        }
        let m = self.mark();
        let saved = self.call_invalid_rules;
        self.call_invalid_rules = false;
        let b = self.expression();
        self.call_invalid_rules = saved;
        match b {
            Some(b) if self.pos > 0 && self.toks[self.pos - 1].level > 0 => {
                let loc = Loc::new(a.loc.lineno, a.loc.col_offset, b.loc.end_lineno, b.loc.end_col_offset);
                self.raise_at("invalid syntax. Perhaps you forgot a comma?", loc)
            }
            _ => {
                if self.failed() {
                    return None;
                }
                self.reset(m);
                Some(())
            }
        }
    }

    /// invalid_named_expression's third alternative: `!(list|tuple|genexp|True|None|False)
    /// a=bitwise_or '=' bitwise_or !('='|':=')`. Returns `None` only after raising.
    pub(crate) fn invalid_named_assignment(&mut self, start: usize, a: &Expr) -> P<()> {
        let first = self.toks[start];
        let excluded = first.ty == T::NAME && matches!(first.kw, Kw::True | Kw::None | Kw::False)
            || matches!(a.kind, ExprKind::List { .. })
            || first.ty == T::LPAR
                && matches!(a.kind, ExprKind::Tuple { .. } | ExprKind::GeneratorExp { .. })
                && a.loc.col_offset == first.col
                && a.loc.lineno == first.line;
        let bitwise = !matches!(
            a.kind,
            ExprKind::BoolOp { .. }
                | ExprKind::Compare(_)
                | ExprKind::UnaryOp { op: UnaryOp::Not, .. }
                | ExprKind::IfExp { .. }
                | ExprKind::Lambda { .. }
        );
        if excluded || !bitwise {
            return Some(());
        }
        let m = self.mark();
        self.bump();
        let saved = std::mem::replace(&mut self.call_invalid_rules, false);
        let b = self.bitwise_or();
        self.call_invalid_rules = saved;
        if b.is_some() && !matches!(self.peek_ty(), T::EQUAL | T::COLONEQUAL) {
            let msg = format!("cannot assign to {} here. Maybe you meant '==' instead of '='?", expr_name(a));
            return self.raise_at(msg, a.loc);
        }
        if self.failed() {
            return None;
        }
        self.reset(m);
        Some(())
    }

    /// invalid_group's second alternative, at a `**` after `(`: `'(' a='**' expression ')'`.
    /// Returns `None` only after raising.
    pub(crate) fn invalid_double_starred_group(&mut self) -> P<()> {
        let m = self.mark();
        let a = self.peek();
        self.bump();
        if self.expression().is_some() && self.at(T::RPAR) {
            return self.raise_tok("cannot use double starred expression here", a);
        }
        if self.failed() {
            return None;
        }
        self.reset(m);
        Some(())
    }

    /// invalid_arguments' `args for_if_clauses` (`_PyPegen_nonparen_genexp_in_call`) when the
    /// last of several positional arguments is starred: `f(x, *a for a in b)`. Raises from that
    /// argument to the end of the comprehension.
    pub(crate) fn nonparen_genexp_in_call<X>(&mut self, last_arg: &Expr) -> P<X> {
        self.for_if_clauses()?;
        let (end_line, end_col) = self.last_end();
        let loc = Loc::new(last_arg.loc.lineno, last_arg.loc.col_offset, end_line, end_col);
        self.raise_at("Generator expression must be parenthesized", loc)
    }

    /// invalid_named_expression: `a := ...` where `a` is not a plain name.
    pub(crate) fn invalid_named_expression(&mut self, e: Expr) -> P<Expr> {
        let msg = format!("cannot use assignment expressions with {}", expr_name(&e));
        self.raise_at(msg, e.loc)
    }

    /// invalid_kwarg: `f(a.b=1)` and friends.
    pub(crate) fn invalid_kwarg(&mut self, e: Expr) -> P<(Vec<Expr>, Vec<Keyword>)> {
        if let ExprKind::Constant { value: Constant::True | Constant::False | Constant::None, .. } = e.kind {
            let msg = format!("cannot assign to {}", expr_name(&e));
            let eq = self.peek();
            return self.raise_at(msg, e.loc.to(eq.loc()));
        }
        let eq = self.peek();
        let loc = Loc::new(e.loc.lineno, e.loc.col_offset, eq.end_line, eq.end_col);
        self.raise_at("expression cannot contain assignment, perhaps you meant \"==\"?", loc)
    }
}

/// Converts a parser error to a diagnostic with CPython's 1-based character offsets.
pub(crate) fn to_diagnostic(err: &SyntaxErr, source: &DecodedSource) -> Diagnostic {
    // An f-string expression's error is placed in the text of its `(expr)` line.
    let line_text = |l: u32| err.text_override.as_deref().unwrap_or_else(|| source.line(l as usize));
    let char_off = |l: u32, col: u32| -> u32 {
        let text = line_text(l);
        let col = col as usize;
        match text.get(..col.min(text.len())) {
            Some(p) => p.chars().count() as u32 + 1 + col.saturating_sub(text.len()) as u32,
            None => col as u32 + 1,
        }
    };
    // An error placed in an f-string expression's text keeps its columns as they are.
    let char_off = |l: u32, col: u32| if err.text_override.is_some() { col + 1 } else { char_off(l, col) };
    let offset = char_off(err.line, err.col) - u32::from(err.at_indent);
    let end_offset = char_off(err.end_line, err.end_col) - u32::from(err.end_raw);
    let start_byte = source.line_starts.get(err.line as usize - 1).map_or(0, |&s| s + err.col);
    let end_byte = source.line_starts.get(err.end_line as usize - 1).map_or(start_byte, |&s| s + err.end_col);
    let text = err.text_override.clone().unwrap_or_else(|| line_text(err.line).to_string());
    let mut d = Diagnostic::error(err.kind, source.name.clone(), err.msg.clone())
        .at(err.line, offset, err.end_line, end_offset)
        .with_text(text);
    if err.at_indent {
        // CPython's end_offset is -1 here; None is how a Diagnostic says "no end offset".
        d.end_offset = None;
    }
    let len = source.text.len() as u32;
    d = d.with_span(start_byte.min(len), end_byte.max(start_byte).min(len));
    d
}

#[allow(dead_code)]
pub(crate) fn indentation(kind: DiagnosticKind) -> bool {
    kind == DiagnosticKind::IndentationError
}
