//! TEMPORARY stand-in for the 3.11 opcode table that the `bytecode` branch adds to
//! `pyrite_ir::target`; deleted when that lands (generated from Lib/opcode.py).

pub static NAMES: [&str; 256] = [
    "CACHE", "POP_TOP", "PUSH_NULL", "", "", "", "", "",
    "", "NOP", "UNARY_POSITIVE", "UNARY_NEGATIVE", "UNARY_NOT", "", "", "UNARY_INVERT",
    "", "", "", "", "", "", "", "",
    "", "BINARY_SUBSCR", "", "", "", "", "GET_LEN", "MATCH_MAPPING",
    "MATCH_SEQUENCE", "MATCH_KEYS", "", "PUSH_EXC_INFO", "CHECK_EXC_MATCH", "CHECK_EG_MATCH", "", "",
    "", "", "", "", "", "", "", "",
    "", "WITH_EXCEPT_START", "GET_AITER", "GET_ANEXT", "BEFORE_ASYNC_WITH", "BEFORE_WITH", "END_ASYNC_FOR", "",
    "", "", "", "", "STORE_SUBSCR", "DELETE_SUBSCR", "", "",
    "", "", "", "", "GET_ITER", "GET_YIELD_FROM_ITER", "PRINT_EXPR", "LOAD_BUILD_CLASS",
    "", "", "LOAD_ASSERTION_ERROR", "RETURN_GENERATOR", "", "", "", "",
    "", "", "LIST_TO_TUPLE", "RETURN_VALUE", "IMPORT_STAR", "SETUP_ANNOTATIONS", "YIELD_VALUE", "ASYNC_GEN_WRAP",
    "PREP_RERAISE_STAR", "POP_EXCEPT", "STORE_NAME", "DELETE_NAME", "UNPACK_SEQUENCE", "FOR_ITER", "UNPACK_EX", "STORE_ATTR",
    "DELETE_ATTR", "STORE_GLOBAL", "DELETE_GLOBAL", "SWAP", "LOAD_CONST", "LOAD_NAME", "BUILD_TUPLE", "BUILD_LIST",
    "BUILD_SET", "BUILD_MAP", "LOAD_ATTR", "COMPARE_OP", "IMPORT_NAME", "IMPORT_FROM", "JUMP_FORWARD", "JUMP_IF_FALSE_OR_POP",
    "JUMP_IF_TRUE_OR_POP", "", "POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE", "LOAD_GLOBAL", "IS_OP", "CONTAINS_OP", "RERAISE",
    "COPY", "", "BINARY_OP", "SEND", "LOAD_FAST", "STORE_FAST", "DELETE_FAST", "",
    "POP_JUMP_FORWARD_IF_NOT_NONE", "POP_JUMP_FORWARD_IF_NONE", "RAISE_VARARGS", "GET_AWAITABLE", "MAKE_FUNCTION", "BUILD_SLICE", "JUMP_BACKWARD_NO_INTERRUPT", "MAKE_CELL",
    "LOAD_CLOSURE", "LOAD_DEREF", "STORE_DEREF", "DELETE_DEREF", "JUMP_BACKWARD", "", "CALL_FUNCTION_EX", "",
    "EXTENDED_ARG", "LIST_APPEND", "SET_ADD", "MAP_ADD", "LOAD_CLASSDEREF", "COPY_FREE_VARS", "", "RESUME",
    "MATCH_CLASS", "", "", "FORMAT_VALUE", "BUILD_CONST_KEY_MAP", "BUILD_STRING", "", "",
    "LOAD_METHOD", "", "LIST_EXTEND", "SET_UPDATE", "DICT_MERGE", "DICT_UPDATE", "PRECALL", "",
    "", "", "", "CALL", "KW_NAMES", "POP_JUMP_BACKWARD_IF_NOT_NONE", "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_FALSE",
    "POP_JUMP_BACKWARD_IF_TRUE", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "",
];
pub static CACHES: [u8; 256] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 4,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 2, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    10, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

/// The number of an opcode name (linear search; callers cache what they need).
pub fn number(name: &str) -> Option<u8> {
    NAMES.iter().position(|n| !n.is_empty() && *n == name).map(|i| i as u8)
}
