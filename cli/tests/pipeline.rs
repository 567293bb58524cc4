//! The `pyrite pipeline` and `pyrite demo` commands, run as a user runs them.

use std::process::Command;

fn pyrite(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pyrite")).args(args).output().expect("run pyrite");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn unknown_stage_is_a_usage_error() {
    let (code, _, err) = pyrite(&["pipeline", "x.py", "--stop-after", "optimise"]);
    assert_eq!(code, 2);
    assert!(err.contains("no pass named 'optimise'"), "{err}");
    assert!(err.contains("tokenize, parse, ast-opt, codegen, peephole, assemble, serialize"), "{err}");
}

#[test]
fn unreadable_file_is_reported_with_its_name() {
    let (code, out, err) = pyrite(&["pipeline", "/nonexistent/x.py", "--stop-after", "tokenize"]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(err.starts_with("/nonexistent/x.py: OSError: cannot read file:"), "{err}");
}

#[test]
fn unreadable_file_in_json_mode_is_a_json_error() {
    let (code, out, _) =
        pyrite(&["pipeline", "/nonexistent/x.py", "--stop-after", "tokenize", "--emit", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON document");
    assert_eq!(v["path"], "/nonexistent/x.py");
    assert_eq!(v["error"]["kind"], "IoError");
}

#[test]
fn empty_directory_warns() {
    let dir = std::env::temp_dir().join(format!("pyrite-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (code, out, err) = pyrite(&["pipeline", dir.to_str().unwrap(), "--emit", "none"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 0);
    assert_eq!(out, "");
    assert!(err.contains("no .py files found"), "{err}");
}

#[test]
fn demo_runs_the_stages_in_order() {
    let (code, out, _) = pyrite(&["demo"]);
    assert_eq!(code, 0, "{out}");
    let positions: Vec<usize> = ["=== source", "=== tokenize (source -> tokens)"]
        .iter()
        .map(|h| out.find(h).unwrap_or_else(|| panic!("missing {h}:\n{out}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    // The same with no arguments at all.
    let (code2, out2, _) = pyrite(&[]);
    assert_eq!((code2, out2), (code, out));
}
