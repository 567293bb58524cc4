//! `pyrite compileall`: what `python3 -m compileall` does and prints, flag for flag (CPython 3.11's
//! Lib/compileall.py), with the compiling done on rayon workers (`-j 0`: every core) and the
//! messages printed in the order a single worker would print them.
//!
//! Without a FILE|DIR, CPython compiles each `sys.path` entry without recursing. pyrite runs no
//! interpreter, so its `sys.path` is what `python3 -m compileall` would put first: the current
//! directory, then each `PYTHONPATH` entry, made absolute (an empty entry is the current
//! directory) with duplicates dropped as `site` drops them. CPython's own standard library and
//! site-packages, which follow in CPython's list, are not pyrite's to compile.

use crate::cmd::compile::{
    cache_from_source, check_pipeline, compile_to_pyc_as, default_invalidation, make_parent, uncaught_error,
    write_atomic, Mode,
};
use crate::cmd::py_compile::py_compile_message;
use crate::pypath;
use pyrite_ir::pyrepr::str_repr;
use pyrite_ir::target::default_target;
use pyrite_ir::DiagnosticKind;
use pyrite_passes::{Invalidation, Pipeline};
use rayon::prelude::*;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files and directories to compile; none: the entries of sys.path (the current directory,
    /// then PYTHONPATH), without recursing.
    #[arg(value_name = "FILE|DIR")]
    paths: Vec<String>,
    /// Don't recurse into subdirectories.
    #[arg(short = 'l')]
    no_recursion: bool,
    /// Maximum recursion level (takes precedence over -l).
    #[arg(short = 'r', allow_negative_numbers = true)]
    recursion: Option<i64>,
    /// Recompile even when the .pyc looks up to date.
    #[arg(short = 'f')]
    force: bool,
    /// -q: print only errors; -qq: print nothing.
    #[arg(short = 'q', action = clap::ArgAction::Count)]
    quiet: u8,
    /// Write legacy (pre-PEP 3147) NAME.pyc beside each source.
    #[arg(short = 'b')]
    legacy: bool,
    /// Directory prepended to file paths in tracebacks and co_filename.
    #[arg(short = 'd', value_name = "DESTDIR")]
    ddir: Option<String>,
    /// Part of the source path to strip for tracebacks and co_filename.
    #[arg(short = 's', value_name = "STRIPDIR")]
    stripdir: Option<String>,
    /// Path prepended (after -s) for tracebacks and co_filename.
    #[arg(short = 'p', value_name = "PREPENDDIR")]
    prependdir: Option<String>,
    /// Skip files whose full path matches this regular expression (searched, not anchored).
    #[arg(short = 'x', value_name = "REGEXP")]
    rx: Option<String>,
    /// Add the files and directories listed in FILE (one a line; `-`: stdin).
    #[arg(short = 'i', value_name = "FILE")]
    flist: Option<String>,
    /// Worker threads; 0 uses every core.
    #[arg(short = 'j', long = "workers", default_value_t = 1)]
    workers: usize,
    /// What the header records of the source (default as py_compile).
    #[arg(long, value_enum)]
    invalidation_mode: Option<Mode>,
    /// Optimization level (repeatable: one .pyc per level; -1: the interpreter's, which is 0).
    #[arg(short = 'o', value_name = "LEVEL", allow_negative_numbers = true,
          value_parser = clap::value_parser!(i8).range(-1..=2))]
    opt_levels: Vec<i8>,
    /// Ignore symlinks pointing outside of DIR.
    #[arg(short = 'e', value_name = "DIR")]
    limit_sl_dest: Option<String>,
    /// Hardlink .pyc files of different optimization levels when their bytes are equal.
    #[arg(long)]
    hardlink_dupes: bool,
}

/// The flags every file shares.
struct Settings {
    force: bool,
    quiet: u8,
    legacy: bool,
    rx: Option<regex::Regex>,
    limit_sl_dest: Option<String>,
    hardlink_dupes: bool,
    /// Sorted and deduplicated, as compile_file does.
    levels: Vec<i8>,
    mode: Invalidation,
}

/// What compileall meets, in the order it meets it.
enum Entry {
    Listing(String),
    CantList(String),
    SkippingCurdir,
    /// A file with the name its code objects and errors show (`dfile`), if not its own.
    File {
        fullname: String,
        dfile: Option<String>,
    },
    /// An exception compileall does not catch: CPython's traceback ends the run there.
    Fatal(String),
}

/// How `dfile` is made for files found under one destination.
#[derive(Clone, Copy)]
struct Naming<'a> {
    ddir: Option<&'a str>,
    stripdir: Option<&'a str>,
    prependdir: Option<&'a str>,
}

