//! The `serialize` stage against `py_compile`: CPython compiles a file in a fresh process and
//! writes its .pyc in each invalidation mode; pyrite's serialize pass, given CPython's code object
//! (marshal-loaded) and the source file's stamp, must write the same bytes.

use pyrite_conformance::oracle::python_command;
use pyrite_ir::target::default_target;
use pyrite_ir::Ir;
use pyrite_passes::serialize::pyc::read_pyc;
use pyrite_passes::serialize::{pass, source_stamp};
use pyrite_passes::{Context, Invalidation, Options};
use std::path::PathBuf;

const SOURCES: &[(&str, &str)] = &[
    ("plain.py", "x = 1\nprint(x + 2, 'abc', (1, 2.5, None))\n"),
    (
        "funcs.py",
        "'''Module doc.'''\nimport os\n\ndef f(a, *b, c=3, **d):\n    \"doc\"\n    return [i * a for i in b if i in {1, 2}]\n\nclass C(object):\n    def m(self):\n        return __class__\n\ntry:\n    f(1)\nexcept ValueError as e:\n    pass\n",
    ),
    ("unicode.py", "s = 'h\\u00e9llo \\u20ac \\U0001F600'\nb = b'\\x00\\xff'\nbig = 2**100\n"),
];

fn cpython_pyc(src: &PathBuf, mode: &str, out: &PathBuf) -> Option<Vec<u8>> {
    let code = format!(
        "import py_compile, sys\npy_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True, \
         invalidation_mode=py_compile.PycInvalidationMode.{mode})"
    );
    let status = python_command().arg("-c").arg(code).arg(src).arg(out).status().ok()?;
    if !status.success() {
        return None;
    }
    std::fs::read(out).ok()
}

#[test]
fn pyc_bytes_match_py_compile_in_every_mode() {
    if python_command().arg("-c").arg("pass").status().map(|s| !s.success()).unwrap_or(true) {
        eprintln!("python3 is missing: serialize test SKIPPED");
        return;
    }
    let dir = std::env::temp_dir().join(format!("pyrite-serialize-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = default_target();
    let mut checked = 0;
    for (name, text) in SOURCES {
        let src = dir.join(name);
        std::fs::write(&src, text).unwrap();
        let bytes = std::fs::read(&src).unwrap();
        let stamp = source_stamp(target, &bytes, &std::fs::metadata(&src).unwrap());
        for (mode, inv) in [
            ("TIMESTAMP", Invalidation::Timestamp),
            ("CHECKED_HASH", Invalidation::CheckedHash),
            ("UNCHECKED_HASH", Invalidation::UncheckedHash),
        ] {
            let out = dir.join(format!("{name}.{mode}.pyc"));
            let want = cpython_pyc(&src, mode, &out).expect("py_compile runs");
            let (_, code) = read_pyc(target, &want).expect("CPython's .pyc reads");
            if inv != Invalidation::Timestamp {
                // Without the source there is nothing to hash: a clear error, not a made-up hash.
                let mut bare = Context::new(Options { invalidation: inv, ..Options::default() });
                let err = pass().run(Ir::Code(Box::new(code.clone())), &mut bare).unwrap_err();
                assert!(err.message.contains("needs the source"), "{}", err.message);
            }
            let options = Options { invalidation: inv, source_stamp: Some(stamp), ..Options::default() };
            let mut cx = Context::new(options);
            let got = match pass().run(Ir::Code(Box::new(code)), &mut cx).expect("serializes") {
                Ir::Bytes(b) => b,
                other => panic!("serialize produced {}", other.kind()),
            };
            assert_eq!(got[..16], want[..16], "{name} {mode}: header");
            assert!(got == want, "{name} {mode}: bodies differ");
            checked += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(checked, SOURCES.len() * 3);
}
