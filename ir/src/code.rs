//! CPython 3.11 code objects and the constants they hold: the output of `assemble`, the input of
//! `serialize`, what the marshal reader produces and what the VM runs.
//!
//! Field names follow `co_*` without the prefix. Every field marshal writes is here, in marshal's
//! order, so a code object read from a .pyc can be written back byte for byte.

use crate::pyint::PyInt;
use crate::pystr::PyStr;
use serde::Serialize;

/// `co_flags` bits (Include/cpython/code.h).
pub mod flags {
    pub const OPTIMIZED: u32 = 0x0001;
    pub const NEWLOCALS: u32 = 0x0002;
    pub const VARARGS: u32 = 0x0004;
    pub const VARKEYWORDS: u32 = 0x0008;
    pub const NESTED: u32 = 0x0010;
    pub const GENERATOR: u32 = 0x0020;
    pub const NOFREE: u32 = 0x0040;
    pub const COROUTINE: u32 = 0x0080;
    pub const ITERABLE_COROUTINE: u32 = 0x0100;
    pub const ASYNC_GENERATOR: u32 = 0x0200;
    /// Names as `dis` prints them (`inspect.COMPILER_FLAG_NAMES`), lowest bit first.
    pub const NAMES: [(u32, &str); 10] = [
        (OPTIMIZED, "OPTIMIZED"),
        (NEWLOCALS, "NEWLOCALS"),
        (VARARGS, "VARARGS"),
        (VARKEYWORDS, "VARKEYWORDS"),
        (NESTED, "NESTED"),
        (GENERATOR, "GENERATOR"),
        (NOFREE, "NOFREE"),
        (COROUTINE, "COROUTINE"),
        (ITERABLE_COROUTINE, "ITERABLE_COROUTINE"),
        (ASYNC_GENERATOR, "ASYNC_GENERATOR"),
    ];
}

/// `co_localspluskinds` bits.
pub mod kinds {
    pub const ARG_VAR: u8 = 0x04;
    pub const ARG_KW: u8 = 0x08;
    pub const LOCAL: u8 = 0x20;
    pub const CELL: u8 = 0x40;
    pub const FREE: u8 = 0x80;
}

/// A value that can appear in `co_consts` (everything marshal can write inside a code object).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum Constant {
    None,
    Ellipsis,
    Bool(bool),
    Int(PyInt),
    Float(f64),
    Complex {
        real: f64,
        imag: f64,
    },
    Str(PyStr),
    Bytes(#[serde(serialize_with = "ser_bytes")] Vec<u8>),
    Tuple(Vec<Constant>),
    /// Items in the order marshal stored them (sorted by their marshal bytes since 3.11); the
    /// hash-table order Python iterates in is computed by `pyhash::set_order`.
    FrozenSet(Vec<Constant>),
    Code(Box<CodeObject>),
}

fn ser_bytes<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::code::hex(b))
}

/// Lower-case hex of bytes.
pub fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    s
}

impl Constant {
    /// A short type name, as Python's `type(x).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Constant::None => "NoneType",
            Constant::Ellipsis => "ellipsis",
            Constant::Bool(_) => "bool",
            Constant::Int(_) => "int",
            Constant::Float(_) => "float",
            Constant::Complex { .. } => "complex",
            Constant::Str(_) => "str",
            Constant::Bytes(_) => "bytes",
            Constant::Tuple(_) => "tuple",
            Constant::FrozenSet(_) => "frozenset",
            Constant::Code(_) => "code",
        }
    }

    /// Number of nodes in this constant's tree (itself included); bounds reader expansion.
    pub fn node_count(&self) -> usize {
        match self {
            Constant::Tuple(v) | Constant::FrozenSet(v) => {
                1 + v.iter().map(Constant::node_count).sum::<usize>()
            }
            Constant::Code(c) => c.node_count(),
            _ => 1,
        }
    }

    /// Identity-free equality as code objects compare constants: same type and same value, floats
    /// by bits (so `0.0` and `-0.0` differ and NaN equals itself), recursively.
    pub fn same_value(&self, other: &Constant) -> bool {
        match (self, other) {
            (Constant::Float(a), Constant::Float(b)) => a.to_bits() == b.to_bits(),
            (Constant::Complex { real: a, imag: b }, Constant::Complex { real: c, imag: d }) => {
                a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
            }
            (Constant::Tuple(a), Constant::Tuple(b)) | (Constant::FrozenSet(a), Constant::FrozenSet(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_value(y))
            }
            (Constant::Code(a), Constant::Code(b)) => a.same_value(b),
            _ => self == other,
        }
    }
}

