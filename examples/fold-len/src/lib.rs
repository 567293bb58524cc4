//! `fold-len`, a worked example of an AST pass: `len()` of a literal becomes the number.
//!
//! ```text
//! n = len("héllo") + len((1, 2))      ->      n = 5 + 2
//! ```
//!
//! It runs right after `parse`, before CPython's own constant folding (`ast-opt`), so that folder
//! sees the new constants and finishes the job (`5 + 2` becomes `7`). Only literals whose length
//! is known without running anything are folded: str and bytes constants, and tuples made only of
//! constants (`len((f(), 1))` must still call `f`).
//!
//! `len` is a builtin that a module may rebind. The pass is deliberately conservative: if anything
//! in the module could bind the name `len` (an assignment, `def len`, an import, a parameter,
//! `except ... as len`, a match capture, `global len`, `from m import *`), it leaves the module
//! alone. Patching `builtins.len` at run time is out of its reach, as it is of any compiler.

use pyrite_ir::ast::visit::{walk_expr, walk_pattern, walk_stmt, VisitorMut};
use pyrite_ir::ast::{
    Arguments, Constant, Expr, ExprContext, ExprKind, Pattern, PatternKind, Stmt, StmtKind,
};
use pyrite_ir::{Diagnostic, Ir, IrKind};
use pyrite_passes::{Context, Pass};

pub const NAME: &str = "fold-len";

/// The pass, ready for `Pipeline::insert_after("parse", ...)`.
pub struct FoldLen;

impl Pass for FoldLen {
    fn name(&self) -> &str {
        NAME
    }
    fn input(&self) -> IrKind {
        IrKind::Ast
    }
    fn output(&self) -> IrKind {
        IrKind::Ast
    }
    fn run(&self, ir: Ir, _cx: &mut Context) -> Result<Ir, Diagnostic> {
        let Ir::Ast(mut module) = ir else { unreachable!("the pipeline checks IR kinds") };
        let mut binder = BindsLen(false);
        binder.visit_mod(&mut module.tree);
        if !binder.0 {
            Folder.visit_mod(&mut module.tree);
        }
        Ok(Ir::Ast(module))
    }
}

/// Replaces `len(<literal>)` calls, innermost first.
struct Folder;

impl VisitorMut for Folder {
    fn visit_expr(&mut self, e: &mut Expr) {
        walk_expr(self, e);
        let ExprKind::Call(call) = &e.kind else { return };
        let is_len = matches!(&call.func.kind, ExprKind::Name { id, .. } if &**id == "len");
        if !is_len || call.args.len() != 1 || !call.keywords.is_empty() {
            return;
        }
        if let Some(n) = literal_len(&call.args[0]) {
            e.kind = ExprKind::Constant { value: Constant::Int(n), kind_u: false };
        }
    }
}

/// The length of a literal, if it has one that needs no evaluation.
fn literal_len(e: &Expr) -> Option<i64> {
    let n = match &e.kind {
        ExprKind::Constant { value: Constant::Str(s), .. } => s.chars().count(),
        // WTF-8: every code point (lone surrogates included) starts with a non-continuation byte.
        ExprKind::Constant { value: Constant::SurrogateStr(b), .. } => {
            b.iter().filter(|&&x| x & 0xC0 != 0x80).count()
        }
        ExprKind::Constant { value: Constant::Bytes(b), .. } => b.len(),
        ExprKind::Tuple { elts, .. } if elts.iter().all(|x| matches!(x.kind, ExprKind::Constant { .. })) => {
            elts.len()
        }
        _ => return None,
    };
    i64::try_from(n).ok()
}

/// Whether anything in the module may bind the name `len`.
struct BindsLen(bool);

impl BindsLen {
    fn name(&mut self, n: &str) {
        self.0 |= n == "len";
    }
}

impl VisitorMut for BindsLen {
    fn visit_stmt(&mut self, s: &mut Stmt) {
        match &s.kind {
            StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => self.name(&f.name),
            StmtKind::ClassDef(c) => self.name(&c.name),
            StmtKind::Import { names } | StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    // `import a.b` binds `a`; `from m import *` may bind anything.
                    let bound = a.asname.as_deref().unwrap_or(&a.name);
                    self.name(bound.split('.').next().unwrap_or(bound));
                    self.0 |= &*a.name == "*";
                }
            }
            StmtKind::Global { names } | StmtKind::Nonlocal { names } => {
                names.iter().for_each(|n| self.name(n))
            }
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                t.handlers.iter().filter_map(|h| h.name.as_deref()).for_each(|n| self.0 |= n == "len")
            }
            _ => {}
        }
        walk_stmt(self, s);
    }
    fn visit_expr(&mut self, e: &mut Expr) {
        if let ExprKind::Name { id, ctx: ExprContext::Store | ExprContext::Del } = &e.kind {
            self.name(id);
        }
        walk_expr(self, e);
    }
    fn visit_arguments(&mut self, a: &mut Arguments) {
        let all = a.posonlyargs.iter().chain(&a.args).chain(&a.kwonlyargs);
        let all = all.chain(a.vararg.as_deref()).chain(a.kwarg.as_deref());
        self.0 |= all.into_iter().any(|x| &*x.arg == "len");
        pyrite_ir::ast::visit::walk_arguments(self, a);
    }
    fn visit_pattern(&mut self, p: &mut Pattern) {
        match &p.kind {
            PatternKind::MatchAs { name: Some(n), .. }
            | PatternKind::MatchStar { name: Some(n) }
            | PatternKind::MatchMapping { rest: Some(n), .. } => self.name(n),
            _ => {}
        }
        walk_pattern(self, p);
    }
}
