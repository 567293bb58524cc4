//! Hand-written assembly programs (cli/tests/fixtures/asm/*.pyasm) run on both VMs: `pyrite asm`
//! assembles each into a .pyc, which `python3 X.pyc` and `pyrite run X.pyc` both execute. Their
//! stdout, stderr (tracebacks included) and exit status must be identical, so the test checks the
//! assembler (CPython accepts and runs what it wrote) and the VM (it behaves as CPython on it).

use pyrite_conformance::oracle::{python_command, Oracle};
use std::path::PathBuf;
use std::process::{Command, Output};

fn fixtures() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/asm");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("cli/tests/fixtures/asm")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pyasm"))
        .collect();
    files.sort();
    files
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn hand_written_assembly_runs_the_same_on_cpython_and_pyrite() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let tmp = std::env::temp_dir().join(format!("pyrite-asm-vm-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let pyrite = env!("CARGO_BIN_EXE_pyrite");
    let programs = fixtures();
    assert!(programs.len() >= 3, "the hand-written programs are missing");
    for src in &programs {
        let name = src.file_stem().unwrap().to_string_lossy().into_owned();
        let pyc = tmp.join(format!("{name}.pyc"));
        let asm = Command::new(pyrite).arg("asm").arg(src).arg("-o").arg(&pyc).output().unwrap();
        assert!(asm.status.success(), "{name}: pyrite asm failed:\n{}", text(&asm.stderr));
        let expected: Output = python_command().arg(&pyc).output().unwrap();
        let got: Output = Command::new(pyrite).arg("run").arg(&pyc).output().unwrap();
        assert!(!expected.stdout.is_empty(), "{name}: the program prints nothing under CPython");
        assert_eq!(text(&got.stdout), text(&expected.stdout), "{name}: stdout");
        assert_eq!(text(&got.stderr), text(&expected.stderr), "{name}: stderr");
        assert_eq!(got.status.code(), expected.status.code(), "{name}: exit status");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn assembly_errors_are_reported_without_color_in_a_pipe() {
    let tmp = std::env::temp_dir().join(format!("pyrite-asm-err-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let src = tmp.join("bad.pyasm");
    // PRECALL 1 + CALL 1 consume NULL, callable and argument: without the NULL the stack walk
    // finds RAISE_VARARGS with nothing to raise.
    std::fs::write(
        &src,
        ".code\n.name '<module>'\nname 'f'\nconst 1\n    RESUME 0\n    LOAD_NAME 0\n    LOAD_CONST 0\n    \
         PRECALL 1\n    CALL 1\n    RAISE_VARARGS 1\n.end\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .arg("asm")
        .arg(&src)
        .arg("-o")
        .arg(tmp.join("x.pyc"))
        .output();
    let out = out.unwrap();
    let err = text(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(err.contains("stack underflow"), "{err}");
    assert!(err.contains("bad.pyasm:10:5"), "{err}");
    assert!(!err.contains('\u{1b}'), "escape sequences in piped output: {err:?}");
    let _ = std::fs::remove_dir_all(&tmp);
}
