//! The stage checks of the conformance suite, by name.
//!
//! Each check compares pyrite's output for one file with CPython's. Stages whose pyrite side is not
//! built yet are listed in [`PLANNED`] and refused by name with a clear message.

use crate::suite::StageCheck;

mod ast;
mod code;
mod dis;
mod errors;
mod pyc;
pub mod symtable;
mod tokens;
mod unparse;

/// Every stage the suite knows, in pipeline order.
pub const PLANNED: [&str; 9] =
    ["tokens", "ast", "symtable", "unparse", "errors", "code", "dis", "pyc", "run"];

/// The checks that are built, in pipeline order.
pub fn all() -> Vec<Box<dyn StageCheck>> {
    vec![
        Box::new(tokens::Tokens),
        Box::new(ast::Ast),
        Box::new(symtable::Symtable),
        Box::new(unparse::Unparse),
        Box::new(errors::Errors),
        Box::new(code::Code),
        Box::new(dis::Dis),
        Box::new(pyc::Pyc),
    ]
}

/// pyrite's tree of a file (tokenize + parse, `ast.parse` defaults: exec mode, no type
/// comments), for the stages that compare what later passes make of it; `Err` when pyrite's
/// front end rejects the file.
pub fn parse_tree(name: &str, source: &[u8]) -> Result<pyrite_ir::ast::Mod, pyrite_ir::Diagnostic> {
    let mut pipeline = pyrite_passes::Pipeline::standard();
    pipeline.truncate_after("parse").expect("the standard pipeline has a parse stage");
    let mut cx = pyrite_passes::Context::default();
    match pipeline.run(pyrite_ir::Ir::Source(pyrite_ir::SourceFile::new(name, source.to_vec())), &mut cx)? {
        pyrite_ir::Ir::Ast(a) => Ok(a.tree),
        other => unreachable!("the parse stage produced {}", other.kind()),
    }
}

/// The checks named in `names`, or an error naming the first unknown or unbuilt stage.
pub fn select(names: &[String]) -> Result<Vec<Box<dyn StageCheck>>, String> {
    let mut built = all();
    let mut chosen = Vec::new();
    for name in names {
        match built.iter().position(|s| s.name() == name) {
            Some(i) => chosen.push(built.remove(i)),
            None if PLANNED.contains(&name.as_str()) => {
                return Err(format!("conformance stage '{name}' is not built yet"));
            }
            None => {
                return Err(format!("unknown conformance stage '{name}' (stages: {})", PLANNED.join(", ")))
            }
        }
    }
    Ok(chosen)
}
