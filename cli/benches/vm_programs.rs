//! The VM benchmark suite: every program in vm/benches/programs run by CPython and by pyrite's VM
//! in the same run, outputs diffed, times compared.
//!
//! `cargo bench -p pyrite-cli --bench vm_programs [-- PROGRAM...] [-- --runs N]`
//!
//! Each program is compiled to a .pyc by CPython here (the bench, like the tests, may use CPython;
//! pyrite itself never does), and both interpreters run that same .pyc. A program whose output
//! differs from CPython's is reported as failing and left out of the geometric mean.
//!
//! What is timed is the CPU time (user + system) each child process consumed, not wall-clock
//! time: the machines this runs on are shared, and a waiting process accrues wall-clock time
//! without doing work. CPython is run as its real executable (`sys.executable`, not a version
//! manager's shim script, which costs more than some programs) with `-S`: `site` imports whatever
//! the installation's `.pth` files name (here `certifi`, ~0.1 s), which is not the VM's work.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

struct Timed {
    /// The least CPU time (user + system) over the runs.
    best: Duration,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    status: Option<i32>,
    peak_kb: Option<u64>,
}

/// CPU time (user + system) consumed so far by this process's terminated, waited-for children.
fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage failed");
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// Runs `cmd` `runs` times and keeps the least CPU time; peak RSS comes from GNU time when
/// installed.
fn timed(program: &str, args: &[&str], runs: usize) -> Timed {
    let gnu_time = Path::new("/usr/bin/time").exists();
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs.max(1) {
        let mut cmd = if gnu_time {
            let mut c = Command::new("/usr/bin/time");
            c.args(["-f", "@@peak_kb=%M", program]);
            c
        } else {
            Command::new(program)
        };
        cmd.args(args).env("PYTHONHASHSEED", "0");
        let start = children_cpu();
        let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
        best = best.min(children_cpu() - start);
        last = Some(out);
    }
    let out = last.unwrap();
    let mut stderr = out.stderr;
    let mut peak_kb = None;
    if gnu_time {
        let text = String::from_utf8_lossy(&stderr).into_owned();
        if let Some(pos) = text.rfind("@@peak_kb=") {
            peak_kb = text[pos + 10..].trim().parse().ok();
            stderr.truncate(pos);
            // GNU time announces a non-zero exit on its own line: not the program's output.
            let kept = String::from_utf8_lossy(&stderr)
                .lines()
                .filter(|l| !l.starts_with("Command exited with non-zero status"))
                .map(|l| format!("{l}\n"))
                .collect::<String>();
            stderr = kept.into_bytes();
        }
    }
    Timed { best, stdout: out.stdout, stderr, status: out.status.code(), peak_kb }
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut runs = 3;
    let mut only = Vec::new();
    let mut it = argv.iter();
    while let Some(a) = it.next() {
        if a == "--runs" {
            runs = it.next().and_then(|n| n.parse().ok()).unwrap_or(3);
        } else {
            only.push(a.clone());
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vm/benches/programs");
    let mut programs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("vm/benches/programs")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .filter(|p| only.is_empty() || only.iter().any(|o| p.file_stem().is_some_and(|s| s == o.as_str())))
        .collect();
    programs.sort();
    let pyrite = env!("CARGO_BIN_EXE_pyrite");
    let python =
        Command::new("python3").args(["-c", "import sys; print(sys.executable)"]).output().expect("python3");
    let python = String::from_utf8(python.stdout).expect("sys.executable").trim().to_string();
    let tmp = std::env::temp_dir().join(format!("pyrite-vm-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();

    println!(
        "{:<16} {:>10} {:>10} {:>8} {:>11} {:>11}",
        "program", "cpython s", "pyrite s", "ratio", "cpython MB", "pyrite MB"
    );
    println!("(CPU seconds, least of {runs} runs; CPython {python} -S on the same .pyc)");
    let mut log_sum = 0.0;
    let mut passed = 0;
    let mut failed = Vec::new();
    for prog in &programs {
        let name = prog.file_stem().unwrap().to_string_lossy().into_owned();
        let pyc = tmp.join(format!("{name}.pyc"));
        let compiled = Command::new("python3")
            .args([
                "-c",
                "import py_compile,sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
            ])
            .arg(prog)
            .arg(&pyc)
            .status()
            .expect("python3");
        assert!(compiled.success(), "CPython could not compile {}", prog.display());
        let cpython = timed(&python, &["-S", pyc.to_str().unwrap()], runs);
        let ours = timed(pyrite, &["run", pyc.to_str().unwrap()], runs);
        let mb = |kb: Option<u64>| kb.map_or("-".to_string(), |k| format!("{:.1}", k as f64 / 1024.0));
        if ours.status != cpython.status || ours.stdout != cpython.stdout {
            let why = String::from_utf8_lossy(&ours.stderr);
            let why = why.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("output differs");
            println!("{name:<16} {:>10.3} {:>10} {:>8}  FAIL: {why}", cpython.best.as_secs_f64(), "-", "-");
            failed.push(name);
            continue;
        }
        let ratio = ours.best.as_secs_f64() / cpython.best.as_secs_f64();
        log_sum += ratio.ln();
        passed += 1;
        println!(
            "{name:<16} {:>10.3} {:>10.3} {:>8.2} {:>11} {:>11}",
            cpython.best.as_secs_f64(),
            ours.best.as_secs_f64(),
            ratio,
            mb(cpython.peak_kb),
            mb(ours.peak_kb)
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
    if passed > 0 {
        println!(
            "\ngeometric mean time ratio (pyrite / CPython) over {passed} program(s): {:.2}",
            (log_sum / passed as f64).exp()
        );
    }
    if !failed.is_empty() {
        println!("{} program(s) do not run identically on pyrite yet: {}", failed.len(), failed.join(", "));
    }
}
