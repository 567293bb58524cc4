//! The stage checks of the conformance suite, by name.
//!
//! Each check compares pyrite's output for one file with CPython's. Stages whose pyrite side is not
//! built yet are listed in [`PLANNED`] and refused by name with a clear message.

use crate::suite::StageCheck;

mod ast;
mod errors;
mod tokens;

/// Every stage the suite knows, in pipeline order.
pub const PLANNED: [&str; 7] = ["tokens", "ast", "errors", "code", "dis", "pyc", "run"];

/// The checks that are built, in pipeline order.
pub fn all() -> Vec<Box<dyn StageCheck>> {
    vec![Box::new(tokens::Tokens), Box::new(ast::Ast), Box::new(errors::Errors)]
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
