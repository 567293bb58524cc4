//! `pyrite tokenize` as a process: same stdout, stderr and exit status as `python3 -m tokenize`
//! for a file, for stdin, with `-e`, and for a file that does not exist.

use pyrite_conformance::oracle::{python_command, Oracle};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(cmd: &mut Command, stdin: &[u8]) -> Output {
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn pyrite_tokenize_matches_python_m_tokenize() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("pyrite-tokenize-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.py");
    std::fs::write(&good, "def f(x):\n    return x ** 2  # square\n").unwrap();
    let bad = dir.join("bad.py");
    std::fs::write(&bad, "x = (1,\n").unwrap();
    let missing = dir.join("missing.py");
    let stdin_src: &[u8] = b"if x:\r\n    y = '\xc3\xa9'\r\n  z\n";
    let cases: Vec<(Vec<String>, &[u8])> = vec![
        (vec![good.display().to_string()], b""),
        (vec!["-e".into(), good.display().to_string()], b""),
        (vec![bad.display().to_string()], b""),
        (vec![missing.display().to_string()], b""),
        (vec![], stdin_src),
        (vec!["-e".into()], stdin_src),
    ];
    for (args, stdin) in cases {
        let ours = run(Command::new(env!("CARGO_BIN_EXE_pyrite")).arg("tokenize").args(&args), stdin);
        let theirs = run(python_command().args(["-m", "tokenize"]).args(&args), stdin);
        assert_eq!(
            (
                String::from_utf8_lossy(&ours.stdout),
                String::from_utf8_lossy(&ours.stderr),
                ours.status.code()
            ),
            (
                String::from_utf8_lossy(&theirs.stdout),
                String::from_utf8_lossy(&theirs.stderr),
                theirs.status.code()
            ),
            "pyrite tokenize {args:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
