//! The VM conformance corpus: every program in vm/tests/programs is compiled to a .pyc by CPython
//! (through the oracle) and run by `pyrite run`, once as that .pyc (diffed against `python3
//! prog.pyc`) and once as source (diffed against `python3 prog.py`), both with PYTHONHASHSEED=0:
//! stdout, stderr and exit status must be identical, except for the programs listed in
//! vm/tests/programs/known_failures.txt, which must still differ. Each run has its own oracle
//! because the two CPython runs can differ: a set display of constants is built from a
//! frozenset that the compiler makes in one order and marshal rebuilds in another, and
//! `sys.argv[0]`/`__file__` name the file that was run.

use pyrite_conformance::oracle::{python_command, Oracle};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

fn programs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../vm/tests/programs")
        .canonicalize()
        .expect("vm/tests/programs")
}

fn known_failures(dir: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(dir.join("known_failures.txt")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(':').map(|(n, r)| (n.trim().to_string(), r.trim().to_string())))
        .collect()
}

struct Outcome {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    status: Option<i32>,
}

fn run(cmd: &mut Command) -> Outcome {
    let out = cmd.output().expect("run program");
    Outcome { stdout: out.stdout, stderr: out.stderr, status: out.status.code() }
}

/// A short description of the first difference, for the failure message.
fn first_diff(what: &str, a: &[u8], b: &[u8]) -> Option<String> {
    if a == b {
        return None;
    }
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return Some(format!("{what} line {}: python3 {:?} / pyrite {:?}", i + 1, x, y));
        }
    }
    Some(format!("{what}: python3 has {} lines, pyrite {}", a.lines().count(), b.lines().count()))
}

/// Runs `prog` twice (CPython's .pyc, and the source through pyrite's own pipeline) and records
/// each run against CPython running the same file, and the known failures.
fn check_program(
    prog: &Path,
    pyc: &Path,
    known: &BTreeMap<String, String>,
    passed: &mut usize,
    failures: &mut Vec<String>,
) {
    let name = prog.file_stem().unwrap().to_string_lossy().into_owned();
    // Each run in a fresh working directory: programs write files there, runs go in parallel.
    let cwd = |how: &str| {
        let dir = pyc.with_file_name(format!("{name}-{how}"));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    };
    let runs = [("pyc", pyc), ("py", prog)].map(|(how, file)| {
        let expected = run(python_command().arg(file).current_dir(cwd(&format!("python3-{how}"))));
        let got = run(Command::new(env!("CARGO_BIN_EXE_pyrite")).arg("run").arg(file).current_dir(cwd(how)));
        (how, expected, got)
    });
    for (how, expected, got) in runs {
        let diff = first_diff("stdout", &expected.stdout, &got.stdout)
            .or_else(|| first_diff("stderr", &expected.stderr, &got.stderr))
            .or_else(|| {
                (expected.status != got.status)
                    .then(|| format!("exit status {:?} vs {:?}", expected.status, got.status))
            });
        // An entry names a program (both runs) or `program (pyc)` / `program (py)` (one run).
        let listed = known.get(&format!("{name} ({how})")).or_else(|| known.get(&name));
        match (diff, listed) {
            (None, None) => *passed += 1,
            (Some(d), None) => failures.push(format!("{name} ({how}): {d}")),
            (None, Some(_)) => failures
                .push(format!("{name} ({how}): matches CPython now; remove it from known_failures.txt")),
            (Some(_), Some(_)) => {}
        }
    }
}

#[test]
fn vm_corpus_matches_cpython() {
    let Some(mut oracle) = Oracle::for_tests() else { return };
    let dir = programs_dir();
    let known = known_failures(&dir);
    let tmp = std::env::temp_dir().join(format!("pyrite-vm-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut programs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    programs.sort();
    assert!(programs.len() >= 15, "the corpus is missing");
    // CPython's .pyc first (one oracle), then the runs, which dominate, spread over the cores.
    let pycs: Vec<PathBuf> = programs
        .iter()
        .map(|prog| {
            let pyc = tmp.join(prog.file_stem().unwrap()).with_extension("pyc");
            oracle
                .eval(
                    "import py_compile\npy_compile.compile(src, cfile=out, doraise=True)\nresult = True",
                    serde_json::json!({"src": prog.to_str().unwrap(), "out": pyc.to_str().unwrap()}),
                )
                .unwrap_or_else(|e| panic!("CPython cannot compile {}: {e}", prog.display()));
            pyc
        })
        .collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let results: Vec<(usize, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let (mut passed, mut failures) = (0, Vec::new());
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(prog) = programs.get(i) else { break };
                        check_program(prog, &pycs[i], &known, &mut passed, &mut failures);
                    }
                    (passed, failures)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("corpus worker")).collect()
    });
    let passed: usize = results.iter().map(|r| r.0).sum();
    let mut failures: Vec<String> = results.into_iter().flat_map(|r| r.1).collect();
    failures.sort();
    let _ = std::fs::remove_dir_all(&tmp);
    eprintln!(
        "vm corpus: {passed} runs (.pyc from CPython, .py through pyrite) identical to CPython running the same file, {} known failures",
        known.len()
    );
    assert!(failures.is_empty(), "VM corpus differences:\n{}", failures.join("\n"));
}

#[test]
fn run_rejects_bad_input() {
    let tmp = std::env::temp_dir().join(format!("pyrite-vm-bad-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let pyrite = env!("CARGO_BIN_EXE_pyrite");
    // A script CPython cannot compile: its report and exit status 1.
    let py = tmp.join("x.py");
    std::fs::write(&py, "x = 1\ndef f(:\n    pass\n").unwrap();
    let out = Command::new(pyrite).arg("run").arg(&py).output().unwrap();
    let want = python_command().arg(&py).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&want.stderr));
    // Wrong magic, truncated file, garbage marshal data.
    for (name, bytes) in [
        ("magic.pyc", b"\x00\x00\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xe3".to_vec()),
        ("short.pyc", b"\xa7\x0d\r\n".to_vec()),
        ("garbage.pyc", [&b"\xa7\x0d\r\n"[..], &[0u8; 12], b"\xe3\x01\x00"].concat()),
    ] {
        let p = tmp.join(name);
        std::fs::write(&p, bytes).unwrap();
        let out = Command::new(pyrite).arg("run").arg(&p).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("pyrite run:"), "{name}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
