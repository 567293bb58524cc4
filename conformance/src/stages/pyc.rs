//! `pyc`: the whole .pyc pyrite's pipeline writes against the one `python3 -m py_compile` writes
//! (made in a fresh interpreter, `fresh_pyc` in py/oracle.py, since marshal's reference sharing
//! depends on what a process has interned already), both with a timestamp header of mtime 0 and
//! the source size. Files CPython rejects (py_compile fails) are skipped. `pyc-O1` and `pyc-O2`
//! compare the .opt-1.pyc and .opt-2.pyc that `py_compile.compile(path, optimize=N)` writes.

use super::code::{pyrite_failed, pyrite_ir_of};
use crate::diff::first_byte_difference;
use crate::oracle::unhex;
use crate::oracle::{Oracle, OracleError};
use crate::suite::{Outcome, StageCheck};
use pyrite_ir::target::default_target;
use pyrite_ir::{Ir, IrKind};
use pyrite_passes::serialize::pyc::source_hash;
use pyrite_passes::{Options, SourceStamp};
use serde_json::json;
use std::path::Path;

const PYC_PY: &str = r#"
data = fresh_pyc(path, optimize)
result = None if data is None else data.hex()
"#;

/// The `pyc` stage at one `-O` level (0, 1 or 2).
pub struct Pyc {
    pub optimize: u8,
}

/// The stage names by `-O` level.
pub const NAMES: [&str; 3] = ["pyc", "pyc-O1", "pyc-O2"];

impl StageCheck for Pyc {
    fn name(&self) -> &'static str {
        NAMES[self.optimize as usize]
    }

    fn check(&self, path: &Path, source: &[u8], oracle: &mut Oracle) -> Result<Outcome, OracleError> {
        let name = path.to_string_lossy();
        // py_compile fails exactly when CPython rejects the file.
        let theirs = oracle.eval(PYC_PY, json!({ "path": name, "optimize": self.optimize }))?;
        let Some(theirs) = theirs.as_str() else {
            return Ok(Outcome::Skipped { reason: "CPython rejects the file".into() });
        };
        let stamp =
            SourceStamp { mtime: 0, size: source.len() as u64, hash: source_hash(default_target(), source) };
        let options = Options { source_stamp: Some(stamp), optimize: self.optimize, ..Options::default() };
        let ours = match pyrite_ir_of(&name, source, options, IrKind::Bytes) {
            Ok(Ir::Bytes(b)) => b,
            Ok(other) => unreachable!("serialize produced {}", other.kind()),
            Err(d) => return Ok(pyrite_failed(&d)),
        };
        Ok(match first_byte_difference("pyc", &ours, &unhex(theirs)) {
            None => Outcome::Identical,
            Some(d) => Outcome::Differs(d),
        })
    }
}
