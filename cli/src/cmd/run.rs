//! `pyrite run FILE.py|FILE.pyc [ARGS]`: compiles a script with pyrite's pipeline (or reads a
//! CPython 3.11 .pyc) and executes it on pyrite's reference VM.

use pyrite_ir::code::CodeObject;
use pyrite_ir::{Diagnostic, DiagnosticKind};
use pyrite_passes::serialize::pyc::read_pyc;
use pyrite_passes::{Mode, Options, Pipeline};
use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A Python script (compiled by pyrite's pipeline) or a .pyc written by CPython 3.11.
    pub file: PathBuf,
    /// Arguments for the program (sys.argv[1:]).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<String>,
    /// Print allocator statistics to stderr at exit.
    #[arg(long)]
    pub stats: bool,
    /// Print every executed instruction with the value stack to stderr.
    #[arg(long)]
    pub trace: bool,
}

/// The VM's .pyc reader for imports: pyrite's marshal reader.
fn load_pyc(data: &[u8]) -> Result<pyrite_ir::code::CodeObject, String> {
    read_pyc(pyrite_ir::target::default_target(), data).map(|(_, c)| c).map_err(|e| e.to_string())
}

/// The VM's cache writer for imports: the bytes `py_compile` writes (the header for the given
/// flags and stamp, then the marshalled code object).
fn write_pyc(code: &CodeObject, flags: u32, stamp: [u8; 8]) -> Vec<u8> {
    use pyrite_passes::serialize::pyc::{Invalidation, PycHeader};
    let word = |i: usize| u32::from_le_bytes([stamp[i], stamp[i + 1], stamp[i + 2], stamp[i + 3]]);
    let invalidation = match flags {
        1 => Invalidation::UncheckedHash(stamp),
        3 => Invalidation::CheckedHash(stamp),
        _ => Invalidation::Timestamp { mtime: word(0), size: word(4) },
    };
    let header = PycHeader { magic: pyrite_ir::target::default_target().magic, invalidation };
    pyrite_passes::serialize::pyc::write_pyc(&header, code)
}

/// The pipeline `pyrite run` compiles with (the user's, under `pyrite_cli::main_with`), up to
/// its last code-object stage: the VM's compile hook is a plain function, so it finds the pipeline here.
static COMPILER: OnceLock<Pipeline> = OnceLock::new();

/// The VM's compiler: source to code object through the pipeline, or the error CPython raises.
fn compile_source(source: &[u8], filename: &str, mode: &str, optimize: u8) -> Result<CodeObject, Diagnostic> {
    let Some(pipeline) = COMPILER.get() else {
        return Err(Diagnostic::error(DiagnosticKind::NotImplemented, filename, "no compiler pipeline"));
    };
    let mode = match mode {
        "eval" => Mode::Eval,
        "single" => Mode::Single,
        _ => Mode::Exec,
    };
    let options = Options { mode, optimize, ..Options::default() };
    pipeline.compile_code(filename, source.to_vec(), options)
}

