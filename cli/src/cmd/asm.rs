//! `pyrite disasm FILE.pyc` and `pyrite asm FILE.pyasm -o OUT.pyc`: CPython 3.11 code objects as
//! pyrite's bytecode assembly text (docs/asm.md) and back.

use crate::output::eprint_diagnostic;
use pyrite_ir::{target, Diagnostic, DiagnosticKind};
use pyrite_passes::asm::lower::assemble_module;
use pyrite_passes::asm::write::write_code;
use pyrite_passes::serialize::pyc::read_pyc;
use pyrite_passes::{Options, Pipeline};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct DisasmArgs {
    /// A CPython 3.11 .pyc file, or a Python source file (compiled by pyrite's pipeline).
    file: PathBuf,
    /// Write the text here instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct AsmArgs {
    /// The assembly text.
    file: PathBuf,
    /// The .pyc file to write.
    #[arg(short, long)]
    output: PathBuf,
    /// Print diagnostics in the compact one-line form instead of with source excerpts.
    #[arg(long)]
    plain: bool,
}

fn fail(d: &Diagnostic) -> i32 {
    eprint_diagnostic(d, None, false);
    1
}

pub fn disasm(pipeline: Pipeline, args: &DisasmArgs) -> i32 {
    let path = args.file.display().to_string();
    let data = match std::fs::read(&args.file) {
        Ok(d) => d,
        Err(e) => return fail(&Diagnostic::error(DiagnosticKind::IoError, &path, e.to_string())),
    };
    let looks_pyc = args.file.extension().is_some_and(|e| e == "pyc")
        || data.starts_with(&target::default_target().magic_bytes());
    let (header, code) = if looks_pyc {
        match read_pyc(target::default_target(), &data) {
            Ok((header, code)) => (Some(header), code),
            Err(e) => return fail(&Diagnostic::error(DiagnosticKind::InvalidInput, &path, e.to_string())),
        }
    } else {
        let pipeline = match super::compile::code_pipeline(pipeline) {
            Ok(p) => p,
            Err(e) => return fail(&Diagnostic::error(DiagnosticKind::InvalidInput, &path, e)),
        };
        match pipeline.compile_code(&path, data, Options::default()) {
            Ok(code) => (None, code),
            Err(d) => return fail(&d),
        }
    };
    let text = match write_code(&code) {
        Ok((text, _)) => {
            // A .pyc's header goes first, after the title comment.
            match (header, text.split_once('\n')) {
                (None, _) => text,
                (Some(h), Some((title, rest))) => {
                    format!("{title}\n{}\n{rest}", pyrite_passes::asm::pyc_line(&h.invalidation))
                }
                (Some(h), None) => format!("{}\n{text}", pyrite_passes::asm::pyc_line(&h.invalidation)),
            }
        }
        Err(e) => return fail(&Diagnostic::error(DiagnosticKind::InvalidInput, &path, e.to_string())),
    };
    match &args.output {
        Some(out) => match std::fs::write(out, text) {
            Ok(()) => 0,
            Err(e) => {
                fail(&Diagnostic::error(DiagnosticKind::IoError, out.display().to_string(), e.to_string()))
            }
        },
        None => {
            print!("{text}");
            0
        }
    }
}

pub fn asm(args: &AsmArgs) -> i32 {
    let path = args.file.display().to_string();
    let text = match std::fs::read(&args.file) {
        Ok(b) => match String::from_utf8(b) {
            Ok(t) => t,
            Err(e) => {
                return fail(&Diagnostic::error(DiagnosticKind::UnicodeDecodeError, &path, e.to_string()))
            }
        },
        Err(e) => return fail(&Diagnostic::error(DiagnosticKind::IoError, &path, e.to_string())),
    };
    let (code, header) = match assemble_module(&path, &text) {
        Ok(ch) => ch,
        Err(diags) => {
            for d in &diags {
                eprint_diagnostic(d, Some(&text), !args.plain);
            }
            eprintln!("pyrite asm: {} error(s)", diags.len());
            return 1;
        }
    };
    match std::fs::write(&args.output, pyrite_passes::asm::pyc_bytes(&code, header)) {
        Ok(()) => 0,
        Err(e) => fail(&Diagnostic::error(
            DiagnosticKind::IoError,
            args.output.display().to_string(),
            e.to_string(),
        )),
    }
}
