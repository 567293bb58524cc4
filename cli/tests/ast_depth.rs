//! `pyrite ast` on deep trees fails where `python3 -m ast` does: Lib/ast.py's recursive `_format`
//! raises RecursionError once CPython's recursion counter passes 1000, and the check that fails
//! (a frame, a C call, `repr`) picks the message. For each shape the last size that prints (n-1),
//! the first that fails (n) and the one after (n+1, often failing at another check) are run by
//! both and stdout, exit status and the last stderr line compared. The boundaries are measured on
//! 3.11.7 and asserted on python3 too, so a test cannot pass by both sides printing.

use pyrite_conformance::oracle::python_command;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Run {
    status: i32,
    stdout: String,
    last_err: String,
}

fn collect(out: Output) -> Run {
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        last_err: String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("").to_string(),
    }
}

fn pyrite(opts: &[&str], file: &Path) -> Run {
    collect(Command::new(env!("CARGO_BIN_EXE_pyrite")).arg("ast").args(opts).arg(file).output().unwrap())
}

fn python(opts: &[&str], file: &Path) -> Run {
    collect(python_command().args(["-m", "ast"]).args(opts).arg(file).output().unwrap())
}

fn compare(dir: &Path, label: &str, opts: &[&str], src: &str, expect_fail: bool) -> String {
    let path = dir.join(format!("{label}.py"));
    std::fs::write(&path, src).unwrap();
    let ours = pyrite(opts, &path);
    let theirs = python(opts, &path);
    assert_eq!(theirs.status != 0, expect_fail, "{label}: python3 moved the boundary: {}", theirs.last_err);
    assert_eq!(ours.status, theirs.status, "{label}: exit status ({})", ours.last_err);
    assert_eq!(ours.last_err, theirs.last_err, "{label}: stderr");
    assert!(ours.stdout == theirs.stdout, "{label}: stdout differs");
    ours.last_err
}

