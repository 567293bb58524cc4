//! The oracle itself: it must really be CPython 3.11.7 with hash seed 0, and report faithfully.

use pyrite_conformance::oracle::{stdlib_files, Oracle};
use serde_json::json;

#[test]
fn oracle_runs_modules_and_code() {
    let Some(mut o) = Oracle::for_tests() else { return };
    assert_eq!(o.version(), "3.11.7");
    // The hash seed must be 0, or set/frozenset order would not be reproducible.
    let h = o.eval("result = hash('a')", json!({})).unwrap();
    assert_eq!(h, json!(4644417185603328019i64));
    let r = o.run_module("tokenize", &[], Some(b"x = 1\n")).unwrap();
    assert_eq!(r.status, 0);
    let out = String::from_utf8(r.stdout).unwrap();
    assert!(out.starts_with("1,0-1,1:            NAME           'x'"), "{out}");
    // Exit status and stderr of a failing module run.
    let r = o.run_module("tokenize", &["/nonexistent/file.py"], None).unwrap();
    assert_eq!(r.status, 1);
    assert!(String::from_utf8_lossy(&r.stderr).contains("No such file or directory"));
    // Exceptions in eval are errors, and the oracle survives them.
    assert!(o.eval("raise ValueError('boom')", json!({})).is_err());
    let v = o.eval("result = [x * 2 for x in xs]", json!({"xs": [1, 2]})).unwrap();
    assert_eq!(v, json!([2, 4]));
    // Bytes survive the round trip through latin-1.
    let r = o.run_module("tokenize", &[], Some("é = 'ü'\n".as_bytes())).unwrap();
    assert!(String::from_utf8(r.stdout).unwrap().contains("'é'"));
}

#[test]
fn stdlib_corpus_is_there() {
    if Oracle::for_tests().is_none() {
        return;
    }
    let files = stdlib_files().unwrap();
    assert!(files.len() > 1500, "only {} stdlib files", files.len());
    assert!(files.iter().all(|f| !f.to_string_lossy().contains("site-packages")));
    assert!(files.iter().any(|f| f.ends_with("test/test_grammar.py")));
}

/// `fresh_pyc` compiles each file in a forked copy of a pristine interpreter rather than in a new
/// one: it must give the bytes a new interpreter gives (marshal's reference flags depend on what
/// the process has interned), checked here on a sample of the stdlib, and fail the same way.
#[test]
fn fork_server_pyc_is_a_fresh_interpreters_pyc() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let both = "a, b = fresh_pyc(path), fresh_pyc_exec(path)\n\
                result = [a.hex() if a is not None else None, b.hex() if b is not None else None]";
    let files = stdlib_files().unwrap();
    let mut compared = 0;
    let mut differing = Vec::new();
    for path in files.iter().step_by(20) {
        let v = o.eval(both, json!({ "path": path.to_string_lossy() })).unwrap();
        if v[1].is_null() {
            continue; // CPython rejects the file
        }
        compared += 1;
        if v[0] != v[1] {
            differing.push(path.display().to_string());
        }
    }
    assert!(compared > 80, "only {compared} files compared");
    assert!(differing.is_empty(), "the fork server's .pyc differs from a fresh interpreter's: {differing:?}");
    // A file that cannot be compiled, then one that can: the server survives the failure.
    let dir = std::env::temp_dir().join(format!("pyrite-fork-server-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (bad, good) = (dir.join("bad.py"), dir.join("good.py"));
    std::fs::write(&bad, "def f(:\n").unwrap();
    std::fs::write(&good, "x = 'interned_once'\n").unwrap();
    let v = o.eval(both, json!({ "path": bad.to_string_lossy() })).unwrap();
    assert_eq!(v, json!([null, null]));
    let v = o.eval(both, json!({ "path": good.to_string_lossy() })).unwrap();
    assert!(v[0].is_string() && v[0] == v[1], "{v}");
    // The -O levels reach the compiler: -O drops the assert, -OO the docstring too.
    std::fs::write(&good, "\"a docstring\"\nassert x, \"an assert message\"\n").unwrap();
    let levels = "result = [[fresh_pyc(path, n).hex(), fresh_pyc_exec(path, n).hex()] for n in (0, 1, 2)]";
    let v = o.eval(levels, json!({ "path": good.to_string_lossy() })).unwrap();
    let hex = |text: &str| text.bytes().map(|b| format!("{b:02x}")).collect::<String>();
    let has = |n: usize, text: &str| v[n][0].as_str().unwrap().contains(&hex(text));
    for n in 0..3 {
        assert_eq!(v[n][0], v[n][1], "-O{n}: the fork server and a fresh interpreter disagree");
    }
    assert!(has(0, "a docstring") && has(0, "an assert message"), "-O0 keeps both");
    assert!(has(1, "a docstring") && !has(1, "an assert message"), "-O drops the assert only");
    assert!(!has(2, "a docstring") && !has(2, "an assert message"), "-OO drops the docstring too");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The target models the addresses of None and Ellipsis (3.11 hashes them by identity): the page
/// offsets must be this interpreter's, in the long-lived oracle and in new processes alike, and
/// so must the hash bits that pick a home slot in a set of up to 256 slots.
#[test]
fn singleton_page_offsets_are_the_modelled_ones() {
    use pyrite_ir::pyhash::hash_pointer;
    use pyrite_ir::target::default_target;
    let Some(mut o) = Oracle::for_tests() else { return };
    let model = default_target().singleton_ids;
    let (none, ellipsis) = (model.none.unwrap(), model.ellipsis.unwrap());
    let probe = "print(id(None), id(...), hash(None), hash(...))";
    let mut seen = vec![o.eval(&format!("import io, contextlib\nbuf = io.StringIO()\nwith contextlib.redirect_stdout(buf): {probe}\nresult = buf.getvalue()"), json!({})).unwrap().as_str().unwrap().to_owned()];
    for _ in 0..2 {
        let out = pyrite_conformance::oracle::python_command().args(["-c", probe]).output().unwrap();
        assert!(out.status.success());
        seen.push(String::from_utf8(out.stdout).unwrap());
    }
    for line in &seen {
        let v: Vec<i64> = line.split_whitespace().map(|x| x.parse().unwrap()).collect();
        assert_eq!(v[0] as u64 & 0xfff, none & 0xfff, "id(None) of this python3: {:#x}", v[0]);
        assert_eq!(v[1] as u64 & 0xfff, ellipsis & 0xfff, "id(...) of this python3: {:#x}", v[1]);
        assert_eq!(v[2] & 0xff, hash_pointer(none) & 0xff, "hash(None)");
        assert_eq!(v[3] & 0xff, hash_pointer(ellipsis) & 0xff, "hash(...)");
        // Both are in one image: their distance is fixed too.
        assert_eq!(v[1] - v[0], (ellipsis - none) as i64);
    }
}
