//! `pyrite tokenize [-e] [FILE]`: byte for byte what `python3 -m tokenize [-e] [FILE]` prints.
//!
//! As tokenize.py's `main()` does, a file is tokenized completely before anything is printed (an
//! error prints only the error), while standard input streams: the tokens before an error are
//! printed, then the error. Standard input has no ENCODING token.

use pyrite_passes::tokenize::module_view::{cli_file, cli_stdin};
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Display token names using the exact type.
    #[arg(short = 'e', long = "exact")]
    exact: bool,
    /// The file to tokenize; defaults to stdin.
    #[arg(value_name = "filename.py")]
    filename: Option<PathBuf>,
}

pub fn run(args: &Args) -> i32 {
    let out = match &args.filename {
        Some(path) => {
            let name = path.to_string_lossy().into_owned();
            match std::fs::read(path) {
                Ok(bytes) => cli_file(&name, &bytes, args.exact),
                Err(e) => {
                    eprintln!("error: {}", os_error_message(&e, &name));
                    return 1;
                }
            }
        }
        None => {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::stdin().lock().read_to_end(&mut bytes) {
                eprintln!("error: cannot read standard input: {e}");
                return 1;
            }
            cli_stdin(&bytes, args.exact)
        }
    };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(&out.stdout).and_then(|_| stdout.flush()).is_err() {
        return 1;
    }
    let _ = std::io::stderr().lock().write_all(&out.stderr);
    out.status
}

/// `str(OSError)` as Python words it: `[Errno 2] No such file or directory: 'x.py'`.
fn os_error_message(e: &std::io::Error, name: &str) -> String {
    let text = e.to_string();
    let text = match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    match e.raw_os_error() {
        Some(n) => format!("[Errno {n}] {text}: {}", pyrite_ir::pyrepr::str_repr(name)),
        None => format!("{text}: {}", pyrite_ir::pyrepr::str_repr(name)),
    }
}
