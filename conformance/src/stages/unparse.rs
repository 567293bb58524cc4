//! `unparse`: `pyrite_passes::unparse` of pyrite's tree against `ast.unparse(ast.parse(src))`.
//! Files pyrite's front end rejects are skipped (the `ast` and `errors` stages report those).

use super::parse_tree;
use crate::diff::first_line_difference;
use crate::oracle::{Oracle, OracleError};
use crate::suite::{Outcome, StageCheck};
use serde_json::json;
use std::path::Path;

const UNPARSE_PY: &str = r#"
import ast, tokenize
with tokenize.open(path) as fh:
    src = fh.read()
try:
    result = ast.unparse(ast.parse(src)) + "\n"
except Exception as e:
    result = "%s: %s\n" % (type(e).__name__, e)
"#;

pub struct Unparse;

impl StageCheck for Unparse {
    fn name(&self) -> &'static str {
        "unparse"
    }

    fn check(&self, path: &Path, source: &[u8], oracle: &mut Oracle) -> Result<Outcome, OracleError> {
        let name = path.to_string_lossy();
        let Ok(tree) = parse_tree(&name, source) else {
            return Ok(Outcome::Skipped { reason: "pyrite's front end rejects the file".into() });
        };
        let ours = match pyrite_passes::unparse::unparse(&tree) {
            Ok(s) => s + "\n",
            Err(e) => format!("{e}\n"),
        };
        let theirs = oracle.eval(UNPARSE_PY, json!({ "path": name }))?;
        let theirs = theirs.as_str().unwrap_or_default();
        Ok(match first_line_difference("stdout", ours.as_bytes(), theirs.as_bytes()) {
            None => Outcome::Identical,
            Some(d) => Outcome::Differs(d),
        })
    }
}
