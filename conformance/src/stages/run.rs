//! `run`: a program's behaviour, `pyrite run PROG` (pyrite's compiler and VM) against
//! `python3 PROG`: stdout, then stderr, then the exit status must be identical.
//!
//! Each side runs in its own process, one program at a time per worker, with the same command
//! line (the program's absolute path, no arguments), the same environment (`PYTHONHASHSEED=0`,
//! UTF-8 stdio, no stdin) and the same working directory: a fresh empty directory per program,
//! emptied again between the two runs, so a program that writes files sees the same world on both
//! sides and programs cannot disturb each other.
//!
//! A program is skipped when CPython itself gives no answer to compare with: it runs past the
//! time limit or is killed by a signal. A program that CPython ends with an uncaught exception or
//! `sys.exit(n)` is compared like any other (its traceback is part of what must match). When only
//! pyrite runs past the limit, the program differs.

use crate::diff::{first_line_difference, Difference};
use crate::oracle::{python_command, Oracle, OracleError};
use crate::suite::{Outcome, StageCheck};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The default time limit of one side of one program.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Run {
    /// The `pyrite` executable whose `run` subcommand is compared.
    pub pyrite: PathBuf,
    pub timeout: Duration,
}

/// How one side of a program ended.
#[derive(Debug, PartialEq, Eq)]
enum Ending {
    /// Exited with this status.
    Exited(i32),
    /// Killed by a signal (or ended without a status).
    Killed(String),
    TimedOut,
}

struct Ran {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    ending: Ending,
}

/// Runs `cmd` in `cwd` with no stdin, capturing its output, killing it at `timeout`.
fn run_with_timeout(mut cmd: Command, cwd: &Path, timeout: Duration) -> std::io::Result<Ran> {
    let mut child = cmd
        .current_dir(cwd)
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONIOENCODING", "utf-8")
        .env_remove("PYTHONSTARTUP")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Both pipes are drained while the child runs: a program filling one pipe must not block.
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let err = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let deadline = Instant::now() + timeout;
    let ending = loop {
        if let Some(status) = child.try_wait()? {
            break match status.code() {
                Some(c) => Ending::Exited(c),
                None => Ending::Killed(signal_name(&status)),
            };
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break Ending::TimedOut;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Ok(Ran { stdout: out.join().unwrap_or_default(), stderr: err.join().unwrap_or_default(), ending })
}

#[cfg(unix)]
fn signal_name(status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    status.signal().map_or_else(|| "no exit status".to_string(), |s| format!("signal {s}"))
}

#[cfg(not(unix))]
fn signal_name(_: &std::process::ExitStatus) -> String {
    "no exit status".to_string()
}

/// A fresh, empty working directory for one program.
fn fresh_dir(dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)
}

/// The first difference between the two runs: stdout, stderr, then the exit status.
fn compare(pyrite: &Ran, cpython: &Ran) -> Option<Difference> {
    first_line_difference("stdout", &pyrite.stdout, &cpython.stdout)
        .or_else(|| first_line_difference("stderr", &pyrite.stderr, &cpython.stderr))
        .or_else(|| {
            (pyrite.ending != cpython.ending).then(|| Difference {
                what: "exit status".into(),
                at: 0,
                pyrite: describe(&pyrite.ending),
                cpython: describe(&cpython.ending),
            })
        })
}

fn describe(e: &Ending) -> String {
    match e {
        Ending::Exited(c) => c.to_string(),
        Ending::Killed(how) => format!("killed ({how})"),
        Ending::TimedOut => "timed out".into(),
    }
}

impl Run {
    fn run_both(&self, path: &Path, cwd: &Path) -> std::io::Result<Outcome> {
        let secs = self.timeout.as_secs_f64();
        fresh_dir(cwd)?;
        let mut python = python_command();
        python.arg(path);
        let cpython = run_with_timeout(python, cwd, self.timeout)?;
        match &cpython.ending {
            Ending::TimedOut => {
                return Ok(Outcome::Skipped { reason: format!("python3 ran past the {secs}s limit") })
            }
            Ending::Killed(how) => {
                return Ok(Outcome::Skipped { reason: format!("python3 was killed ({how})") })
            }
            Ending::Exited(_) => {}
        }
        fresh_dir(cwd)?;
        let mut pyrite = Command::new(&self.pyrite);
        pyrite.arg("run").arg(path);
        let ours = run_with_timeout(pyrite, cwd, self.timeout)?;
        if ours.ending == Ending::TimedOut {
            return Ok(Outcome::Differs(Difference {
                what: "time limit".into(),
                at: 0,
                pyrite: format!("still running after {secs}s"),
                cpython: "exited".into(),
            }));
        }
        Ok(compare(&ours, &cpython).map_or(Outcome::Identical, Outcome::Differs))
    }
}

impl StageCheck for Run {
    fn name(&self) -> &'static str {
        "run"
    }

    fn check(&self, path: &Path, _source: &[u8], _oracle: &mut Oracle) -> Result<Outcome, OracleError> {
        // The same absolute path on both sides: it is sys.argv[0] and the file name in tracebacks.
        let path = std::path::absolute(path)?;
        let cwd = std::env::temp_dir().join(format!(
            "pyrite-conformance-run-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let outcome = self.run_both(&path, &cwd);
        let _ = std::fs::remove_dir_all(&cwd);
        Ok(outcome?)
    }
}

/// The default corpus of the `run` stage: the VM's program corpus in this source tree
/// (`vm/tests/programs`). The stdlib's modules are not programs, so it is not a default here.
pub fn vm_programs_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("vm").join("tests").join("programs")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ran(stdout: &[u8], stderr: &[u8], ending: Ending) -> Ran {
        Ran { stdout: stdout.to_vec(), stderr: stderr.to_vec(), ending }
    }

    #[test]
    fn output_differences_come_before_the_exit_status() {
        let a = ran(b"1\n2\n", b"", Ending::Exited(0));
        let b = ran(b"1\n3\n", b"", Ending::Exited(1));
        let d = compare(&a, &b).unwrap();
        assert_eq!((d.what.as_str(), d.at), ("stdout", 2));
        let b = ran(b"1\n2\n", b"", Ending::Exited(1));
        let d = compare(&a, &b).unwrap();
        assert_eq!((d.what.as_str(), d.pyrite.as_str(), d.cpython.as_str()), ("exit status", "0", "1"));
        assert!(compare(&a, &ran(b"1\n2\n", b"", Ending::Exited(0))).is_none());
    }

    #[test]
    fn a_runaway_child_is_killed_at_the_limit() {
        let dir = std::env::temp_dir().join(format!("pyrite-run-timeout-{}", std::process::id()));
        fresh_dir(&dir).unwrap();
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo started; exec sleep 30"]);
        let t = Instant::now();
        let r = run_with_timeout(cmd, &dir, Duration::from_millis(300)).unwrap();
        assert_eq!(r.ending, Ending::TimedOut);
        assert_eq!(r.stdout, b"started\n");
        assert!(t.elapsed() < Duration::from_secs(10));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
