//! The model of which strings a CPython process has interned (it decides whether
//! `intern_string_constants` rebuilds a frozenset constant, and so the order `dis` prints):
//! the measured tables must be what tools/gen_interned_strings.py measures on this python3, the
//! `-m dis` fork server of the dis stage must not intern anything its host would not have, and
//! each rule of the model is pinned by a fixture against a real `python3 -m dis`.

use pyrite_conformance::oracle::{python_command, Oracle, DIS_HOST};
use pyrite_ir::dis::{dis, normalize_addresses};
use pyrite_ir::target::{default_target, InternHost};
use pyrite_ir::IrKind;
use pyrite_passes::{Options, Pipeline};
use serde_json::json;
use std::path::Path;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

#[test]
fn interned_tables_are_this_pythons() {
    let Some(_o) = Oracle::for_tests() else { return };
    let out = python_command()
        .arg(repo_root().join("tools/gen_interned_strings.py"))
        .arg("-")
        .output()
        .expect("python3 runs the generator");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let checked_in = std::fs::read_to_string(repo_root().join("ir/src/target/py311_interned.rs")).unwrap();
    assert!(
        String::from_utf8(out.stdout).unwrap() == checked_in,
        "ir/src/target/py311_interned.rs is stale: rerun tools/gen_interned_strings.py"
    );
}

/// Every ASCII name-like string the fork server's own code holds (names and constants, which
/// creating its code objects interns) must be interned by the `-m dis` host already.
#[test]
fn dis_fork_server_interns_nothing_new() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let code = r#"
import re
def walk(c, out):
    for x in c.co_names + c.co_varnames + c.co_cellvars + c.co_freevars + c.co_consts:
        if isinstance(x, str):
            out.add(x)
        elif isinstance(x, tuple):
            out.update(y for y in x if isinstance(y, str))
        elif hasattr(x, 'co_code'):
            walk(x, out)
    return out
names = walk(compile(src, 'sitecustomize.py', 'exec'), set())
result = sorted(n for n in names if n.isascii() and re.fullmatch(r'[A-Za-z0-9_]+', n))
"#;
    let names = o.eval(code, json!({ "src": DIS_HOST })).unwrap();
    let names: Vec<&str> = names.as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(names.contains(&"fork") && names.contains(&"file"), "{names:?}");
    let new: Vec<&&str> = names
        .iter()
        .filter(|n| !default_target().interned_by_host(InternHost::DisModule, n.as_bytes()))
        .collect();
    assert!(new.is_empty(), "the fork server would intern {new:?}");
}

#[test]
fn frozenset_orders_match_python_m_dis() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/frozenset_order");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    assert!(paths.len() >= 8);
    let pipeline = Pipeline::standard().up_to_last(IrKind::Code).unwrap();
    for path in &paths {
        let name = path.to_string_lossy().into_owned();
        let theirs = o.eval("result = fresh_dis(path)", json!({ "path": name })).unwrap();
        let theirs = theirs.as_str().unwrap_or_else(|| panic!("CPython rejects {name}"));
        let options = Options { intern_host: InternHost::DisModule, ..Options::default() };
        let code = pipeline.compile_code(&name, std::fs::read(path).unwrap(), options).unwrap();
        let ours = dis(&code, default_target()).unwrap();
        assert!(theirs.contains("frozenset({"), "{name}: no frozenset in CPython's listing");
        assert_eq!(normalize_addresses(&ours), normalize_addresses(theirs), "{name}");
    }
}
