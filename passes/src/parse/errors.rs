//! Syntax errors: the names CPython gives expressions in messages, the `invalid_*` rules tried
//! when a parse fails, and the conversion to a [`Diagnostic`] with CPython's four positions.

use super::expressions::P;
use super::parser::{Parser, SyntaxErr};
use pyrite_ir::ast::*;
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
    /// invalid_named_expression: `a := ...` where `a` is not a plain name.
    pub(crate) fn invalid_named_expression(&mut self, e: Expr) -> P<Expr> {
        let msg = format!("cannot use assignment expressions with {}", expr_name(&e));
        self.raise_at(msg, e.loc)
    }

    /// invalid_kwarg: `f(a.b=1)` and friends.
    pub(crate) fn invalid_kwarg(&mut self, e: Expr) -> P<(Vec<Expr>, Vec<Keyword>)> {
        if let ExprKind::Constant { value: Constant::True | Constant::False | Constant::None, .. } = e.kind {
            let msg = format!("cannot assign to {}", expr_name(&e));
            return self.raise_at(msg, e.loc);
        }
        let eq = self.peek();
        let loc = Loc::new(e.loc.lineno, e.loc.col_offset, eq.end_line, eq.end_col);
        self.raise_at("expression cannot contain assignment, perhaps you meant \"==\"?", loc)
    }
}

/// Converts a parser error to a diagnostic with CPython's 1-based character offsets.
pub(crate) fn to_diagnostic(err: &SyntaxErr, source: &DecodedSource) -> Diagnostic {
    let line_text = |l: u32| source.line(l as usize);
    let char_off = |l: u32, col: u32| -> u32 {
        let text = line_text(l);
        let col = col as usize;
        match text.get(..col.min(text.len())) {
            Some(p) => p.chars().count() as u32 + 1 + col.saturating_sub(text.len()) as u32,
            None => col as u32 + 1,
        }
    };
    let offset = char_off(err.line, err.col);
    let end_offset = char_off(err.end_line, err.end_col);
    let start_byte = source.line_starts.get(err.line as usize - 1).map_or(0, |&s| s + err.col);
    let end_byte = source.line_starts.get(err.end_line as usize - 1).map_or(start_byte, |&s| s + err.end_col);
    let text = err.text_override.clone().unwrap_or_else(|| line_text(err.line).to_string());
    let mut d = Diagnostic::error(err.kind, source.name.clone(), err.msg.clone())
        .at(err.line, offset, err.end_line, end_offset)
        .with_text(text);
    let len = source.text.len() as u32;
    d = d.with_span(start_byte.min(len), end_byte.max(start_byte).min(len));
    d
}

#[allow(dead_code)]
pub(crate) fn indentation(kind: DiagnosticKind) -> bool {
    kind == DiagnosticKind::IndentationError
}
