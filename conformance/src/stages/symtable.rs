//! `symtable`: pyrite's symbol table (scopes, symbol flags, resolved scopes, or its SyntaxError)
//! against CPython's `_symtable.symtable`, both dumped by the same rules
//! (`conformance/py/symtable_dump.py` for CPython's). Files pyrite's front end rejects are skipped
//! (the `ast` and `errors` stages report those).

use super::parse_tree;
use crate::diff::first_line_difference;
use crate::oracle::{Oracle, OracleError};
use crate::suite::{Outcome, StageCheck};
use pyrite_passes::symtable;
use serde_json::json;
use std::path::Path;

const DUMP_PY: &str = include_str!("../../py/symtable_dump.py");

pub struct Symtable;

fn opt(v: Option<u32>) -> String {
    v.map_or("None".to_string(), |n| n.to_string())
}

/// pyrite's table, or its error, in the dump's shape.
pub fn pyrite_dump(tree: &pyrite_ir::ast::Mod, path: &str) -> String {
    match symtable::build(tree, path) {
        Ok(t) => symtable::dump(&t),
        Err(d) => format!(
            "{}: {} ({}, {}, {}, {})\n",
            d.kind.name(),
            d.message,
            opt(d.lineno),
            opt(d.offset),
            opt(d.end_lineno),
            opt(d.end_offset)
        ),
    }
}

/// CPython's dump of a file (`path`) or of a snippet (`src`).
pub fn cpython_dump(
    oracle: &mut Oracle,
    path: Option<&str>,
    src: Option<&str>,
) -> Result<String, OracleError> {
    let v = oracle.eval(DUMP_PY, json!({"path": path, "src": src}))?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

impl StageCheck for Symtable {
    fn name(&self) -> &'static str {
        "symtable"
    }

    fn check(&self, path: &Path, source: &[u8], oracle: &mut Oracle) -> Result<Outcome, OracleError> {
        let name = path.to_string_lossy();
        let Ok(tree) = parse_tree(&name, source) else {
            return Ok(Outcome::Skipped { reason: "pyrite's front end rejects the file".into() });
        };
        let ours = pyrite_dump(&tree, &name);
        let theirs = cpython_dump(oracle, Some(&name), None)?;
        Ok(match first_line_difference("symtable", ours.as_bytes(), theirs.as_bytes()) {
            None => Outcome::Identical,
            Some(d) => Outcome::Differs(d),
        })
    }
}
