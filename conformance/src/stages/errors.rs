//! `errors`: for a file CPython rejects, the exception pyrite reports must be CPython's: class,
//! message, and all four positions (`lineno`, `offset`, `end_lineno`, `end_offset`). A file
//! CPython accepts must be accepted too; it counts as skipped (nothing to compare).
//!
//! pyrite runs every stage that can reject a file: tokenize, parse, and once built the compiler
//! stages after them (symbol table and codegen errors). A stage that is not built yet accepts.

use crate::diff::first_line_difference;
use crate::oracle::{Oracle, OracleError};
use crate::suite::{Outcome, StageCheck};
use pyrite_ir::{Diagnostic, DiagnosticKind, Ir, SourceFile};
use pyrite_passes::{Context, Options, Pipeline};
use serde_json::{json, Value};
use std::path::Path;

pub struct Errors;

/// CPython's rejection as `[class, message, lineno, offset, end_lineno, end_offset]`, or None.
const CPYTHON: &str = r#"
import warnings
try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compiled(path)
    result = None
except SyntaxError as e:
    result = [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset]
except (ValueError, UnicodeError) as e:
    result = [type(e).__name__, str(e), None, None, None, None]
"#;

/// One line that says everything compared. A position of -1 and a missing one (None) are the
/// same to CPython's traceback printer, and pyrite's diagnostics have only the latter.
fn describe(e: &Value) -> String {
    match e {
        Value::Null => "accepted".to_string(),
        Value::Array(a) => {
            let pos: Vec<String> = a[2..]
                .iter()
                .map(|v| if v.as_i64() == Some(-1) { "null".into() } else { v.to_string() })
                .collect();
            format!("{}: {} ({})", a[0].as_str().unwrap_or("?"), a[1].as_str().unwrap_or("?"), pos.join(", "))
        }
        other => other.to_string(),
    }
}

/// pyrite's rejection in CPython's terms.
fn pyrite_rejection(d: &Diagnostic) -> Value {
    json!([d.kind.name(), d.message, d.lineno, d.offset, d.end_lineno, d.end_offset])
}

impl StageCheck for Errors {
    fn name(&self) -> &'static str {
        "errors"
    }

    fn check(&self, path: &Path, source: &[u8], oracle: &mut Oracle) -> Result<Outcome, OracleError> {
        let name = path.to_string_lossy().into_owned();
        let theirs = oracle.eval(CPYTHON, json!({ "path": name }))?;
        let mut pipeline = Pipeline::standard();
        pipeline.truncate_after("codegen").expect("the standard pipeline has a codegen stage");
        let mut cx = Context::new(Options::default());
        let ours = match pipeline.run(Ir::Source(SourceFile::new(name, source.to_vec())), &mut cx) {
            Ok(_) => Value::Null,
            Err(d) if d.kind == DiagnosticKind::NotImplemented => Value::Null,
            Err(d) => pyrite_rejection(&d),
        };
        if theirs.is_null() && ours.is_null() {
            return Ok(Outcome::Skipped { reason: "CPython accepts the file".to_string() });
        }
        let (ours, theirs) = (describe(&ours) + "\n", describe(&theirs) + "\n");
        Ok(match first_line_difference("error", ours.as_bytes(), theirs.as_bytes()) {
            None => Outcome::Identical,
            Some(d) => Outcome::Differs(d),
        })
    }
}
