//! The compiler pipeline over the whole stdlib, from memory, one thread: for each stage, the time
//! of the pipeline up to and including it (so the step between two lines is that stage's cost),
//! in MB/s of source, beside CPython's `compile()` + `marshal.dumps` on the same files in the same
//! run. Stages that are not built yet are reported as such and end the table.
//!
//! Times are CPU seconds (user + system, the whole process, so threads and the kernel's work for
//! them count) with wall seconds beside them: on a shared machine CPU time is the steadier
//! figure. pyrite runs on one long-lived deep-stack worker, as the CLI's workers do.
//!
//! Run: `cargo bench -p pyrite-passes --bench compile`

mod common;

use common::cpu_seconds;
use pyrite_ir::{DiagnosticKind, Ir, SourceFile};
use pyrite_passes::pass::{mark_deep_stack, DEEP_STACK};
use pyrite_passes::{Context, Pipeline, STAGES};
use std::process::Command;
use std::time::Instant;

/// Prints every stdlib file CPython compiles, then CPython's best time over them.
const CPYTHON: &str = r#"
import marshal, os, sysconfig, time
root = sysconfig.get_paths()["stdlib"]
paths, datas = [], []
for d, dirs, files in os.walk(root):
    dirs[:] = sorted(x for x in dirs if x != "site-packages")
    for f in sorted(files):
        if f.endswith(".py"):
            p = os.path.join(d, f)
            src = open(p, "rb").read()
            try:
                compile(src, p, "exec", dont_inherit=True)
            except (SyntaxError, ValueError):
                continue
            paths.append(p)
            datas.append(src)
best, best_wall = float("inf"), float("inf")
for _ in range(3):
    c0, t0 = time.process_time(), time.perf_counter()
    for p, src in zip(paths, datas):
        marshal.dumps(compile(src, p, "exec", dont_inherit=True))
    best = min(best, time.process_time() - c0)
    best_wall = min(best_wall, time.perf_counter() - t0)
for p in paths:
    print(p)
print(best, best_wall)
"#;

fn main() {
    let python = std::env::var("PYRITE_PYTHON").unwrap_or_else(|_| "python3".into());
    let out =
        Command::new(&python).args(["-c", CPYTHON]).env("PYTHONHASHSEED", "0").output().expect("python3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let times: Vec<f64> = lines.pop().unwrap().split(' ').map(|t| t.parse().unwrap()).collect();
    let (cpython, cpython_wall) = (times[0], times[1]);
    let sources: Vec<SourceFile> =
        lines.iter().map(|p| SourceFile::new(p.to_string(), std::fs::read(p).unwrap())).collect();
    let mb = sources.iter().map(|s| s.bytes.len()).sum::<usize>() as f64 / 1e6;
    println!("{} stdlib files CPython compiles, {mb:.1} MB of source; one thread, best of 3", sources.len());
    println!(
        "CPython compile() + marshal.dumps: {cpython:.2} s CPU = {:.1} MB/s (wall {cpython_wall:.2} s)",
        mb / cpython
    );
    let worker = std::thread::Builder::new().stack_size(DEEP_STACK).spawn(move || {
        mark_deep_stack(DEEP_STACK);
        stages(&sources, mb, cpython)
    });
    worker.expect("a worker thread").join().expect("the stages ran");
}

fn stages(sources: &[SourceFile], mb: f64, cpython: f64) {
    let mut before = 0.0;
    for stage in STAGES {
        let mut pipeline = Pipeline::standard();
        pipeline.truncate_after(stage).expect("a standard stage");
        let (mut best, mut best_wall) = (f64::INFINITY, f64::INFINITY);
        let mut failed = 0;
        for _ in 0..3 {
            failed = 0;
            let (c0, t0) = (cpu_seconds(), Instant::now());
            for src in sources {
                match pipeline.run(Ir::Source(src.clone()), &mut Context::default()) {
                    Ok(ir) => drop(std::hint::black_box(ir)),
                    Err(d) if d.kind == DiagnosticKind::NotImplemented => {
                        println!("up to {stage:<10} not built yet: {}", d.message);
                        return;
                    }
                    Err(_) => failed += 1,
                }
            }
            best = best.min(cpu_seconds() - c0);
            best_wall = best_wall.min(t0.elapsed().as_secs_f64());
        }
        println!(
            "up to {stage:<10} {best:6.2} s CPU = {:6.1} MB/s ({:5.2}x CPython's whole compile); \
             this stage {:5.2} s; wall {best_wall:6.2} s{}",
            mb / best,
            cpython / best,
            best - before,
            if failed > 0 { format!(", {failed} files failed") } else { String::new() }
        );
        before = best;
    }
}
