//! Snapshots of the codegen CFG dump (`pyrite pipeline FILE --stop-after codegen`) for small
//! programs: the blocks, pseudo-ops and locations CPython's compiler has before `assemble()`.
//! The conformance test (`codegen.rs`) checks the same output end to end against CPython.

use pyrite_ir::source::SourceFile;
use pyrite_ir::Ir;
use pyrite_passes::{Context, Pipeline};

const PROGRAMS: [(&str, &str); 7] = [
    ("assign_and_call", "x = 1\nprint(x + 2, sep='')\n"),
    ("if_while_for", "if a:\n    b()\nelse:\n    c()\nwhile x:\n    x -= 1\nfor i in y:\n    if i:\n        break\n"),
    ("function_closure", "def outer(a, *, b=2):\n    def inner():\n        return a + b\n    return inner\n"),
    ("class_and_comprehension", "class C(B):\n    def m(self):\n        return [x for x in super().m() if x]\n"),
    ("try_except_finally", "try:\n    f()\nexcept ValueError as e:\n    g(e)\nfinally:\n    h()\n"),
    ("with_and_generator", "def gen(p):\n    with open(p) as f:\n        yield from f\n"),
    ("match", "match p:\n    case [x, *rest]:\n        pass\n    case {'k': v} | Point(v, _):\n        pass\n    case _:\n        pass\n"),
];

#[test]
fn codegen_dump_of_small_programs() {
    let mut p = Pipeline::standard();
    p.truncate_after("codegen").unwrap();
    for (name, src) in PROGRAMS {
        let mut cx = Context::default();
        let ir = p.run(Ir::Source(SourceFile::new("snap.py", src.as_bytes().to_vec())), &mut cx).unwrap();
        let source: String = src.lines().map(|l| format!("#   {l}\n")).collect();
        insta::assert_snapshot!(name, format!("# source:\n{source}{}", ir.dump_text()));
    }
}
