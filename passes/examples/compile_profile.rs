//! A harness to profile the whole pipeline (source -> .pyc bytes) on every stdlib file held in
//! memory, N rounds, on one deep-stack worker as the CLI runs it: what to run under `perf record`
//! or `valgrind --tool=callgrind` when working on compile speed (the bench compares with CPython).
//!
//!     cargo build --profile bench -p pyrite-passes --example compile_profile
//!     STEP=10 valgrind --tool=callgrind target/release/examples/compile_profile 1
//!
//! `STEP=n` keeps every n-th file; `UPTO=stage` stops the pipeline after that stage. Instruction
//! counts from callgrind do not depend on the machine's load, unlike times.

#[path = "../benches/common/mod.rs"]
mod common;

use pyrite_ir::{Ir, SourceFile};
use pyrite_passes::pass::{mark_deep_stack, DEEP_STACK};
use pyrite_passes::{Context, Pipeline};
use std::time::Instant;

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let step: usize = std::env::var("STEP").ok().and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
    let upto = std::env::var("UPTO").unwrap_or_else(|_| "serialize".into());
    let paths = common::stdlib_files("python3");
    let sources: Vec<SourceFile> = paths
        .iter()
        .step_by(step)
        .filter_map(|p| Some(SourceFile::new(p.display().to_string(), std::fs::read(p).ok()?)))
        .collect();
    let mb = sources.iter().map(|s| s.bytes.len()).sum::<usize>() as f64 / 1e6;
    eprintln!("{} files, {mb:.1} MB, up to {upto}", sources.len());
    let worker = std::thread::Builder::new().stack_size(DEEP_STACK).spawn(move || {
        mark_deep_stack(DEEP_STACK);
        let mut pipeline = Pipeline::standard();
        pipeline.truncate_after(&upto).expect("a standard stage");
        for _ in 0..rounds {
            let (t0, c0) = (Instant::now(), cpu_seconds());
            let mut failures = 0;
            for src in &sources {
                match pipeline.run(Ir::Source(src.clone()), &mut Context::default()) {
                    Ok(ir) => drop(std::hint::black_box(ir)),
                    Err(_) => failures += 1,
                }
            }
            let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
            eprintln!(
                "wall {wall:.3} s {:.1} MB/s | cpu {cpu:.3} s {:.1} MB/s | {failures} failures",
                mb / wall,
                mb / cpu
            );
        }
    });
    worker.expect("a worker thread").join().expect("the pipeline ran");
}

/// CPU time this process has used (user + system), from /proc/self/stat.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}
