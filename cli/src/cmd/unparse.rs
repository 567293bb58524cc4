//! `pyrite unparse [FILE]`: prints what `print(ast.unparse(ast.parse(src)))` prints, byte for
//! byte. A syntax error is reported as `python3 -m py_compile` reports it (exit status 1); a tree
//! `ast.unparse` itself refuses (e.g. an f-string expression needing a backslash) gives CPython's
//! ValueError message (exit status 1).

use super::py_compile::format_syntax_error;
use pyrite_ir::{Ir, IrKind, SourceFile};
use pyrite_passes::{Context, Mode, Options, Pipeline};
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The file to unparse; defaults to stdin.
    infile: Option<PathBuf>,
}

/// Reads FILE (or stdin) and runs the pipeline through `parse`: the AST, or the exit code.
pub(crate) fn parse_input(
    mut pipeline: Pipeline,
    infile: Option<&PathBuf>,
    cmd: &str,
) -> Result<pyrite_ir::AstModule, i32> {
    if pipeline.truncate_after("parse").is_err() || pipeline.check(IrKind::Source).is_err() {
        eprintln!("pyrite: error: the pipeline has no tokenize/parse stages");
        return Err(2);
    }
    let (name, bytes) = match infile {
        Some(p) if p.as_os_str() != "-" => match std::fs::read(p) {
            Ok(b) => (p.display().to_string(), b),
            Err(e) => {
                eprintln!("pyrite {cmd}: error: can't open '{}': {e}", p.display());
                return Err(2);
            }
        },
        _ => {
            let mut b = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut b) {
                eprintln!("pyrite {cmd}: error: cannot read stdin: {e}");
                return Err(2);
            }
            ("<stdin>".to_string(), b)
        }
    };
    // `ast.parse` defaults: exec mode, no type comments.
    let options = Options { mode: Mode::Exec, type_comments: false, ..Options::default() };
    let mut cx = Context::new(options);
    match pipeline.run(Ir::Source(SourceFile::new(name, bytes)), &mut cx) {
        Ok(Ir::Ast(a)) => Ok(a),
        Ok(_) => {
            eprintln!("pyrite {cmd}: error: the parse stage did not produce an AST");
            Err(2)
        }
        Err(d) => {
            eprint!("{}", format_syntax_error(&d));
            Err(1)
        }
    }
}

pub fn run(pipeline: Pipeline, args: &Args) -> i32 {
    let a = match parse_input(pipeline, args.infile.as_ref(), "unparse") {
        Ok(a) => a,
        Err(code) => return code,
    };
    match pyrite_passes::unparse::unparse(&a.tree) {
        Ok(mut text) => {
            text.push('\n');
            let _ = std::io::stdout().write_all(text.as_bytes());
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}
