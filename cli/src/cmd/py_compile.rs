//! `pyrite py_compile FILE...`: `python3 -m py_compile`: each file compiled to
//! `__pycache__/NAME.cpython-311.pyc`; the first error printed exactly as it prints it, exit 1.

use crate::cmd::compile::{
    cache_from_source, check_pipeline, compile_to_pyc, default_invalidation, make_parent, uncaught_error,
    write_atomic,
};
use crate::output::eprint_diagnostic;
use pyrite_ir::pyrepr::str_repr;
use pyrite_ir::{Diagnostic, DiagnosticKind};
use pyrite_passes::Pipeline;
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files to compile.
    #[arg(required = true)]
    filenames: Vec<PathBuf>,
    /// Suppress error output.
    #[arg(short, long)]
    quiet: bool,
    /// Render errors with codespan-reporting instead of CPython's format.
    #[arg(long)]
    pretty: bool,
}

/// `traceback.format_exception_only` for a SyntaxError (`_format_syntax_error`).
pub fn format_syntax_error(d: &Diagnostic) -> String {
    let mut out = String::new();
    let mut filename_suffix = String::new();
    match d.lineno {
        Some(l) => out.push_str(&format!("  File \"{}\", line {}\n", d.path, l)),
        None => filename_suffix = format!(" ({})", d.path),
    }
    if let Some(text) = &d.text {
        let rtext = text.trim_end_matches('\n');
        let ltext = rtext.trim_start_matches([' ', '\n', '\x0c']);
        let spaces = (rtext.chars().count() - ltext.chars().count()) as i64;
        out.push_str(&format!("    {ltext}\n"));
        if let Some(offset) = d.offset {
            let offset = offset as i64;
            let mut end_offset = match d.end_offset {
                None | Some(0) => offset,
                Some(e) => e as i64,
            };
            if offset == end_offset {
                end_offset = offset + 1;
            }
            let colno = offset - 1 - spaces;
            let end_colno = end_offset - 1 - spaces;
            if colno >= 0 {
                let caretspace: String = ltext
                    .chars()
                    .take(colno as usize)
                    .map(|c| if c.is_whitespace() { c } else { ' ' })
                    .collect();
                let carets = "^".repeat((end_colno - colno).max(0) as usize);
                out.push_str(&format!("    {caretspace}{carets}\n"));
            }
        }
    }
    out.push_str(&format!("{}: {}{}\n", d.kind.name(), d.message, filename_suffix));
    out
}

/// What `python3 -m py_compile` prints for an error raised while compiling.
pub fn py_compile_message(d: &Diagnostic) -> String {
    match d.kind {
        DiagnosticKind::SyntaxError => format_syntax_error(d),
        kind => {
            // PyCompileError: "Sorry: <type>: <str(exc)>" where str(SyntaxError) adds the place
            // with the file's base name.
            let base = d.path.rsplit('/').next().unwrap_or(&d.path);
            let place = match d.lineno {
                Some(l) => format!(" ({base}, line {l})"),
                None => String::new(),
            };
            format!("Sorry: {}: {}{}", kind.name(), d.message, place)
        }
    }
}

pub fn run(pipeline: Pipeline, args: &Args) -> i32 {
    if let Err(e) = check_pipeline(&pipeline) {
        eprintln!("pyrite py_compile: error: {e}");
        return 2;
    }
    // A lone `-` reads the names from stdin, one a line (only the newline is stripped).
    let filenames: Vec<PathBuf> = if args.filenames.len() == 1 && args.filenames[0].as_os_str() == "-" {
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            eprintln!("pyrite py_compile: error: reading file names from stdin: {e}");
            return 1;
        }
        text.split_inclusive('\n').map(|l| PathBuf::from(l.strip_suffix('\n').unwrap_or(l))).collect()
    } else {
        args.filenames.clone()
    };
    let invalidation = default_invalidation();
    for path in &filenames {
        // argparse's exit(1, message) writes an OSError's text without a newline.
        let os_error = |e: &std::io::Error, name: &Path| {
            if !args.quiet {
                eprint!(
                    "[Errno {}] {}: {}",
                    e.raw_os_error().unwrap_or(0),
                    io_reason(e),
                    str_repr(&name.display().to_string())
                );
            }
            1
        };
        // py_compile reads the source before compiling: a missing file or a directory is an OSError.
        if let Err(e) = std::fs::read(path) {
            return os_error(&e, path);
        }
        let cfile = cache_from_source(path, 0);
        let pyc = match compile_to_pyc(&pipeline, path, 0, invalidation) {
            Ok(pyc) => pyc,
            // Not a PyCompileError: -q does not hide it.
            Err(d) if uncaught_error(&d).is_some() => {
                make_parent(&cfile);
                eprintln!("{}", uncaught_error(&d).unwrap_or_default());
                return 1;
            }
            Err(d) => {
                if !args.quiet {
                    if args.pretty {
                        let source =
                            std::fs::read(path).ok().map(|b| String::from_utf8_lossy(&b).into_owned());
                        eprint_diagnostic(&d, source.as_deref(), true);
                    } else {
                        eprint!("{}", py_compile_message(&d));
                    }
                }
                return 1;
            }
        };
        if let Err(e) = write_atomic(&cfile, &pyc, path) {
            return os_error(&e, &cfile);
        }
    }
    0
}

pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
