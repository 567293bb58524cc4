//! `pyrite compile FILE -o OUT.pyc`: the bytes of `py_compile.compile(FILE, cfile=OUT.pyc)`; and
//! the source -> .pyc step that `py_compile` and `compileall` share.

use crate::cmd::py_compile::py_compile_message;
use clap::ValueEnum;
use pyrite_ir::target::default_target;
use pyrite_ir::{Diagnostic, DiagnosticKind, Ir, IrKind, SourceFile};
use pyrite_passes::serialize::source_stamp;
use pyrite_passes::{Context, Invalidation, Options, Pipeline};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    Timestamp,
    CheckedHash,
    UncheckedHash,
}

impl From<Mode> for Invalidation {
    fn from(m: Mode) -> Invalidation {
        match m {
            Mode::Timestamp => Invalidation::Timestamp,
            Mode::CheckedHash => Invalidation::CheckedHash,
            Mode::UncheckedHash => Invalidation::UncheckedHash,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The Python source file.
    file: PathBuf,
    /// Where to write the .pyc.
    #[arg(short = 'o', long = "output", value_name = "OUT.pyc")]
    output: PathBuf,
    /// What the header records of the source (default: timestamp, or checked-hash when
    /// SOURCE_DATE_EPOCH is set, as py_compile does).
    #[arg(long, value_enum)]
    invalidation_mode: Option<Mode>,
    /// Optimization level: -O removes asserts and `__debug__` blocks, -OO docstrings too.
    #[arg(short = 'O', action = clap::ArgAction::Count)]
    optimize: u8,
}

/// py_compile's default mode: checked-hash when SOURCE_DATE_EPOCH is set (reproducible builds).
pub fn default_invalidation() -> Invalidation {
    if std::env::var_os("SOURCE_DATE_EPOCH").is_some_and(|v| !v.is_empty()) {
        Invalidation::CheckedHash
    } else {
        Invalidation::Timestamp
    }
}

/// `importlib.util.cache_from_source(path, optimization=...)`:
/// `DIR/__pycache__/NAME.cpython-311[.opt-N].pyc`.
pub fn cache_from_source(path: &Path, optimize: u8) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new(""));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
    let opt = if optimize == 0 { String::new() } else { format!(".opt-{optimize}") };
    dir.join("__pycache__").join(format!("{stem}.{}{opt}.pyc", default_target().cache_tag))
}

/// `pipeline` cut after its last stage that produces a code object (`assemble`, unless the user's
/// pipeline adds one after it), checked to start from source.
pub fn code_pipeline(pipeline: Pipeline) -> Result<Pipeline, String> {
    pipeline.up_to_last(IrKind::Code).map_err(|e| e.to_string())
}

/// Compiles one source file to .pyc bytes through `pipeline`, which must end in bytes.
pub fn compile_to_pyc(
    pipeline: &Pipeline,
    path: &Path,
    optimize: u8,
    invalidation: Invalidation,
) -> Result<Vec<u8>, Diagnostic> {
    compile_to_pyc_as(pipeline, path, &path.display().to_string(), optimize, invalidation)
}

/// [`compile_to_pyc`] with `name` (py_compile's `dfile`) as the file name that errors show and
/// the code objects record.
pub fn compile_to_pyc_as(
    pipeline: &Pipeline,
    path: &Path,
    name: &str,
    optimize: u8,
    invalidation: Invalidation,
) -> Result<Vec<u8>, Diagnostic> {
    let name = name.to_string();
    let io_error = |e: std::io::Error| Diagnostic::error(DiagnosticKind::IoError, &name, e.to_string());
    let bytes = std::fs::read(path).map_err(io_error)?;
    let meta = std::fs::metadata(path).map_err(io_error)?;
    let source_stamp = Some(source_stamp(default_target(), &bytes, &meta));
    let options = Options { optimize, invalidation, source_stamp, ..Options::default() };
    let mut cx = Context::new(options);
    match pipeline.run(Ir::Source(SourceFile::new(name.clone(), bytes)), &mut cx)? {
        Ir::Bytes(b) => Ok(b),
        other => Err(Diagnostic::error(
            DiagnosticKind::InvalidInput,
            &name,
            format!("the pipeline ends in {}, not the bytes of a .pyc", other.kind()),
        )),
    }
}

/// The last line of the traceback of an exception that py_compile does not catch (so neither
/// does compileall): marshal's nesting error, raised after compiling. pyrite has no Python frames
/// to show, so it prints that line alone.
pub fn uncaught_error(d: &Diagnostic) -> Option<String> {
    (d.kind == DiagnosticKind::InvalidInput && d.message == pyrite_passes::serialize::nesting::TOO_DEEP)
        .then(|| format!("{}: {}", d.kind.name(), d.message))
}

/// py_compile makes the .pyc's directory before it marshals.
pub fn make_parent(cfile: &Path) {
    if let Some(dir) = cfile.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(dir);
    }
}

/// Checks that `pipeline` turns source into bytes (a user pipeline might not).
pub fn check_pipeline(pipeline: &Pipeline) -> Result<(), String> {
    pipeline.check(IrKind::Source).map_err(|e| e.to_string())?;
    match pipeline.passes().last().map(|p| p.output()) {
        Some(IrKind::Bytes) => Ok(()),
        _ => Err("the pipeline does not end in the serialize stage (source -> .pyc bytes)".into()),
    }
}

/// Writes `data` to `path` the way importlib does: a temporary file renamed into place, with the
/// source's permission bits (plus owner write).
pub fn write_atomic(path: &Path, data: &[u8], source: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("pyc.{}", std::process::id()));
    std::fs::write(&tmp, data)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(source) {
            let mode = (meta.permissions().mode() | 0o200) & 0o666;
            let _ = std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(mode));
        }
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

pub fn run(pipeline: Pipeline, args: &Args) -> i32 {
    if let Err(e) = check_pipeline(&pipeline) {
        eprintln!("pyrite compile: error: {e}");
        return 2;
    }
    let mode = args.invalidation_mode.map_or_else(default_invalidation, Invalidation::from);
    match compile_to_pyc(&pipeline, &args.file, args.optimize.min(2), mode) {
        Ok(pyc) => match write_atomic(&args.output, &pyc, &args.file) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("pyrite compile: error: {}: {e}", args.output.display());
                1
            }
        },
        Err(d) if uncaught_error(&d).is_some() => {
            make_parent(&args.output);
            eprintln!("{}", uncaught_error(&d).unwrap_or_default());
            1
        }
        // Exactly what py_compile prints (no newline after a `Sorry: ...` line, as argparse's
        // exit(1, msg) writes it).
        Err(d) => {
            eprint!("{}", py_compile_message(&d));
            1
        }
    }
}
