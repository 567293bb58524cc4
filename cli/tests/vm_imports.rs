//! `import` of modules and packages beside the script: pyrite uses CPython's
//! `__pycache__/NAME.cpython-311.pyc` when the mtime and size it records match the source, and
//! otherwise compiles the source with its own pipeline.

use pyrite_conformance::oracle::{python_command, Oracle};
use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            if e.file_name() != "__pycache__" {
                copy_tree(&e.path(), &target);
            }
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// A fresh copy of the fixture directory vm/tests/NAME (without caches) in the temp dir.
fn fresh_copy(name: &str, tag: &str) -> PathBuf {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vm/tests").join(name);
    let dir = std::env::temp_dir().join(format!("pyrite-vm-imports-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_tree(&src, &dir);
    dir
}

fn fixture(tag: &str) -> PathBuf {
    let dir = fresh_copy("imports", tag);
    // The caches CPython writes (`python3 -m compileall`), and main.pyc for `pyrite run`.
    let ok = python_command().args(["-m", "compileall", "-q", "."]).current_dir(&dir).status().unwrap();
    assert!(ok.success(), "compileall failed");
    let ok = python_command()
        .args(["-c", "import py_compile; py_compile.compile('main.py', cfile='main.pyc', doraise=True)"])
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(ok.success(), "py_compile failed");
    dir
}

fn pyrite(dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pyrite")).args(["run", "main.pyc"]).current_dir(dir).output().unwrap()
}

#[test]
fn modules_and_packages_import_from_their_caches_like_cpython() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let dir = fixture("fresh");
    let got = pyrite(&dir);
    let expected = python_command().arg("main.py").current_dir(&dir).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&got.stdout),
        String::from_utf8_lossy(&expected.stdout),
        "stderr: {}",
        String::from_utf8_lossy(&got.stderr)
    );
    assert_eq!(got.status.code(), expected.status.code());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_stale_cache_is_not_used_and_the_source_is_compiled() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let dir = fixture("stale");
    // The source changes after its cache was written: the recorded mtime no longer matches, and
    // a cache that would still be read gives itself away by its old output.
    let helper = dir.join("helper.py");
    let old = std::fs::read_to_string(&helper).unwrap();
    std::fs::write(&helper, format!("{old}\nprint('helper recompiled')\n")).unwrap();
    let f = std::fs::File::options().write(true).open(&helper).unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5)).unwrap();
    drop(f);
    let got = pyrite(&dir);
    let expected = python_command().arg("main.py").current_dir(&dir).output().unwrap();
    let out = String::from_utf8_lossy(&got.stdout);
    assert!(out.contains("helper recompiled"), "{out}");
    assert_eq!(
        out,
        String::from_utf8_lossy(&expected.stdout),
        "stderr: {}",
        String::from_utf8_lossy(&got.stderr)
    );
    assert_eq!(got.status.code(), expected.status.code());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every `.py` under `dir` except the script itself, relative to `dir`.
fn modules_under(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            modules_under(&p, base, out);
        } else if p.extension().is_some_and(|x| x == "py") && p.file_name().is_some_and(|n| n != "main.py") {
            out.push(p.strip_prefix(base).unwrap().to_path_buf());
        }
    }
}

#[test]
fn imports_without_a_cache_write_the_bytes_py_compile_writes() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let dir = fresh_copy("imports", "write");
    let got = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(["run", "main.py"])
        .env_remove("PYTHONDONTWRITEBYTECODE")
        .current_dir(&dir)
        .output()
        .unwrap();
    let expected = python_command().arg("main.py").current_dir(&dir).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&got.stdout), String::from_utf8_lossy(&expected.stdout));
    let mut mods = Vec::new();
    modules_under(&dir, &dir, &mut mods);
    assert!(mods.len() >= 5, "{mods:?}");
    for m in mods {
        let py = dir.join(&m);
        let stem = py.file_stem().unwrap().to_string_lossy().into_owned();
        let cache = py.parent().unwrap().join("__pycache__").join(format!("{stem}.cpython-311.pyc"));
        let written =
            std::fs::read(&cache).unwrap_or_else(|e| panic!("{} not written: {e}", cache.display()));
        let reference = dir.join("reference.pyc");
        let ok = python_command()
            .args([
                "-c",
                "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
            ])
            .arg(&py)
            .arg(&reference)
            .status()
            .unwrap();
        assert!(ok.success());
        assert!(
            written == std::fs::read(&reference).unwrap(),
            "{} differs from py_compile's",
            cache.display()
        );
    }
    // A second run reads the caches it wrote (and prints the same).
    let again = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(["run", "main.py"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(again.stdout, got.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sys_path_takes_pythonpath_and_entries_the_program_adds() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let dir = fresh_copy("imports_path", "path");
    let pp = dir.join("ppdir");
    let got = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(["run", "main.py"])
        .env("PYTHONPATH", &pp)
        .current_dir(&dir)
        .output()
        .unwrap();
    let expected = python_command().arg("main.py").env("PYTHONPATH", &pp).current_dir(&dir).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&got.stdout),
        String::from_utf8_lossy(&expected.stdout),
        "stderr: {}",
        String::from_utf8_lossy(&got.stderr)
    );
    assert!(String::from_utf8_lossy(&got.stdout).contains("PYTHONPATH package"));
    assert_eq!(got.status.code(), expected.status.code());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A copy of vm/tests/imports whose caches `compileall` wrote in a hash-based mode, and whose
/// helper.py then changed (its hash no longer matches).
fn hash_fixture(mode: &str) -> PathBuf {
    let dir = fresh_copy("imports", mode);
    let ok = python_command()
        .args(["-m", "compileall", "-q", "--invalidation-mode", mode, "."])
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(ok.success(), "compileall failed");
    let helper = dir.join("helper.py");
    let old = std::fs::read_to_string(&helper).unwrap();
    std::fs::write(&helper, format!("{old}\nprint('helper recompiled')\n")).unwrap();
    dir
}

#[test]
fn hash_based_caches_are_checked_or_trusted_like_cpython() {
    if Oracle::for_tests().is_none() {
        return;
    }
    for (mode, recompiled) in [("checked-hash", true), ("unchecked-hash", false)] {
        let dir = hash_fixture(mode);
        let got = Command::new(env!("CARGO_BIN_EXE_pyrite"))
            .args(["run", "main.py"])
            .env_remove("PYTHONDONTWRITEBYTECODE")
            .current_dir(&dir)
            .output()
            .unwrap();
        let expected = python_command()
            .arg("main.py")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .current_dir(&dir)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&got.stdout);
        assert_eq!(
            out,
            String::from_utf8_lossy(&expected.stdout),
            "{mode}: {}",
            String::from_utf8_lossy(&got.stderr)
        );
        assert_eq!(out.contains("helper recompiled"), recompiled, "{mode}");
        // The rewritten cache keeps its mode: the bytes py_compile writes for the new source.
        let reference = dir.join("reference.pyc");
        let want = if recompiled { "CHECKED_HASH" } else { "UNCHECKED_HASH" };
        let script = format!(
            "import py_compile as p, sys; p.compile(sys.argv[1], cfile=sys.argv[2], doraise=True, invalidation_mode=p.PycInvalidationMode.{want})"
        );
        let ok = python_command()
            .args(["-c", &script])
            .arg(dir.join("helper.py"))
            .arg(&reference)
            .status()
            .unwrap();
        assert!(ok.success());
        let cache = std::fs::read(dir.join("__pycache__/helper.cpython-311.pyc")).unwrap();
        assert_eq!(cache == std::fs::read(&reference).unwrap(), recompiled, "{mode}: cache rewritten?");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
