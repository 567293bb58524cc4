//! Running stage checks over a corpus and collecting the results.

use crate::diff::Difference;
use crate::oracle::{Oracle, OracleError, OraclePool};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What comparing one file at one stage found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Outcome {
    Identical,
    Differs(Difference),
    /// CPython itself rejects the file at this stage (for example a deliberately invalid test
    /// file), so there is nothing to compare at later stages.
    Skipped {
        reason: String,
    },
}

/// One stage of the conformance suite: compares pyrite with CPython on one file.
pub trait StageCheck: Sync {
    /// The stage's name on the command line (`tokens`, `ast`, ...).
    fn name(&self) -> &'static str;
    /// Compares one file. An `Err` is a failure of the harness itself (the oracle died), not a
    /// difference.
    fn check(&self, path: &Path, source: &[u8], oracle: &mut Oracle) -> Result<Outcome, OracleError>;
}

/// One file's outcome at one stage.
#[derive(Clone, Debug, Serialize)]
pub struct FileOutcome {
    /// The path relative to the corpus root it was found under.
    pub file: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// All files' outcomes at one stage.
#[derive(Clone, Debug, Serialize)]
pub struct StageReport {
    pub stage: String,
    pub identical: usize,
    pub differing: usize,
    pub skipped: usize,
    /// Every file that differs or was skipped (identical ones are only counted).
    pub files: Vec<FileOutcome>,
}

impl StageReport {
    pub fn differing_files(&self) -> impl Iterator<Item = &str> {
        self.files.iter().filter(|f| matches!(f.outcome, Outcome::Differs(_))).map(|f| f.file.as_str())
    }
}

/// A corpus file: its path on disk and the name it is reported under.
#[derive(Clone, Debug)]
pub struct CorpusFile {
    pub path: PathBuf,
    pub name: String,
}

/// Every `.py` file under `roots` (a file root stands for itself), named relative to its root.
pub fn corpus(roots: &[PathBuf]) -> std::io::Result<Vec<CorpusFile>> {
    let mut files = Vec::new();
    for root in roots {
        if root.is_dir() {
            let mut found = Vec::new();
            walk(root, &mut found)?;
            found.sort();
            files.extend(found.into_iter().map(|path| {
                let name = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().into_owned();
                CorpusFile { path, name }
            }));
        } else {
            files.push(CorpusFile { path: root.clone(), name: root.to_string_lossy().into_owned() });
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            if !path.is_symlink() && path.file_name().is_none_or(|n| n != "site-packages") {
                walk(&path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
    Ok(())
}

/// Runs `stage` on every file, in parallel, one oracle per worker.
pub fn run_stage(
    stage: &dyn StageCheck,
    files: &[CorpusFile],
    pool: &OraclePool,
) -> Result<StageReport, OracleError> {
    Ok(run_stages(&[stage], files, pool)?.remove(0))
}

/// Runs every stage on every file: the files in parallel, each file through all the stages in
/// turn with one oracle, so that what the stages of one file share is computed once (CPython's
/// compile of the file in the oracle, pyrite's code object: see `stages::code`).
pub fn run_stages(
    stages: &[&dyn StageCheck],
    files: &[CorpusFile],
    pool: &OraclePool,
) -> Result<Vec<StageReport>, OracleError> {
    let outcomes: Vec<Result<Vec<FileOutcome>, OracleError>> = files
        .par_iter()
        .map(|f| {
            let source = std::fs::read(&f.path)?;
            pool.with(|o| {
                stages
                    .iter()
                    .map(|stage| {
                        let outcome = stage.check(&f.path, &source, o)?;
                        Ok(FileOutcome { file: f.name.clone(), outcome })
                    })
                    .collect::<Result<Vec<_>, OracleError>>()
            })?
        })
        .collect();
    let mut reports: Vec<StageReport> = stages
        .iter()
        .map(|s| StageReport {
            stage: s.name().to_string(),
            identical: 0,
            differing: 0,
            skipped: 0,
            files: vec![],
        })
        .collect();
    for per_file in outcomes {
        for (report, o) in reports.iter_mut().zip(per_file?) {
            match o.outcome {
                Outcome::Identical => report.identical += 1,
                Outcome::Differs(_) => report.differing += 1,
                Outcome::Skipped { .. } => report.skipped += 1,
            }
            if o.outcome != Outcome::Identical {
                report.files.push(o);
            }
        }
    }
    Ok(reports)
}
