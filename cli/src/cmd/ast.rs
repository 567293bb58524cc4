//! `pyrite ast [-a] [-i N] [-m MODE] [--no-type-comments] [FILE]`: prints what
//! `python3 -m ast` prints (`ast.dump(ast.parse(src, type_comments=...), include_attributes=-a,
//! indent=N)`); a syntax error is printed as CPython formats it, with exit status 1.
//!
//! Exceptions `python3 -m ast` does not catch (the parser's MemoryError, `ast.dump`'s
//! RecursionError on deep trees, `repr`'s ValueError on ints over 4300 digits) print only the
//! traceback's last line, as the other commands do for uncaught errors, with exit status 1.

use super::py_compile::format_syntax_error;
use clap::ValueEnum;
use pyrite_ir::ast::{dump_as_python_m_ast, DumpOptions};
use pyrite_ir::{DiagnosticKind, Ir, IrKind, SourceFile};
use pyrite_passes::{Context, Mode, Options, Pipeline};
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    Exec,
    Single,
    Eval,
    #[value(name = "func_type")]
    FuncType,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The file to parse; defaults to stdin.
    infile: Option<PathBuf>,
    /// What kind of code must be parsed.
    #[arg(short, long, value_enum, default_value_t = ModeArg::Exec)]
    mode: ModeArg,
    /// Don't add information about type comments.
    #[arg(long)]
    no_type_comments: bool,
    /// Include attributes such as line numbers and column offsets.
    #[arg(short = 'a', long)]
    include_attributes: bool,
    /// Indentation of nodes (number of spaces).
    #[arg(short, long, default_value_t = 3, allow_negative_numbers = true)]
    indent: i64,
    /// Render a syntax error with codespan-reporting instead of CPython's format.
    #[arg(long)]
    pretty: bool,
}

pub fn run(mut pipeline: Pipeline, args: &Args) -> i32 {
    if pipeline.truncate_after("parse").is_err() || pipeline.check(IrKind::Source).is_err() {
        eprintln!("pyrite: error: the pipeline has no tokenize/parse stages");
        return 2;
    }
    let (name, bytes) = match &args.infile {
        Some(p) if p.as_os_str() != "-" => match std::fs::read(p) {
            Ok(b) => (p.display().to_string(), b),
            Err(e) => {
                eprintln!("pyrite ast: error: can't open '{}': {e}", p.display());
                return 2;
            }
        },
        _ => {
            let mut b = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut b) {
                eprintln!("pyrite ast: error: cannot read stdin: {e}");
                return 2;
            }
            ("<stdin>".to_string(), b)
        }
    };
    let mode = match args.mode {
        ModeArg::Exec => Mode::Exec,
        ModeArg::Single => Mode::Single,
        ModeArg::Eval => Mode::Eval,
        ModeArg::FuncType => Mode::FuncType,
    };
    let options = Options { mode, type_comments: !args.no_type_comments, ..Options::default() };
    let mut cx = Context::new(options);
    let source = String::from_utf8_lossy(&bytes).into_owned();
    match pipeline.run(Ir::Source(SourceFile::new(name, bytes)), &mut cx) {
        Ok(Ir::Ast(a)) => {
            let opts = DumpOptions {
                include_attributes: args.include_attributes,
                indent: Some(args.indent.max(0) as usize),
            };
            match dump_as_python_m_ast(&a.tree, opts) {
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
        Ok(_) => {
            eprintln!("pyrite ast: error: the parse stage did not produce an AST");
            2
        }
        Err(d) if d.kind == DiagnosticKind::MemoryError && !args.pretty => {
            // The parser's bare MemoryError propagates out of ast.parse uncaught.
            eprintln!("MemoryError");
            1
        }
        Err(d) => {
            if args.pretty {
                crate::output::eprint_diagnostic(&d, Some(&source), true);
            } else {
                eprint!("{}", format_syntax_error(&d));
            }
            1
        }
    }
}