/// Runs sizes n-1, n and n+1 of `shape`, n being the first size python3 fails on.
/// Most shapes run with `-i 0`: the indent changes no call depth, and without it python3 spends
/// seconds copying each printed subtree into its parent (ast.dump's cost is cubic in the depth).
fn boundary(dir: &Path, name: &str, opts: &[&str], n: usize, shape: impl Fn(usize) -> String) {
    let tag = opts.join("").replace(' ', "");
    compare(dir, &format!("{name}{tag}_{}", n - 1), opts, &shape(n - 1), false);
    let err = compare(dir, &format!("{name}{tag}_{n}"), opts, &shape(n), true);
    assert!(err.starts_with("RecursionError: maximum recursion depth exceeded"), "{name}: {err}");
    compare(dir, &format!("{name}{tag}_{}", n + 1), opts, &shape(n + 1), true);
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyrite_ast_depth_{name}_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Fast dumps (see [`boundary`]).
const I0: &[&str] = &["-i", "0"];

fn not_chain(n: usize) -> String {
    format!("{}x\n", "not ".repeat(n))
}

#[test]
fn one_level_per_node_chains() {
    let dir = tempdir("chains");
    // Each nests one `_format` frame per level; the leaf's repr fails at 986.
    boundary(&dir, "not", &[], 986, not_chain);
    boundary(&dir, "neg_const", I0, 986, |n| format!("{}1\n", "-".repeat(n)));
    boundary(&dir, "not_str", I0, 986, |n| format!("{}'s'\n", "not ".repeat(n)));
    boundary(&dir, "attr", I0, 986, |n| format!("x{}\n", ".a".repeat(n)));
    boundary(&dir, "binop", I0, 986, |n| format!("{}\n", vec!["a"; n + 1].join("+")));
    boundary(&dir, "subscript", I0, 986, |n| format!("x{}\n", "[0]".repeat(n)));
    boundary(&dir, "lambda", I0, 986, |n| format!("{}x\n", "lambda: ".repeat(n)));
    boundary(&dir, "ifexp", I0, 986, |n| format!("{}c\n", "a if b else ".repeat(n)));
    // Without the Module's body list and Expr statement the root is 4 entries closer.
    boundary(&dir, "not_eval", &["-m", "eval", "-i", "0"], 990, not_chain);
    boundary(&dir, "not_attrs", &["-a", "-i", "0"], 986, not_chain);
    boundary(&dir, "lambda_attrs", &["-a", "--indent", "1"], 986, |n| format!("{}x\n", "lambda: ".repeat(n)));
    boundary(&dir, "not_single", &["-m", "single", "--no-type-comments", "-i", "0"], 986, not_chain);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn lists_cost_four_levels() {
    let dir = tempdir("lists");
    // A list between two nodes adds its own frame, `str.join`'s check and the generator's frame.
    let wrap = |open: &str, close: &str, k: usize, n: usize| {
        format!("{}{}x{}\n", open.repeat(k), "not ".repeat(n), close.repeat(k))
    };
    boundary(&dir, "list_not", I0, 386, |n| wrap("[", "]", 150, n));
    boundary(&dir, "call_not", I0, 386, |n| wrap("f(", ")", 150, n));
    boundary(&dir, "kwarg_not", I0, 236, |n| wrap("f(a=", ")", 150, n));
    boundary(&dir, "dict_not", I0, 586, |n| wrap("{1:", "}", 100, n));
    boundary(&dir, "lists_around_not", I0, 97, |k| wrap("[", "]", k, 600));
    boundary(&dir, "list_not_attrs", &["-a", "-i", "0"], 386, |n| wrap("[", "]", 150, n));
    boundary(&dir, "if_blocks", I0, 626, |n| {
        let blocks: String = (0..90).map(|i| format!("{}if x:\n", " ".repeat(i))).collect();
        format!("{blocks}{}{}x\n", " ".repeat(90), "not ".repeat(n))
    });
    // The innermost `Load()` node's join is the deepest check; with -a its position's repr is.
    let empty_lists = |n: usize| format!("{}[[[[[]]]]]\n", "not ".repeat(n));
    boundary(&dir, "empty_lists", I0, 971, empty_lists);
    boundary(&dir, "empty_lists_attrs", &["-a", "-i", "0"], 970, empty_lists);
    boundary(&dir, "empty_lists_eval", &["-m", "eval", "-i", "0"], 975, empty_lists);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn uncaught_errors_print_the_last_traceback_line() {
    let dir = tempdir("uncaught");
    // ast.parse's conversion to Python objects has its own limit (3000 levels from 21), before
    // the dump runs; the deepest chain the parser accepts fails there, quickly; one more level is
    // the parser's MemoryError.
    for (n, ast2obj) in [(2976, false), (2977, true), (5969, true)] {
        let err = compare(&dir, &format!("not_{n}"), &[], &not_chain(n), true);
        assert_eq!(err.ends_with("during ast construction"), ast2obj, "{n}: {err}");
    }
    assert_eq!(compare(&dir, "not_5970", &[], &not_chain(5970), true), "MemoryError");
    // repr() of an int over 4300 decimal digits raises; hex literals reach it.
    for (label, expr, fails) in [("int_4300", "10**4300-1", false), ("int_4301", "10**4300", true)] {
        let out = python_command().args(["-c", &format!("print(hex({expr}))")]).output().unwrap();
        let src = String::from_utf8(out.stdout).unwrap();
        let err = compare(&dir, label, &[], &src, fails);
        assert_eq!(err.starts_with("ValueError: Exceeds the limit (4300 digits)"), fails, "{err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn stdin_has_the_same_boundary() {
    let run = |mut cmd: Command, n: usize| {
        let mut child =
            cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(not_chain(n).as_bytes()).unwrap();
        collect(child.wait_with_output().unwrap())
    };
    for (n, fails) in [(985, false), (986, true)] {
        let mut pyrite = Command::new(env!("CARGO_BIN_EXE_pyrite"));
        pyrite.arg("ast");
        let mut python = python_command();
        python.args(["-m", "ast"]);
        let (ours, theirs) = (run(pyrite, n), run(python, n));
        assert_eq!(theirs.status != 0, fails);
        assert_eq!((ours.status, &ours.last_err), (theirs.status, &theirs.last_err));
        assert!(ours.stdout == theirs.stdout);
    }
}