/// `compile_file`'s dfile: `-d` for a file given directly; `-s`/`-p` (or `-d` turned into them by
/// compile_dir) otherwise.
fn dfile_for(fullname: &str, naming: Naming) -> Result<Option<String>, String> {
    let mut dfile = naming.ddir.map(|d| pypath::join(d, [pypath::basename(fullname)]));
    if let Some(strip) = naming.stripdir {
        // Each path component equal to the one at the same place in STRIPDIR removes the first
        // component with that text, as CPython's list.remove does.
        let full_parts: Vec<&str> = fullname.split('/').collect();
        let mut parts = full_parts.clone();
        for (s, o) in strip.split('/').zip(&full_parts) {
            if s == *o {
                if let Some(i) = parts.iter().position(|p| p == &s) {
                    parts.remove(i);
                }
            }
        }
        let Some((first, rest)) = parts.split_first() else {
            return Err("TypeError: join() missing 1 required positional argument: 'a'".into());
        };
        dfile = Some(pypath::join(first, rest.iter().copied()));
    }
    if let Some(prepend) = naming.prependdir {
        dfile = Some(pypath::join(prepend, [dfile.as_deref().unwrap_or(fullname)]));
    }
    Ok(dfile)
}

/// `_walk_dir` plus the dfile of each file it yields.
fn walk(dir: &str, maxlevels: i64, naming: Naming, out: &mut Vec<Entry>) {
    out.push(Entry::Listing(dir.to_string()));
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => {
            out.push(Entry::CantList(dir.to_string()));
            Vec::new()
        }
    };
    // os.listdir + sort: by code point, which is byte order for UTF-8.
    names.sort();
    for name in names {
        if name == "__pycache__" {
            continue;
        }
        let full = pypath::join(dir, [name.as_str()]);
        let path = Path::new(&full);
        if !path.is_dir() {
            match dfile_for(&full, naming) {
                Ok(dfile) => out.push(Entry::File { fullname: full, dfile }),
                Err(e) => {
                    out.push(Entry::Fatal(e));
                    return;
                }
            }
        } else if maxlevels > 0 && !path.is_symlink() {
            walk(&full, maxlevels - 1, naming, out);
            if matches!(out.last(), Some(Entry::Fatal(_))) {
                return;
            }
        }
    }
}

/// What compiling one file printed, and whether it succeeded.
struct Outcome {
    messages: String,
    ok: bool,
    /// An exception compileall does not catch (see [`uncaught_error`]): the run ends with it.
    fatal: Option<String>,
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

/// `-e DIR`: a symlink counts only when DIR is an ancestor of what it resolves to.
fn symlink_allowed(fullname: &str, limit: &str) -> bool {
    if !Path::new(fullname).is_symlink() {
        return true;
    }
    // Path.resolve() is not strict: a missing DIR still resolves to its absolute path.
    let resolve = |p: &str| {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            let cwd = std::env::current_dir().unwrap_or_default();
            PathBuf::from(pypath::abspath(p, &cwd.to_string_lossy()))
        })
    };
    let limit = resolve(limit);
    resolve(fullname).ancestors().skip(1).any(|a| a == limit)
}

/// Whether two files have the same bytes (filecmp.cmp with shallow=False).
fn same_bytes(a: &Path, b: &Path) -> bool {
    matches!((std::fs::read(a), std::fs::read(b)), (Ok(x), Ok(y)) if x == y)
}

