//! Tokenizer throughput on every stdlib .py file held in memory, both views, against CPython's
//! `tokenize.tokenize` on the same files in the same run.
//!
//!     cargo bench -p pyrite-passes --bench tokenize

use pyrite_ir::SourceFile;
use pyrite_passes::tokenize::{module_view, tokenize};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const CPYTHON_TIMER: &str = r#"
import io, os, sys, time, tokenize
files = [l for l in sys.stdin.read().split("\n") if l]
data = []
for f in files:
    with open(f, "rb") as fh:
        data.append(fh.read())
best = None
for _ in range(int(sys.argv[1])):
    t = time.perf_counter()
    for b in data:
        try:
            for _tok in tokenize.tokenize(io.BytesIO(b).readline):
                pass
        except (SyntaxError, tokenize.TokenError, UnicodeDecodeError):
            pass
    dt = time.perf_counter() - t
    best = dt if best is None else min(best, dt)
print(best)
"#;

fn stdlib_files() -> Vec<PathBuf> {
    let out = Command::new("python3")
        .args(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"])
        .output()
        .expect("python3 runs");
    let root = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    files
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable stdlib").flatten() {
        let p = entry.path();
        if p.is_dir() {
            if !p.is_symlink() && p.file_name().is_some_and(|n| n != "site-packages") {
                walk(&p, out);
            }
        } else if p.extension().is_some_and(|e| e == "py") {
            out.push(p);
        }
    }
}

fn best_of(runs: usize, mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut tokens = 0;
    for _ in 0..runs {
        let t = Instant::now();
        tokens = f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, tokens)
}

fn main() {
    let files = stdlib_files();
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|p| SourceFile::new(p.display().to_string(), std::fs::read(p).expect("readable")))
        .collect();
    let bytes: usize = sources.iter().map(|s| s.bytes.len()).sum();
    let mb = bytes as f64 / 1e6;
    println!("corpus: {} stdlib files, {:.1} MB in memory", sources.len(), mb);

    let runs = 10;
    let (module_secs, module_tokens) = best_of(runs, || {
        sources.iter().map(|s| module_view::tokenize_file(&s.name, &s.bytes).stream.tokens.len()).sum()
    });
    let (compiler_secs, compiler_tokens) =
        best_of(runs, || sources.iter().map(|s| tokenize(s, false).tokens.len()).sum());
    println!(
        "pyrite module view:   {:>8.3} s  {:>7.1} MB/s  ({} tokens, best of {runs})",
        module_secs,
        mb / module_secs,
        module_tokens
    );
    println!(
        "pyrite compiler view: {:>8.3} s  {:>7.1} MB/s  ({} tokens, best of {runs})",
        compiler_secs,
        mb / compiler_secs,
        compiler_tokens
    );

    let list: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
    let mut child = Command::new("python3")
        .args(["-c", CPYTHON_TIMER, "3"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    use std::io::Write;
    child.stdin.take().expect("stdin").write_all(list.as_bytes()).expect("write file list");
    let out = child.wait_with_output().expect("python3 finishes");
    match String::from_utf8_lossy(&out.stdout).trim().parse::<f64>() {
        Ok(py_secs) => {
            println!(
                "CPython tokenize.tokenize: {:>8.3} s  {:>7.1} MB/s  (best of 3)",
                py_secs,
                mb / py_secs
            );
            println!(
                "speed-up: module view {:.0}x, compiler view {:.0}x",
                py_secs / module_secs,
                py_secs / compiler_secs
            );
        }
        Err(_) => println!("CPython timing failed: {}", String::from_utf8_lossy(&out.stdout)),
    }
}
