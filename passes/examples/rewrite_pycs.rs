//! Reads every .pyc under a directory, writes it back (version 4 with the identity model, and
//! version 2 compared with a `.pyc.v2` file beside it when present) and reports identical rates.
//! Usage: cargo run --release -p pyrite-passes --example rewrite_pycs DIR [-v]

use pyrite_passes::serialize::marshal_write::dumps_v2;
use pyrite_passes::serialize::pyc::{read_pyc, write_pyc};
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
    let verbose = std::env::args().any(|a| a == "-v");
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    files.sort();
    let (mut same4, mut same2, mut n2) = (0, 0, 0);
    let (mut t_read, mut t_write, mut t_v2, mut total) = (0f64, 0f64, 0f64, 0usize);
    for p in &files {
        let d = std::fs::read(p).unwrap();
        total += d.len();
        let t0 = std::time::Instant::now();
        let (h, code) = read_pyc(pyrite_ir::target::default_target(), &d).unwrap();
        let t1 = std::time::Instant::now();
        let ours = write_pyc(&h, &code);
        let t2 = std::time::Instant::now();
        let _ = dumps_v2(&code);
        t_v2 += t2.elapsed().as_secs_f64();
        t_read += (t1 - t0).as_secs_f64();
        t_write += (t2 - t1).as_secs_f64();
        if ours == d {
            same4 += 1;
        } else if verbose {
            let i = ours.iter().zip(&d).position(|(a, b)| a != b).unwrap_or(ours.len().min(d.len()));
            let lo = i.saturating_sub(24);
            println!(
                "{}: first difference at {i}\n  ours:    {}\n  cpython: {}",
                p.display(),
                pyrite_ir::code::hex(&ours[lo..(i + 24).min(ours.len())]),
                pyrite_ir::code::hex(&d[lo..(i + 24).min(d.len())])
            );
        }
        let mut v2p = p.clone().into_os_string();
        v2p.push(".v2");
        if let Ok(v2) = std::fs::read(&v2p) {
            n2 += 1;
            if dumps_v2(&code) == v2 {
                same2 += 1;
            } else {
                println!("v2 differs: {}", p.display());
            }
        }
    }
    let mb = total as f64 / 1e6;
    println!(
        "{mb:.1} MB: read {:.0} MB/s, write v4 {:.0} MB/s, write v2 {:.0} MB/s",
        mb / t_read,
        mb / t_write,
        mb / t_v2
    );
    println!("{} files: v4 .pyc identical {same4}; v2 identical {same2}/{n2}", files.len());
}
