//! The `fold-len` example: the AST before and after the pass, and the program's behaviour kept.

use pyrite_conformance::oracle::{python_command, Oracle};
use std::path::PathBuf;
use std::process::Command;

const PROGRAM: &str = "\
GREETING = 'h\u{e9}llo'
def f():
    return len('h\u{e9}llo') + len(b'ab') * 10 + len((1, 2, 3)) * 100 + len(())
print(f(), len(GREETING), len((print, 1)))
";

fn write(name: &str, src: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyrite-fold-len-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, src).unwrap();
    path
}

fn tool(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_pyrite-fold-len")).args(args).output().unwrap();
    assert!(out.status.success(), "pyrite-fold-len {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_ast_diff_shows_the_folded_calls() {
    let path = write("prog.py", PROGRAM);
    let p = path.to_str().unwrap();
    // The four calls in f fold; `len(GREETING)` (a name) and `len((print, 1))` (not constant) stay.
    let before = tool(&["pipeline", p, "--stop-after", "parse"]);
    let after = tool(&["pipeline", p, "--stop-after", "fold-len"]);
    assert_eq!((before.matches("id='len'").count(), after.matches("id='len'").count()), (6, 2));
    let diff = tool(&["pipeline", p, "--diff-pass", "fold-len"]);
    insta::assert_snapshot!(diff);
}

#[test]
fn the_folded_program_prints_what_the_original_prints() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let path = write("same.py", PROGRAM);
    let folded = tool(&["pipeline", path.to_str().unwrap(), "--stop-after", "fold-len", "--emit", "python"]);
    assert!(folded.contains("return 5 + 2 * 10 + 3 * 100 + 0"), "{folded}");
    let folded_path = write("folded.py", &folded);
    let run = |p: &PathBuf| python_command().arg(p).output().unwrap();
    let (a, b) = (run(&path), run(&folded_path));
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(String::from_utf8_lossy(&a.stdout), "325 5 2\n");
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn a_module_that_rebinds_len_is_left_alone() {
    for src in [
        "len = lambda s: 42\nprint(len('ab'))\n",
        "def f(len):\n    return len('ab')\n",
        "from os.path import *\nprint(len('ab'))\n",
        "match x:\n    case [*len]:\n        pass\nprint(len('ab'))\n",
    ] {
        let path = write("shadow.py", src);
        let diff = tool(&["pipeline", path.to_str().unwrap(), "--diff-pass", "fold-len"]);
        assert_eq!(diff, "", "{src}");
    }
}
