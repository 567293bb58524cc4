//! The peephole stage and the assemble pass on CFGs written as CPython 3.11's codegen leaves them
//! (see `peephole_support`): each test names the rule of Python/compile.c it exercises, and the
//! code objects must equal what `compile()` gives for the source, field by field, nested code
//! included. Insta snapshots keep the CFG before and after the stage.

mod peephole_support;

use pyrite_conformance::oracle::Oracle;
use pyrite_passes::assemble::assemble_cfg;
use pyrite_passes::peephole;
use pyrite_passes::serialize::marshal_read::loads_code;
use serde_json::json;

/// Runs peephole and assemble on the CFG and compares with CPython's code for `src`.
fn check(name: &str, src: &str, cfg_text: &str) {
    let before = peephole_support::cfg(cfg_text);
    let after = peephole::optimize(before.clone()).unwrap_or_else(|d| panic!("{}", d.message));
    let snapshot = format!("{}\n=== after peephole ===\n{}", before.dump_text(), after.dump_text());
    let ours = assemble_cfg(after).unwrap_or_else(|d| panic!("{}", d.message));
    let Some(mut o) = Oracle::for_tests() else { return };
    let want = o
        .eval(
            "import marshal\nresult = marshal.dumps(compile(src, 't.py', 'exec', dont_inherit=True), 2).hex()",
            json!({ "src": src }),
        )
        .unwrap();
    let bytes: Vec<u8> = (0..want.as_str().unwrap().len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&want.as_str().unwrap()[i..i + 2], 16).unwrap())
        .collect();
    let theirs = loads_code(&bytes).unwrap();
    if let Some(d) = peephole_support::first_difference("<module>", &ours, &theirs) {
        panic!("{name}: {d}");
    }
    insta::assert_snapshot!(name, snapshot);
}

/// `None` + IS_OP + POP_JUMP_IF_FALSE -> POP_JUMP_IF_NOT_NONE (optimize_basic_block, LOAD_CONST
/// case); the implicit return both falls through and is jumped to, so it is duplicated for the
/// jump (duplicate_exits_without_lineno) and each copy takes its predecessor's location
/// (propagate_line_numbers).
#[test]
fn is_none_jump_and_duplicated_exit() {
    check(
        "is_none_jump_and_duplicated_exit",
        "if x is None:\n    y = 1\n",
        "
unit <module> firstlineno 1 flags 0x0 args 0 0 0
names x y
consts None 1
block 0
    RESUME 0 @0:0-1:0
    LOAD_NAME 0 @1:3-1:4
    LOAD_CONST 0 @1:8-1:12
    IS_OP 0 @1:3-1:12
    POP_JUMP_IF_FALSE ->1 @1:3-1:12
block 2
    LOAD_CONST 1 @2:8-2:9
    STORE_NAME 1 @2:4-2:5
block 1
    LOAD_CONST 0 @-
    RETURN_VALUE @-
",
    );
}

/// BUILD_TUPLE 2 + UNPACK_SEQUENCE 2 -> SWAP 2, which stays before STORE_NAMEs (not swappable).
#[test]
fn tuple_unpack_becomes_swap() {
    check(
        "tuple_unpack_becomes_swap",
        "a, b = b, a\n",
        "
unit <module> firstlineno 1 flags 0x0 args 0 0 0
names b a
consts None
block 0
    RESUME 0 @0:0-1:0
    LOAD_NAME 0 @1:7-1:8
    LOAD_NAME 1 @1:10-1:11
    BUILD_TUPLE 2 @1:7-1:11
    UNPACK_SEQUENCE 2 @1:0-1:4
    STORE_NAME 1 @1:0-1:1
    STORE_NAME 0 @1:3-1:4
    LOAD_CONST 0 @-
    RETURN_VALUE @-
",
    );
}

/// LOAD_CONST + POP_JUMP_IF_FALSE on a true constant -> NOPs (one keeps the loop's line),
/// LOAD_CONST + POP_JUMP_IF_TRUE -> JUMP; the `else` block becomes unreachable and is emptied,
/// and the constant None it used is trimmed (trim_unused_consts).
#[test]
fn constant_conditions_and_unreachable_code() {
    check(
        "constant_conditions_and_unreachable_code",
        "while 1:\n    x()\n",
        "
unit <module> firstlineno 1 flags 0x0 args 0 0 0
names x
consts 1 None
block 0
    RESUME 0 @0:0-1:0
block 1
    LOAD_CONST 0 @1:6-1:7
    POP_JUMP_IF_FALSE ->3 @1:0-2:7
block 2
    PUSH_NULL @2:4-2:5
    LOAD_NAME 0 @2:4-2:5
    PRECALL 0 @2:4-2:7
    CALL 0 @2:4-2:7
    POP_TOP @2:4-2:7
    LOAD_CONST 0 @1:6-1:7
    POP_JUMP_IF_TRUE ->2 @1:0-2:7
block 3
    LOAD_CONST 1 @-
    RETURN_VALUE @-
",
    );
}

