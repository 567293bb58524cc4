//! The tokenize stage against CPython 3.11.7: `pyrite tokenize [-e] FILE` must print exactly what
//! `python3 -m tokenize [-e] FILE` prints (stdout, stderr, exit status) for every stdlib file and
//! every edge case under `conformance/cases/tokenize/`, and the compiler view must raise
//! `compile()`'s errors.

use pyrite_conformance::oracle::{stdlib_files, Oracle};
use pyrite_passes::tokenize::module_view::{cli_file, cli_stdin, CliOutput};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn first_difference(ours: &CliOutput, theirs: &pyrite_conformance::oracle::ModuleRun) -> Option<String> {
    if ours.status != theirs.status {
        return Some(format!("exit status {} vs CPython {}", ours.status, theirs.status));
    }
    // On a UnicodeDecodeError CPython prints "unexpected error: ..." and then its own traceback
    // (paths into tokenize.py); only that first line is reproduced.
    let their_stderr = if theirs.stderr.starts_with(b"unexpected error: ") {
        let end = theirs.stderr.iter().position(|&b| b == b'\n').map_or(theirs.stderr.len(), |i| i + 1);
        theirs.stderr[..end].to_vec()
    } else {
        theirs.stderr.clone()
    };
    let our_stderr = if theirs.stderr.starts_with(b"unexpected error: ") {
        let end = ours.stderr.iter().position(|&b| b == b'\n').map_or(ours.stderr.len(), |i| i + 1);
        ours.stderr[..end].to_vec()
    } else {
        ours.stderr.clone()
    };
    for (what, a, b) in [("stdout", &ours.stdout, &theirs.stdout), ("stderr", &our_stderr, &their_stderr)] {
        if a != b {
            let la = String::from_utf8_lossy(a);
            let lb = String::from_utf8_lossy(b);
            let (i, (x, y)) = la
                .lines()
                .zip(lb.lines())
                .enumerate()
                .find(|(_, (x, y))| x != y)
                .unwrap_or((la.lines().count().min(lb.lines().count()), ("<end>", "<end>")));
            return Some(format!("{what} line {}: pyrite {x:?} vs CPython {y:?}", i + 1));
        }
    }
    None
}

/// Compares both flavours (plain and `-e`) of one file; returns the differences.
fn compare_file(o: &mut Oracle, path: &Path) -> Vec<String> {
    let name = path.to_string_lossy();
    let bytes = std::fs::read(path).expect("readable corpus file");
    let mut diffs = Vec::new();
    for exact in [false, true] {
        let args: Vec<&str> = if exact { vec!["-e", &name] } else { vec![&name] };
        let theirs = o.run_module("tokenize", &args, None).expect("oracle answers");
        let ours = cli_file(&name, &bytes, exact);
        if let Some(d) = first_difference(&ours, &theirs) {
            diffs.push(format!("{name}{}: {d}", if exact { " (-e)" } else { "" }));
        }
    }
    diffs
}

fn compare_all(files: &[PathBuf]) -> Vec<String> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let pool = Oracle::pool(workers).expect("oracle pool");
    files.par_iter().flat_map(|f| pool.with(|o| compare_file(o, f)).expect("oracle")).collect()
}

fn edge_cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("cases/tokenize");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("conformance/cases/tokenize")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    files
}

#[test]
fn tokenize_is_identical_on_the_whole_stdlib() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let files = stdlib_files().expect("stdlib corpus");
    assert!(files.len() > 1500, "only {} stdlib files", files.len());
    let diffs = compare_all(&files);
    let n = files.len();
    let pct = 100.0 * (n - diffs.len().min(n)) as f64 / n as f64;
    eprintln!(
        "tokenize: {} stdlib files x 2 (plain, -e): {} differences ({pct:.2}% identical)",
        n,
        diffs.len()
    );
    assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs.join("\n"));
}

#[test]
fn tokenize_is_identical_on_edge_cases() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let files = edge_cases();
    assert!(files.len() >= 20, "edge cases missing: {}", files.len());
    let mut diffs = Vec::new();
    for f in &files {
        diffs.extend(compare_file(&mut o, f));
        // The same bytes through standard input (universal newlines, no ENCODING, streaming).
        let bytes = std::fs::read(f).unwrap();
        if std::str::from_utf8(&bytes).is_ok() {
            for exact in [false, true] {
                let args: &[&str] = if exact { &["-e"] } else { &[] };
                let theirs = o.run_module("tokenize", args, Some(&bytes)).unwrap();
                let ours = cli_stdin(&bytes, exact);
                if let Some(d) = first_difference(&ours, &theirs) {
                    diffs.push(format!("{} (stdin{}): {d}", f.display(), if exact { ", -e" } else { "" }));
                }
            }
        }
    }
    assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs.join("\n"));
}
