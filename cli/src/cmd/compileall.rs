//! `pyrite compileall [-f] [-q] [-j N] [-o LEVEL] [--invalidation-mode MODE] PATH...`: what
//! `python3 -m compileall` does and prints, with the compiling done on rayon workers (`-j 0`: every
//! core) and the messages printed in the order a single worker would print them.

use crate::cmd::compile::{
    cache_from_source, check_pipeline, compile_to_pyc, default_invalidation, write_atomic, Mode,
};
use crate::cmd::py_compile::py_compile_message;
use pyrite_ir::pyrepr::str_repr;
use pyrite_ir::target::default_target;
use pyrite_ir::DiagnosticKind;
use pyrite_passes::{Invalidation, Pipeline};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Directories to compile recursively, or single files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Recompile even when the .pyc looks up to date.
    #[arg(short = 'f')]
    force: bool,
    /// -q: print only errors; -qq: print nothing.
    #[arg(short = 'q', action = clap::ArgAction::Count)]
    quiet: u8,
    /// Worker threads; 0 uses every core.
    #[arg(short = 'j', default_value_t = 1)]
    workers: usize,
    /// Optimization level (repeatable: one .pyc per level).
    #[arg(short = 'o', value_name = "LEVEL", value_parser = clap::value_parser!(u8).range(0..=2))]
    opt_levels: Vec<u8>,
    /// What the header records of the source (default as py_compile).
    #[arg(long, value_enum)]
    invalidation_mode: Option<Mode>,
}

/// `_walk_dir`'s output, in the order compileall meets it.
enum Entry {
    Listing(String),
    CantList(String),
    File(PathBuf),
}

fn walk(dir: &Path, out: &mut Vec<Entry>) {
    let shown = dir.display().to_string();
    out.push(Entry::Listing(shown.clone()));
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => {
            out.push(Entry::CantList(shown));
            return;
        }
    };
    // os.listdir + sort: by code point, which is byte order for UTF-8.
    names.sort();
    for name in names {
        if name == "__pycache__" {
            continue;
        }
        let full = dir.join(&name);
        if !full.is_dir() {
            out.push(Entry::File(full));
        } else if !full.is_symlink() {
            walk(&full, out);
        }
    }
}

/// What compiling one file printed, and whether it succeeded.
struct Outcome {
    messages: String,
    ok: bool,
}

fn up_to_date(path: &Path, cfiles: &[PathBuf]) -> bool {
    let Ok(meta) = std::fs::metadata(path) else { return false };
    let mtime = pyrite_passes::serialize::source_stamp(default_target(), &[], &meta).mtime as u32;
    let mut expect = Vec::with_capacity(12);
    expect.extend_from_slice(&default_target().magic_bytes());
    expect.extend_from_slice(&0u32.to_le_bytes());
    expect.extend_from_slice(&mtime.to_le_bytes());
    cfiles.iter().all(|c| std::fs::read(c).is_ok_and(|d| d.len() >= 12 && d[..12] == expect[..]))
}

/// `compile_file`.
fn compile_file(pipeline: &Pipeline, path: &Path, args: &Args, levels: &[u8], mode: Invalidation) -> Outcome {
    let mut out = Outcome { messages: String::new(), ok: true };
    let is_py = path.file_name().is_some_and(|n| n.to_string_lossy().ends_with(".py"));
    if !is_py || !path.is_file() {
        return out;
    }
    let cfiles: Vec<PathBuf> = levels.iter().map(|&l| cache_from_source(path, l)).collect();
    if !args.force && up_to_date(path, &cfiles) {
        return out;
    }
    let shown = str_repr(&path.display().to_string());
    if args.quiet == 0 {
        out.messages.push_str(&format!("Compiling {shown}...\n"));
    }
    for (&level, cfile) in levels.iter().zip(&cfiles) {
        let result = compile_to_pyc(pipeline, path, level, mode).and_then(|pyc| {
            write_atomic(cfile, &pyc, path).map_err(|e| {
                pyrite_ir::Diagnostic::error(
                    DiagnosticKind::IoError,
                    cfile.display().to_string(),
                    e.to_string(),
                )
            })
        });
        if let Err(d) = result {
            out.ok = false;
            match args.quiet {
                0 => out.messages.push_str("*** "),
                1 => out.messages.push_str(&format!("*** Error compiling {shown}...\n")),
                _ => return out,
            }
            out.messages.push_str(&py_compile_message(&d));
            out.messages.push('\n');
            return out;
        }
    }
    out
}

pub fn run(pipeline: Pipeline, args: &Args) -> i32 {
    if let Err(e) = check_pipeline(&pipeline) {
        eprintln!("pyrite compileall: error: {e}");
        return 2;
    }
    let mode = args.invalidation_mode.map_or_else(default_invalidation, Invalidation::from);
    let levels: Vec<u8> = if args.opt_levels.is_empty() { vec![0] } else { args.opt_levels.clone() };
    let mut entries = Vec::new();
    for p in &args.paths {
        if p.is_file() {
            entries.push(Entry::File(p.clone()));
        } else {
            walk(p, &mut entries);
        }
    }
    let workers = if args.workers == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        args.workers
    };
    let pool = match super::deep_stack_pool(workers) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("pyrite compileall: error: cannot start {workers} worker threads: {e}");
            return 2;
        }
    };
    let outcomes: Vec<Option<Outcome>> = pool.install(|| {
        entries
            .par_iter()
            .map(|e| match e {
                Entry::File(p) => Some(compile_file(&pipeline, p, args, &levels, mode)),
                _ => None,
            })
            .collect()
    });
    let mut ok = true;
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    for (entry, outcome) in entries.iter().zip(outcomes) {
        let text = match (entry, outcome) {
            (Entry::Listing(d), _) if args.quiet == 0 => format!("Listing {}...\n", str_repr(d)),
            // Not a failure for compileall: the directory just yields no files.
            (Entry::CantList(d), _) => {
                if args.quiet < 2 {
                    format!("Can't list {}\n", str_repr(d))
                } else {
                    String::new()
                }
            }
            (_, Some(o)) => {
                ok &= o.ok;
                o.messages
            }
            _ => String::new(),
        };
        if w.write_all(text.as_bytes()).is_err() {
            return 1;
        }
    }
    let _ = w.flush();
    i32::from(!ok)
}
