//! `pyrite run FILE.pyc [ARGS]`: executes a CPython 3.11 .pyc on pyrite's reference VM.

use pyrite_passes::serialize::pyc::read_pyc;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A .pyc written by CPython 3.11 (a .py needs pyrite's compiler back half, not built yet).
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

pub fn run(args: &Args) -> i32 {
    let path = &args.file;
    if path.extension().is_some_and(|e| e == "py") {
        eprintln!(
            "pyrite run: {}: running a .py file needs pyrite's compiler back half (codegen, assemble), \
             which is not built yet; compile it to a .pyc with CPython 3.11 and run that",
            path.display()
        );
        return 2;
    }
    let data = match std::fs::read(path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("pyrite run: {}: {}", path.display(), e);
            return 2;
        }
    };
    let code = match read_pyc(pyrite_ir::target::default_target(), &data) {
        Ok((_, code)) => code,
        Err(e) => {
            eprintln!("pyrite run: {}: {}", path.display(), e);
            return 2;
        }
    };
    let mut argv = vec![code.filename.to_string_lossy()];
    argv.extend(args.args.iter().cloned());
    let script_dir = std::path::absolute(path).ok().and_then(|p| p.parent().map(|d| d.to_path_buf()));
    let opts = pyrite_vm::Options { trace: args.trace, argv, script_dir, load_pyc: Some(load_pyc) };
    // Deep recursion of natives (repr of nested lists, etc.) gets a large stack.
    let status = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let status = pyrite_vm::run_main(&code, opts);
            (status, pyrite_vm::stats_report())
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
