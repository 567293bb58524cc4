//! Builtin type objects, the builtin exception hierarchy, interned dunder names, and MRO
//! computation (C3) for classes.

use crate::heap::{Kind, Mut, ObjRef};
use crate::object::dict::DictTable;
use crate::object::typeobj::TypeObj;

macro_rules! names {
    ($($field:ident = $s:expr),* $(,)?) => {
        /// Interned strings the runtime looks up by identity-fast paths.
        pub struct Names { $(pub $field: ObjRef),* }
        impl Names {
            pub fn new(mut mk: impl FnMut(&str) -> ObjRef) -> Names {
                Names { $($field: mk($s)),* }
            }
        }
    };
}

names! {
    init = "__init__", new = "__new__", repr = "__repr__", str = "__str__", name = "__name__",
    qualname = "__qualname__", module = "__module__", doc = "__doc__", dict = "__dict__",
    class = "__class__", eq = "__eq__", ne = "__ne__", lt = "__lt__", le = "__le__", gt = "__gt__",
    ge = "__ge__", hash = "__hash__", len = "__len__", iter = "__iter__", next = "__next__",
    getitem = "__getitem__", setitem = "__setitem__", delitem = "__delitem__",
    contains = "__contains__", call = "__call__", enter = "__enter__", exit = "__exit__",
    getattr = "__getattr__", getattribute = "__getattribute__", setattr = "__setattr__", delattr = "__delattr__", bool_ = "__bool__",
    get = "__get__", set = "__set__", delete = "__delete__", init_subclass = "__init_subclass__",
    set_name = "__set_name__", build_class = "__build_class__", main = "__main__",
    builtins = "__builtins__", file = "__file__", index = "__index__", float = "__float__",
    int = "__int__", neg = "__neg__", pos = "__pos__", abs = "__abs__", invert = "__invert__",
    format = "__format__", missing = "__missing__", classcell = "__classcell__",
    slots = "__slots__", mro = "mro", del = "__del__", reversed = "__reversed__",
    annotations = "__annotations__", classgetitem = "__class_getitem__", args = "args",
}

/// Dunder names per BINARY_OP oparg (CPython's NB_* order): forward, reflected.
pub const BINOP_DUNDERS: [(&str, &str, &str); 13] = [
    ("__add__", "__radd__", "+"),
    ("__and__", "__rand__", "&"),
    ("__floordiv__", "__rfloordiv__", "//"),
    ("__lshift__", "__rlshift__", "<<"),
    ("__matmul__", "__rmatmul__", "@"),
    ("__mul__", "__rmul__", "*"),
    ("__mod__", "__rmod__", "%"),
    ("__or__", "__ror__", "|"),
    ("__pow__", "__rpow__", "**"),
    ("__rshift__", "__rrshift__", ">>"),
    ("__sub__", "__rsub__", "-"),
    ("__truediv__", "__rtruediv__", "/"),
    ("__xor__", "__rxor__", "^"),
];

/// In-place dunders per NB_INPLACE_* (oparg - 13).
pub const INPLACE_DUNDERS: [&str; 13] = [
    "__iadd__",
    "__iand__",
    "__ifloordiv__",
    "__ilshift__",
    "__imatmul__",
    "__imul__",
    "__imod__",
    "__ior__",
    "__ipow__",
    "__irshift__",
    "__isub__",
    "__itruediv__",
    "__ixor__",
];

macro_rules! exc_types {
    ($root:ident; $($field:ident = $name:expr, $base:ident;)*) => {
        pub struct ExcTypes {
            pub base_exception: ObjRef,
            $(pub $field: ObjRef,)*
        }
        impl ExcTypes {
            fn new(ty: &ObjRef, object: &ObjRef) -> ExcTypes {
                let $root = new_type(ty, "BaseException", vec![object.clone()], Kind::Exception, false);
                $(let $field = new_type(ty, $name, vec![$base.clone()], Kind::Exception, false);)*
                ExcTypes { base_exception: $root, $($field),* }
            }
            pub fn all(&self) -> Vec<&ObjRef> {
                vec![&self.base_exception, $(&self.$field),*]
            }
        }
    };
}

