//! The `run` conformance stage: `pyrite run PROG` against `python3 PROG`. On a fixture directory
//! with one program per outcome it must report each one right (the first differing line, the exit
//! status, skips); on the VM program corpus (its default) it holds the ratchet of
//! conformance/known-failures/run.txt, a list that may only shrink.

use pyrite_conformance::oracle::Oracle;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn conformance(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .arg("conformance")
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("run pyrite conformance")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn fixture_programs_are_reported_identical_differing_or_skipped() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let tmp = std::env::temp_dir().join(format!("pyrite-conformance-run-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let (json, html) = (tmp.join("run.json"), tmp.join("run.html"));
    let out = conformance(&[
        "--stages",
        "run",
        "--timeout",
        "3",
        "conformance/tests/fixtures/run",
        "--json",
        json.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "differences fail the run:\n{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("run                 2          2          2    50.00%"), "{stdout}");
    assert!(stdout.contains("[run] differs_stdout.py: first difference in stdout at 2"), "{stdout}");

    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let stage = &report["stages"][0];
    assert_eq!(stage["stage"], "run");
    assert_eq!((stage["identical"].as_u64(), stage["differing"].as_u64()), (Some(2), Some(2)));
    let file = |name: &str| {
        stage["files"].as_array().unwrap().iter().find(|f| f["file"] == name).cloned().unwrap_or_else(|| {
            panic!("{name} is not in the report: {stage:#}");
        })
    };
    let d = file("differs_stdout.py");
    assert_eq!(
        (d["outcome"].as_str(), d["what"].as_str(), d["at"].as_u64()),
        (Some("differs"), Some("stdout"), Some(2))
    );
    assert_eq!(d["pyrite"], "the same on both sides\nimplementation: pyrite\n");
    assert_eq!(d["cpython"], "the same on both sides\nimplementation: cpython\n");
    let d = file("differs_status.py");
    assert_eq!(
        (d["what"].as_str(), d["pyrite"].as_str(), d["cpython"].as_str()),
        (Some("exit status"), Some("0"), Some("3"))
    );
    let s = file("skipped_timeout.py");
    assert_eq!(s["outcome"], "skipped");
    assert!(s["reason"].as_str().unwrap().contains("past the 3s limit"), "{s}");
    let s = file("skipped_killed.py");
    assert_eq!(s["outcome"], "skipped");
    assert!(s["reason"].as_str().unwrap().contains("killed (signal 9)"), "{s}");
    // The identical ones (an uncaught exception's traceback; a file written to the working
    // directory, which is fresh for each side) are only counted.
    assert!(stage["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| !f["file"].as_str().unwrap().starts_with("same_")));

    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("differs_stdout.py &mdash; stdout differs at 2"), "{page}");
    assert!(page.contains("implementation: cpython"));
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn vm_program_corpus_holds_the_run_ratchet() {
    if Oracle::for_tests().is_none() {
        return;
    }
    // No PATH: the run stage's default corpus is vm/tests/programs.
    let out = conformance(&["--stages", "run", "--ratchet"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    eprint!("{stdout}");
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    let programs = std::fs::read_dir(repo_root().join("vm/tests/programs"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "py"))
        .count();
    assert!(programs >= 30, "the VM corpus is missing");
    assert!(stdout.contains(&format!("on {programs} files")), "{stdout}");
}

#[test]
fn run_stage_refuses_the_stdlib_default() {
    let out = conformance(&["--stages", "tokens,run"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("the run stage runs programs, not the stdlib"),
        "{}",
        text(&out.stderr)
    );
    let out = conformance(&["--stages", "run", "--timeout", "0", "vm/tests/programs"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--timeout must be a positive number"), "{}", text(&out.stderr));
}
