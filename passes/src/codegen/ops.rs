//! The real opcodes codegen emits, looked up by name in the target's opcode table once per thread and target
//! (numbers are never written here).

use pyrite_ir::cfg::Opcode;
use pyrite_ir::Target;

macro_rules! opcodes {
    ($($name:ident),* $(,)?) => {
        /// Opcode numbers of the target, by name.
        #[allow(non_snake_case)]
        #[derive(Clone, Copy)]
        pub struct Ops { $(pub $name: Opcode,)* }

        impl Ops {
            /// [`Ops::lookup`] once per thread and target: a worker compiles many files, and the
            /// lookup scans the opcode names for each of ~150 opcodes.
            pub fn of(target: &'static Target) -> Result<Ops, String> {
                thread_local! {
                    static LAST: std::cell::Cell<Option<(*const Target, Ops)>> =
                        const { std::cell::Cell::new(None) };
                }
                if let Some((t, ops)) = LAST.with(|c| c.get()) {
                    if std::ptr::eq(t, target) {
                        return Ok(ops);
                    }
                }
                let ops = Ops::lookup(target)?;
                LAST.with(|c| c.set(Some((target, ops))));
                Ok(ops)
            }

            fn lookup(target: &Target) -> Result<Ops, String> {
                let names = target.opcodes().opname;
                let find = |n: &str| {
                    names.iter().position(|x| *x == n).map(|i| Opcode::Real(i as u8))
                        .ok_or_else(|| format!("the target has no opcode {n}"))
                };
                Ok(Ops { $($name: find(stringify!($name))?,)* })
            }
        }
    };
}

opcodes!(
    NOP,
    POP_TOP,
    PUSH_NULL,
    UNARY_POSITIVE,
    UNARY_NEGATIVE,
    UNARY_NOT,
    UNARY_INVERT,
    BINARY_SUBSCR,
    GET_LEN,
    MATCH_MAPPING,
    MATCH_SEQUENCE,
    MATCH_KEYS,
    PUSH_EXC_INFO,
    CHECK_EXC_MATCH,
    CHECK_EG_MATCH,
    WITH_EXCEPT_START,
    GET_AITER,
    GET_ANEXT,
    BEFORE_ASYNC_WITH,
    BEFORE_WITH,
    END_ASYNC_FOR,
    STORE_SUBSCR,
    DELETE_SUBSCR,
    GET_ITER,
    GET_YIELD_FROM_ITER,
    PRINT_EXPR,
    LOAD_BUILD_CLASS,
    LOAD_ASSERTION_ERROR,
    LIST_TO_TUPLE,
    RETURN_VALUE,
    IMPORT_STAR,
    SETUP_ANNOTATIONS,
    YIELD_VALUE,
    ASYNC_GEN_WRAP,
    PREP_RERAISE_STAR,
    POP_EXCEPT,
    STORE_NAME,
    DELETE_NAME,
    UNPACK_SEQUENCE,
    FOR_ITER,
    UNPACK_EX,
    STORE_ATTR,
    DELETE_ATTR,
    STORE_GLOBAL,
    DELETE_GLOBAL,
    SWAP,
    LOAD_CONST,
    LOAD_NAME,
    BUILD_TUPLE,
    BUILD_LIST,
    BUILD_SET,
    BUILD_MAP,
    LOAD_ATTR,
    COMPARE_OP,
    IMPORT_NAME,
    IMPORT_FROM,
    JUMP_IF_FALSE_OR_POP,
    JUMP_IF_TRUE_OR_POP,
    IS_OP,
    CONTAINS_OP,
    RERAISE,
    COPY,
    BINARY_OP,
    SEND,
    LOAD_FAST,
    STORE_FAST,
    DELETE_FAST,
    RAISE_VARARGS,
    GET_AWAITABLE,
    MAKE_FUNCTION,
    BUILD_SLICE,
    LOAD_CLOSURE,
    LOAD_DEREF,
    STORE_DEREF,
    DELETE_DEREF,
    CALL_FUNCTION_EX,
    LIST_APPEND,
    SET_ADD,
    MAP_ADD,
    LOAD_CLASSDEREF,
    MATCH_CLASS,
    FORMAT_VALUE,
    BUILD_CONST_KEY_MAP,
    BUILD_STRING,
    LOAD_METHOD,
    LIST_EXTEND,
    SET_UPDATE,
    DICT_MERGE,
    DICT_UPDATE,
    PRECALL,
    CALL,
    KW_NAMES,
    RESUME,
    LOAD_GLOBAL,
);
