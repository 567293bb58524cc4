//! `pyrite symtable [FILE]`: the symbol table of a module (CPython 3.11's symtable.c), one line
//! per scope and per symbol with its flags and resolved scope; the same dump the conformance test
//! compares with CPython's `symtable` module. Symtable SyntaxErrors are reported as
//! `python3 -m py_compile` reports them (exit status 1).

use super::py_compile::format_syntax_error;
use super::unparse::parse_input;
use pyrite_passes::Pipeline;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The file to analyse; defaults to stdin.
    infile: Option<PathBuf>,
}

pub fn run(pipeline: Pipeline, args: &Args) -> i32 {
    let a = match parse_input(pipeline, args.infile.as_ref(), "symtable") {
        Ok(a) => a,
        Err(code) => return code,
    };
    let path = args.infile.as_ref().map_or("<stdin>".to_string(), |p| p.display().to_string());
    match pyrite_passes::symtable::build(&a.tree, &path) {
        Ok(t) => {
            let _ = std::io::stdout().write_all(pyrite_passes::symtable::dump(&t).as_bytes());
            0
        }
        Err(mut d) => {
            // CPython re-reads the offending line from the file for the report.
            if args.infile.is_some() {
                if let Some(line) = d.lineno.and_then(|l| {
                    (l as usize).checked_sub(1).and_then(|i| a.source.text.split_inclusive('\n').nth(i))
                }) {
                    d.text = Some(line.to_string());
                }
            }
            eprint!("{}", format_syntax_error(&d));
            1
        }
    }
}
