//! `pyrite pipeline PATH... --stop-after STAGE [--emit text|json|none] [-j N]`

use crate::files::collect_sources;
use crate::output::eprint_diagnostic;
use clap::ValueEnum;
use pyrite_ir::{Diagnostic, DiagnosticKind, Ir, IrKind, SourceFile};
use pyrite_passes::{Context, Options, Pipeline};
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    Text,
    Json,
    None,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files and directories (every .py file below a directory).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The last stage to run; its output IR is dumped.
    #[arg(long, default_value = "serialize")]
    stop_after: String,
    /// How to dump the final IR: text (CPython's own format where one exists), json, or none
    /// (run the stages and report errors only).
    #[arg(long, value_enum, default_value_t = Emit::Text)]
    emit: Emit,
    /// Worker threads; 0 uses every core.
    #[arg(short = 'j', long = "jobs", default_value_t = 1)]
    jobs: usize,
    /// Render errors with source excerpts.
    #[arg(long)]
    pretty: bool,
    /// Print a summary (files, failures, MB/s) on stderr at the end.
    #[arg(long)]
    stats: bool,
}

/// What processing one file produced.
struct FileResult {
    output: String,
    error: Option<(Diagnostic, Option<String>)>,
    warnings: Vec<Diagnostic>,
    bytes: usize,
}

pub fn run(mut pipeline: Pipeline, args: &Args) -> i32 {
    if let Err(e) = pipeline.truncate_after(&args.stop_after) {
        eprintln!("pyrite: error: {e}");
        return 2;
    }
    if let Err(e) = pipeline.check(IrKind::Source) {
        eprintln!("pyrite: error: {e}");
        return 2;
    }
    let (files, walk_errors) = collect_sources(&args.paths);
    for e in &walk_errors {
        eprintln!("pyrite: error: {e}");
    }
    if files.is_empty() {
        eprintln!("pyrite: warning: no .py files found under the given paths");
    }
    let jobs =
        if args.jobs == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { args.jobs };
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("pyrite: error: cannot start {jobs} worker threads: {e}");
            return 2;
        }
    };
    let many = files.len() > 1;
    let started = Instant::now();
    let mut failed = 0usize;
    let mut total_bytes = 0usize;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Files are processed in parallel a chunk at a time and printed in order, so output is
    // deterministic while memory stays bounded by one chunk of dumps.
    for chunk in files.chunks(jobs.max(1) * 8) {
        let results: Vec<FileResult> =
            pool.install(|| chunk.par_iter().map(|f| process(&pipeline, f, args, many)).collect());
        for r in results {
            total_bytes += r.bytes;
            if out.write_all(r.output.as_bytes()).is_err() {
                return 1; // stdout closed (e.g. piped into `head`)
            }
            let _ = out.flush();
            for w in &r.warnings {
                eprint_diagnostic(w, None, args.pretty);
            }
            if let Some((d, src)) = r.error {
                failed += 1;
                if args.emit != Emit::Json {
                    eprint_diagnostic(&d, src.as_deref(), args.pretty);
                }
            }
        }
    }
    drop(out);
    if args.stats {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "pyrite: {} files, {} failed, {:.1} MB in {:.3} s ({:.1} MB/s, {} threads)",
            files.len(),
            failed,
            total_bytes as f64 / 1e6,
            secs,
            total_bytes as f64 / 1e6 / secs.max(1e-9),
            jobs
        );
    }
    i32::from(failed > 0 || !walk_errors.is_empty())
}

fn process(pipeline: &Pipeline, path: &PathBuf, args: &Args, many: bool) -> FileResult {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let d = Diagnostic::error(DiagnosticKind::IoError, &name, format!("cannot read file: {e}"));
            return FileResult {
                output: error_json(args, &d),
                error: Some((d, None)),
                warnings: vec![],
                bytes: 0,
            };
        }
    };
    let size = bytes.len();
    let mut cx = Context::new(Options::default());
    let result = pipeline.run(Ir::Source(SourceFile::new(name.clone(), bytes)), &mut cx);
    let warnings = std::mem::take(&mut cx.diagnostics);
    match result {
        Ok(ir) => {
            let output = match args.emit {
                Emit::None => String::new(),
                Emit::Text if many => format!("==> {name} <==\n{}", ir.dump_text()),
                Emit::Text => ir.dump_text(),
                Emit::Json if many => {
                    format!("{}\n", serde_json::json!({"path": name, "ir": ir.dump_json()}))
                }
                Emit::Json => format!("{:#}\n", ir.dump_json()),
            };
            FileResult { output, error: None, warnings, bytes: size }
        }
        Err(d) => FileResult { output: error_json(args, &d), error: Some((d, None)), warnings, bytes: size },
    }
}

/// With `--emit json`, errors are part of the output stream: `{"path", "error": Diagnostic}`.
fn error_json(args: &Args, d: &Diagnostic) -> String {
    if args.emit == Emit::Json {
        format!("{}\n", serde_json::json!({"path": d.path, "error": d}))
    } else {
        String::new()
    }
}
