//! Snapshots of the AST (with positions) for the corners of the grammar: every statement and
//! expression kind, match patterns, except*, decorators, walrus, positional-only and keyword-only
//! parameters, f-string nesting and positions. Each snapshot was checked against
//! `ast.dump(ast.parse(src, type_comments=True), include_attributes=True, indent=1)` of
//! CPython 3.11.7 when it was recorded (the conformance crate diffs the whole stdlib the same way).

use pyrite_ir::ast::{dump, DumpOptions};
use pyrite_ir::SourceFile;
use pyrite_passes::parse::parse_tokens;
use pyrite_passes::tokenize::tokenize;
use pyrite_passes::Mode;

fn ast(src: &str) -> String {
    let ts = tokenize(&SourceFile::new("<snapshot>", src.as_bytes().to_vec()), true);
    assert!(ts.error.is_none(), "{src:?}: {:?}", ts.error);
    let tree = parse_tokens(&ts, Mode::Exec, true).unwrap_or_else(|e| panic!("{src:?}: {}", e.message));
    format!("{src}\n---\n{}", dump(&tree, DumpOptions { include_attributes: true, indent: Some(1) }))
}

macro_rules! corner {
    ($name:ident, $src:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(ast($src));
        }
    };
}

corner!(
    simple_statements,
    "x = y = 1\nx: int = 2\n(y): int\nx += 1\ndel a, b[0], c.d\npass\nassert x, 'm'\nreturn_ = 1\nimport a.b as c, d\nfrom ..m import (x as y, z,)\nfrom . import *\nglobal g\nnonlocal_ = 0\nraise E from F\nbreak_ = 2\n"
);
corner!(
    compound_statements,
    "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\nwhile x:\n    break\nelse:\n    continue\nfor i, j in k:  # type: int\n    pass\nelse:\n    pass\nwith a as b, c:\n    pass\nwith (a as b, c as d,):\n    pass\nclass C(B, metaclass=M):\n    x = 1\n"
);
corner!(
    async_statements,
    "async def f():\n    await x\n    async for a in b:\n        pass\n    async with c as d:\n        pass\n    return [i async for i in g()]\n"
);
corner!(
    try_and_except_star,
    "try:\n    pass\nexcept (A, B) as e:\n    pass\nexcept C:\n    pass\nelse:\n    pass\nfinally:\n    pass\ntry:\n    pass\nexcept* ValueError as eg:\n    pass\nexcept* (TypeError, KeyError):\n    pass\n"
);
corner!(decorators, "@a\n@b.c(1)\n@(lambda f: f)\n@x[0] if y else z\ndef f(): pass\n\n@dec\nclass C: pass\n");
corner!(
    parameters,
    "def f(a, b=1, /, c=2, *args, d, e=3, **kw) -> r: pass\ndef g(a, /): pass\ndef h(*, k): pass\ndef i(x: int, *y: str, **z: float): pass\nlambda a, /, b=1, *c, d, **e: 0\nlambda: 0\n"
);
corner!(
    expressions,
    "a or b and not c\nx < y <= z != w is not v in u not in t\na | b ^ c & d << e >> f + g - h * i / j // k % l @ m\n-a + ~b ** -c\nawait_ = 1\na if b else c\nlambda x: x\nf(a, *b, c=d, **e)\nx.y[1:2, ::3, a:]\n(yield_ := 1)\n[*a, *b]\n{**a, 'b': 1}\n{1, 2}\n()\n(1,)\n...\nNone, True, False\n1j, 0x1f, 1_000.5e-3, 'a' 'b', b'x' b'y', u'z'\n"
);
corner!(
    comprehensions,
    "[x for x in y if x if not x]\n{k: v for k, v in d.items()}\n{x for x in y for z in x}\n(x for x in y)\nf(x for x in y)\n"
);
corner!(
    walrus,
    "if (n := len(a)) > 10:\n    pass\n[y := f(x), y**2]\nprint(z := 1)\nwhile chunk := read():\n    pass\nx[a := 1]\n"
);
corner!(yields, "def g():\n    yield\n    yield 1, 2\n    x = yield from h()\n    await_ = (yield)\n");
corner!(
    match_patterns,
    "match command.split():\n    case [action]:\n        pass\n    case [action, obj, *rest]:\n        pass\n    case Point(x=0, y=0) | Point(1, 2):\n        pass\n    case {'a': 1, **rest}:\n        pass\n    case [1, 2.5, -3, 1+2j, 'str', b'b', None, True]:\n        pass\n    case (a.b.c | [_, *_]) as whole:\n        pass\n    case x if x > 0:\n        pass\n    case _:\n        pass\n"
);
corner!(soft_keywords_as_names, "match = 1\ncase = match\n_ = case\nmatch(x)\nmatch[0]\n");
corner!(
    fstrings,
    "f'{a}'\nf'a{b!r:>{width}}c'\nf'{x=}'\nf'{x = !s:^10}'\nf'''{\n  a\n}'''\nf'{f\"{inner}\"}' 'tail'\n'head' f'{é}' f\"{'ü'}\"\nf'{{literal}}{y:{z}.{w}f}'\n"
);
corner!(
    type_comments,
    "def f(a,  # type: int\n      b,  # type: str\n      ):\n    # type: (...) -> None\n    pass\nx = []  # type: list\nimport os  # type: ignore[attr]\n"
);
