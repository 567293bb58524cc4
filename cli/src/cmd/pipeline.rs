//! `pyrite pipeline PATH... --stop-after STAGE [--emit text|json|python|none] [-j N]
//! [--pass NAME]... [--without STAGE]... [--diff-pass NAME]`

use crate::files::collect_sources;
use crate::output::eprint_diagnostic;
use clap::ValueEnum;
use pyrite_ir::{Diagnostic, DiagnosticKind, Ir, IrKind, SourceFile};
use pyrite_passes::optional::{optional_pass, OPTIONAL_PASSES};
use pyrite_passes::unparse::unparse;
use pyrite_passes::{Context, Options, Pass, Pipeline};
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    Text,
    Json,
    /// Source code, for an AST (`ast.unparse` of the tree).
    Python,
    None,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files and directories (every .py file below a directory).
    #[arg(required_unless_present = "list_passes")]
    paths: Vec<PathBuf>,
    /// List the optional passes `--pass` accepts.
    #[arg(long)]
    list_passes: bool,
    /// The last stage to run; its output IR is dumped.
    #[arg(long, default_value = "serialize")]
    stop_after: String,
    /// How to dump the final IR: text (CPython's own format where one exists), json, python
    /// (an AST printed back as source, like `ast.unparse`), or none (run the stages and report
    /// errors only).
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
    /// Insert an optional pass by name after the stage it belongs behind (repeatable; see
    /// `--list-passes`).
    #[arg(long = "pass", value_name = "NAME")]
    passes: Vec<String>,
    /// Leave a pass out of the pipeline (repeatable); the IR kinds must still line up.
    #[arg(long, value_name = "STAGE")]
    without: Vec<String>,
    /// Print a unified diff of the text dump before and after the named pass, then stop.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["stop_after", "emit"])]
    diff_pass: Option<String>,
}

/// Applies `--without`, `--pass` and the stopping point to `pipeline`; returns the pass to diff
/// around when `--diff-pass` is given (removed from the pipeline, which then stops before it).
fn configure(pipeline: &mut Pipeline, args: &Args) -> Result<Option<Box<dyn Pass>>, String> {
    // Optional passes go in first, so that `--without` can remove the stage they follow.
    let mut wanted: Vec<&String> = args.passes.iter().collect();
    if let Some(d) = &args.diff_pass {
        if !pipeline.names().contains(&d.as_str()) && !wanted.contains(&d) {
            wanted.push(d);
        }
    }
    for name in wanted {
        let Some(p) = optional_pass(name) else {
            let known: Vec<&str> = OPTIONAL_PASSES.iter().map(|p| p.name).collect();
            return Err(format!("no optional pass named '{name}' (optional passes: {})", known.join(", ")));
        };
        pipeline.insert_after(p.after, (p.make)()).map_err(|e| e.to_string())?;
    }
    for name in &args.without {
        pipeline.remove(name).map_err(|e| e.to_string())?;
    }
    let stop = args.diff_pass.as_deref().unwrap_or(&args.stop_after);
    pipeline.truncate_after(stop).map_err(|e| e.to_string())?;
    pipeline.check(IrKind::Source).map_err(|e| e.to_string())?;
    match &args.diff_pass {
        Some(name) => pipeline.remove(name).map(Some).map_err(|e| e.to_string()),
        None => Ok(None),
    }
}

fn list_optional_passes() -> i32 {
    for p in OPTIONAL_PASSES {
        println!("{:<16} after {:<10} {}", p.name, p.after, p.summary);
    }
    0
}

/// What processing one file produced.
struct FileResult {
    output: String,
    error: Option<(Diagnostic, Option<String>)>,
    warnings: Vec<Diagnostic>,
    bytes: usize,
}