/// Constant default arguments are folded into a new tuple appended to the constants
/// (fold_tuple_on_constants); in the function, the SWAP from the tuple swap is applied to the
/// two STORE_FASTs instead (apply_static_swaps).
#[test]
fn tuple_folding_and_static_swaps() {
    check(
        "tuple_folding_and_static_swaps",
        "def f(a=1, b=2):\n    a, b = b, a\n",
        "
unit <module> firstlineno 1 flags 0x0 args 0 0 0
names f
consts 1 2 unit:1 None
block 0
    RESUME 0 @0:0-1:0
    LOAD_CONST 0 @1:8-1:9
    LOAD_CONST 1 @1:13-1:14
    BUILD_TUPLE 2 @1:0-2:15
    LOAD_CONST 2 @1:0-2:15
    MAKE_FUNCTION 1 @1:0-2:15
    STORE_NAME 0 @1:0-2:15
    LOAD_CONST 3 @-
    RETURN_VALUE @-
---
unit f firstlineno 1 flags 0x3 args 2 0 0
vars a:local b:local
consts None
block 0
    RESUME 0 @1:0-1:0
    LOAD_FAST 1 @2:11-2:12
    LOAD_FAST 0 @2:14-2:15
    BUILD_TUPLE 2 @2:11-2:15
    UNPACK_SEQUENCE 2 @2:4-2:8
    STORE_FAST 0 @2:4-2:5
    STORE_FAST 1 @2:7-2:8
    LOAD_CONST 0 @-
    RETURN_VALUE @-
",
    );
}

/// `x:JUMP_IF_FALSE_OR_POP y` where `y:JUMP_IF_TRUE_OR_POP z` on the same line becomes
/// `POP_JUMP_IF_FALSE` to the block after y (optimize_basic_block's conditional jump rules).
#[test]
fn and_or_jump_threading() {
    check(
        "and_or_jump_threading",
        "z = (a and b) or c\n",
        "
unit <module> firstlineno 1 flags 0x0 args 0 0 0
names a b c z
consts None
block 0
    RESUME 0 @0:0-1:0
    LOAD_NAME 0 @1:5-1:6
    JUMP_IF_FALSE_OR_POP ->2 @1:5-1:12
block 3
    LOAD_NAME 1 @1:11-1:12
block 2
    JUMP_IF_TRUE_OR_POP ->1 @1:4-1:18
block 4
    LOAD_NAME 2 @1:17-1:18
block 1
    STORE_NAME 3 @1:0-1:1
    LOAD_CONST 0 @-
    RETURN_VALUE @-
",
    );
}

/// insert_prefix_instructions (MAKE_CELL for the argument cell, RETURN_GENERATOR + POP_TOP on
/// the first line, COPY_FREE_VARS in the closure) and fix_cell_offsets (the cell keeps the
/// argument's slot).
#[test]
fn generator_and_closure_prefixes() {
    check(
        "generator_and_closure_prefixes",
        "def f(a):\n    def g():\n        return a\n    yield g\n",
        "
unit <module> firstlineno 1 flags 0x0 args 0 0 0
names f
consts unit:1 None
block 0
    RESUME 0 @0:0-1:0
    LOAD_CONST 0 @1:0-4:11
    MAKE_FUNCTION 0 @1:0-4:11
    STORE_NAME 0 @1:0-4:11
    LOAD_CONST 1 @-
    RETURN_VALUE @-
---
unit f firstlineno 1 flags 0x23 args 1 0 0
vars a:local+cell g:local
consts None unit:2
block 0
    RESUME 0 @1:0-1:0
    LOAD_CLOSURE 0 @2:4-3:16
    BUILD_TUPLE 1 @2:4-3:16
    LOAD_CONST 1 @2:4-3:16
    MAKE_FUNCTION 8 @2:4-3:16
    STORE_FAST 1 @2:4-3:16
    LOAD_FAST 1 @4:10-4:11
    YIELD_VALUE @4:4-4:11
    RESUME 1 @4:4-4:11
    POP_TOP @4:4-4:11
    LOAD_CONST 0 @-
    RETURN_VALUE @-
---
unit g qualname f.<locals>.g firstlineno 2 flags 0x13 args 0 0 0
vars a:free
consts None
block 0
    RESUME 0 @2:0-2:0
    LOAD_DEREF 0 @3:15-3:16
    RETURN_VALUE @3:8-3:16
",
    );
}

