//! `pyrite compile`, `pyrite py_compile` and `pyrite compileall` against CPython's py_compile and
//! compileall: the same stdout, stderr and exit status on files CPython rejects, and the same .pyc
//! bytes on files it compiles (in every invalidation mode and optimization level).

use pyrite_conformance::oracle::{python_command, Oracle};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pyrite(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyrite")).args(args).output().unwrap()
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyrite-compile-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("pkg/sub")).unwrap();
    std::fs::write(dir.join("pkg/good.py"), "x = [1, 2]\nprint(x, 'héllo', 2 ** 10)\n").unwrap();
    std::fs::write(dir.join("pkg/sub/bad.py"), "def f(a:\n    pass\n").unwrap();
    std::fs::write(dir.join("pkg/sub/ind.py"), "if x:\npass\n").unwrap();
    std::fs::write(dir.join("pkg/notes.txt"), "not python\n").unwrap();
    dir
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn errors_match_py_compile_and_compileall() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let dir = scratch("errors");
    for bad in ["pkg/sub/bad.py", "pkg/sub/ind.py"] {
        let p = dir.join(bad);
        let p = p.to_str().unwrap();
        let theirs = o.run_module("py_compile", &[p], None).unwrap();
        let ours = pyrite(&["py_compile", p]);
        assert_eq!(ours.status.code(), Some(theirs.status), "{bad}");
        assert_eq!(text(&ours.stderr), text(&theirs.stderr), "{bad}");
        let ours = pyrite(&["compile", p, "-o", dir.join("out.pyc").to_str().unwrap()]);
        assert_eq!(ours.status.code(), Some(1));
        assert_eq!(text(&ours.stderr), text(&theirs.stderr), "{bad}");
        assert!(!dir.join("out.pyc").exists());
    }
    // compileall prints to stdout; its messages for the rejected files are CPython's.
    let sub = dir.join("pkg/sub");
    for flags in [vec!["-f"], vec!["-f", "-q"], vec!["-f", "-qq"]] {
        let mut args = flags.clone();
        args.push(sub.to_str().unwrap());
        let theirs = o.run_module("compileall", &args, None).unwrap();
        let mut ours_args = vec!["compileall"];
        ours_args.extend(&args);
        let ours = pyrite(&ours_args);
        assert_eq!(ours.status.code(), Some(theirs.status), "{flags:?}");
        assert_eq!(text(&ours.stdout), text(&theirs.stdout), "{flags:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn cpython_pyc(src: &Path, cfile: &Path, mode: &str, optimize: u8) -> Vec<u8> {
    let code = format!(
        "import py_compile, sys\npy_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True, \
         optimize={optimize}, invalidation_mode=py_compile.PycInvalidationMode.{mode})"
    );
    let st = python_command().arg("-c").arg(code).arg(src).arg(cfile).status().unwrap();
    assert!(st.success());
    std::fs::read(cfile).unwrap()
}

#[test]
fn pyc_files_match_py_compile() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let dir = scratch("pyc");
    let src = dir.join("pkg/good.py");
    let s = src.to_str().unwrap();
    for (mode, flag) in
        [("TIMESTAMP", "timestamp"), ("CHECKED_HASH", "checked-hash"), ("UNCHECKED_HASH", "unchecked-hash")]
    {
        for opt in [0u8, 1, 2] {
            let out = dir.join(format!("ours-{flag}-{opt}.pyc"));
            let mut args = vec!["compile", s, "-o", out.to_str().unwrap(), "--invalidation-mode", flag];
            let o_flag = "-".to_string() + &"O".repeat(opt as usize);
            if opt > 0 {
                args.push(&o_flag);
            }
            let ours = pyrite(&args);
            assert_eq!(ours.status.code(), Some(0), "{}", text(&ours.stderr));
            let want = cpython_pyc(&src, &dir.join(format!("theirs-{flag}-{opt}.pyc")), mode, opt);
            assert!(std::fs::read(&out).unwrap() == want, "{mode} -O{opt}: .pyc bytes differ");
        }
    }
    // py_compile and compileall write __pycache__/NAME.cpython-311[.opt-N].pyc.
    let ours = pyrite(&["py_compile", s]);
    let cached = dir.join("pkg/__pycache__/good.cpython-311.pyc");
    assert_eq!(ours.status.code(), Some(0), "{}", text(&ours.stderr));
    let want = cpython_pyc(&src, &dir.join("theirs.pyc"), "TIMESTAMP", 0);
    assert!(std::fs::read(&cached).unwrap() == want);
    let ours =
        pyrite(&["compileall", "-q", "-j", "0", "-o", "1", "-o", "2", dir.join("pkg").to_str().unwrap()]);
    assert_eq!(ours.status.code(), Some(1), "bad.py and ind.py fail");
    let opt1 = dir.join("pkg/__pycache__/good.cpython-311.opt-1.pyc");
    let want = cpython_pyc(&src, &dir.join("theirs-opt1.pyc"), "TIMESTAMP", 1);
    assert!(std::fs::read(&opt1).unwrap() == want, "compileall -o 1: .pyc bytes differ");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Very deep or long expressions: CPython's parser stack limit (a bare MemoryError), its compiler
/// recursion limit and its tokenizer's paren limit, never a crash.
#[test]
fn deep_inputs_fail_like_py_compile() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let dir = std::env::temp_dir().join(format!("pyrite-compile-deep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let n = 50_000;
    let cases = [
        ("add", vec!["a"; n].join(" + ")),
        ("attr", format!("a{}", ".b".repeat(n))),
        ("subscript", format!("x{}", "[0]".repeat(n))),
        ("not", format!("{}a", "not ".repeat(n))),
        ("neg", format!("{}a{}", "-(".repeat(n), ")".repeat(n))),
        ("lambda", format!("{}a", "lambda: ".repeat(n))),
    ];
    for (name, src) in cases {
        let p = dir.join(format!("{name}.py"));
        std::fs::write(&p, src + "\n").unwrap();
        let p = p.to_str().unwrap();
        let theirs = o.run_module("py_compile", &[p], None).unwrap();
        let ours = pyrite(&["py_compile", p]);
        assert_eq!(theirs.status, 1, "{name}");
        assert_eq!(ours.status.code(), Some(1), "{name}: {}", text(&ours.stderr));
        assert_eq!(text(&ours.stderr), text(&theirs.stderr), "{name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn last_line(b: &[u8]) -> String {
    text(b).lines().last().unwrap_or_default().to_string()
}

/// 999 nested lambdas compile but nest deeper than marshal writes (MAX_MARSHAL_STACK_DEPTH): the
/// ValueError escapes py_compile and compileall (a traceback, exit 1; compileall stops there),
/// after the .pyc's directory is made. 998 fit.
#[test]
fn marshal_nesting_limit_like_py_compile() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let dir = std::env::temp_dir().join(format!("pyrite-compile-marshal-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for n in [998, 999] {
        std::fs::write(dir.join(format!("l{n}.py")), format!("x = {}0\n", "lambda: ".repeat(n))).unwrap();
    }
    std::fs::write(dir.join("z.py"), "y = 1\n").unwrap();
    let listing = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        v.sort();
        v
    };
    let cache = dir.join("__pycache__");
    for file in ["l998.py", "l999.py"] {
        let p = dir.join(file);
        let p = p.to_str().unwrap();
        for args in [vec![p], vec!["-q", p]] {
            let _ = std::fs::remove_dir_all(&cache);
            let theirs = o.run_module("py_compile", &args, None).unwrap();
            let their_files = listing(&cache);
            let _ = std::fs::remove_dir_all(&cache);
            let mut ours_args = vec!["py_compile"];
            ours_args.extend(&args);
            let ours = pyrite(&ours_args);
            assert_eq!(ours.status.code(), Some(theirs.status), "{args:?}");
            assert_eq!(last_line(&ours.stderr), last_line(&theirs.stderr), "{args:?}");
            assert_eq!(listing(&cache), their_files, "{args:?}");
        }
        let out = dir.join("out/x.pyc");
        let ours = pyrite(&["compile", p, "-o", out.to_str().unwrap()]);
        assert_eq!(ours.status.code(), Some(i32::from(file == "l999.py")));
    }
    assert_eq!(
        last_line(&pyrite(&["py_compile", dir.join("l999.py").to_str().unwrap()]).stderr),
        "ValueError: object too deeply nested to marshal"
    );
    let d = dir.to_str().unwrap();
    for args in [vec![d], vec!["-q", d], vec!["-o", "0", "-o", "2", d]] {
        let _ = std::fs::remove_dir_all(&cache);
        let theirs = o.run_module("compileall", &args, None).unwrap();
        let their_files = listing(&cache);
        let _ = std::fs::remove_dir_all(&cache);
        let mut ours_args = vec!["compileall"];
        ours_args.extend(&args);
        let ours = pyrite(&ours_args);
        assert_eq!(ours.status.code(), Some(theirs.status), "{args:?}");
        assert_eq!(text(&ours.stdout), text(&theirs.stdout), "{args:?}");
        assert_eq!(last_line(&ours.stderr), last_line(&theirs.stderr), "{args:?}");
        assert_eq!(listing(&cache), their_files, "{args:?}: z.py is never reached");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
