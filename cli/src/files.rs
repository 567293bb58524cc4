//! Turning command-line paths into the list of source files to process.

use std::path::{Path, PathBuf};

/// Every path given, with directories replaced by the `.py` files below them (sorted, so runs are
/// reproducible). Unreadable directories are reported as errors, not skipped silently.
pub fn collect_sources(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut files, &mut errors);
        } else {
            files.push(p.clone());
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if !path.is_symlink() {
                walk(&path, files, errors);
            }
        } else if path.extension().is_some_and(|e| e == "py") {
            files.push(path);
        }
    }
}
