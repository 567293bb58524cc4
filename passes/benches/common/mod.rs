//! What the stage benchmarks and the profiling examples share: the stdlib corpus and CPU time.
//! Included with `mod common;` by benches and `#[path = "../benches/common/mod.rs"] mod common;`
//! by examples, so it needs no crate of its own. Cargo does not take `benches/common/mod.rs` for
//! a benchmark (only `benches/*.rs` and `benches/*/main.rs`).

#![allow(dead_code)] // each user takes what it needs

use std::path::{Path, PathBuf};
use std::process::Command;

/// The stdlib directory of the `python` interpreter (`python3` unless given).
pub fn stdlib_root(python: &str) -> PathBuf {
    let out = Command::new(python)
        .args(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"])
        .output()
        .expect("python3 for the stdlib path");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// Every `.py` file under `root` outside `site-packages` (symlinked directories not followed),
/// sorted so that every run and every tool sees the same order.
pub fn py_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                if !p.is_symlink() && p.file_name().is_some_and(|n| n != "site-packages") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|e| e == "py") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// The stdlib's `.py` files (see [`py_files`]).
pub fn stdlib_files(python: &str) -> Vec<PathBuf> {
    py_files(&stdlib_root(python))
}

/// CPU seconds (user + system) this process has used, from `/proc/self/stat`: on a shared machine
/// wall-clock figures mostly measure the other processes.
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // Fields 14 and 15 of the file (utime, stime) are 11 and 12 after the command name; USER_HZ
    // is 100 on every Linux this runs on.
    (ticks(11) + ticks(12)) / 100.0
}
