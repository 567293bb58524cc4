//! `code`: the module's code object from pyrite's pipeline (through `assemble`) against CPython's
//! `compile(src, path, 'exec')`, compared as `marshal.dumps(code, 2)` bytes (no reference flags,
//! so only the objects themselves count). Files CPython rejects are skipped.

use crate::diff::first_byte_difference;
use crate::oracle::unhex;
use crate::oracle::{Oracle, OracleError};
use crate::suite::{Outcome, StageCheck};
use pyrite_ir::{CodeObject, Diagnostic, Ir, IrKind, SourceFile};
use pyrite_passes::serialize::marshal_write::dumps_v2;
use pyrite_passes::{Context, Options, Pipeline};
use serde_json::json;
use std::path::Path;

const CODE_PY: &str = r#"
import marshal
try:
    co = compiled(path)
except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
    result = None
else:
    result = marshal.dumps(co, 2).hex()
"#;

/// The standard pipeline run from source to its last stage producing `kind`.
pub(super) fn pyrite_ir_of(
    name: &str,
    source: &[u8],
    options: Options,
    kind: IrKind,
) -> Result<Ir, Diagnostic> {
    let pipeline = Pipeline::standard().up_to_last(kind).expect("the standard pipeline produces it");
    pipeline.run(Ir::Source(SourceFile::new(name, source.to_vec())), &mut Context::new(options))
}

type Compiled = (String, Vec<u8>, Result<CodeObject, Diagnostic>);

thread_local! {
    /// The last file this thread compiled: the `code` and `dis` stages of a file run in turn on
    /// one thread (`suite::run_stages`), and need the same code object.
    static LAST: std::cell::RefCell<Option<Compiled>> = const { std::cell::RefCell::new(None) };
}

/// pyrite's module code object for a file: what `pyrite dis`, `asm` and `run` compile with.
pub(super) fn pyrite_code(name: &str, source: &[u8]) -> Result<CodeObject, Diagnostic> {
    LAST.with_borrow_mut(|last| {
        if let Some((n, s, result)) = last.as_ref() {
            if n == name && s == source {
                return result.clone();
            }
        }
        let pipeline = Pipeline::standard().up_to_last(IrKind::Code).expect("the standard pipeline compiles");
        let result = pipeline.compile_code(name, source.to_vec(), Options::default());
        *last = Some((name.to_string(), source.to_vec(), result.clone()));
        result
    })
}

/// The difference to report when pyrite fails on a file CPython compiles.
pub(super) fn pyrite_failed(d: &Diagnostic) -> Outcome {
    Outcome::Differs(crate::diff::Difference {
        what: "pyrite error".into(),
        at: 0,
        pyrite: format!("{}: {}", d.kind.name(), d.message),
        cpython: "compiles".into(),
    })
}

pub struct Code;

impl StageCheck for Code {
    fn name(&self) -> &'static str {
        "code"
    }

    fn check(&self, path: &Path, source: &[u8], oracle: &mut Oracle) -> Result<Outcome, OracleError> {
        let name = path.to_string_lossy();
        let theirs = oracle.eval(CODE_PY, json!({ "path": name }))?;
        let Some(theirs) = theirs.as_str() else {
            return Ok(Outcome::Skipped { reason: "CPython rejects the file".into() });
        };
        Ok(match pyrite_code(&name, source) {
            Err(d) => pyrite_failed(&d),
            Ok(code) => {
                match first_byte_difference("marshal.dumps(code, 2)", &dumps_v2(&code), &unhex(theirs)) {
                    None => Outcome::Identical,
                    Some(d) => Outcome::Differs(d),
                }
            }
        })
    }
}