/// Sources through the real front half (tokenize, parse, ast-opt, codegen) and then peephole +
/// assemble: whole code objects equal to CPython's.
fn check_source(name: &str, src: &str) {
    let mut p = pyrite_passes::Pipeline::standard();
    p.truncate_after("assemble").unwrap();
    let ir = pyrite_ir::Ir::Source(pyrite_ir::SourceFile::new("t.py", src.as_bytes().to_vec()));
    let ours = match p.run(ir, &mut pyrite_passes::Context::default()) {
        Ok(pyrite_ir::Ir::Code(c)) => c,
        Ok(_) => unreachable!("assemble gives code"),
        Err(d) => panic!("{name}: {}", d.message),
    };
    let Some(mut o) = Oracle::for_tests() else { return };
    let want = o
        .eval(
            "import marshal\nresult = marshal.dumps(compile(src, 't.py', 'exec', dont_inherit=True), 2).hex()",
            json!({ "src": src }),
        )
        .unwrap();
    let want = want.as_str().unwrap();
    let bytes: Vec<u8> =
        (0..want.len()).step_by(2).map(|i| u8::from_str_radix(&want[i..i + 2], 16).unwrap()).collect();
    let theirs = loads_code(&bytes).unwrap();
    if let Some(d) = peephole_support::first_difference("<module>", &ours, &theirs) {
        panic!("{name}: {d}");
    }
}

/// swaptimize on the SWAP runs of pattern matching, apply_static_swaps on their stores.
#[test]
fn pattern_matching_swaps() {
    check_source(
        "pattern_matching_swaps",
        "def f(p):\n    match p:\n        case [a, b, *c] if a:\n            return b\n        case {'k': v, **rest}:\n            return v\n        case C(x=a, y=b) | D(x=b, y=a):\n            return a, b\n",
    );
}

/// Jump threading (a jump to a jump on the same line) and jumps to the next block in loops with
/// break and continue.
#[test]
fn loops_with_break_and_continue() {
    check_source(
        "loops_with_break_and_continue",
        "def f(a, b, c):\n    while a:\n        if b:\n            continue\n        if c:\n            break\n    else:\n        g()\n    for x in a:\n        if x: continue\n    return x\n",
    );
}

/// Exits without a line in try/finally and with: duplicate_exits_without_lineno and
/// propagate_line_numbers, exception handlers through the stack-depth walk.
#[test]
fn try_finally_and_with_exits() {
    check_source(
        "try_finally_and_with_exits",
        "def f(a):\n    try:\n        with a as b:\n            return b\n    except E as e:\n        g(e)\n    finally:\n        h()\n",
    );
}

/// Coroutine and generator prefixes (RETURN_GENERATOR + POP_TOP), cells in a class method using
/// super() (MAKE_CELL, COPY_FREE_VARS, fix_cell_offsets), conditional expressions.
#[test]
fn coroutines_closures_and_classes() {
    check_source(
        "coroutines_closures_and_classes",
        "class C(B):\n    def m(self, x):\n        super().m(x)\n        return lambda: x if self else __class__\n\nasync def g(a):\n    async with a as b:\n        await b\n    async for y in b:\n        yield y\n",
    );
}

/// Chained comparisons and boolean operators in conditions (JUMP_IF_*_OR_POP threading).
#[test]
fn chained_comparisons_and_bool_ops() {
    check_source(
        "chained_comparisons_and_bool_ops",
        "def f(a, b, c):\n    if a < b < c or (a and b) or c:\n        x = a and b or c\n        y = (a or b) and c\n    return x is None, y is not None\n",
    );
}

/// Constants from ast-opt meet the CFG rules: `while True` (LOAD_CONST + POP_JUMP_IF_FALSE ->
/// NOP), folded tuples in `in` and `return`, `not x is None` (IS_OP 1 + jump), a tuple built from
/// a name and constants (no folding), trimmed constants.
#[test]
fn folded_constants_meet_the_cfg_rules() {
    check_source(
        "folded_constants_meet_the_cfg_rules",
        "def f(x):\n    while True:\n        if x in [1, 2, 3] and not x is None:\n            return -1, (2, 3)\n        x = (x, 1, 2)\n    return 'unreachable'\n",
    );
}