/// `compile_file`.
fn compile_file(pipeline: &Pipeline, fullname: &str, dfile: Option<&str>, s: &Settings) -> Outcome {
    let mut out = Outcome { messages: String::new(), ok: true, fatal: None };
    if s.rx.as_ref().is_some_and(|rx| rx.is_match(fullname)) {
        return out;
    }
    if s.limit_sl_dest.as_deref().is_some_and(|limit| !symlink_allowed(fullname, limit)) {
        return out;
    }
    let path = Path::new(fullname);
    if !path.is_file() || !pypath::basename(fullname).ends_with(".py") {
        return out;
    }
    let cfiles: Vec<PathBuf> = s
        .levels
        .iter()
        .map(|&l| {
            if s.legacy {
                PathBuf::from(format!("{fullname}c"))
            } else {
                cache_from_source(path, l.max(0) as u8)
            }
        })
        .collect();
    if !s.force && up_to_date(path, &cfiles) {
        return out;
    }
    let shown = str_repr(fullname);
    if s.quiet == 0 {
        out.messages.push_str(&format!("Compiling {shown}...\n"));
    }
    let name = dfile.unwrap_or(fullname);
    for (i, (&level, cfile)) in s.levels.iter().zip(&cfiles).enumerate() {
        let result = compile_to_pyc_as(pipeline, path, name, level.max(0) as u8, s.mode).and_then(|pyc| {
            write_atomic(cfile, &pyc, path).map_err(|e| {
                pyrite_ir::Diagnostic::error(
                    DiagnosticKind::IoError,
                    cfile.display().to_string(),
                    e.to_string(),
                )
            })
        });
        if let Err(d) = &result {
            if let Some(line) = uncaught_error(d) {
                make_parent(cfile);
                out.fatal = Some(line);
                return out;
            }
        }
        if let Err(d) = result {
            out.ok = false;
            match s.quiet {
                0 => out.messages.push_str("*** "),
                1 => out.messages.push_str(&format!("*** Error compiling {shown}...\n")),
                _ => return out,
            }
            out.messages.push_str(&py_compile_message(&d));
            out.messages.push('\n');
            return out;
        }
        if i > 0 && s.hardlink_dupes {
            let previous = &cfiles[i - 1];
            if same_bytes(cfile, previous) {
                let linked = std::fs::remove_file(cfile).and_then(|()| std::fs::hard_link(previous, cfile));
                if let Err(e) = linked {
                    out.ok = false;
                    if s.quiet < 2 {
                        out.messages.push_str(if s.quiet == 0 { "*** " } else { "" });
                        out.messages.push_str(&format!("OSError: {e}\n"));
                    }
                    return out;
                }
            }
        }
    }
    out
}

/// One `compile_dir`/`compile_file` call of `main` (or one sys.path entry of `compile_path`).
struct Group {
    entries: Vec<Entry>,
}

/// The destinations of `-i FILE` (or stdin), stripped as CPython strips them.
fn read_file_list(flist: &str) -> std::io::Result<Vec<String>> {
    let reader: Box<dyn BufRead> = if flist == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(std::fs::File::open(flist)?))
    };
    reader.lines().map(|l| l.map(|l| l.trim().to_string())).collect()
}

/// pyrite's `sys.path` (see the module documentation).
fn sys_path() -> Vec<String> {
    let cwd = std::env::current_dir().map(|c| c.to_string_lossy().into_owned()).unwrap_or_default();
    let mut entries = vec![cwd.clone()];
    if let Some(pp) = std::env::var_os("PYTHONPATH").filter(|v| !v.is_empty()) {
        entries.extend(pp.to_string_lossy().split(':').map(|e| pypath::abspath(e, &cwd)));
    }
    let mut seen = std::collections::HashSet::new();
    entries.retain(|e| seen.insert(e.clone()));
    entries
}

fn usage_error(msg: &str) -> i32 {
    eprintln!("pyrite compileall: error: {msg}");
    2
}

