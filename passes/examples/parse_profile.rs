//! A harness to profile the tokenize + parse stages: tokens + AST for every stdlib file held in
//! memory, N rounds, printing wall and CPU MB/s per round (the bench compares with CPython; this
//! is what to run under `perf record` or `valgrind --tool=callgrind`).
//!
//!     cargo build --profile bench -p pyrite-passes --example parse_profile
//!     perf record -g target/release/examples/parse_profile 4
//!     STEP=10 valgrind --tool=callgrind target/release/examples/parse_profile 1
//!
//! `STEP=n` keeps every n-th file (callgrind runs ~50 times slower); instruction counts from
//! callgrind do not depend on the machine's load, unlike times. Files CPython does not parse either
//! (9 in the 3.11 stdlib: test fixtures and lib2to3 data) count as failures.

use std::time::Instant;

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let step: usize = std::env::var("STEP").ok().and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
    let out = std::process::Command::new("python3")
        .args(["-c", "import sysconfig;print(sysconfig.get_paths()['stdlib'])"])
        .output()
        .expect("python3 for the stdlib path");
    let root = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let mut paths = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(&root)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "site-packages") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "py") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    let sources: Vec<_> = paths
        .iter()
        .step_by(step)
        .filter_map(|p| Some(pyrite_ir::SourceFile::new(p.display().to_string(), std::fs::read(p).ok()?)))
        .collect();
    let mb = sources.iter().map(|s| s.bytes.len()).sum::<usize>() as f64 / 1e6;
    eprintln!("{} files, {mb:.1} MB", sources.len());
    for _ in 0..rounds {
        let t0 = Instant::now();
        let c0 = cpu_seconds();
        let trees: Vec<_> = sources
            .iter()
            .map(|src| {
                let ts = pyrite_passes::tokenize::tokenize(src, true);
                pyrite_passes::parse::parse_tokens_here(
                    &ts,
                    pyrite_passes::Mode::Exec,
                    true,
                    &pyrite_passes::parse::default_sub_tokenizer,
                )
            })
            .collect();
        let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
        let failures = trees.iter().filter(|t| t.is_err()).count();
        eprintln!(
            "wall {wall:.3} s {:.1} MB/s | cpu {cpu:.3} s {:.1} MB/s | {failures} failures",
            mb / wall,
            mb / cpu
        );
    }
}

/// CPU time this process has used (user + system), from /proc/self/stat.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}
