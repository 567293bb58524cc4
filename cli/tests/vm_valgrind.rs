//! The VM under valgrind's memcheck: a representative subset of the corpus (vm/tests/programs)
//! runs with no invalid read or write, no use of uninitialised memory and no leak at exit
//! (`pyrite run` frees its whole heap before it ends, the builtin types included), and every
//! corpus program leaves no object live after the exit teardown.
//!
//! valgrind is required (CI installs it, see .ci/run): a missing valgrind fails the test rather
//! than skipping it. Each run costs ~10 s of CPU even for a tiny program (memcheck's price for the
//! VM thread's large stack), so the subset is small and runs two at a time.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Finalizers and cycles at run time and at shutdown, generators (suspended frames freed while
/// suspended), exceptions with tracebacks, classes and an uncaught chained exception (exit 1).
const SUBSET: &[&str] = &[
    "gc_del_timing",
    "gc_shutdown",
    "generators",
    "exceptions",
    "classes",
    "uncaught_chain",
    "lang_builtin_subclass_dict",
];

const VALGRIND: &str = "valgrind";

fn programs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../vm/tests/programs")
        .canonicalize()
        .expect("vm/tests/programs")
}

fn pyrite(args: &[&Path]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pyrite"));
    cmd.arg("run").args(args).env("PYTHONHASHSEED", "0");
    cmd
}

/// Runs one program natively and under memcheck; returns a description of what went wrong.
fn check(dir: &Path, name: &str, log_dir: &Path) -> Option<String> {
    let prog = dir.join(format!("{name}.py"));
    let native = pyrite(&[&prog]).output().expect("run pyrite");
    let log = log_dir.join(format!("{name}.log"));
    let mut cmd = Command::new(VALGRIND);
    cmd.args(["--error-exitcode=99", "--leak-check=full", "--errors-for-leak-kinds=definite,possible"])
        .arg(format!("--log-file={}", log.display()))
        .arg(env!("CARGO_BIN_EXE_pyrite"))
        .arg("run")
        .arg(&prog)
        .env("PYTHONHASHSEED", "0");
    let checked: Output = cmd.output().unwrap_or_else(|e| panic!("cannot run valgrind (install it): {e}"));
    let report = std::fs::read_to_string(&log).unwrap_or_default();
    if checked.status.code() == Some(99) || !report.contains("ERROR SUMMARY: 0 errors") {
        let summary: Vec<&str> = report
            .lines()
            .filter(|l| l.contains("Invalid") || l.contains("lost") || l.contains("ERROR SUMMARY"))
            .take(12)
            .collect();
        return Some(format!(
            "{name}: memcheck found errors (full log {}):\n{}",
            log.display(),
            summary.join("\n")
        ));
    }
    if checked.status.code() != native.status.code() || checked.stdout != native.stdout {
        return Some(format!(
            "{name}: ran differently under valgrind (status {:?}, natively {:?})",
            checked.status.code(),
            native.status.code()
        ));
    }
    None
}

#[test]
fn corpus_subset_is_memcheck_clean() {
    let available = Command::new(VALGRIND).arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(available, "valgrind is not installed (apt-get install valgrind; .ci/run does it)");
    let dir = programs_dir();
    let log_dir = std::env::temp_dir().join(format!("pyrite-vm-valgrind-{}", std::process::id()));
    std::fs::create_dir_all(&log_dir).unwrap();
    let failures: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = SUBSET
            .chunks(SUBSET.len().div_ceil(2))
            .map(|chunk| {
                let (dir, log_dir) = (&dir, &log_dir);
                s.spawn(move || chunk.iter().filter_map(|n| check(dir, n, log_dir)).collect::<Vec<_>>())
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("worker")).collect()
    });
    if failures.is_empty() {
        let _ = std::fs::remove_dir_all(&log_dir);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn exit_teardown_frees_every_object() {
    let dir = programs_dir();
    let mut programs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    programs.sort();
    let mut failures = Vec::new();
    for prog in &programs {
        let out = pyrite(&[Path::new("--stats"), prog]).output().expect("run pyrite");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let left = stderr
            .lines()
            .rev()
            .find_map(|l| l.trim().strip_prefix("after the exit teardown: "))
            .map(|rest| rest.trim_end_matches(" objects live").to_string());
        if left.as_deref() != Some("0") {
            failures.push(format!("{}: {:?} objects live after the teardown", prog.display(), left));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
