//! `pyrite conformance [--stages ...] [--json FILE] [--html FILE] [--ratchet] [-j N] [--timeout S] [PATH...]`

use pyrite_conformance::oracle::{stdlib_root, Oracle};
use pyrite_conformance::report::Report;
use pyrite_conformance::stages::run::vm_programs_root;
use pyrite_conformance::stages::StageOptions;
use pyrite_conformance::suite::{corpus, run_stages, StageCheck};
use pyrite_conformance::{ratchet, stages};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files and directories to compare (default: CPython's stdlib on this machine; for the run
    /// stage alone, the VM's program corpus vm/tests/programs, since stdlib modules are not programs).
    paths: Vec<PathBuf>,
    /// Comma-separated stages to compare: tokens, ast, symtable, unparse, errors, code, dis, pyc,
    /// run (default: every stage but run, which runs each file as a program: `python3 FILE`
    /// against `pyrite run FILE`).
    #[arg(long, value_delimiter = ',')]
    stages: Vec<String>,
    /// Also write the report as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Also write the report as one self-contained HTML page to this file.
    #[arg(long)]
    html: Option<PathBuf>,
    /// Fail unless the differing files are exactly each stage's committed known failures.
    #[arg(long)]
    ratchet: bool,
    /// Worker threads, each with its own CPython oracle; 0 uses every core.
    #[arg(short = 'j', long = "jobs", default_value_t = 0)]
    jobs: usize,
    /// The run stage's time limit per program and side, in seconds: a program CPython does not
    /// finish in time is skipped, one only pyrite does not finish differs.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    timeout: f64,
}

pub fn run(args: &Args) -> i32 {
    match try_run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("pyrite conformance: error: {e}");
            2
        }
    }
}

fn try_run(args: &Args) -> Result<i32, Box<dyn std::error::Error>> {
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(format!("--timeout must be a positive number of seconds, not {}", args.timeout).into());
    }
    let options = StageOptions {
        pyrite: Some(std::env::current_exe()?),
        run_timeout: std::time::Duration::from_secs_f64(args.timeout),
    };
    let checks = if args.stages.is_empty() { stages::all() } else { stages::select(&args.stages, &options)? };
    if checks.is_empty() {
        return Err("no conformance stage is built yet".into());
    }
    let run_alone = checks.iter().all(|c| c.name() == "run");
    if args.paths.is_empty() && !run_alone && checks.iter().any(|c| c.name() == "run") {
        return Err("the run stage runs programs, not the stdlib: give PATHs, or run it alone to use \
                    the VM program corpus (vm/tests/programs)"
            .into());
    }
    // Check the oracle before walking the corpus: a wrong python3 must stop the run at once.
    let cpython = Oracle::start()?.version().to_string();
    let roots = if !args.paths.is_empty() {
        args.paths.clone()
    } else if run_alone {
        let programs = vm_programs_root();
        if !programs.is_dir() {
            return Err(format!(
                "the run stage's default corpus {} is not there (pyrite was built elsewhere); give PATHs",
                programs.display()
            )
            .into());
        }
        vec![programs.canonicalize()?]
    } else {
        vec![stdlib_root()?]
    };
    let files = corpus(&roots)?;
    let jobs =
        if args.jobs == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { args.jobs };
    let pool = Oracle::pool(jobs)?;
    let threads = super::deep_stack_pool(jobs)?;
    let stages: Vec<&dyn StageCheck> = checks.iter().map(|c| c.as_ref()).collect();
    let reports = threads.install(|| run_stages(&stages, &files, &pool))?;
    let report = Report {
        cpython,
        corpus: roots.iter().map(|r| r.display().to_string()).collect(),
        files: files.len(),
        stages: reports,
    };
    print!("{}", report.to_text());
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&report)?)?;
    }
    if let Some(path) = &args.html {
        std::fs::write(path, report.to_html())?;
    }
    let mut code = 0;
    if args.ratchet {
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        for st in &report.stages {
            let v = ratchet::verdict(
                &ratchet::known_failures(&st.stage),
                st.differing_files(),
                names.iter().copied(),
            );
            if !v.passed() {
                eprint!("{}", v.explain(&st.stage));
                code = 1;
            }
        }
    } else if report.stages.iter().any(|s| s.differing > 0) {
        code = 1;
    }
    Ok(code)
}
