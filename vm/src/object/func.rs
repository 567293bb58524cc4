//! Code objects (decoded once for the eval loop), functions, cells, native functions and bound
//! methods.

use crate::heap::{Mut, ObjRef};
use std::rc::Rc;

/// One row of `co_exceptiontable`, in code units.
#[derive(Clone, Copy, Debug)]
pub struct ExcEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub lasti: bool,
}

/// A code object ready to run: constants materialised as objects, names as interned strings.
pub struct Code {
    /// Code units as (opcode, oparg) pairs; cache entries are kept so offsets match CPython's.
    pub units: Vec<(u8, u8)>,
    pub consts: Vec<ObjRef>,
    pub names: Vec<ObjRef>,
    pub localsplusnames: Vec<ObjRef>,
    pub localspluskinds: Vec<u8>,
    pub argcount: usize,
    pub posonlyargcount: usize,
    pub kwonlyargcount: usize,
    pub flags: u32,
    pub stacksize: usize,
    pub filename: String,
    pub name: String,
    pub qualname: String,
    pub firstlineno: u32,
    /// Start line, end line, start column, end column per code unit (from co_linetable).
    pub positions: Vec<Position>,
    pub exc_table: Vec<ExcEntry>,
    /// Indices in localsplus of cell variables that are also arguments (MAKE_CELL copies them).
    pub nlocalsplus: usize,
    /// Inline caches of LOAD_GLOBAL, LOAD_ATTR, LOAD_METHOD and STORE_ATTR.
    pub caches: crate::eval::cache::Caches,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Position {
    pub line: Option<u32>,
    pub end_line: Option<u32>,
    pub col: Option<u32>,
    pub end_col: Option<u32>,
}

pub struct CodeObj(pub Rc<Code>);

pub struct FuncObj {
    pub code: Rc<Code>,
    pub code_obj: ObjRef,
    pub globals: ObjRef,
    pub builtins: ObjRef,
    pub name: Mut<ObjRef>,
    pub qualname: Mut<ObjRef>,
    pub defaults: Mut<Option<ObjRef>>,
    pub kwdefaults: Mut<Option<ObjRef>>,
    pub closure: Option<ObjRef>,
    pub annotations: Mut<Option<ObjRef>>,
    pub dict: Mut<Option<ObjRef>>,
    pub doc: Mut<Option<ObjRef>>,
    pub module: Mut<Option<ObjRef>>,
}

pub struct CellObj(pub Mut<Option<ObjRef>>);

/// The calling convention of native functions: positional arguments followed by the values of
/// keyword arguments whose names are in `kwnames` (CPython's vectorcall).
pub type NativeFn = fn(&mut crate::Vm, &[ObjRef], &[ObjRef]) -> crate::PyResult;

pub struct BuiltinObj {
    pub name: &'static str,
    pub f: NativeFn,
    /// Bound receiver (for `module.func` style natives), passed as the first argument.
    pub bound: Option<ObjRef>,
    /// The builtin type whose namespace holds this method (CPython's method descriptor):
    /// natives read their receiver with `expect`, so a call must check it first.
    pub owner: Option<ObjRef>,
    /// How CPython parses this builtin's arguments, when the call path checks their count.
    pub clinic: Option<crate::builtins::clinic::Clinic>,
}

pub struct MethodObj {
    pub func: ObjRef,
    pub receiver: ObjRef,
}
