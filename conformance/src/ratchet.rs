//! The ratchet: a committed list of known failures per stage that may only shrink.
//!
//! `conformance/known-failures/<stage>.txt` lists, one per line, the corpus files (named relative to
//! the stdlib root) known to differ at that stage; `#` starts a comment. A file that differs and is
//! not listed is a regression; a listed file that no longer differs must be removed from the list.

use crate::oracle::{stdlib_root, Oracle};
use crate::suite::{corpus, run_stage, StageReport};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The known-failures file of a stage.
pub fn list_path(stage: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("known-failures").join(format!("{stage}.txt"))
}

/// The known failures of a stage (empty when it has no list).
pub fn known_failures(stage: &str) -> BTreeSet<String> {
    std::fs::read_to_string(list_path(stage))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// How a run compares with the ratchet.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RatchetVerdict {
    /// Files that differ but are not listed: regressions.
    pub new_failures: Vec<String>,
    /// Listed files that now match: remove them from the list.
    pub fixed: Vec<String>,
}

impl RatchetVerdict {
    pub fn passed(&self) -> bool {
        self.new_failures.is_empty() && self.fixed.is_empty()
    }

    /// A message saying exactly what to do, for a failed verdict.
    pub fn explain(&self, stage: &str) -> String {
        let mut s = String::new();
        if !self.new_failures.is_empty() {
            s += &format!(
                "{} file(s) newly differ at stage '{stage}' (not in {}):\n  {}\n",
                self.new_failures.len(),
                list_path(stage).display(),
                self.new_failures.join("\n  ")
            );
        }
        if !self.fixed.is_empty() {
            s += &format!(
                "{} file(s) listed as known failures of stage '{stage}' now match CPython; remove them from {}:\n  {}\n",
                self.fixed.len(),
                list_path(stage).display(),
                self.fixed.join("\n  ")
            );
        }
        s
    }
}

/// Compares the files that differ (out of `checked`, every file that was compared) with the list.
pub fn verdict<'a>(
    known: &BTreeSet<String>,
    differing: impl IntoIterator<Item = &'a str>,
    checked: impl IntoIterator<Item = &'a str>,
) -> RatchetVerdict {
    let differing: BTreeSet<&str> = differing.into_iter().collect();
    let checked: BTreeSet<&str> = checked.into_iter().collect();
    RatchetVerdict {
        new_failures: differing.iter().filter(|f| !known.contains(**f)).map(|f| f.to_string()).collect(),
        fixed: known
            .iter()
            .filter(|k| checked.contains(k.as_str()) && !differing.contains(k.as_str()))
            .cloned()
            .collect(),
    }
}

/// Runs one conformance stage over CPython's stdlib and holds the result to the stage's list:
/// what a stage's CI test does. `None` when no suitable `python3` is available outside CI (see
/// [`Oracle::for_tests`]); panics on a harness failure.
pub fn stdlib_verdict(stage: &str) -> Option<(StageReport, RatchetVerdict)> {
    drop(Oracle::for_tests()?);
    let check =
        crate::stages::select(&[stage.to_string()], &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    let files = corpus(&[stdlib_root().expect("the stdlib root")]).expect("the stdlib files");
    let pool = Oracle::pool(0).expect("CPython oracles");
    let report = run_stage(check[0].as_ref(), &files, &pool).expect("the conformance harness");
    let v = verdict(&known_failures(stage), report.differing_files(), files.iter().map(|f| f.name.as_str()));
    Some((report, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_reports_regressions_and_fixes() {
        let known: BTreeSet<String> = ["a.py", "b.py", "gone.py"].iter().map(|s| s.to_string()).collect();
        let v = verdict(&known, ["a.py", "c.py"], ["a.py", "b.py", "c.py", "d.py"]);
        assert_eq!(v.new_failures, ["c.py"]);
        assert_eq!(v.fixed, ["b.py"]); // gone.py was not checked in this run, so it is not "fixed"
        assert!(!v.passed());
        assert!(v.explain("tokens").contains("remove them"));
        assert!(verdict(&known, ["a.py", "b.py"], ["a.py", "b.py"]).passed());
    }
}
