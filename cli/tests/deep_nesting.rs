//! Deeply nested expression chains switch error class where `python3 -m py_compile` does: the
//! compiler's RecursionError (depth counted from py_compile's stack, see ast_opt), then the
//! parser's MemoryError (CPython's MAXSTACK, counted in rule levels: 1 per unary operator, 2 per
//! `**`). Each boundary n-1/n is compiled by both and the printed error lines compared.

use pyrite_conformance::oracle::python_command;
use std::path::Path;
use std::process::Command;

fn last_stderr_line(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("").to_string()
}

fn check(dir: &Path, name: &str, src: &str, expect: &str) {
    let path = dir.join(format!("{name}.py"));
    std::fs::write(&path, src).unwrap();
    let ours = last_stderr_line(Command::new(env!("CARGO_BIN_EXE_pyrite")).arg("py_compile").arg(&path));
    let theirs = last_stderr_line(python_command().args(["-m", "py_compile"]).arg(&path));
    assert_eq!(ours, theirs, "{name}");
    assert!(ours.contains(expect), "{name}: {ours:?} lacks {expect:?}");
}

#[test]
fn nesting_boundaries_match_py_compile() {
    let dir = tempfile_dir();
    let unary = |op: &str, n: usize| format!("{}x\n", op.repeat(n));
    let power = |n: usize| format!("{}\n", vec!["x"; n + 1].join("**"));
    for (label, op) in [("not", "not "), ("neg", "-"), ("inv", "~"), ("pos", "+")] {
        check(&dir, &format!("{label}_2971"), &unary(op, 2971), "");
        check(&dir, &format!("{label}_2972"), &unary(op, 2972), "RecursionError");
        check(&dir, &format!("{label}_5969"), &unary(op, 5969), "RecursionError");
        check(&dir, &format!("{label}_5970"), &unary(op, 5970), "MemoryError");
    }
    check(&dir, "pow_2971", &power(2971), "");
    check(&dir, "pow_2972", &power(2972), "RecursionError");
    check(&dir, "pow_2984", &power(2984), "RecursionError");
    check(&dir, "pow_2985", &power(2985), "MemoryError");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn other_nesting_boundaries_match_py_compile() {
    let dir = tempfile_dir().join("other");
    std::fs::create_dir_all(&dir).unwrap();
    // `expression` recursing into itself: one level per conditional expression, as `not`.
    let ifexp = |n: usize| format!("{}c\n", "a if b else ".repeat(n));
    check(&dir, "ifexp_2971", &ifexp(2971), "");
    check(&dir, "ifexp_2972", &ifexp(2972), "RecursionError");
    check(&dir, "ifexp_5969", &ifexp(5969), "RecursionError");
    check(&dir, "ifexp_5970", &ifexp(5970), "MemoryError");
    // A lambda's body is two levels down, its default eight.
    let lambda = |n: usize| format!("{}x\n", "lambda: ".repeat(n));
    check(&dir, "lambda_2984", &lambda(2984), "RecursionError");
    check(&dir, "lambda_2985", &lambda(2985), "MemoryError");
    let default = |n: usize| format!("{}x{}\n", "lambda x=".repeat(n), ": x".repeat(n));
    check(&dir, "default_746", &default(746), "");
    check(&dir, "default_747", &default(747), "MemoryError");
    // elif_stmt recurses once per elif, else_block once more; the last body is the deepest.
    let elifs = |n: usize, tail: &str| format!("if a:\n    pass\n{}{tail}", "elif a:\n    pass\n".repeat(n));
    check(&dir, "elif_5963", &elifs(5963, ""), "RecursionError");
    check(&dir, "elif_5964", &elifs(5964, ""), "MemoryError");
    check(&dir, "else_5962", &elifs(5962, "else:\n    pass\n"), "RecursionError");
    check(&dir, "else_5963", &elifs(5963, "else:\n    pass\n"), "MemoryError");
    // Inside if blocks (6 levels each) and an elif test (k-1 levels for the k-th elif).
    let nested = |n: usize| {
        let ifs: String = (0..50).map(|i| format!("{}if x:\n", " ".repeat(i))).collect();
        format!("{ifs}{}{}x\n", " ".repeat(50), "-".repeat(n))
    };
    check(&dir, "if_blocks_5669", &nested(5669), "RecursionError");
    check(&dir, "if_blocks_5670", &nested(5670), "MemoryError");
    let elif_test = |n: usize| {
        format!("if a:\n    pass\n{}elif {}x:\n    pass\n", "elif a:\n    pass\n".repeat(9), "-".repeat(n))
    };
    check(&dir, "elif_test_5960", &elif_test(5960), "RecursionError");
    check(&dir, "elif_test_5961", &elif_test(5961), "MemoryError");
    std::fs::remove_dir_all(&dir).ok();
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pyrite_deep_nesting_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
