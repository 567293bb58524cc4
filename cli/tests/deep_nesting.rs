//! Deeply nested expression chains switch error class where `python3 -m py_compile` does: the
//! compiler's RecursionError (depth counted from py_compile's stack, see ast_opt), then the
//! parser's MemoryError (CPython's MAXSTACK, counted in rule levels: 1 per unary operator, 2 per
//! `**`). Each boundary n-1/n is compiled by both and the printed error lines compared.

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
    let theirs = last_stderr_line(
        Command::new("python3").env("PYTHONHASHSEED", "0").args(["-m", "py_compile"]).arg(&path),
    );
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

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pyrite_deep_nesting_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
