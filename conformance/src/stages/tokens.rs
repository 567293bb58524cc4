//! `tokens`: `pyrite tokenize [-e] FILE` against `python3 -m tokenize [-e] FILE` (stdout, stderr,
//! exit status), both flavours.

use crate::diff::run_difference;
use crate::oracle::{ModuleRun, Oracle, OracleError};
use crate::suite::{Outcome, StageCheck};
use pyrite_passes::tokenize::module_view::cli_file;
use std::path::Path;

pub struct Tokens;

/// On a UnicodeDecodeError CPython prints "unexpected error: ..." and then a traceback into its own
/// tokenize.py; pyrite reproduces only that first line, so only it is compared.
fn first_line_if_unexpected(run: &mut ModuleRun, theirs_unexpected: bool) {
    if theirs_unexpected {
        let end = run.stderr.iter().position(|&b| b == b'\n').map_or(run.stderr.len(), |i| i + 1);
        run.stderr.truncate(end);
    }
}

impl StageCheck for Tokens {
    fn name(&self) -> &'static str {
        "tokens"
    }

    fn check(&self, path: &Path, source: &[u8], oracle: &mut Oracle) -> Result<Outcome, OracleError> {
        let name = path.to_string_lossy();
        for exact in [false, true] {
            let args: Vec<&str> = if exact { vec!["-e", &name] } else { vec![&name] };
            let mut theirs = oracle.run_module("tokenize", &args, None)?;
            let out = cli_file(&name, source, exact);
            let mut ours = ModuleRun { stdout: out.stdout, stderr: out.stderr, status: out.status };
            let unexpected = theirs.stderr.starts_with(b"unexpected error: ");
            first_line_if_unexpected(&mut theirs, unexpected);
            first_line_if_unexpected(&mut ours, unexpected);
            if let Some(mut d) = run_difference(&ours, &theirs) {
                if exact {
                    d.what = format!("{} (-e)", d.what);
                }
                return Ok(Outcome::Differs(d));
            }
        }
        Ok(Outcome::Identical)
    }
}
