//! The CPython oracle: a long-lived `python3` (CPython 3.11.7, run with `PYTHONHASHSEED=0`) that
//! answers requests over a pipe, so diffing a corpus costs one process start per worker, not per file.
//!
//! pyrite itself never runs CPython; only tests and `pyrite conformance` use this module.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;
use thiserror::Error;

/// The only CPython version pyrite reproduces.
pub const EXPECTED_VERSION: &str = "3.11.7";

const SCRIPT: &str = include_str!("../py/oracle.py");
/// The sitecustomize module of `fresh_dis`'s `-m dis` fork server (oracle.py writes it out).
pub const DIS_HOST: &str = include_str!("../py/dis_host/sitecustomize.py");

#[derive(Debug, Error)]
pub enum OracleError {
    #[error("cannot start {python}: {source}")]
    Spawn { python: String, source: std::io::Error },
    #[error("the oracle must be CPython {EXPECTED_VERSION}, but {python} is {found}")]
    WrongVersion { python: String, found: String },
    #[error("lost the connection to the python3 oracle: {0}")]
    Io(#[from] std::io::Error),
    #[error("the python3 oracle sent an unreadable answer: {0}")]
    Protocol(String),
    #[error("python3 raised an exception:\n{0}")]
    Python(String),
}

/// The python executable used as the oracle: `$PYRITE_PYTHON`, or `python3` on PATH.
pub fn python_executable() -> String {
    std::env::var("PYRITE_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// A command running the oracle's python with the environment conformance needs
/// (`PYTHONHASHSEED=0`), for the rare check that needs a real separate process.
pub fn python_command() -> Command {
    let mut cmd = Command::new(python_executable());
    cmd.env("PYTHONHASHSEED", "0").env("PYTHONIOENCODING", "utf-8").env_remove("PYTHONSTARTUP");
    cmd
}

/// What `python3 -m MODULE ARGS` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleRun {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: i32,
}

/// One long-lived CPython process.
pub struct Oracle {
    child: Child,
    /// `None` only while dropping.
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    version: String,
}

impl Oracle {
    /// Starts the oracle and checks that it is CPython 3.11.7.
    pub fn start() -> Result<Oracle, OracleError> {
        let python = python_executable();
        let mut child = python_command()
            .arg("-u")
            .arg("-c")
            .arg(SCRIPT)
            .env("PYRITE_DIS_HOST", DIS_HOST)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|source| OracleError::Spawn { python: python.clone(), source })?;
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut oracle = Oracle { child, stdin, stdout, version: String::new() };
        let v = oracle.request(&json!({"op": "version"}))?;
        let version = v["version"].as_str().unwrap_or("?").to_string();
        let implementation = v["implementation"].as_str().unwrap_or("?");
        if version != EXPECTED_VERSION || implementation != "cpython" {
            return Err(OracleError::WrongVersion { python, found: format!("{implementation} {version}") });
        }
        oracle.version = version;
        Ok(oracle)
    }

    /// For tests: the oracle, or `None` with a loud message when python3 is missing or is not
    /// CPython 3.11.7. Under CI (`CI=true`) that is a failure instead: CI must diff for real.
    pub fn for_tests() -> Option<Oracle> {
        match Oracle::start() {
            Ok(o) => Some(o),
            Err(e) => {
                let msg = format!(
                    "\n!!!!!!!!\n!!! pyrite conformance: {e}\n!!! the CPython diff tests are SKIPPED\n!!!!!!!!\n"
                );
                if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
                    panic!("{msg}(failing because CI=true)");
                }
                eprintln!("{msg}");
                None
            }
        }
    }

    /// `major.minor.micro` of the oracle.
    pub fn version(&self) -> &str {
        &self.version
    }

    fn request(&mut self, req: &Value) -> Result<Value, OracleError> {
        let mut line = serde_json::to_string(req).map_err(|e| OracleError::Protocol(e.to_string()))?;
        line.push('\n');
        let stdin =
            self.stdin.as_mut().ok_or_else(|| OracleError::Protocol("the oracle is closed".into()))?;
        stdin.write_all(line.as_bytes())?;
        stdin.flush()?;
        let mut answer = String::new();
        if self.stdout.read_line(&mut answer)? == 0 {
            return Err(OracleError::Protocol("python3 exited".into()));
        }
        let v: Value = serde_json::from_str(&answer).map_err(|e| OracleError::Protocol(e.to_string()))?;
        if v["ok"] != Value::Bool(true) {
            return Err(OracleError::Python(v["error"].as_str().unwrap_or("?").to_string()));
        }
        Ok(v)
    }