/// A CPython 3.11 code object (`types.CodeType`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CodeObject {
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub stacksize: u32,
    pub flags: u32,
    /// `co_code`: 2-byte code units, cache entries included (zeroed as emitted).
    #[serde(serialize_with = "ser_bytes")]
    pub code: Vec<u8>,
    pub consts: Vec<Constant>,
    pub names: Vec<PyStr>,
    /// Locals, then cells that are not arguments/locals, then free variables.
    pub localsplusnames: Vec<PyStr>,
    /// One [`kinds`] byte per `localsplusnames` entry.
    #[serde(serialize_with = "ser_bytes")]
    pub localspluskinds: Vec<u8>,
    pub filename: PyStr,
    pub name: PyStr,
    pub qualname: PyStr,
    pub firstlineno: u32,
    /// `co_linetable` (location table, Objects/locations.md).
    #[serde(serialize_with = "ser_bytes")]
    pub linetable: Vec<u8>,
    /// `co_exceptiontable` (Objects/exception_handling_notes.txt).
    #[serde(serialize_with = "ser_bytes")]
    pub exceptiontable: Vec<u8>,
}

impl CodeObject {
    /// Number of constant/code nodes in this code object's tree, itself included.
    pub fn node_count(&self) -> usize {
        1 + self.consts.iter().map(Constant::node_count).sum::<usize>()
    }

    /// The names of variables of one kind, in `localsplusnames` order.
    fn vars_with(&self, pred: impl Fn(u8) -> bool) -> Vec<&PyStr> {
        self.localsplusnames
            .iter()
            .zip(&self.localspluskinds)
            .filter(|(_, &k)| pred(k))
            .map(|(n, _)| n)
            .collect()
    }

    /// `co_varnames`.
    pub fn varnames(&self) -> Vec<&PyStr> {
        self.vars_with(|k| k & kinds::LOCAL != 0)
    }

    /// `co_cellvars`.
    pub fn cellvars(&self) -> Vec<&PyStr> {
        self.vars_with(|k| k & kinds::CELL != 0)
    }

    /// `co_freevars`.
    pub fn freevars(&self) -> Vec<&PyStr> {
        self.vars_with(|k| k & kinds::FREE != 0)
    }

    /// Number of code units.
    pub fn code_units(&self) -> usize {
        self.code.len() / 2
    }

    /// Equality the way `code.__eq__` sees it, minus de-specialisation (files hold base opcodes).
    pub fn same_value(&self, o: &CodeObject) -> bool {
        self.argcount == o.argcount
            && self.posonlyargcount == o.posonlyargcount
            && self.kwonlyargcount == o.kwonlyargcount
            && self.stacksize == o.stacksize
            && self.flags == o.flags
            && self.code == o.code
            && self.consts.len() == o.consts.len()
            && self.consts.iter().zip(&o.consts).all(|(a, b)| a.same_value(b))
            && self.names == o.names
            && self.localsplusnames == o.localsplusnames
            && self.localspluskinds == o.localspluskinds
            && self.filename == o.filename
            && self.name == o.name
            && self.qualname == o.qualname
            && self.firstlineno == o.firstlineno
            && self.linetable == o.linetable
            && self.exceptiontable == o.exceptiontable
    }
}
