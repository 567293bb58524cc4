//! Tokenizer throughput on every stdlib .py file held in memory, both views, against CPython's
//! `tokenize.tokenize` on the same files in the same run.
//!
//!     cargo bench -p pyrite-passes --bench tokenize

mod common;

use common::cpu_seconds;
use pyrite_ir::SourceFile;
use pyrite_passes::tokenize::scanner::{Scanner, View};
use pyrite_passes::tokenize::{module_view, tokenize};
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
best_cpu = None
for _ in range(int(sys.argv[1])):
    t = time.perf_counter()
    c = time.process_time()
    for b in data:
        try:
            for _tok in tokenize.tokenize(io.BytesIO(b).readline):
                pass
        except (SyntaxError, tokenize.TokenError, UnicodeDecodeError):
            pass
    dt = time.perf_counter() - t
    dc = time.process_time() - c
    best = dt if best is None else min(best, dt)
    best_cpu = dc if best_cpu is None else min(best_cpu, dc)
print(best, best_cpu)
"#;

/// Best wall-clock and best CPU time of `runs` runs, and what `f` returned.
fn best_of(runs: usize, mut f: impl FnMut() -> usize) -> (f64, f64, usize) {
    let (mut best, mut best_cpu) = (f64::MAX, f64::MAX);
    let mut tokens = 0;
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_seconds());
        tokens = f();
        best = best.min(t.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(cpu_seconds() - c);
    }
    (best, best_cpu, tokens)
}

fn main() {
    let files = common::stdlib_files("python3");
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|p| SourceFile::new(p.display().to_string(), std::fs::read(p).expect("readable")))
        .collect();
    let bytes: usize = sources.iter().map(|s| s.bytes.len()).sum();
    let mb = bytes as f64 / 1e6;
    println!("corpus: {} stdlib files, {:.1} MB in memory", sources.len(), mb);

    let runs = 10;
    let (module_secs, module_cpu, module_tokens) = best_of(runs, || {
        sources.iter().map(|s| module_view::tokenize_file(&s.name, &s.bytes).stream.tokens.len()).sum()
    });
    let (compiler_secs, compiler_cpu, compiler_tokens) =
        best_of(runs, || sources.iter().map(|s| tokenize(s, false).tokens.len()).sum());
    println!("                            wall      MB/s  |   CPU      MB/s  (best of {runs})");
    println!(
        "pyrite module view:   {:>8.3} s {:>7.1} | {:>6.2} s {:>7.1}  ({} tokens)",
        module_secs,
        mb / module_secs,
        module_cpu,
        mb / module_cpu,
        module_tokens
    );
    println!(
        "pyrite compiler view: {:>8.3} s {:>7.1} | {:>6.2} s {:>7.1}  ({} tokens)",
        compiler_secs,
        mb / compiler_secs,
        compiler_cpu,
        mb / compiler_cpu,
        compiler_tokens
    );

    // The scanner alone on already decoded text (no decoding, no line index).
    let texts: Vec<String> = sources.iter().map(|s| String::from_utf8_lossy(&s.bytes).into_owned()).collect();
    let (scan_secs, scan_cpu, scan_tokens) =
        best_of(runs, || texts.iter().map(|t| Scanner::new(t, View::Module, false).run().tokens.len()).sum());
    println!(
        "scanner only:         {:>8.3} s {:>7.1} | {:>6.2} s {:>7.1}  ({} tokens)",
        scan_secs,
        mb / scan_secs,
        scan_cpu,
        mb / scan_cpu,
        scan_tokens
    );

    // CPYTHON_RUNS=N repeats CPython N times (default 2; each run takes tens of seconds).
    let py_runs = std::env::var("CPYTHON_RUNS").unwrap_or_else(|_| "2".into());
    let list: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
    let mut child = Command::new("python3")
        .args(["-c", CPYTHON_TIMER, &py_runs])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    use std::io::Write;
    child.stdin.take().expect("stdin").write_all(list.as_bytes()).expect("write file list");
    let out = child.wait_with_output().expect("python3 finishes");
    let answer = String::from_utf8_lossy(&out.stdout);
    let times: Vec<f64> = answer.split_whitespace().filter_map(|v| v.parse().ok()).collect();
    match times[..] {
        [py_secs, py_cpu] => {
            println!(
                "CPython tokenize:     {:>8.3} s {:>7.1} | {:>6.2} s {:>7.1}  (best of {py_runs})",
                py_secs,
                mb / py_secs,
                py_cpu,
                mb / py_cpu
            );
            println!(
                "speed-up over CPython (CPU time): module view {:.0}x, compiler view {:.0}x",
                py_cpu / module_cpu,
                py_cpu / compiler_cpu
            );
        }
        _ => println!("CPython timing failed: {answer}"),
    }
}
