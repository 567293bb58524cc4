//! A harness to profile the tokenize + parse stages: tokens + AST for every stdlib file held in
//! memory, N rounds, printing wall and CPU MB/s per round (the bench compares with CPython; this
//! is what to run under `perf record` or `valgrind --tool=callgrind`).
//!
//!     cargo build --profile bench -p pyrite-passes --example parse_profile
//!     perf record -g target/release/examples/parse_profile 4
//!     STEP=10 valgrind --tool=callgrind --toggle-collect='*tokens_and_asts*' \
//!         target/release/examples/parse_profile 1
//!
//! `STEP=n` keeps every n-th file (callgrind runs ~50 times slower); instruction counts from
//! callgrind do not depend on the machine's load, unlike times. `--toggle-collect` counts only
//! what the benchmark times (not reading the files, nor freeing the trees). Files CPython does not
//! parse either (9 in the 3.11 stdlib: test fixtures and lib2to3 data) count as failures.
//!
//! `DIGEST=1` instead prints one line per file: a hash of its `ast.dump(include_attributes=True)`
//! (or of its error), to check that an optimisation leaves every tree and error unchanged
//! (`diff` the output of two builds).

#[path = "../benches/common/mod.rs"]
mod common;

use common::cpu_seconds;
use pyrite_ir::ast::Mod;
use pyrite_ir::{Diagnostic, SourceFile};
use std::time::Instant;

/// What the benchmark times: tokens + AST for each source, every tree kept.
#[inline(never)]
fn tokens_and_asts(sources: &[SourceFile]) -> Vec<Result<Mod, Diagnostic>> {
    sources
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
        .collect()
}

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let step: usize = std::env::var("STEP").ok().and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
    let sources: Vec<_> = common::stdlib_files("python3")
        .iter()
        .step_by(step)
        .filter_map(|p| Some(SourceFile::new(p.display().to_string(), std::fs::read(p).ok()?)))
        .collect();
    let mb = sources.iter().map(|s| s.bytes.len()).sum::<usize>() as f64 / 1e6;
    eprintln!("{} files, {mb:.1} MB", sources.len());
    if std::env::var_os("DIGEST").is_some() {
        digest(&sources);
        return;
    }
    for _ in 0..rounds {
        let t0 = Instant::now();
        let c0 = cpu_seconds();
        let trees = tokens_and_asts(&sources);
        let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
        let failures = trees.iter().filter(|t| t.is_err()).count();
        eprintln!(
            "wall {wall:.3} s {:.1} MB/s | cpu {cpu:.3} s {:.1} MB/s | {failures} failures",
            mb / wall,
            mb / cpu
        );
    }
}

/// Prints a hash of each file's tree dump (with positions) or error.
fn digest(sources: &[SourceFile]) {
    use std::hash::{Hash, Hasher};
    let opts = pyrite_ir::ast::DumpOptions { include_attributes: true, indent: None };
    for (src, tree) in sources.iter().zip(tokens_and_asts(sources)) {
        let text = match tree {
            Ok(m) => pyrite_ir::ast::dump(&m, opts),
            Err(d) => format!("{d:?}"),
        };
        let mut h = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut h);
        println!("{:016x} {:>9} {}", h.finish(), text.len(), src.name);
    }
}
