//! `pyrite dis`: snapshots of small .pyc files (written by tools/gen_dis_fixtures.py under CPython
//! 3.11.7; the whole-stdlib diff against CPython is conformance/tests/dis_pyc.rs) and its errors.

use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dis").join(name)
}

fn pyrite_dis(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pyrite")).arg("dis").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn snapshot(name: &str) -> String {
    let (code, out, err) = pyrite_dis(&[fixture(&format!("{name}.pyc")).to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    pyrite_ir::dis::normalize_addresses(&out)
}

#[test]
fn dis_calls() {
    insta::assert_snapshot!(snapshot("calls"));
}

#[test]
fn dis_control_flow_and_exception_table() {
    insta::assert_snapshot!(snapshot("control"));
}

#[test]
fn dis_constants() {
    insta::assert_snapshot!(snapshot("constants"));
}

#[test]
fn dis_classes_closures_coroutines() {
    insta::assert_snapshot!(snapshot("classes"));
}

#[test]
fn dis_match() {
    insta::assert_snapshot!(snapshot("matching"));
}

/// Frozenset constants are shown in the order of CPython's rebuilt hash tables (constant merge,
/// then string interning), including strings and bytes with equal hashes.
#[test]
fn dis_of_source_frozenset_order_matches_cpython() {
    let dir = std::env::temp_dir().join(format!("pyrite-dis-fs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let py = dir.join("sets.py");
    std::fs::write(
        &py,
        concat!(
            "def f(x):\n    return x in {'if', 'else', 'endif'}\n",
            "def g(x):\n    return x in {b'a', 'a'}, x in {'1', '2', '3'}\n",
            "def h(x):\n    return x in {'a-b', 'c d', 'e f', 'x'}, x in {'a-b', 'c d', 'e f'}, x in {'a-b', '', 'c d'}\n",
            "y = {b'a', 'a', 1}\n",
            "z = {'if', 'else', 'endif', 'x', 'y', 'zz', 'www', 'q', 'r', 's', 't'}\n",
            "w = {1.5, 2, 3j, (1, 'a'), 'é', 'xy'}\n",
            "for c in {'a', 'b', 'c', 'd'}: pass\n",
        ),
    )
    .unwrap();
    let (code, out, err) = pyrite_dis(&[py.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let cpython = pyrite_conformance::oracle::python_command().args(["-m", "dis"]).arg(&py).output().unwrap();
    assert!(cpython.status.success());
    assert_eq!(
        pyrite_ir::dis::normalize_addresses(&out),
        pyrite_ir::dis::normalize_addresses(&String::from_utf8_lossy(&cpython.stdout))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dis_of_source_goes_through_the_pipeline() {
    let dir = std::env::temp_dir().join(format!("pyrite-dis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let py = dir.join("x.py");
    std::fs::write(&py, "x = 1\n").unwrap();
    let (code, out, err) = pyrite_dis(&[py.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let cpython = pyrite_conformance::oracle::python_command().args(["-m", "dis"]).arg(&py).output().unwrap();
    assert_eq!(
        pyrite_ir::dis::normalize_addresses(&out),
        pyrite_ir::dis::normalize_addresses(&String::from_utf8_lossy(&cpython.stdout))
    );
    // Malformed and foreign .pyc files are clear errors, not panics.
    let bad = dir.join("bad.pyc");
    let mut data = std::fs::read(fixture("calls.pyc")).unwrap();
    data.truncate(100);
    std::fs::write(&bad, &data).unwrap();
    let (code, _, err) = pyrite_dis(&[bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("bad marshal data") && !err.contains("panicked"), "{err}");
    data[0] = 0x6f; // 3.10's magic
    std::fs::write(&bad, &data).unwrap();
    let (code, _, err) = pyrite_dis(&[bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("bad magic number"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
