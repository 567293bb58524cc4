//! CPython 3.11's `stack_effect(opcode, oparg, jump)`: how many items an instruction pushes
//! (positive) or pops (negative), on the fall-through path and on the jump path.
//!
//! The rules are keyed by opcode name and turned into a 256-entry table once, so the per-instruction
//! cost is one index and a small match. `tests/stack_effect.rs` checks every opcode number against
//! `dis.stack_effect`.

use pyrite_ir::cfg::{opcode_names, Opcode, Pseudo};
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug)]
enum Rule {
    /// Not an opcode.
    Invalid,
    Fixed(i8),
    /// Different effects on the fall-through and jump paths.
    Branch {
        fall: i8,
        jump: i8,
    },
    /// `1 - oparg` (BUILD_TUPLE/LIST/SET/STRING).
    Build,
    /// `1 - 2 * oparg`.
    BuildMap,
    /// `-oparg` (BUILD_CONST_KEY_MAP, PRECALL, RAISE_VARARGS).
    MinusArg,
    /// `oparg - 1`.
    UnpackSequence,
    /// `(oparg & 0xff) + (oparg >> 8)`.
    UnpackEx,
    /// `1 + (oparg & 1)`: the NULL pushed before a global that is called.
    LoadGlobal,
    /// Minus the number of flag bits 0-3 (defaults, kwdefaults, annotations, closure).
    MakeFunction,
    /// `-2` for three arguments, `-1` otherwise.
    BuildSlice,
    /// `-2 - (oparg & 1)`: the keyword dict is optional.
    CallFunctionEx,
    /// `-1` with a format spec on the stack.
    FormatValue,
}

fn rule(name: &str) -> Rule {
    use Rule::*;
    match name {
        "" => Invalid,
        "CACHE"
        | "NOP"
        | "UNARY_POSITIVE"
        | "UNARY_NEGATIVE"
        | "UNARY_NOT"
        | "UNARY_INVERT"
        | "CHECK_EXC_MATCH"
        | "CHECK_EG_MATCH"
        | "GET_AITER"
        | "GET_ITER"
        | "GET_YIELD_FROM_ITER"
        | "RETURN_GENERATOR"
        | "LIST_TO_TUPLE"
        | "SETUP_ANNOTATIONS"
        | "YIELD_VALUE"
        | "ASYNC_GEN_WRAP"
        | "DELETE_NAME"
        | "DELETE_GLOBAL"
        | "DELETE_FAST"
        | "DELETE_DEREF"
        | "SWAP"
        | "LOAD_ATTR"
        | "JUMP_FORWARD"
        | "JUMP_BACKWARD"
        | "JUMP_BACKWARD_NO_INTERRUPT"
        | "GET_AWAITABLE"
        | "MAKE_CELL"
        | "EXTENDED_ARG"
        | "COPY_FREE_VARS"
        | "RESUME"
        | "KW_NAMES" => Fixed(0),
        "PUSH_NULL"
        | "GET_LEN"
        | "MATCH_MAPPING"
        | "MATCH_SEQUENCE"
        | "MATCH_KEYS"
        | "PUSH_EXC_INFO"
        | "WITH_EXCEPT_START"
        | "GET_ANEXT"
        | "BEFORE_ASYNC_WITH"
        | "BEFORE_WITH"
        | "LOAD_BUILD_CLASS"
        | "LOAD_ASSERTION_ERROR"
        | "LOAD_CONST"
        | "LOAD_NAME"
        | "IMPORT_FROM"
        | "COPY"
        | "LOAD_FAST"
        | "LOAD_CLOSURE"
        | "LOAD_DEREF"
        | "LOAD_CLASSDEREF"
        | "LOAD_METHOD" => Fixed(1),
        "POP_TOP"
        | "BINARY_SUBSCR"
        | "PRINT_EXPR"
        | "RETURN_VALUE"
        | "IMPORT_STAR"
        | "PREP_RERAISE_STAR"
        | "POP_EXCEPT"
        | "STORE_NAME"
        | "DELETE_ATTR"
        | "STORE_GLOBAL"
        | "COMPARE_OP"
        | "IMPORT_NAME"
        | "IS_OP"
        | "CONTAINS_OP"
        | "RERAISE"
        | "BINARY_OP"
        | "STORE_FAST"
        | "STORE_DEREF"
        | "LIST_APPEND"
        | "SET_ADD"
        | "LIST_EXTEND"
        | "SET_UPDATE"
        | "DICT_MERGE"
        | "DICT_UPDATE"
        | "CALL"
        | "POP_JUMP_FORWARD_IF_FALSE"
        | "POP_JUMP_FORWARD_IF_TRUE"
        | "POP_JUMP_FORWARD_IF_NOT_NONE"
        | "POP_JUMP_FORWARD_IF_NONE"
        | "POP_JUMP_BACKWARD_IF_NOT_NONE"
        | "POP_JUMP_BACKWARD_IF_NONE"
        | "POP_JUMP_BACKWARD_IF_FALSE"
        | "POP_JUMP_BACKWARD_IF_TRUE" => Fixed(-1),
        "END_ASYNC_FOR" | "DELETE_SUBSCR" | "STORE_ATTR" | "MAP_ADD" | "MATCH_CLASS" => Fixed(-2),
        "STORE_SUBSCR" => Fixed(-3),
        // The iterator is popped when exhausted (jump); the next item is pushed otherwise.
        "FOR_ITER" => Branch { fall: 1, jump: -1 },
        // The value stays when jumping, is popped when falling through.
        "JUMP_IF_FALSE_OR_POP" | "JUMP_IF_TRUE_OR_POP" => Branch { fall: -1, jump: 0 },
        "SEND" => Branch { fall: 0, jump: -1 },
        "BUILD_TUPLE" | "BUILD_LIST" | "BUILD_SET" | "BUILD_STRING" => Build,
        "BUILD_MAP" => BuildMap,
        "BUILD_CONST_KEY_MAP" | "PRECALL" | "RAISE_VARARGS" => MinusArg,
        "UNPACK_SEQUENCE" => UnpackSequence,
        "UNPACK_EX" => UnpackEx,
        "LOAD_GLOBAL" => LoadGlobal,
        "MAKE_FUNCTION" => MakeFunction,
        "BUILD_SLICE" => BuildSlice,
        "CALL_FUNCTION_EX" => CallFunctionEx,
        "FORMAT_VALUE" => FormatValue,
        // Specialized forms never appear in compiled code.
        _ => Invalid,
    }
}