exc_types! {
    base_exception;
    exception = "Exception", base_exception;
    base_exception_group = "BaseExceptionGroup", base_exception;
    exception_group = "ExceptionGroup", base_exception_group;
    system_exit = "SystemExit", base_exception;
    keyboard_interrupt = "KeyboardInterrupt", base_exception;
    generator_exit = "GeneratorExit", base_exception;
    arithmetic_error = "ArithmeticError", exception;
    overflow_error = "OverflowError", arithmetic_error;
    zero_division_error = "ZeroDivisionError", arithmetic_error;
    floating_point_error = "FloatingPointError", arithmetic_error;
    assertion_error = "AssertionError", exception;
    attribute_error = "AttributeError", exception;
    buffer_error = "BufferError", exception;
    eof_error = "EOFError", exception;
    import_error = "ImportError", exception;
    module_not_found_error = "ModuleNotFoundError", import_error;
    lookup_error = "LookupError", exception;
    index_error = "IndexError", lookup_error;
    key_error = "KeyError", lookup_error;
    memory_error = "MemoryError", exception;
    name_error = "NameError", exception;
    unbound_local_error = "UnboundLocalError", name_error;
    os_error = "OSError", exception;
    file_not_found_error = "FileNotFoundError", os_error;
    permission_error = "PermissionError", os_error;
    file_exists_error = "FileExistsError", os_error;
    is_a_directory_error = "IsADirectoryError", os_error;
    not_a_directory_error = "NotADirectoryError", os_error;
    interrupted_error = "InterruptedError", os_error;
    timeout_error = "TimeoutError", os_error;
    blocking_io_error = "BlockingIOError", os_error;
    child_process_error = "ChildProcessError", os_error;
    process_lookup_error = "ProcessLookupError", os_error;
    connection_error = "ConnectionError", os_error;
    broken_pipe_error = "BrokenPipeError", connection_error;
    connection_aborted_error = "ConnectionAbortedError", connection_error;
    connection_refused_error = "ConnectionRefusedError", connection_error;
    connection_reset_error = "ConnectionResetError", connection_error;
    reference_error = "ReferenceError", exception;
    runtime_error = "RuntimeError", exception;
    not_implemented_error = "NotImplementedError", runtime_error;
    recursion_error = "RecursionError", runtime_error;
    stop_async_iteration = "StopAsyncIteration", exception;
    stop_iteration = "StopIteration", exception;
    syntax_error = "SyntaxError", exception;
    indentation_error = "IndentationError", syntax_error;
    tab_error = "TabError", indentation_error;
    system_error = "SystemError", exception;
    type_error = "TypeError", exception;
    value_error = "ValueError", exception;
    unicode_error = "UnicodeError", value_error;
    unicode_decode_error = "UnicodeDecodeError", unicode_error;
    unicode_encode_error = "UnicodeEncodeError", unicode_error;
    warning = "Warning", exception;
    user_warning = "UserWarning", warning;
    deprecation_warning = "DeprecationWarning", warning;
    runtime_warning = "RuntimeWarning", warning;
}

macro_rules! builtin_types {
    ($int:ident; $($field:ident = $name:expr, $layout:ident;)*) => {
        pub struct Types {
            pub type_: ObjRef,
            pub object: ObjRef,
            pub bool_: ObjRef,
            $(pub $field: ObjRef,)*
            pub exc: ExcTypes,
        }
        impl Types {
            pub fn bootstrap() -> Types {
                let type_ = ObjRef::new_self_typed(TypeObj {
                    name: Mut::new("type".into()),
                    qualname: Mut::new("type".into()),
                    bases: Mut::new(vec![]),
                    mro: Mut::new(vec![]),
                    dict: Mut::new(DictTable::default()),
                    layout: Kind::Type,
                    heap_type: false,
                    finalizer: std::cell::Cell::new(false),
            slots: Mut::new(None),
                });
                let object = new_type(&type_, "object", vec![], Kind::Instance, false);
                type_.expect::<TypeObj>().bases.with(|b| b.push(object.clone()));
                type_.expect::<TypeObj>().mro.with(|b| b.push(object.clone()));
                $(let $field = new_type(&type_, $name, vec![object.clone()], Kind::$layout, false);)*
                let bool_ = new_type(&type_, "bool", vec![$int.clone()], Kind::Int, false);
                let exc = ExcTypes::new(&type_, &object);
                // ExceptionGroup derives from both BaseExceptionGroup and Exception.
                let eg_bases = vec![exc.base_exception_group.clone(), exc.exception.clone()];
                let eg_mro = c3_rest(&eg_bases).expect("ExceptionGroup MRO");
                let egt = exc.exception_group.expect::<TypeObj>();
                egt.bases.with(|b| *b = eg_bases);
                egt.mro.with(|m| *m = eg_mro);
                Types { type_, object, bool_, $($field,)* exc }
            }
        }
    };
}