pub fn run(pipeline: Pipeline, args: &Args) -> i32 {
    if let Err(e) = check_pipeline(&pipeline) {
        return usage_error(&e.to_string());
    }
    if args.hardlink_dupes && args.opt_levels.len() <= 1 {
        return usage_error(
            "Hardlinking of duplicated bytecode makes sense only for more than one optimization level.",
        );
    }
    if args.ddir.is_some() && (args.stripdir.is_some() || args.prependdir.is_some()) {
        return usage_error("-d cannot be used in combination with -s or -p");
    }
    let rx = match args.rx.as_deref().map(regex::Regex::new).transpose() {
        Ok(rx) => rx,
        Err(e) => return usage_error(&format!("bad -x regular expression: {e}")),
    };
    let mut levels: Vec<i8> = if args.opt_levels.is_empty() { vec![-1] } else { args.opt_levels.clone() };
    levels.sort_unstable();
    levels.dedup();
    if args.hardlink_dupes && levels.len() < 2 {
        eprintln!(
            "ValueError: Hardlinking of duplicated bytecode makes sense only for more than one optimization level"
        );
        return 1;
    }
    let settings = Settings {
        force: args.force,
        quiet: args.quiet,
        legacy: args.legacy,
        rx,
        limit_sl_dest: args.limit_sl_dest.clone().filter(|d| !d.is_empty()),
        hardlink_dupes: args.hardlink_dupes,
        levels,
        mode: args.invalidation_mode.map_or_else(default_invalidation, Invalidation::from),
    };
    let mut dests = args.paths.clone();
    if let Some(flist) = &args.flist {
        match read_file_list(flist) {
            Ok(more) => dests.extend(more),
            Err(_) => {
                if args.quiet < 2 {
                    println!("Error reading file list {flist}");
                }
                return 1;
            }
        }
    }
    let maxlevels = match (args.recursion, args.no_recursion) {
        (Some(r), _) => r,
        (None, true) => 0,
        // compile_dir's default: sys.getrecursionlimit().
        (None, false) => 1000,
    };
    let path_mode = dests.is_empty();
    let groups: Vec<Group> = if path_mode {
        // compile_path: no -d/-s/-p/-x/-e, levels and workers; stops at the first entry that fails.
        sys_path()
            .into_iter()
            .map(|dir| {
                let mut entries = Vec::new();
                if dir.is_empty() || dir == "." {
                    entries.push(Entry::SkippingCurdir);
                } else {
                    let naming = Naming { ddir: None, stripdir: None, prependdir: None };
                    walk(&dir, 0, naming, &mut entries);
                }
                Group { entries }
            })
            .collect()
    } else {
        dests
            .iter()
            .map(|dest| {
                let mut entries = Vec::new();
                if Path::new(dest).is_file() {
                    let naming = Naming {
                        ddir: args.ddir.as_deref(),
                        stripdir: args.stripdir.as_deref(),
                        prependdir: args.prependdir.as_deref(),
                    };
                    entries.push(match dfile_for(dest, naming) {
                        Ok(dfile) => Entry::File { fullname: dest.clone(), dfile },
                        Err(e) => Entry::Fatal(e),
                    });
                } else {
                    // compile_dir turns -d into "strip the directory, prepend DESTDIR".
                    let naming = match &args.ddir {
                        Some(d) => Naming { ddir: None, stripdir: Some(dest), prependdir: Some(d) },
                        None => Naming {
                            ddir: None,
                            stripdir: args.stripdir.as_deref(),
                            prependdir: args.prependdir.as_deref(),
                        },
                    };
                    walk(dest, maxlevels, naming, &mut entries);
                }
                Group { entries }
            })
            .collect()
    };
    let settings = if path_mode {
        Settings { rx: None, limit_sl_dest: None, hardlink_dupes: false, levels: vec![-1], ..settings }
    } else {
        settings
    };
    let workers = if path_mode {
        1
    } else if args.workers == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        args.workers
    };
    let pool = match super::deep_stack_pool(workers) {
        Ok(p) => p,
        Err(e) => return usage_error(&format!("cannot start {workers} worker threads: {e}")),
    };
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let mut ok = true;
    for group in groups {
        // Nothing after an uncaught exception runs.
        let entries = match group.entries.iter().position(|e| matches!(e, Entry::Fatal(_))) {
            Some(i) => &group.entries[..=i],
            None => &group.entries[..],
        };
        let compile = |e: &Entry| match e {
            Entry::File { fullname, dfile } => {
                Some(compile_file(&pipeline, fullname, dfile.as_deref(), &settings))
            }
            _ => None,
        };
        // One worker compiles as it goes, so an uncaught error leaves the later files alone, as
        // in CPython; several compile everything first, as CPython's process pool does.
        let outcomes: Box<dyn Iterator<Item = Option<Outcome>>> = if workers == 1 {
            Box::new(entries.iter().map(compile))
        } else {
            Box::new(pool.install(|| entries.par_iter().map(compile).collect::<Vec<_>>()).into_iter())
        };
        let mut group_ok = true;
        for (entry, outcome) in entries.iter().zip(outcomes) {
            let text = match (entry, outcome) {
                (Entry::Listing(d), _) if args.quiet == 0 => format!("Listing {}...\n", str_repr(d)),
                // Not a failure for compileall: the directory just yields no files.
                (Entry::CantList(d), _) if args.quiet < 2 => format!("Can't list {}\n", str_repr(d)),
                (Entry::SkippingCurdir, _) if args.quiet < 2 => "Skipping current directory\n".to_string(),
                (Entry::Fatal(e), _) => {
                    let _ = w.flush();
                    eprintln!("{e}");
                    return 1;
                }
                (_, Some(o)) => {
                    if let Some(line) = o.fatal {
                        let _ = w.write_all(o.messages.as_bytes());
                        let _ = w.flush();
                        eprintln!("{line}");
                        return 1;
                    }
                    group_ok &= o.ok;
                    o.messages
                }
                _ => String::new(),
            };
            if w.write_all(text.as_bytes()).is_err() {
                return 1;
            }
        }
        ok &= group_ok;
        if path_mode && !group_ok {
            break;
        }
    }
    let _ = w.flush();
    i32::from(!ok)
}
