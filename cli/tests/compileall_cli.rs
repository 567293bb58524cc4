//! `pyrite compileall` flag by flag against `python3 -m compileall` on the same tree: the same
//! stdout and exit status, and the same .pyc files (paths, bytes, hard links) left behind.

use pyrite_conformance::oracle::{python_command, Oracle};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn tree(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyrite-compileall-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(pkg.join("sub/deep")).unwrap();
    std::fs::create_dir_all(dir.join("outside")).unwrap();
    std::fs::write(pkg.join("good.py"), "x = [1, 2]\ndef f():\n    return x\n").unwrap();
    std::fs::write(pkg.join("doc.py"), "'''doc'''\nassert x\n").unwrap();
    std::fs::write(pkg.join("skipme.py"), "y = 1\n").unwrap();
    std::fs::write(pkg.join("notes.txt"), "not python\n").unwrap();
    std::fs::write(pkg.join("sub/bad.py"), "def f(a:\n    pass\n").unwrap();
    std::fs::write(pkg.join("sub/ind.py"), "if x:\npass\n").unwrap();
    std::fs::write(pkg.join("sub/deep/d.py"), "def g():\n    raise ValueError\n").unwrap();
    std::fs::write(dir.join("outside/o.py"), "z = 3\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("outside/o.py"), pkg.join("link_out.py")).unwrap();
        std::os::unix::fs::symlink(pkg.join("good.py"), pkg.join("sub/link_in.py")).unwrap();
        std::os::unix::fs::symlink(dir.join("outside"), pkg.join("linkdir")).unwrap();
    }
    dir
}

/// Every .pyc under `dir`: its bytes, and which other .pyc it is a hard link of.
fn pycs(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, Option<PathBuf>)> {
    fn visit(dir: &Path, found: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_symlink() {
                continue;
            }
            if p.is_dir() {
                visit(&p, found);
            } else if p.extension().is_some_and(|x| x == "pyc") {
                found.push(p);
            }
        }
    }
    let mut found = Vec::new();
    visit(dir, &mut found);
    found.sort();
    #[cfg(unix)]
    let inode = |p: &Path| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p).map(|m| m.ino()).unwrap_or(0)
    };
    #[cfg(not(unix))]
    let inode = |_: &Path| 0u64;
    found
        .iter()
        .map(|p| {
            let twin = found.iter().find(|q| *q != p && inode(q) == inode(p) && inode(p) != 0).cloned();
            (p.clone(), (std::fs::read(p).unwrap(), twin))
        })
        .collect()
}

fn clean(dir: &Path) {
    for (p, _) in pycs(dir) {
        std::fs::remove_file(p).unwrap();
    }
}

fn pyrite(args: &[&str], stdin: Option<&[u8]>, cwd: &Path, env: &[(&str, &str)]) -> (String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pyrite"));
    cmd.arg("compileall").args(args).current_dir(cwd).stdin(Stdio::piped()).stdout(Stdio::piped());
    cmd.env_remove("PYTHONPATH").env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    {
        use std::io::Write;
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.unwrap_or_default()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code().unwrap_or(-1))
}

/// Runs CPython then pyrite with `args` on a clean tree and compares everything they leave.
fn same_as_cpython(o: &mut Oracle, dir: &Path, args: &[String], stdin: Option<&[u8]>) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    clean(dir);
    let theirs = o.run_module("compileall", &args, stdin).unwrap();
    let their_pycs = pycs(dir);
    clean(dir);
    let (ours, status) = pyrite(&args, stdin, Path::new("."), &[]);
    let our_pycs = pycs(dir);
    assert_eq!(ours, String::from_utf8_lossy(&theirs.stdout), "stdout of {args:?}");
    assert_eq!(status, theirs.status, "exit status of {args:?}");
    assert_eq!(
        our_pycs.keys().collect::<Vec<_>>(),
        their_pycs.keys().collect::<Vec<_>>(),
        "the .pyc files {args:?} writes"
    );
    for (p, theirs) in &their_pycs {
        assert!(our_pycs[p].0 == theirs.0, "{args:?}: the bytes of {}", p.display());
        assert_eq!(our_pycs[p].1, theirs.1, "{args:?}: hard links of {}", p.display());
    }
}

