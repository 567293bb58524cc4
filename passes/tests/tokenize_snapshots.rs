//! Snapshots of both views on the edge-case inputs in `conformance/cases/tokenize/` (the same
//! inputs are diffed against `python3 -m tokenize` byte for byte in the conformance crate; these
//! snapshots pin the compiler view and make changes visible in review).

use pyrite_ir::SourceFile;
use pyrite_passes::tokenize::{module_view, tokenize};
use std::path::Path;

fn render(name: &str, bytes: &[u8]) -> String {
    let m = module_view::cli_file(name, bytes, true);
    let mut out = String::from("--- module view (python3 -m tokenize -e) ---\n");
    out.push_str(&String::from_utf8_lossy(&m.stdout));
    out.push_str(&String::from_utf8_lossy(&m.stderr));
    out.push_str(&format!("exit status {}\n", m.status));
    let c = tokenize(&SourceFile::new(name, bytes.to_vec()), true);
    out.push_str("--- compiler view ---\n");
    out.push_str(&c.dump_text(true));
    if let Some(e) = &c.error {
        out.push_str(&format!(
            "{}: {} (lineno {:?}, offset {:?}, end_lineno {:?}, end_offset {:?})\n",
            e.kind.name(),
            e.message,
            e.lineno,
            e.offset,
            e.end_lineno,
            e.end_offset
        ));
    }
    out
}

#[test]
fn edge_case_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/cases/tokenize");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 40);
    for f in files {
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&f).unwrap();
        insta::assert_snapshot!(stem.clone(), render(&format!("{stem}.py"), &bytes));
    }
}