    /// Runs `python3 -m MODULE ARGS` inside the oracle process, with `stdin` as its standard input,
    /// capturing stdout, stderr (UTF-8, as a terminal-less CPython writes them) and the exit status.
    pub fn run_module(
        &mut self,
        module: &str,
        args: &[&str],
        stdin: Option<&[u8]>,
    ) -> Result<ModuleRun, OracleError> {
        let v = self.request(&json!({
            "op": "run_module",
            "module": module,
            "args": args,
            "stdin": stdin.map(latin1_string),
        }))?;
        Ok(ModuleRun {
            stdout: latin1_bytes(&v["stdout"])?,
            stderr: latin1_bytes(&v["stderr"])?,
            status: v["status"].as_i64().unwrap_or(-1) as i32,
        })
    }

    /// Executes `code` with `globals` (a JSON object) as extra globals and returns the JSON value
    /// the code leaves in the global `result`. An exception in the code is an `Err`.
    pub fn eval(&mut self, code: &str, globals: Value) -> Result<Value, OracleError> {
        let v = self.request(&json!({"op": "eval", "code": code, "globals": globals}))?;
        Ok(v["result"].clone())
    }

    /// Starts `n` oracles (0: one per core) for use from parallel workers.
    pub fn pool(n: usize) -> Result<OraclePool, OracleError> {
        let n = if n == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { n };
        let oracles = (0..n).map(|_| Oracle::start()).collect::<Result<Vec<_>, _>>()?;
        Ok(OraclePool { idle: Mutex::new(oracles) })
    }
}

impl Drop for Oracle {
    /// Ends the oracle with end-of-input, so it can reap its own helper (the fork server) and its
    /// CPU time is accounted to us; killed if it does not exit within two seconds.
    fn drop(&mut self) {
        drop(self.stdin.take());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
        while std::time::Instant::now() < deadline {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Oracles shared by worker threads: [`OraclePool::with`] lends one for the duration of a closure.
pub struct OraclePool {
    idle: Mutex<Vec<Oracle>>,
}

impl OraclePool {
    /// Runs `f` with an idle oracle (starting a new one if all are busy).
    pub fn with<T>(&self, f: impl FnOnce(&mut Oracle) -> T) -> Result<T, OracleError> {
        let taken = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut oracle = match taken {
            Some(o) => o,
            None => Oracle::start()?,
        };
        let result = f(&mut oracle);
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).push(oracle);
        Ok(result)
    }
}

/// Bytes as a string of the code points 0-255 (lossless through JSON).
pub fn latin1_string(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

fn latin1_bytes(v: &Value) -> Result<Vec<u8>, OracleError> {
    let s = v.as_str().ok_or_else(|| OracleError::Protocol("expected a string".into()))?;
    s.chars()
        .map(|c| u8::try_from(c as u32).map_err(|_| OracleError::Protocol("non-latin-1 byte string".into())))
        .collect()
}

/// The root of CPython's stdlib on this machine (`sysconfig.get_paths()["stdlib"]`).
pub fn stdlib_root() -> Result<PathBuf, OracleError> {
    let out = python_command()
        .args(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"])
        .output()
        .map_err(|source| OracleError::Spawn { python: python_executable(), source })?;
    if !out.status.success() {
        return Err(OracleError::Python(String::from_utf8_lossy(&out.stderr).into_owned()));
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// Every `.py` file of CPython's stdlib on this machine, test/ included, site-packages excluded,
/// sorted: the main conformance corpus.
pub fn stdlib_files() -> Result<Vec<PathBuf>, OracleError> {
    let root = stdlib_root()?;
    let mut files = Vec::new();
    walk(&root, &mut files)?;
    files.sort();
    Ok(files)
}

fn walk(dir: &std::path::Path, files: &mut Vec<PathBuf>) -> Result<(), OracleError> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "site-packages") || path.is_symlink() {
                continue;
            }
            walk(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "py") {
            files.push(path);
        }
    }
    Ok(())
}

/// Bytes the oracle sent as hex (`bytes.hex()`); a malformed pair is skipped, so a bad answer
/// shows up as a difference rather than a panic.
pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).filter_map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()).collect()
}
