//! The `pyrite` command line, as a library so that a crate with its own passes gets the whole CLI
//! (every dump, `--stop-after`, demo...) by calling [`main_with`] with its pipeline.

mod cmd;
mod files;
mod output;

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
    /// Run a CPython 3.11 .pyc on pyrite's reference VM.
    Run(cmd::run::Args),
    /// Disassemble a CPython 3.11 .pyc file exactly as `dis.dis` prints it.
    Dis(cmd::dis::Args),
    /// Diff pyrite's stages against CPython 3.11.7 on whole corpora (default: the stdlib).
    Conformance(cmd::conformance::Args),
}

/// Runs the `pyrite` command line with `pipeline` as the compiler pipeline; returns the exit code.
pub fn main_with(pipeline: Pipeline) -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        None => cmd::demo::run(&pipeline, &cmd::demo::Args::default()),
        Some(Command::Demo(args)) => cmd::demo::run(&pipeline, &args),
        Some(Command::Pipeline(args)) => cmd::pipeline::run(pipeline, &args),
        Some(Command::Run(args)) => cmd::run::run(&args),
        Some(Command::Dis(args)) => cmd::dis::run(&args),
        Some(Command::Conformance(args)) => cmd::conformance::run(&args),
    }
}
