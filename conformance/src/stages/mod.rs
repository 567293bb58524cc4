//! The stage checks of the conformance suite, by name.
//!
//! Each check compares pyrite's output for one file with CPython's. The compile stages compare
//! what pyrite's library makes of a file; `run` compares what a program does, so it needs the
//! `pyrite` executable ([`StageOptions::pyrite`]) and is only run when named.

use crate::suite::StageCheck;

mod ast;
mod code;
mod dis;
mod errors;
mod pyc;
pub mod run;
pub mod symtable;
mod tokens;
mod unparse;

/// Every stage the suite knows, in pipeline order.
pub const PLANNED: [&str; 11] =
    ["tokens", "ast", "symtable", "unparse", "errors", "code", "dis", "pyc", "pyc-O1", "pyc-O2", "run"];

/// What the stages need beyond a file and an oracle.
#[derive(Clone, Debug)]
pub struct StageOptions {
    /// The `pyrite` executable the `run` stage runs programs with.
    pub pyrite: Option<std::path::PathBuf>,
    /// The time limit of one side of one program at the `run` stage.
    pub run_timeout: std::time::Duration,
}

impl Default for StageOptions {
    fn default() -> StageOptions {
        StageOptions { pyrite: None, run_timeout: run::DEFAULT_TIMEOUT }
    }
}

/// The compile stages, in pipeline order: what runs when no stage is named (their corpus is
/// source files, which need not be programs). `pyc-O1` and `pyc-O2` run only when named.
pub fn all() -> Vec<Box<dyn StageCheck>> {
    vec![
        Box::new(tokens::Tokens),
        Box::new(ast::Ast),
        Box::new(symtable::Symtable),
        Box::new(unparse::Unparse),
        Box::new(errors::Errors),
        Box::new(code::Code),
        Box::new(dis::Dis),
        Box::new(pyc::Pyc { optimize: 0 }),
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

/// The checks named in `names`, or an error naming the first unknown stage (or one named twice).
pub fn select(names: &[String], options: &StageOptions) -> Result<Vec<Box<dyn StageCheck>>, String> {
    let mut built = all();
    let mut chosen: Vec<Box<dyn StageCheck>> = Vec::new();
    for name in names {
        match built.iter().position(|s| s.name() == name) {
            Some(i) => chosen.push(built.remove(i)),
            None if pyc::NAMES[1..].contains(&name.as_str()) && !chosen.iter().any(|c| c.name() == name) => {
                let optimize = pyc::NAMES.iter().position(|n| n == name).expect("a pyc stage") as u8;
                chosen.push(Box::new(pyc::Pyc { optimize }));
            }
            None if name == "run" && !chosen.iter().any(|c| c.name() == "run") => {
                let Some(pyrite) = options.pyrite.clone() else {
                    return Err("the run stage needs the pyrite executable to run programs with".into());
                };
                chosen.push(Box::new(run::Run { pyrite, timeout: options.run_timeout }));
            }
            None if PLANNED.contains(&name.as_str()) => {
                return Err(format!("conformance stage '{name}' is named twice"));
            }
            None => {
                return Err(format!("unknown conformance stage '{name}' (stages: {})", PLANNED.join(", ")))
            }
        }
    }
    Ok(chosen)
}
