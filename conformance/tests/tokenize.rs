//! The tokenize stage against CPython 3.11.7: `pyrite tokenize [-e] FILE` must print exactly what
//! `python3 -m tokenize [-e] FILE` prints (stdout, stderr, exit status) for every stdlib file and
//! every edge case under `conformance/cases/tokenize/`, and the compiler view must raise
//! `compile()`'s errors.

use pyrite_conformance::oracle::{stdlib_files, Oracle};
use pyrite_passes::tokenize::module_view::{cli_file, cli_stdin, CliOutput};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn first_difference(ours: &CliOutput, theirs: &pyrite_conformance::oracle::ModuleRun) -> Option<String> {
    if ours.status != theirs.status {
        return Some(format!("exit status {} vs CPython {}", ours.status, theirs.status));
    }
    // On a UnicodeDecodeError CPython prints "unexpected error: ..." and then its own traceback
    // (paths into tokenize.py); only that first line is reproduced.
    let their_stderr = if theirs.stderr.starts_with(b"unexpected error: ") {
        let end = theirs.stderr.iter().position(|&b| b == b'\n').map_or(theirs.stderr.len(), |i| i + 1);
        theirs.stderr[..end].to_vec()
    } else {
        theirs.stderr.clone()
    };
    let our_stderr = if theirs.stderr.starts_with(b"unexpected error: ") {
        let end = ours.stderr.iter().position(|&b| b == b'\n').map_or(ours.stderr.len(), |i| i + 1);
        ours.stderr[..end].to_vec()
    } else {
        ours.stderr.clone()
    };
    for (what, a, b) in [("stdout", &ours.stdout, &theirs.stdout), ("stderr", &our_stderr, &their_stderr)] {
        if a != b {
            let la = String::from_utf8_lossy(a);
            let lb = String::from_utf8_lossy(b);
            let (i, (x, y)) = la
                .lines()
                .zip(lb.lines())
                .enumerate()
                .find(|(_, (x, y))| x != y)
                .unwrap_or((la.lines().count().min(lb.lines().count()), ("<end>", "<end>")));
            return Some(format!("{what} line {}: pyrite {x:?} vs CPython {y:?}", i + 1));
        }
    }
    None
}

/// Compares both flavours (plain and `-e`) of one file; returns the differences.
fn compare_file(o: &mut Oracle, path: &Path) -> Vec<String> {
    let name = path.to_string_lossy();
    let bytes = std::fs::read(path).expect("readable corpus file");
    let mut diffs = Vec::new();
    for exact in [false, true] {
        let args: Vec<&str> = if exact { vec!["-e", &name] } else { vec![&name] };
        let theirs = o.run_module("tokenize", &args, None).expect("oracle answers");
        let ours = cli_file(&name, &bytes, exact);
        if let Some(d) = first_difference(&ours, &theirs) {
            diffs.push(format!("{name}{}: {d}", if exact { " (-e)" } else { "" }));
        }
    }
    diffs
}

fn compare_all(files: &[PathBuf]) -> Vec<String> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let pool = Oracle::pool(workers).expect("oracle pool");
    files.par_iter().flat_map(|f| pool.with(|o| compare_file(o, f)).expect("oracle")).collect()
}

/// `python3 -m tokenize ARGS < stdin` as a separate process.
fn python_stdin_run(args: &[&str], stdin: &[u8]) -> pyrite_conformance::oracle::ModuleRun {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = pyrite_conformance::oracle::python_command()
        .args(["-m", "tokenize"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 starts");
    child.stdin.take().expect("stdin").write_all(stdin).expect("write stdin");
    let out = child.wait_with_output().expect("python3 finishes");
    pyrite_conformance::oracle::ModuleRun {
        stdout: out.stdout,
        stderr: out.stderr,
        status: out.status.code().unwrap_or(-1),
    }
}

fn edge_cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("cases/tokenize");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("conformance/cases/tokenize")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    files
}

#[test]
fn tokenize_is_identical_on_the_whole_stdlib() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let files = stdlib_files().expect("stdlib corpus");
    assert!(files.len() > 1500, "only {} stdlib files", files.len());
    let diffs = compare_all(&files);
    let n = files.len();
    let pct = 100.0 * (n - diffs.len().min(n)) as f64 / n as f64;
    eprintln!(
        "tokenize: {} stdlib files x 2 (plain, -e): {} differences ({pct:.2}% identical)",
        n,
        diffs.len()
    );
    assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs.join("\n"));
}

