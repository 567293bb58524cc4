//! Shared by the symtable and unparse conformance tests: parse with pyrite's own tokenize + parse
//! stages, so these later stages are measured on the trees pyrite produces.

#![allow(dead_code)]

use pyrite_ir::ast::Mod;
use pyrite_ir::{Ir, SourceFile};
use pyrite_passes::{Context, Options, Pipeline};

/// pyrite's tree of a file's bytes (`ast.parse` defaults: exec mode, no type comments); `Err`
/// when pyrite's front end rejects it (the caller counts the file as skipped).
pub fn parse(name: &str, bytes: Vec<u8>) -> Result<Mod, String> {
    let mut pipeline = Pipeline::standard();
    pipeline.truncate_after("parse").expect("parse stage");
    let mut cx = Context::new(Options { type_comments: false, ..Options::default() });
    match pipeline.run(Ir::Source(SourceFile::new(name.to_string(), bytes)), &mut cx) {
        Ok(Ir::Ast(a)) => Ok(a.tree),
        Ok(_) => Err("no AST".into()),
        Err(d) => Err(format!("{}: {}", d.kind.name(), d.message)),
    }
}

pub fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}: pyrite {:?} / CPython {:?}", i + 1, x, y);
        }
    }
    format!("lengths differ ({} vs {} lines)", a.lines().count(), b.lines().count())
}