/// The traceback anchors of a source segment, as CPython 3.11's extract_anchors_from_expr finds
/// them: the segment must parse as one expression statement; for a binary operation the anchor
/// is the first character after the left operand that is neither blank nor `)` (two when the operator has two), for
/// a subscript it runs from the end of the value to one past the end of the index. Byte offsets.
fn caret_anchors(segment: &str) -> Option<(usize, usize)> {
    use pyrite_ir::ast::{ExprKind, Mod, StmtKind};
    let mut pipeline = pyrite_passes::Pipeline::standard();
    pipeline.truncate_after("parse").ok()?;
    let source = pyrite_ir::source::SourceFile::new("<segment>", segment.as_bytes().to_vec());
    let mut cx = pyrite_passes::Context::new(pyrite_passes::Options::default());
    let pyrite_ir::ir::Ir::Ast(m) = pipeline.run(pyrite_ir::ir::Ir::Source(source), &mut cx).ok()? else {
        return None;
    };
    let Mod::Module { body, .. } = &m.tree else { return None };
    let [stmt] = body.as_slice() else { return None };
    let StmtKind::Expr { value } = &stmt.kind else { return None };
    let bytes = segment.as_bytes();
    match &value.kind {
        ExprKind::BinOp { left, right, .. } => {
            let (from, to) = (left.loc.end_col_offset as usize, right.loc.col_offset as usize);
            // The closing parentheses of a parenthesized left operand are skipped too.
            let i =
                (from..to.min(bytes.len())).find(|&i| !matches!(bytes[i], b' ' | b'\t' | b'\x0c' | b')'))?;
            let two = i + 1 < to && !matches!(bytes[i + 1], b' ' | b'\t' | b'\x0c');
            Some((i, if two { i + 2 } else { i + 1 }))
        }
        ExprKind::Subscript { value, slice, .. } => {
            let from = value.loc.end_col_offset as usize;
            let i = (from..bytes.len()).find(|&i| !matches!(bytes[i], b' ' | b'\t' | b'\x0c' | b')'))?;
            Some((i, slice.loc.end_col_offset as usize + 1))
        }
        _ => None,
    }
}

pub fn run(pipeline: Pipeline, args: &Args) -> i32 {
    let path = &args.file;
    match super::compile::code_pipeline(pipeline) {
        Ok(p) => {
            let _ = COMPILER.set(p);
        }
        Err(e) => {
            eprintln!("pyrite run: the pipeline cannot compile: {e}");
            return 2;
        }
    }
    let data = match std::fs::read(path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("pyrite run: {}: {}", path.display(), e);
            return 2;
        }
    };
    // CPython's test (maybe_pyc_file): the extension, or the magic number at the start.
    let is_pyc = path.extension().is_some_and(|e| e == "pyc")
        || data.starts_with(&pyrite_ir::target::default_target().magic_bytes());
    let code = if is_pyc {
        match read_pyc(pyrite_ir::target::default_target(), &data) {
            Ok((_, code)) => code,
            Err(e) => {
                eprintln!("pyrite run: {}: {}", path.display(), e);
                return 2;
            }
        }
    } else {
        match compile_source(&data, &path.display().to_string(), "exec", 0) {
            Ok(code) => code,
            Err(d) => {
                // What CPython prints for a script it cannot compile, with its exit status 1.
                match d.kind {
                    DiagnosticKind::SyntaxError
                    | DiagnosticKind::IndentationError
                    | DiagnosticKind::TabError => {
                        eprint!("{}", super::py_compile::format_syntax_error(&d))
                    }
                    kind => eprintln!("{}: {}", kind.name(), d.message),
                }
                return 1;
            }
        }
    };
    // sys.argv[0] (and __main__.__file__) is the path as given, a .pyc's own path included.
    let mut argv = vec![path.display().to_string()];
    argv.extend(args.args.iter().cloned());
    let script_dir = std::path::absolute(path).ok().and_then(|p| p.parent().map(|d| d.to_path_buf()));
    let opts = pyrite_vm::Options {
        trace: args.trace,
        argv,
        script_dir,
        load_pyc: Some(load_pyc),
        caret_anchors: Some(caret_anchors),
        compile_source: Some(compile_source),
        write_pyc: Some(write_pyc),
    };
    // Deep recursion of natives (repr of nested lists, etc.) gets a large stack.
    let status = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let status = pyrite_vm::run_main(&code, opts);
            let report = pyrite_vm::stats_report();
            // Everything the VM allocated is freed before the thread ends (valgrind-clean).
            let left = pyrite_vm::release_heap();
            (status, format!("{report}  after the exit teardown: {left} objects live\n"))
        })
        .map(|h| h.join());
    match status {
        Ok(Ok((status, report))) => {
            if args.stats {
                let _ = std::io::stderr().write_all(report.as_bytes());
            }
            status
        }
        _ => {
            eprintln!("pyrite run: the VM crashed (internal error)");
            70
        }
    }
}