pub fn run(mut pipeline: Pipeline, args: &Args) -> i32 {
    if args.list_passes {
        return list_optional_passes();
    }
    let diffed = match configure(&mut pipeline, args) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("pyrite: error: {e}");
            return 2;
        }
    };
    let stages = Stages { pipeline: &pipeline, diffed: diffed.as_deref() };
    let (files, walk_errors) = collect_sources(&args.paths);
    for e in &walk_errors {
        eprintln!("pyrite: error: {e}");
    }
    if files.is_empty() {
        eprintln!("pyrite: warning: no .py files found under the given paths");
    }
    let jobs =
        if args.jobs == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { args.jobs };
    let pool = match super::deep_stack_pool(jobs) {
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
            pool.install(|| chunk.par_iter().map(|f| process(&stages, f, args, many)).collect());
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

/// The pipeline to run, and the pass `--diff-pass` runs after it.
struct Stages<'a> {
    pipeline: &'a Pipeline,
    diffed: Option<&'a dyn Pass>,
}

/// What one file's run gives: the final IR, or the diff around the `--diff-pass` pass.
enum Outcome {
    Ir(Ir),
    Diff(String),
}

impl Stages<'_> {
    fn run(&self, ir: Ir, cx: &mut Context) -> Result<Outcome, Diagnostic> {
        let ir = self.pipeline.run(ir, cx)?;
        let Some(pass) = self.diffed else { return Ok(Outcome::Ir(ir)) };
        let before = ir.dump_text();
        let after = pass.run(ir, cx)?.dump_text();
        let name = pass.name();
        Ok(Outcome::Diff(
            similar::TextDiff::from_lines(&before, &after)
                .unified_diff()
                .context_radius(3)
                .header(&format!("before {name}"), &format!("after {name}"))
                .to_string(),
        ))
    }
}

/// An AST printed back as source, for `--emit python`.
fn python_source(ir: &Ir, path: &str) -> Result<String, Diagnostic> {
    match ir {
        Ir::Ast(a) => unparse(&a.tree).map(|src| src + "\n").map_err(|e| {
            Diagnostic::error(DiagnosticKind::InvalidInput, path, format!("cannot unparse: {}", e.0))
        }),
        other => Err(Diagnostic::error(
            DiagnosticKind::InvalidInput,
            path,
            format!("--emit python needs an AST, but the last pass produces {}", other.kind()),
        )),
    }
}

fn process(stages: &Stages, path: &PathBuf, args: &Args, many: bool) -> FileResult {
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
    // The .pyc header `serialize` writes records the source file's mtime and size (or hash).
    let source_stamp = std::fs::metadata(path)
        .ok()
        .map(|m| pyrite_passes::serialize::source_stamp(pyrite_ir::target::default_target(), &bytes, &m));
    let mut cx = Context::new(Options { source_stamp, ..Options::default() });
    let result = stages.run(Ir::Source(SourceFile::new(name.clone(), bytes)), &mut cx).and_then(|out| {
        Ok(match (out, args.emit) {
            (Outcome::Diff(d), _) if many => format!("==> {name} <==\n{d}"),
            (Outcome::Diff(d), _) => d,
            (Outcome::Ir(_), Emit::None) => String::new(),
            (Outcome::Ir(ir), Emit::Text) if many => format!("==> {name} <==\n{}", ir.dump_text()),
            (Outcome::Ir(ir), Emit::Text) => ir.dump_text(),
            (Outcome::Ir(ir), Emit::Python) if many => {
                format!("==> {name} <==\n{}", python_source(&ir, &name)?)
            }
            (Outcome::Ir(ir), Emit::Python) => python_source(&ir, &name)?,
            // One JSON document per line when there are several files.
            (Outcome::Ir(ir), Emit::Json) if many => {
                format!("{}\n", serde_json::json!({"path": name, "ir": ir.dump_json()}))
            }
            (Outcome::Ir(ir), Emit::Json) => format!("{:#}\n", ir.dump_json()),
        })
    });
    let warnings = std::mem::take(&mut cx.diagnostics);
    match result {
        Ok(output) => FileResult { output, error: None, warnings, bytes: size },
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