#[test]
fn tokenize_is_identical_on_edge_cases() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let files = edge_cases();
    assert!(files.len() >= 20, "edge cases missing: {}", files.len());
    let mut diffs = Vec::new();
    for f in &files {
        diffs.extend(compare_file(&mut o, f));
        // The same bytes through standard input (universal newlines, no ENCODING, streaming).
        let bytes = std::fs::read(f).unwrap();
        if std::str::from_utf8(&bytes).is_ok() {
            for exact in [false, true] {
                let args: &[&str] = if exact { &["-e"] } else { &[] };
                // A real process: CPython's own sys.stdin splits lines at LF only, which the
                // oracle's in-process stdin (universal newlines) does not reproduce.
                let theirs = python_stdin_run(args, &bytes);
                let ours = cli_stdin(&bytes, exact);
                if let Some(d) = first_difference(&ours, &theirs) {
                    diffs.push(format!("{} (stdin{}): {d}", f.display(), if exact { ", -e" } else { "" }));
                }
            }
        }
    }
    assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs.join("\n"));
}

/// Inputs the C tokenizer rejects (compile() reports the tokenizer's error, not a parser one).
const INVALID: &[&[u8]] = &[
    b"x = 1_\n",
    b"x = 1_a\n",
    b"x = 0777\n",
    b"x = 0x\n",
    b"x = 0xg\n",
    b"x = 0o8\n",
    b"x = 0o\n",
    b"x = 0b12\n",
    b"x = 0b\n",
    b"x = 1e\n",
    b"x = 1e+\n",
    b"x = 1abc\n",
    b"x = 1.5j3\n",
    b"x = 00_\n",
    b"x = 1__0\n",
    b"x = 0_\n",
    b"x = 0x_\n",
    b"x = 1.e\n",
    b"x = 0009\n",
    "x = \u{20ac} + 1\n".as_bytes(),
    "x = a\u{20ac}b\n".as_bytes(),
    "x = \u{a0}\n".as_bytes(),
    "\u{e9}\u{20ac} = 1\n".as_bytes(),
    b"x = \x01\n",
    b"x = \"abc\n",
    b"x = 'abc",
    "x = \"\u{e9}\u{20ac}\n".as_bytes(),
    b"x = \"\"\"abc\n\n",
    b"x = '''abc\n",
    b"\"\"\"\n",
    b"x = 1\ns = r'''\nabc",
    b"x = \"a\\\nb\n",
    b"x = 1 \\ 2\n",
    b"y = 1\nx = 1 \\ 2\n",
    b"x = 1\\",
    b"x = 1 \\\n",
    b"\\",
    b"  \\\n",
    b"if x:\n    a\n  b\n",
    b"if x:\n\ta\n        b\n",
    b"if x:\n        a\n\tb\n",
    b"x = )\n",
    b"x = ]\n",
    b"x = (]\n",
    b"x = [\n(\n]\n",
    b"x = {1: (2]}\n",
    b"x = (1,\n",
    b"x = [1,\n(2,\n",
    b"x = 1\rprint(\"a\"",
    b"x = 1\r\ny = (\r\n",
    b"x = 1\ny = 'a\rb'\n",
];

#[test]
fn compiler_view_errors_match_compile() {
    use pyrite_passes::tokenize::tokenize;
    let Some(mut o) = Oracle::for_tests() else { return };
    let mut inputs: Vec<Vec<u8>> = INVALID.iter().map(|s| s.to_vec()).collect();
    inputs.push(format!("x = {}{}\n", "(".repeat(201), ")".repeat(201)).into_bytes());
    let mut deep = String::new();
    for i in 0..101 {
        deep.push_str(&format!("{}if x:\n", " ".repeat(i)));
    }
    deep.push_str(&format!("{}pass\n", " ".repeat(101)));
    inputs.push(deep.into_bytes());
    let code = "try:\n    compile(src.encode('latin-1'), 'f', 'exec')\n    result = None\n\
                except SyntaxError as e:\n    result = [type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset]";
    let mut diffs = Vec::new();
    for src in &inputs {
        let theirs = o
            .eval(code, serde_json::json!({"src": pyrite_conformance::oracle::latin1_string(src)}))
            .expect("oracle answers");
        assert!(!theirs.is_null(), "CPython accepts {:?}", String::from_utf8_lossy(src));
        let stream = tokenize(&pyrite_ir::SourceFile::new("f", src.clone()), false);
        let ours = match &stream.error {
            None => serde_json::Value::Null,
            Some(d) => {
                let n = |v: Option<u32>| v.map_or(serde_json::json!(-1), |v| serde_json::json!(v));
                serde_json::json!([
                    d.kind.name(),
                    d.message,
                    n(d.lineno),
                    n(d.offset),
                    n(d.end_lineno),
                    n(d.end_offset)
                ])
            }
        };
        // CPython reports a missing end as None or -1; both are -1 here.
        let theirs = serde_json::Value::Array(
            theirs
                .as_array()
                .unwrap()
                .iter()
                .map(|v| if v.is_null() { serde_json::json!(-1) } else { v.clone() })
                .collect(),
        );
        if ours != theirs {
            diffs
                .push(format!("{:?}:\n   pyrite  {ours}\n   CPython {theirs}", String::from_utf8_lossy(src)));
        }
    }
    assert!(diffs.is_empty(), "{} of {} differ:\n{}", diffs.len(), inputs.len(), diffs.join("\n"));
}
