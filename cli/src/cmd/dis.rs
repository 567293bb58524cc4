//! `pyrite dis FILE.pyc`: what `dis.dis(marshal.loads(data[16:]))` prints; `pyrite dis FILE.py`:
//! what `python3 -m dis FILE.py` prints, the code object coming from pyrite's pipeline.

use pyrite_ir::target::{default_target, InternHost};
use pyrite_passes::serialize::pyc::read_pyc;
use pyrite_passes::{Options, Pipeline};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A CPython 3.11 .pyc file, or a Python source file (compiled by pyrite's pipeline).
    file: PathBuf,
    /// `id(None)` of the CPython process to match: 3.11 hashes None by address. Without it the
    /// target's modelled address is used, which gives that build's order unless a set's probe
    /// sequence reaches the address bits ASLR changes (then no two runs of CPython agree either).
    #[arg(long, value_name = "ID")]
    none_id: Option<u64>,
    /// `id(...)` of the CPython process to match (Ellipsis is hashed by address too).
    #[arg(long, value_name = "ID")]
    ellipsis_id: Option<u64>,
}

pub fn run(pipeline: Pipeline, args: &Args) -> i32 {
    let path = &args.file;
    let data = match std::fs::read(path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("pyrite dis: error: {}: {e}", path.display());
            return 1;
        }
    };
    let target = default_target();
    let looks_pyc = path.extension().is_some_and(|e| e == "pyc") || data.starts_with(&target.magic_bytes());
    let code = if looks_pyc {
        read_pyc(target, &data).map(|(_, code)| code).map_err(|e| e.to_string())
    } else {
        super::compile::code_pipeline(pipeline).and_then(|p| {
            // What `python3 -m dis FILE` prints depends on the strings that process interned.
            let options = Options { intern_host: InternHost::DisModule, ..Options::default() };
            p.compile_code(&path.display().to_string(), data, options)
                .map_err(|d| format!("{}: {}", d.kind.name(), d.message))
        })
    };
    let code = match code {
        Ok(code) => code,
        Err(e) => {
            eprintln!("pyrite dis: error: {}: {e}", path.display());
            return 1;
        }
    };
    let addrs = pyrite_ir::pyhash::Addresses {
        none: args.none_id.or(target.singleton_ids.none),
        ellipsis: args.ellipsis_id.or(target.singleton_ids.ellipsis),
    };
    match pyrite_ir::dis::dis_with(&code, target, &addrs) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            if out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_err() {
                return 1;
            }
            0
        }
        Err(e) => {
            eprintln!("pyrite dis: error: {}: {e}", path.display());
            1
        }
    }
}
