//! `ir::ast::visit` reaches every node: on a sample of the stdlib, the statements, expressions,
//! patterns and argument lists a default [`VisitorMut`] visits are exactly as many as CPython's
//! `ast.walk` finds of `ast.stmt`, `ast.expr`, `ast.pattern` and `ast.arguments`.

use pyrite_conformance::oracle::{stdlib_files, Oracle};
use pyrite_ir::ast::visit::{walk_arguments, walk_expr, walk_pattern, walk_stmt, VisitorMut};
use pyrite_ir::ast::{Arguments, Expr, Pattern, Stmt};
use pyrite_ir::{Ir, SourceFile};
use pyrite_passes::{Context, Pipeline};
use serde_json::json;

#[derive(Default, Debug, PartialEq)]
struct Counts([u64; 4]);

impl VisitorMut for Counts {
    fn visit_stmt(&mut self, s: &mut Stmt) {
        self.0[0] += 1;
        walk_stmt(self, s)
    }
    fn visit_expr(&mut self, e: &mut Expr) {
        self.0[1] += 1;
        walk_expr(self, e)
    }
    fn visit_pattern(&mut self, p: &mut Pattern) {
        self.0[2] += 1;
        walk_pattern(self, p)
    }
    fn visit_arguments(&mut self, a: &mut Arguments) {
        self.0[3] += 1;
        walk_arguments(self, a)
    }
}

const CPYTHON: &str = r#"
import ast
try:
    tree = ast.parse(open(path, 'rb').read())
except (SyntaxError, ValueError):
    result = None
else:
    kinds = (ast.stmt, ast.expr, ast.pattern, ast.arguments)
    result = [sum(isinstance(n, k) for n in ast.walk(tree)) for k in kinds]
"#;

#[test]
fn the_visitor_reaches_every_node_cpython_walks() {
    let Some(mut oracle) = Oracle::for_tests() else { return };
    let mut pipeline = Pipeline::standard();
    pipeline.truncate_after("parse").unwrap();
    let mut checked = 0;
    // Every 15th file, plus the ones full of patterns and annotations.
    let files: Vec<_> = stdlib_files()
        .unwrap()
        .into_iter()
        .enumerate()
        .filter(|(i, p)| i % 15 == 0 || p.ends_with("test/test_patma.py") || p.ends_with("typing.py"))
        .map(|(_, p)| p)
        .collect();
    for path in files {
        let expected = oracle.eval(CPYTHON, json!({"path": path.to_string_lossy()})).unwrap();
        let Some(expected) = expected.as_array() else { continue };
        let expected: Vec<u64> = expected.iter().map(|v| v.as_u64().unwrap()).collect();
        let src = SourceFile::new(path.display().to_string(), std::fs::read(&path).unwrap());
        let Ok(Ir::Ast(mut module)) = pipeline.run(Ir::Source(src), &mut Context::default()) else {
            panic!("pyrite cannot parse {}", path.display())
        };
        let mut counts = Counts::default();
        counts.visit_mod(&mut module.tree);
        assert_eq!(counts.0.to_vec(), expected, "{}: [stmt, expr, pattern, arguments]", path.display());
        checked += 1;
    }
    assert!(checked > 100, "only {checked} files checked");
}
