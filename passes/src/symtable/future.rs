//! `from __future__ import ...` handling, as CPython 3.11's Python/future.c does it: which
//! features a module turns on (only `annotations` and `barry_as_FLUFL` change compilation; the
//! rest are accepted and ignored), and the SyntaxErrors for unknown features, `braces`, and a
//! future import that follows another statement on the same line.
//!
//! The other "from __future__ imports must occur at the beginning of the file" case (a future
//! import on a later line than the last accepted one) is compile.c's, not future.c's: codegen
//! asks [`FutureFeatures::is_late`] for it, and its error carries an end position where future.c's
//! errors do not.

use pyrite_ir::ast::{Constant, ExprKind, Mod, Stmt, StmtKind};
use pyrite_ir::{Diagnostic, DiagnosticKind};

/// `CO_FUTURE_BARRY_AS_BDFL`: `<>` is the inequality operator.
pub const CO_FUTURE_BARRY_AS_BDFL: u32 = 0x40_0000;
/// `CO_FUTURE_ANNOTATIONS`: annotations are kept as strings (PEP 563).
pub const CO_FUTURE_ANNOTATIONS: u32 = 0x100_0000;

/// What `_PyFuture_FromAST` returns: the feature flags (`co_flags` bits) and the line of the
/// last future statement (`ff_lineno`, -1 when there is none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FutureFeatures {
    pub features: u32,
    pub lineno: i64,
}

impl Default for FutureFeatures {
    fn default() -> Self {
        FutureFeatures { features: 0, lineno: -1 }
    }
}

impl FutureFeatures {
    pub fn annotations(&self) -> bool {
        self.features & CO_FUTURE_ANNOTATIONS != 0
    }

    /// compile.c's check for `from __future__ import ...` anywhere else in the module: a future
    /// import on a line after the last accepted one is an error. Returns the diagnostic, which
    /// spans the whole statement.
    pub fn is_late(&self, path: &str, s: &Stmt) -> Option<Diagnostic> {
        if let StmtKind::ImportFrom { module: Some(m), .. } = &s.kind {
            if &**m == "__future__" && i64::from(s.loc.lineno) > self.lineno {
                return Some(error_span(
                    path,
                    s,
                    "from __future__ imports must occur at the beginning of the file",
                ));
            }
        }
        None
    }
}

/// The features (and errors) of a module, as `future_parse` finds them.
pub fn future_features(module: &Mod, path: &str) -> Result<FutureFeatures, Diagnostic> {
    let mut ff = FutureFeatures::default();
    let body = match module {
        Mod::Module { body, .. } | Mod::Interactive { body } => body,
        _ => return Ok(ff),
    };
    let mut i = usize::from(has_docstring(body));
    let mut done = false;
    let mut prev_line = 0;
    while i < body.len() {
        let s = &body[i];
        i += 1;
        if done && s.loc.lineno > prev_line {
            return Ok(ff);
        }
        prev_line = s.loc.lineno;
        match &s.kind {
            StmtKind::ImportFrom { module: Some(m), names, .. } if &**m == "__future__" => {
                if done {
                    // future.c passes this one's column without the usual +1.
                    let mut d =
                        error_at(path, s, "from __future__ imports must occur at the beginning of the file");
                    d.offset = Some(s.loc.col_offset);
                    return Err(d);
                }
                for alias in names {
                    match &*alias.name {
                        "nested_scopes" | "generators" | "division" | "absolute_import"
                        | "with_statement" | "print_function" | "unicode_literals" | "generator_stop" => {}
                        "barry_as_FLUFL" => ff.features |= CO_FUTURE_BARRY_AS_BDFL,
                        "annotations" => ff.features |= CO_FUTURE_ANNOTATIONS,
                        "braces" => return Err(error_at(path, s, "not a chance")),
                        other => {
                            // future.c formats the name with `%.100s` (UTF-8 bytes).
                            let mut name = other;
                            if name.len() > 100 {
                                let mut cut = 100;
                                while !name.is_char_boundary(cut) {
                                    cut -= 1;
                                }
                                name = &name[..cut];
                            }
                            return Err(error_at(path, s, format!("future feature {name} is not defined")));
                        }
                    }
                }
                ff.lineno = i64::from(s.loc.lineno);
            }
            _ => done = true,
        }
    }
    Ok(ff)
}

/// `_PyAST_GetDocString`: the first statement is an expression statement holding a str constant.
pub fn has_docstring(body: &[Stmt]) -> bool {
    matches!(body.first().map(|s| &s.kind), Some(StmtKind::Expr { value })
        if matches!(value.kind, ExprKind::Constant { value: Constant::Str(_) | Constant::SurrogateStr(_), .. }))
}

/// future.c reports errors with `PyErr_SyntaxLocationObject`: a line and a start column only
/// (so `end_lineno` is the line and `end_offset` is unset).
fn error_at(path: &str, s: &Stmt, msg: impl Into<String>) -> Diagnostic {
    let mut d = Diagnostic::error(DiagnosticKind::SyntaxError, path, msg);
    d.lineno = Some(s.loc.lineno);
    d.offset = Some(s.loc.col_offset + 1);
    d.end_lineno = Some(s.loc.lineno);
    d
}

fn error_span(path: &str, s: &Stmt, msg: &str) -> Diagnostic {
    Diagnostic::error(DiagnosticKind::SyntaxError, path, msg).at(
        s.loc.lineno,
        s.loc.col_offset + 1,
        s.loc.end_lineno,
        s.loc.end_col_offset + 1,
    )
}