builtin_types! {
    int;
    int = "int", Int;
    float = "float", Float;
    str_ = "str", Str;
    bytes = "bytes", Bytes;
    tuple = "tuple", Tuple;
    list = "list", List;
    dict = "dict", Dict;
    set = "set", Set;
    frozenset = "frozenset", Set;
    range = "range", Range;
    slice = "slice", Slice;
    none_type = "NoneType", Unit;
    ellipsis_type = "ellipsis", Unit;
    notimpl_type = "NotImplementedType", Unit;
    function = "function", Function;
    builtin_function = "builtin_function_or_method", Builtin;
    method = "method", Method;
    code = "code", Code;
    cell = "cell", Cell;
    module = "module", Module;
    property = "property", Property;
    classmethod = "classmethod", Wrapper;
    staticmethod = "staticmethod", Wrapper;
    generator = "generator", Generator;
    coroutine = "coroutine", Generator;
    async_generator = "async_generator", Generator;
    async_gen_asend = "async_generator_asend", AsyncGenOp;
    async_gen_wrapped = "async_generator_wrapped_value", Wrapper;
    text_io = "TextIOWrapper", File;
    buffered_reader = "BufferedReader", File;
    buffered_writer = "BufferedWriter", File;
    traceback = "traceback", Traceback;
    list_iterator = "list_iterator", Iter;
    tuple_iterator = "tuple_iterator", Iter;
    str_iterator = "str_ascii_iterator", Iter;
    range_iterator = "range_iterator", Iter;
    longrange_iterator = "longrange_iterator", Iter;
    dict_keyiterator = "dict_keyiterator", Iter;
    dict_valueiterator = "dict_valueiterator", Iter;
    dict_itemiterator = "dict_itemiterator", Iter;
    set_iterator = "set_iterator", Iter;
    reversed = "reversed", Iter;
    enumerate = "enumerate", Iter;
    zip = "zip", Iter;
    map = "map", Iter;
    filter = "filter", Iter;
    callable_iterator = "callable_iterator", Iter;
    dict_keys = "dict_keys", Wrapper;
    dict_values = "dict_values", Wrapper;
    dict_items = "dict_items", Wrapper;
    super_ = "super", Tuple;
    complex = "complex", Complex;
    bytearray = "bytearray", ByteArray;
    bytearray_iterator = "bytearray_iterator", Iter;
    memoryview = "memoryview", MemoryView;
    memory_iterator = "memory_iterator", Iter;
    member_descriptor = "member_descriptor", Wrapper;
    async_gen_athrow = "async_generator_athrow", AsyncGenOp;
    mappingproxy = "mappingproxy", Wrapper;
    union_type = "types.UnionType", Wrapper;
    generic_alias = "types.GenericAlias", Wrapper;
}

/// Creates a type with single or multiple inheritance (MRO by C3; the type itself is not stored
/// in its own MRO list, which would be a reference cycle).
pub fn new_type(meta: &ObjRef, name: &str, bases: Vec<ObjRef>, layout: Kind, heap_type: bool) -> ObjRef {
    let mro = c3_rest(&bases).unwrap_or_else(|| bases.clone());
    let ty = ObjRef::new(
        meta,
        TypeObj {
            name: Mut::new(name.into()),
            qualname: Mut::new(name.into()),
            bases: Mut::new(bases),
            mro: Mut::new(mro),
            dict: Mut::new(DictTable::default()),
            layout,
            heap_type,
            finalizer: std::cell::Cell::new(false),
            slots: Mut::new(None),
        },
    );
    if heap_type {
        crate::heap::mark_heap_type(&ty);
    }
    ty
}

/// The full MRO of `ty` (itself first).
pub fn mro(ty: &ObjRef) -> Vec<ObjRef> {
    let mut v = vec![ty.clone()];
    if let Some(t) = ty.get::<TypeObj>() {
        t.mro.with(|m| v.extend(m.iter().cloned()));
    }
    v
}

/// C3 linearisation of the bases' MROs (without the class itself); None if inconsistent.
pub fn c3_rest(bases: &[ObjRef]) -> Option<Vec<ObjRef>> {
    let mut seqs: Vec<Vec<ObjRef>> = bases.iter().map(mro).collect();
    seqs.push(bases.to_vec());
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Some(out);
        }
        let cand = seqs
            .iter()
            .map(|s| s[0].clone())
            .find(|c| !seqs.iter().any(|s| s[1..].iter().any(|x| x.is(c))))?;
        for s in seqs.iter_mut() {
            if s[0].is(&cand) {
                s.remove(0);
            }
        }
        out.push(cand);
    }
}

pub fn type_name(ty: &ObjRef) -> String {
    match ty.get::<TypeObj>() {
        Some(t) => t.name.with(|n| n.clone()),
        None => "?".into(),
    }
}

/// Whether `ty` is `base` or derives from it.
pub fn is_subtype(ty: &ObjRef, base: &ObjRef) -> bool {
    if ty.is(base) {
        return true;
    }
    match ty.get::<TypeObj>() {
        Some(t) => t.mro.with(|m| m.iter().any(|x| x.is(base))),
        None => false,
    }
}
