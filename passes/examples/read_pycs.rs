//! Reads every .pyc under a directory with pyrite's marshal reader and reports failures and speed.
//! Usage: cargo run --release -p pyrite-passes --example read_pycs DIR

use pyrite_passes::serialize::pyc::read_pyc;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "pyc") {
            out.push(p);
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    files.sort();
    let datas: Vec<(PathBuf, Vec<u8>)> =
        files.into_iter().filter_map(|p| std::fs::read(&p).ok().map(|d| (p, d))).collect();
    let total: usize = datas.iter().map(|(_, d)| d.len()).sum();
    let t = std::time::Instant::now();
    let mut bad = 0;
    for (p, d) in &datas {
        if let Err(e) = read_pyc(pyrite_ir::target::default_target(), d) {
            bad += 1;
            eprintln!("{}: {e}", p.display());
        }
    }
    let dt = t.elapsed().as_secs_f64();
    println!(
        "{} files, {} bad, {:.1} MB in {:.3}s = {:.1} MB/s",
        datas.len(),
        bad,
        total as f64 / 1e6,
        dt,
        total as f64 / 1e6 / dt
    );
}
