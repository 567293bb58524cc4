//! The `pyrite` command line, as a library so that a crate with its own passes gets the whole CLI
//! (every dump, `--stop-after`, demo...) by calling [`main_with`] with its pipeline.

mod cmd;
mod files;
mod output;
mod pypath;

use clap::{Parser, Subcommand};
use pyrite_passes::Pipeline;

#[derive(Parser)]
#[command(name = "pyrite", version, about = "CPython 3.11's compiler pipeline, stage by stage, exactly")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Show every implemented stage of a built-in example program.
    Demo(cmd::demo::Args),
    /// Run the pipeline up to a stage on files and directories, and dump that stage's IR.
    Pipeline(cmd::pipeline::Args),
    /// Tokenize a file (or stdin) exactly as `python3 -m tokenize [-e]` does.
    Tokenize(cmd::tokenize::Args),
    /// Parse a file and dump its AST exactly like `python3 -m ast`.
    Ast(cmd::ast::Args),
    /// Print a file back as source exactly like `ast.unparse(ast.parse(src))`.
    Unparse(cmd::unparse::Args),
    /// Dump a file's symbol table (scopes, symbol flags, resolved scopes).
    Symtable(cmd::symtable::Args),
    /// Compile files to __pycache__ .pyc files like `python3 -m py_compile` (errors printed as it does).
    #[command(name = "py_compile")]
    PyCompile(cmd::py_compile::Args),
    /// Compile a Python file to a .pyc (the bytes `py_compile.compile(FILE, cfile=OUT)` writes).
    Compile(cmd::compile::Args),
    /// Compile directory trees to __pycache__ .pyc files like `python3 -m compileall`.
    Compileall(cmd::compileall::Args),
    /// Disassemble a .pyc file or a Python source file exactly as `dis.dis` / `python3 -m dis` print it.
    Dis(cmd::dis::Args),
    /// Write a CPython 3.11 .pyc as pyrite bytecode assembly text (docs/asm.md).
    Disasm(cmd::asm::DisasmArgs),
    /// Assemble pyrite bytecode assembly text into a .pyc file.
    Asm(cmd::asm::AsmArgs),
    /// Run a CPython 3.11 .pyc on pyrite's reference VM.
    Run(cmd::run::Args),
    /// Diff pyrite's stages against CPython 3.11.7 on whole corpora (default: the stdlib).
    Conformance(cmd::conformance::Args),
}

/// Runs the `pyrite` command line with `pipeline` as the compiler pipeline; returns the exit code.
/// Call it first thing in `main` (it restores the default SIGPIPE action, which must happen before
/// any thread starts):
///
/// ```no_run
/// let mut pipeline = pyrite_passes::Pipeline::standard();
/// // pipeline.insert_after("ast-opt", Box::new(MyPass)).unwrap();
/// std::process::exit(pyrite_cli::main_with(pipeline));
/// ```
pub fn main_with(pipeline: Pipeline) -> i32 {
    restore_sigpipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    // Trees as deep as the parser accepts are walked and dropped recursively in places (dumps,
    // Drop of nested boxes): the command runs on a thread whose stack is large enough for them
    // (reserved address space; only the pages used are committed).
    let worker = std::thread::Builder::new().stack_size(COMMAND_STACK).spawn(move || {
        pyrite_passes::pass::mark_deep_stack(COMMAND_STACK);
        run_command(cli, pipeline)
    });
    match worker.map(|h| h.join()) {
        Ok(Ok(status)) => status,
        _ => {
            eprintln!("pyrite: internal error (the command thread failed)");
            70
        }
    }
}

/// The command thread's stack: 4 GiB of address space.
const COMMAND_STACK: usize = 4 << 30;

fn run_command(cli: Cli, pipeline: Pipeline) -> i32 {
    match cli.command {
        None => cmd::demo::run(&pipeline, &cmd::demo::Args::default()),
        Some(Command::Demo(args)) => cmd::demo::run(&pipeline, &args),
        Some(Command::Pipeline(args)) => cmd::pipeline::run(pipeline, &args),
        Some(Command::Tokenize(args)) => cmd::tokenize::run(&args),
        Some(Command::Ast(args)) => cmd::ast::run(pipeline, &args),
        Some(Command::Unparse(args)) => cmd::unparse::run(pipeline, &args),
        Some(Command::Symtable(args)) => cmd::symtable::run(pipeline, &args),
        Some(Command::PyCompile(args)) => cmd::py_compile::run(pipeline, &args),
        Some(Command::Compile(args)) => cmd::compile::run(pipeline, &args),
        Some(Command::Compileall(args)) => cmd::compileall::run(pipeline, &args),
        Some(Command::Dis(args)) => cmd::dis::run(pipeline, &args),
        Some(Command::Disasm(args)) => cmd::asm::disasm(pipeline, &args),
        Some(Command::Asm(args)) => cmd::asm::asm(&args),
        Some(Command::Run(args)) => cmd::run::run(pipeline, &args),
        Some(Command::Conformance(args)) => cmd::conformance::run(&args),
    }
}

/// Rust ignores SIGPIPE, which turns `pyrite tokenize big.py | head` into a panic on the next
/// write; restoring the default makes the process end quietly, as command-line filters should.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called from main before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
