//! `pyrite ast` and `pyrite py_compile` are byte-identical to `python3 -m ast` and
//! `python3 -m py_compile` (stdout, stderr and exit status) on grammar corners and syntax errors.

use pyrite_conformance::oracle::Oracle;
use std::process::Command;

const VALID: &[&str] = &[
    "import os, sys\nfrom .a.b import (c as d, e)\nx: int = 5\n",
    "def f(a, /, b=1, *args, c, d=2, **kw) -> int:\n    \"\"\"doc\"\"\"\n    return a + b * c ** -d\n",
    "@dec\nclass C(B, metaclass=M):\n    async def g(self):\n        async with a as b, c:\n            await x\n",
    "for i, (j, *k) in enumerate(z):\n    if i: break\n    elif j: continue\n    else: pass\n",
    "try:\n    pass\nexcept* (A, B) as e:\n    raise X from e\nfinally:\n    del a[1:2, ::3], b.c\n",
    "with (open(f) as g, h):\n    pass\nlambda x, *y, z=3: x if y else z\n",
    "[x for x in y if x async for z in w]\n{k: v for k, v in d.items()}\n{a, *b}\n{**a, 'b': 1}\n",
    "x = f'''abc\n  {a+b} {c!r:>{w}}''' f\"{d=}\"\ny = rb'\\x00', u'é', 0xff_ff, 1e-5, 2.5j, 123456789012345678901234567890\n",
    "match p:\n    case [1, *rest] | {\"k\": v, **kw} if v:\n        pass\n    case Point(x=0, y=_) as pt:\n        pass\n    case -1 + 2j | None:\n        pass\n",
    "def f(a,  # type: int\n      b):\n    # type: (...) -> None\n    x = 1  # type: ignore[x]\n    y = []  # type: List[int]\n",
    "if (n := len(a)) > 10: print(f'{n = }')\né = 'ü'\n",
];

const INVALID: &[&str] = &[
    "x = (1,\n  2 +\n",
    "def f():\n\tx = 1 + *y\n",
    "x = 1\nf(a for a in b, c)\n",
    "if x:\npass\n",
    "print 'hello'\n",
    "f() = 1\n",
    "[1, 2 3]\n",
    "with a as b\n",
    "class C\n    pass\n",
];

fn pyrite(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pyrite")).args(args).output().unwrap()
}

#[test]
fn ast_and_py_compile_match_cpython() {
    let Some(mut o) = Oracle::for_tests() else { return };
    let dir = std::env::temp_dir().join(format!("pyrite-ast-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (i, src) in VALID.iter().enumerate() {
        let path = dir.join(format!("valid{i}.py"));
        std::fs::write(&path, src).unwrap();
        let p = path.to_str().unwrap();
        for opts in [vec!["-a"], vec![], vec!["-i", "0"], vec!["--no-type-comments"]] {
            let mut args = opts.clone();
            args.push(p);
            let theirs = o.run_module("ast", &args, None).unwrap();
            let mut ours_args = vec!["ast"];
            ours_args.extend(args.iter());
            let ours = pyrite(&ours_args);
            assert_eq!(theirs.status, 0, "{src}");
            assert_eq!(
                String::from_utf8_lossy(&ours.stdout),
                String::from_utf8_lossy(&theirs.stdout),
                "pyrite ast {opts:?} on {src:?}"
            );
        }
    }
    for (i, src) in INVALID.iter().enumerate() {
        let path = dir.join(format!("invalid{i}.py"));
        std::fs::write(&path, src).unwrap();
        let p = path.to_str().unwrap();
        let theirs = o.run_module("py_compile", &[p], None).unwrap();
        let ours = pyrite(&["py_compile", p]);
        assert_eq!(ours.status.code(), Some(theirs.status), "{src:?}");
        assert_eq!(String::from_utf8_lossy(&ours.stderr), String::from_utf8_lossy(&theirs.stderr), "{src:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
