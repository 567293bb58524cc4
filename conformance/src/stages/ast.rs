//! `ast`: the tokenize and parse stages dumped like `python3 -m ast -a FILE`. A file CPython
//! rejects is skipped here (the `errors` stage compares rejections).

use crate::diff::first_line_difference;
use crate::oracle::{Oracle, OracleError};
use crate::suite::{Outcome, StageCheck};
use pyrite_ir::ast::{dump, DumpOptions};
use pyrite_ir::{Ir, SourceFile};
use pyrite_passes::{Context, Options, Pipeline};
use std::path::Path;

pub struct Ast;

impl StageCheck for Ast {
    fn name(&self) -> &'static str {
        "ast"
    }

    fn check(&self, path: &Path, source: &[u8], oracle: &mut Oracle) -> Result<Outcome, OracleError> {
        let name = path.to_string_lossy().into_owned();
        let theirs = oracle.run_module("ast", &["-a", &name], None)?;
        let mut pipeline = Pipeline::standard();
        pipeline.truncate_after("parse").expect("the standard pipeline has a parse stage");
        let mut cx = Context::new(Options { type_comments: true, ..Options::default() });
        let ours = match pipeline.run(Ir::Source(SourceFile::new(name, source.to_vec())), &mut cx) {
            Ok(Ir::Ast(a)) => {
                Ok(dump(&a.tree, DumpOptions { include_attributes: true, indent: Some(3) }) + "\n")
            }
            Ok(other) => Err(format!("the parse stage produced {}", other.kind())),
            Err(d) => Err(format!("{}: {}", d.kind.name(), d.message)),
        };
        if theirs.status != 0 {
            let stderr = String::from_utf8_lossy(&theirs.stderr);
            let reason = stderr.lines().last().unwrap_or("CPython rejects the file").to_string();
            return Ok(match ours {
                Err(_) => Outcome::Skipped { reason },
                Ok(dump) => Outcome::Differs(
                    first_line_difference("stdout", dump.as_bytes(), reason.as_bytes()).expect("they differ"),
                ),
            });
        }
        let ours = ours.unwrap_or_else(|e| format!("<pyrite failed: {e}>\n"));
        Ok(match first_line_difference("stdout", ours.as_bytes(), &theirs.stdout) {
            None => Outcome::Identical,
            Some(d) => Outcome::Differs(d),
        })
    }
}
