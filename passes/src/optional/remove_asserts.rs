//! `remove-asserts` (AST -> AST): deletes `assert` statements, as `python3 -O` does when it
//! compiles them. CPython drops them inside codegen; doing it on the tree makes the effect visible
//! in the AST dump and in `--emit python`.

use crate::pass::{Context, Pass};
use pyrite_ir::ast::visit::{walk_body, VisitorMut};
use pyrite_ir::ast::{Stmt, StmtKind};
use pyrite_ir::{Diagnostic, Ir, IrKind};

pub const NAME: &str = "remove-asserts";

pub fn pass() -> Box<dyn Pass> {
    Box::new(RemoveAsserts)
}

struct RemoveAsserts;

impl Pass for RemoveAsserts {
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
        Remover.visit_mod(&mut module.tree);
        Ok(Ir::Ast(module))
    }
}

struct Remover;

impl VisitorMut for Remover {
    fn visit_body(&mut self, body: &mut Vec<Stmt>) {
        let Some(first) = body.first().map(|s| s.loc) else { return };
        body.retain(|s| !matches!(s.kind, StmtKind::Assert { .. }));
        // A block cannot be empty: an all-assert body becomes `pass` where it started.
        if body.is_empty() {
            body.push(Stmt::new(StmtKind::Pass, first));
        }
        walk_body(self, body);
    }
}
