//! `dis`: `dis.dis` of pyrite's module code object (compiled as for `python3 -m dis`,
//! [`InternHost::DisModule`]) against what `python3 -m dis FILE` prints (`fresh_dis` in
//! py/oracle.py: a forked copy of a real `-m dis` process, as the strings that process has
//! interned decide some frozenset orders), code object addresses normalised. Frozensets holding
//! None or Ellipsis print in the order of the target's modelled addresses (their hashes are
//! addresses), as `pyrite dis` prints them: the oracle's `id(None)` is not consulted.

use super::code::{pyrite_failed, pyrite_ir_of};
use crate::diff::first_line_difference;
use crate::oracle::{Oracle, OracleError};
use crate::suite::{Outcome, StageCheck};
use pyrite_ir::dis::{dis, normalize_addresses};
use pyrite_ir::target::{default_target, InternHost};
use pyrite_ir::{Ir, IrKind};
use pyrite_passes::Options;
use serde_json::json;
use std::path::Path;

const DIS_PY: &str = "result = fresh_dis(path)";

pub struct Dis;

impl StageCheck for Dis {
    fn name(&self) -> &'static str {
        "dis"
    }

    fn check(&self, path: &Path, source: &[u8], oracle: &mut Oracle) -> Result<Outcome, OracleError> {
        let name = path.to_string_lossy();
        let theirs = oracle.eval(DIS_PY, json!({ "path": name }))?;
        if theirs.is_null() {
            return Ok(Outcome::Skipped { reason: "CPython rejects the file".into() });
        }
        let options = Options { intern_host: InternHost::DisModule, ..Options::default() };
        let code = match pyrite_ir_of(&name, source, options, IrKind::Code) {
            Ok(Ir::Code(c)) => c,
            Ok(other) => unreachable!("the pipeline produced {}", other.kind()),
            Err(d) => return Ok(pyrite_failed(&d)),
        };
        let ours = dis(&code, default_target()).unwrap_or_else(|e| format!("dis error: {e}\n"));
        let ours = normalize_addresses(&ours);
        let theirs = normalize_addresses(theirs.as_str().unwrap_or_default());
        Ok(match first_line_difference("dis", ours.as_bytes(), theirs.as_bytes()) {
            None => Outcome::Identical,
            Some(d) => Outcome::Differs(d),
        })
    }
}
