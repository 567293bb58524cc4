//! The compiler pipeline over the whole stdlib, from memory, one thread: for each stage, the time
//! of the pipeline up to and including it (so the step between two lines is that stage's cost),
//! in MB/s of source, beside CPython's `compile()` + `marshal.dumps` on the same files in the same
//! run. Stages that are not built yet are reported as such and end the table.
//!
//! Run: `cargo bench -p pyrite-passes --bench compile`

use pyrite_ir::{DiagnosticKind, Ir, SourceFile};
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
best = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    for p, src in zip(paths, datas):
        marshal.dumps(compile(src, p, "exec", dont_inherit=True))
    best = min(best, time.perf_counter() - t0)
for p in paths:
    print(p)
print(best)
"#;

fn main() {
    let python = std::env::var("PYRITE_PYTHON").unwrap_or_else(|_| "python3".into());
    let out =
        Command::new(&python).args(["-c", CPYTHON]).env("PYTHONHASHSEED", "0").output().expect("python3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let cpython: f64 = lines.pop().unwrap().parse().unwrap();
    let sources: Vec<SourceFile> =
        lines.iter().map(|p| SourceFile::new(p.to_string(), std::fs::read(p).unwrap())).collect();
    let mb = sources.iter().map(|s| s.bytes.len()).sum::<usize>() as f64 / 1e6;
    println!("{} stdlib files CPython compiles, {mb:.1} MB of source; one thread, best of 3", sources.len());
    println!("CPython compile() + marshal.dumps: {:.2} s = {:.1} MB/s", cpython, mb / cpython);
    for stage in STAGES {
        let mut pipeline = Pipeline::standard();
        pipeline.truncate_after(stage).expect("a standard stage");
        let mut best = f64::INFINITY;
        let mut failed = 0;
        for _ in 0..3 {
            failed = 0;
            let t0 = Instant::now();
            for src in &sources {
                match pipeline.run(Ir::Source(src.clone()), &mut Context::default()) {
                    Ok(ir) => drop(std::hint::black_box(ir)),
                    Err(d) if d.kind == DiagnosticKind::NotImplemented => {
                        println!("up to {stage:<10} not built yet: {}", d.message);
                        return;
                    }
                    Err(_) => failed += 1,
                }
            }
            best = best.min(t0.elapsed().as_secs_f64());
        }
        println!(
            "up to {stage:<10} {best:6.2} s = {:6.1} MB/s ({:5.1}x CPython's whole compile){}",
            mb / best,
            cpython / best,
            if failed > 0 { format!(", {failed} files failed") } else { String::new() }
        );
    }
}