fn table() -> &'static [Rule; 256] {
    static TABLE: OnceLock<[Rule; 256]> = OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|i| rule(opcode_names()[i])))
}

/// The stack effect of a real opcode: `jump` selects the jump path, `None` gives the larger of the
/// two (as `dis.stack_effect(op, arg)` does). `None` for a number that is no 3.11 opcode.
pub fn real_stack_effect(op: u8, oparg: u32, jump: Option<bool>) -> Option<i32> {
    let a = oparg as i64;
    let v: i64 = match table()[op as usize] {
        Rule::Invalid => return None,
        Rule::Fixed(n) => n as i64,
        Rule::Branch { fall, jump: j } => match jump {
            Some(true) => j as i64,
            Some(false) => fall as i64,
            None => fall.max(j) as i64,
        },
        Rule::Build => 1 - a,
        Rule::BuildMap => 1 - 2 * a,
        Rule::MinusArg => -a,
        Rule::UnpackSequence => a - 1,
        Rule::UnpackEx => (a & 0xff) + (a >> 8),
        Rule::LoadGlobal => 1 + (a & 1),
        Rule::MakeFunction => -((oparg & 0x0f).count_ones() as i64),
        Rule::BuildSlice => {
            if oparg == 3 {
                -2
            } else {
                -1
            }
        }
        Rule::CallFunctionEx => -2 - (a & 1),
        Rule::FormatValue => {
            if oparg & 0x04 == 0x04 {
                -1
            } else {
                0
            }
        }
    };
    i32::try_from(v).ok()
}

/// The stack effect of a pseudo-op (3.11's compile.c): a SETUP_* pushes nothing on the normal
/// path; on the handler path the exception (and for SETUP_CLEANUP also `lasti`; for SETUP_WITH
/// the exception replaces the context manager's result) is pushed.
pub fn pseudo_stack_effect(op: Pseudo, jump: Option<bool>) -> i32 {
    let (fall, j) = match op {
        Pseudo::SetupFinally => (0, 1),
        Pseudo::SetupCleanup => (0, 2),
        Pseudo::SetupWith => (0, 1),
        Pseudo::PopBlock | Pseudo::Jump | Pseudo::JumpNoInterrupt => (0, 0),
        Pseudo::PopJumpIfFalse | Pseudo::PopJumpIfTrue | Pseudo::PopJumpIfNone | Pseudo::PopJumpIfNotNone => {
            (-1, -1)
        }
    };
    match jump {
        Some(true) => j,
        Some(false) => fall,
        None => fall.max(j),
    }
}

/// The stack effect of any CFG opcode.
pub fn stack_effect(op: Opcode, oparg: u32, jump: Option<bool>) -> Option<i32> {
    match op {
        Opcode::Real(n) => real_stack_effect(n, oparg, jump),
        Opcode::Pseudo(p) => Some(pseudo_stack_effect(p, jump)),
    }
}