#[test]
fn flags_match_cpython() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let dir = tree("flags");
    let root = dir.to_str().unwrap().to_string();
    let pkg = format!("{root}/pkg");
    let list = dir.join("list.txt");
    std::fs::write(&list, format!("  {pkg}/good.py\n{pkg}/sub\n\n{root}/missing.py\n")).unwrap();
    let list = list.to_str().unwrap().to_string();
    let cases: Vec<Vec<String>> = vec![
        vec![pkg.clone()],
        vec!["-l".into(), pkg.clone()],
        vec!["-r".into(), "1".into(), pkg.clone()],
        vec!["-l".into(), "-r".into(), "2".into(), pkg.clone()],
        vec!["-r".into(), "0".into(), pkg.clone()],
        vec!["-q".into(), pkg.clone()],
        vec!["-qq".into(), pkg.clone()],
        vec!["-b".into(), pkg.clone()],
        vec!["-b".into(), "-o".into(), "1".into(), "-o".into(), "2".into(), pkg.clone()],
        vec!["-d".into(), "/dest/dir".into(), pkg.clone()],
        vec!["-d".into(), "dest".into(), format!("{pkg}/good.py")],
        vec!["-s".into(), root.clone(), "-p".into(), "/pre".into(), pkg.clone()],
        vec!["-s".into(), format!("{root}/pkg/sub"), format!("{pkg}/sub/deep/d.py")],
        vec!["-p".into(), "/pre".into(), pkg.clone()],
        vec!["-x".into(), r"skip|de+p".into(), pkg.clone()],
        vec!["-x".into(), r"\.txt$".into(), "-i".into(), list.clone()],
        vec!["-i".into(), list.clone(), format!("{pkg}/doc.py")],
        vec!["-i".into(), format!("{root}/no-such-list")],
        vec!["-e".into(), pkg.clone(), pkg.clone()],
        vec!["-e".into(), root.clone(), pkg.clone()],
        vec![
            "-o".into(),
            "0".into(),
            "-o".into(),
            "1".into(),
            "-o".into(),
            "2".into(),
            "--hardlink-dupes".into(),
            pkg.clone(),
        ],
        vec!["-o".into(), "2".into(), "-o".into(), "1".into(), "-o".into(), "1".into(), pkg.clone()],
        vec!["-o".into(), "-1".into(), "-o".into(), "0".into(), pkg.clone()],
        vec![format!("{root}/nothing-here"), format!("{pkg}/notes.txt")],
        vec!["-f".into(), format!("{pkg}/sub/bad.py"), format!("{pkg}/good.py")],
    ];
    for args in &cases {
        same_as_cpython(&mut o, &dir, args, None);
    }
    // `-i -` reads the list from stdin.
    let stdin = format!("{pkg}/good.py\n{pkg}/sub/deep\n");
    same_as_cpython(&mut o, &dir, &["-i".into(), "-".into()], Some(stdin.as_bytes()));
    // Up to date .pyc files (CPython's) are left alone without -f.
    clean(&dir);
    let theirs = o.run_module("compileall", &["-q", &pkg], None).unwrap();
    let (ours, _) = pyrite(&[&pkg], None, Path::new("."), &[]);
    let again = o.run_module("compileall", &[&pkg], None).unwrap();
    assert_eq!(theirs.status, 1);
    assert_eq!(ours, String::from_utf8_lossy(&again.stdout), "only the failing files are compiled again");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Without FILE|DIR: the current directory then PYTHONPATH, not recursed into, as
/// `python3 -m compileall` does before it reaches its own standard library.
#[test]
fn no_path_compiles_cwd_and_pythonpath() {
    let Some(_) = Oracle::for_tests() else { return };
    let dir = tree("syspath");
    let pkg = dir.join("pkg");
    let pythonpath = format!("{}:sub::{}", pkg.join("sub/deep").display(), pkg.display());
    for quiet in [&[][..], &["-q"][..]] {
        for (cwd, env) in [(&pkg, pythonpath.as_str()), (&dir.join("outside"), "")] {
            clean(&dir);
            let mut cmd = python_command();
            cmd.arg("-m").arg("compileall").args(quiet).current_dir(cwd).env_remove("SOURCE_DATE_EPOCH");
            if env.is_empty() {
                cmd.env_remove("PYTHONPATH");
            } else {
                cmd.env("PYTHONPATH", env);
            }
            let theirs = cmd.output().unwrap();
            let theirs = String::from_utf8_lossy(&theirs.stdout).into_owned();
            let their_pycs = pycs(&dir);
            clean(&dir);
            let env: Vec<(&str, &str)> = if env.is_empty() { vec![] } else { vec![("PYTHONPATH", env)] };
            let (ours, status) = pyrite(quiet, None, cwd, &env);
            // CPython goes on with its own library (python311.zip first); a failure stops it before.
            let own_lib = theirs.lines().position(|l| l.contains("python311.zip"));
            let want: String =
                theirs.lines().take(own_lib.unwrap_or(usize::MAX)).map(|l| format!("{l}\n")).collect();
            assert_eq!(ours, want, "{quiet:?} in {}", cwd.display());
            assert_eq!(status, i32::from(own_lib.is_none()), "{quiet:?}");
            assert_eq!(pycs(&dir).keys().collect::<Vec<_>>(), their_pycs.keys().collect::<Vec<_>>());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `pyrite py_compile -` takes the file names from stdin, as `python3 -m py_compile -` does.
#[test]
fn py_compile_reads_names_from_stdin() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let dir = tree("stdin");
    let pkg = dir.join("pkg");
    let good = pkg.join("good.py");
    let names = [
        format!("{}\n{}\n", good.display(), pkg.join("doc.py").display()),
        format!(
            "{}\n{}\n{}\n",
            good.display(),
            pkg.join("sub/bad.py").display(),
            pkg.join("skipme.py").display()
        ),
        format!("{}\n\n", good.display()),
        format!("{}\n", pkg.join("sub").display()),
    ];
    for input in &names {
        for args in [&["-"][..], &["-q", "-"][..]] {
            clean(&dir);
            let theirs = o.run_module("py_compile", args, Some(input.as_bytes())).unwrap();
            let their_pycs = pycs(&dir);
            clean(&dir);
            let mut child = Command::new(env!("CARGO_BIN_EXE_pyrite"))
                .arg("py_compile")
                .args(args)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
            }
            let ours = child.wait_with_output().unwrap();
            assert_eq!(
                String::from_utf8_lossy(&ours.stderr),
                String::from_utf8_lossy(&theirs.stderr),
                "{input:?}"
            );
            assert_eq!(ours.status.code(), Some(theirs.status), "{input:?}");
            assert_eq!(pycs(&dir).keys().collect::<Vec<_>>(), their_pycs.keys().collect::<Vec<_>>());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
