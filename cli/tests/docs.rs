//! Every command shown in docs/ is run here, so the docs cannot drift from the code.
//!
//! In a ```` ```console ```` block of any docs/*.md page, a line starting with `$ ` is a command
//! (run by bash from the repository root, `pyrite` meaning the binary under test wherever it
//! appears) and the lines after it, up to the next command or the end of the block, are its
//! expected stdout then stderr. A line `[...]` matches any number of lines. A command whose exit
//! status is not 0 ends its output with a line `[exit N]`. A `$ ` line in any other block fails.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Example {
    page: String,
    line: usize,
    command: String,
    expected: Vec<String>,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn examples() -> Vec<Example> {
    let mut out = Vec::new();
    let mut pages: Vec<_> = std::fs::read_dir(repo_root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        let mut in_console = false;
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("```") {
                in_console = !in_console && line.trim() == "```console";
                continue;
            }
            if !in_console {
                continue;
            }
            if let Some(cmd) = line.strip_prefix("$ ") {
                out.push(Example {
                    page: page.file_name().unwrap().to_string_lossy().into_owned(),
                    line: i + 1,
                    command: cmd.to_string(),
                    expected: Vec::new(),
                });
            } else if let Some(ex) = out.last_mut() {
                ex.expected.push(line.to_string());
            }
        }
    }
    out
}

fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e == "[...]" => (0..=actual.len()).any(|skip| matches(rest, &actual[skip..])),
        Some((e, rest)) => actual.first().is_some_and(|a| a == e) && matches(rest, &actual[1..]),
    }
}

fn run(command: &str) -> Vec<String> {
    let bin = env!("CARGO_BIN_EXE_pyrite");
    // `pyrite` anywhere in the command (after a pipe too) is the binary under test.
    let script = format!("pyrite() {{ '{bin}' \"$@\"; }}\n{command}");
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(repo_root())
        .env("PYTHONHASHSEED", "0")
        .output()
        .expect("run bash");
    let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
    lines.extend(String::from_utf8_lossy(&out.stderr).lines().map(str::to_string));
    let code = out.status.code().unwrap_or(-1);
    if code != 0 {
        lines.push(format!("[exit {code}]"));
    }
    lines
}

#[test]
fn every_documented_command_prints_what_the_docs_say() {
    let examples = examples();
    assert!(!examples.is_empty(), "no ```console examples found in docs/");
    let mut failures = Vec::new();
    for ex in &examples {
        let actual = run(&ex.command);
        let refs: Vec<&str> = actual.iter().map(String::as_str).collect();
        let mut expected = ex.expected.clone();
        while expected.last().is_some_and(|l| l.trim().is_empty()) {
            expected.pop();
        }
        if !matches(&expected, &refs) {
            failures.push(format!(
                "{}:{}: $ {}\n--- documented\n{}\n--- actual\n{}\n",
                ex.page,
                ex.line,
                ex.command,
                expected.join("\n"),
                actual.join("\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} documented command(s) drifted:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A command shown anywhere else (a ```` ```text ```` block with a `$ ` prompt) would not be run:
/// it must be in a console block.
#[test]
fn every_shown_command_is_in_a_console_block() {
    let mut untested = Vec::new();
    for page in std::fs::read_dir(repo_root().join("docs")).unwrap().map(|e| e.unwrap().path()) {
        if page.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&page).unwrap();
        let mut block: Option<&str> = None;
        for (i, line) in text.lines().enumerate() {
            let t = line.trim();
            if let Some(lang) = t.strip_prefix("```") {
                block = if block.is_some() { None } else { Some(lang) };
            } else if block.is_some_and(|b| b != "console") && t.starts_with("$ ") {
                untested.push(format!("{}:{}: {t}", page.display(), i + 1));
            }
        }
    }
    assert!(
        untested.is_empty(),
        "commands outside ```console blocks are not tested:\n{}",
        untested.join("\n")
    );
}

#[test]
fn wildcard_matching() {
    let e = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&e(&["a", "[...]", "z"]), &["a", "b", "c", "z"]));
    assert!(matches(&e(&["a", "[...]"]), &["a"]));
    assert!(!matches(&e(&["a", "[...]", "z"]), &["a", "b"]));
    assert!(!matches(&e(&["a"]), &["a", "b"]));
}
