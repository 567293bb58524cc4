//! The marshal reader: CPython 3.11 marshal data (any version 0-4) into [`CodeObject`]s and
//! [`Constant`]s.
//!
//! Untrusted input: every length is checked against the bytes left before anything is allocated,
//! nesting is bounded like CPython's (2000), and back-references that would expand the tree beyond
//! a budget proportional to the input are refused, so a small file cannot make a huge object.

use pyrite_ir::code::{CodeObject, Constant};
use pyrite_ir::pyint::PyInt;
use pyrite_ir::pystr::PyStr;
use std::fmt;

/// marshal type codes (Python/marshal.c).
pub mod types {
    pub const NULL: u8 = b'0';
    pub const NONE: u8 = b'N';
    pub const FALSE: u8 = b'F';
    pub const TRUE: u8 = b'T';
    pub const STOPITER: u8 = b'S';
    pub const ELLIPSIS: u8 = b'.';
    pub const INT: u8 = b'i';
    pub const INT64: u8 = b'I';
    pub const FLOAT: u8 = b'f';
    pub const BINARY_FLOAT: u8 = b'g';
    pub const COMPLEX: u8 = b'x';
    pub const BINARY_COMPLEX: u8 = b'y';
    pub const LONG: u8 = b'l';
    pub const STRING: u8 = b's';
    pub const INTERNED: u8 = b't';
    pub const REF: u8 = b'r';
    pub const TUPLE: u8 = b'(';
    pub const LIST: u8 = b'[';
    pub const DICT: u8 = b'{';
    pub const CODE: u8 = b'c';
    pub const UNICODE: u8 = b'u';
    pub const UNKNOWN: u8 = b'?';
    pub const SET: u8 = b'<';
    pub const FROZENSET: u8 = b'>';
    pub const ASCII: u8 = b'a';
    pub const ASCII_INTERNED: u8 = b'A';
    pub const SMALL_TUPLE: u8 = b')';
    pub const SHORT_ASCII: u8 = b'z';
    pub const SHORT_ASCII_INTERNED: u8 = b'Z';
    pub const FLAG_REF: u8 = 0x80;
}

use types::*;

/// CPython's MAX_MARSHAL_STACK_DEPTH.
pub const MAX_DEPTH: usize = 2000;

/// Why marshal data could not be read; `offset` is where in the input the problem was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarshalError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for MarshalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad marshal data at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for MarshalError {}

/// One flagged (FLAG_REF) object, as the reader met it: what later back-references resolve to.
#[derive(Clone, Debug)]
pub enum RefSlot {
    /// Reserved for a container still being read (a reference to it is a cycle: refused).
    Pending,
    Value(Value),
}

/// Anything marshal can hold in a code object: a constant, or a code object's own parts
/// (co_code and the tables are bytes constants; names are str constants).
pub type Value = Constant;

/// A marshal reader over a byte slice.
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    depth: usize,
    refs: Vec<RefSlot>,
    /// Node counts of ref slots, to charge expansions against `budget`.
    ref_sizes: Vec<usize>,
    budget: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        // Back-references may duplicate subtrees (CPython shares them instead); allow a generous
        // multiple of what the input could spell out directly.
        let budget = data.len().saturating_mul(64).saturating_add(1 << 20);
        Reader { data, pos: 0, depth: 0, refs: Vec::new(), ref_sizes: Vec::new(), budget }
    }

    /// Current offset in the input.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Number of flagged objects met so far.
    pub fn ref_count(&self) -> usize {
        self.refs.len()
    }

    fn err<T>(&self, at: usize, message: impl Into<String>) -> Result<T, MarshalError> {
        Err(MarshalError { offset: at, message: message.into() })
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], MarshalError> {
        if self.data.len() - self.pos < n {
            return self.err(
                self.pos,
                format!(
                    "EOF read where object expected (need {n} bytes, {} left)",
                    self.data.len() - self.pos
                ),
            );
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn byte(&mut self) -> Result<u8, MarshalError> {
        Ok(self.take(1)?[0])
    }

    fn i32(&mut self) -> Result<i32, MarshalError> {
        let b = self.take(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A length field: non-negative and not larger than the bytes left divided by the smallest
    /// encoding of one element, so it can never ask for an allocation the input cannot back.
    fn size(&mut self, min_bytes_each: usize, what: &str) -> Result<usize, MarshalError> {
        let at = self.pos;
        let n = self.i32()?;
        if n < 0 {
            return self.err(at, format!("{what} size out of range ({n})"));
        }
        let n = n as usize;
        let left = self.data.len() - self.pos;
        if n.saturating_mul(min_bytes_each) > left {
            return self.err(at, format!("{what} size {n} exceeds the {left} bytes left"));
        }
        Ok(n)
    }

    fn f64(&mut self) -> Result<f64, MarshalError> {
        let b = self.take(8)?;
        Ok(f64::from_le_bytes(b.try_into().expect("8 bytes")))
    }

    fn text_float(&mut self) -> Result<f64, MarshalError> {
        let at = self.pos;
        let n = self.byte()? as usize;
        let b = self.take(n)?;
        let s = std::str::from_utf8(b).ok();
        match s.and_then(parse_python_float) {
            Some(v) => Ok(v),
            None => self.err(at, "invalid float literal"),
        }
    }

    /// Reads one object.
    pub fn read_object(&mut self) -> Result<Value, MarshalError> {
        if self.depth >= MAX_DEPTH {
            return self.err(self.pos, "recursion limit exceeded (object nested too deeply)");
        }
        self.depth += 1;
        let r = self.read_object_inner();
        self.depth -= 1;
        r
    }

    /// Registers a finished flagged object.
    fn push_ref(&mut self, v: &Value) {
        self.ref_sizes.push(v.node_count());
        self.refs.push(RefSlot::Value(v.clone()));
    }

    fn read_object_inner(&mut self) -> Result<Value, MarshalError> {
        let at = self.pos;
        let code = self.byte()?;
        let flag = code & FLAG_REF != 0;
        let ty = code & !FLAG_REF;
        let simple = |v: Value, this: &mut Self| {
            if flag {
                this.push_ref(&v);
            }
            Ok(v)
        };
        match ty {
            NONE => Ok(Constant::None),
            FALSE => Ok(Constant::Bool(false)),
            TRUE => Ok(Constant::Bool(true)),
            ELLIPSIS => Ok(Constant::Ellipsis),
            NULL => self.err(at, "NULL object where a value is expected"),
            STOPITER => self.err(at, "StopIteration is not a code-object constant"),
            INT => {
                let v = self.i32()?;
                simple(Constant::Int(PyInt::Small(v as i64)), self)
            }
            INT64 => {
                let b = self.take(8)?;
                let v = i64::from_le_bytes(b.try_into().expect("8 bytes"));
                simple(Constant::Int(PyInt::Small(v)), self)
            }
            LONG => {
                let n = self.i32()?;
                if n == i32::MIN {
                    return self.err(at, "long size out of range");
                }
                let count = n.unsigned_abs() as usize;
                if count.saturating_mul(2) > self.data.len() - self.pos {
                    return self.err(at, format!("long of {count} digits exceeds the bytes left"));
                }
                let mut digits = Vec::with_capacity(count);
                for _ in 0..count {
                    let b = self.take(2)?;
                    let d = u16::from_le_bytes([b[0], b[1]]);
                    if d >= 1 << 15 {
                        return self.err(self.pos - 2, "digit out of range in long");
                    }
                    digits.push(d);
                }
                if digits.last() == Some(&0) {
                    return self.err(at, "unnormalized long data");
                }
                simple(Constant::Int(PyInt::from_digits15(n < 0, &digits)), self)
            }
            FLOAT => {
                let v = self.text_float()?;
                simple(Constant::Float(v), self)
            }
            BINARY_FLOAT => {
                let v = self.f64()?;
                simple(Constant::Float(v), self)
            }
            COMPLEX => {
                let real = self.text_float()?;
                let imag = self.text_float()?;
                simple(Constant::Complex { real, imag }, self)
            }
            BINARY_COMPLEX => {
                let real = self.f64()?;
                let imag = self.f64()?;
                simple(Constant::Complex { real, imag }, self)
            }
            STRING => {
                let n = self.size(1, "bytes")?;
                let b = self.take(n)?.to_vec();
                simple(Constant::Bytes(b), self)
            }
            UNICODE | INTERNED => {
                let n = self.size(1, "str")?;
                let b = self.take(n)?;
                match PyStr::from_utf8_surrogatepass(b) {
                    Some(s) => simple(Constant::Str(s), self),
                    None => self.err(at, "str is not valid UTF-8"),
                }
            }
            ASCII | ASCII_INTERNED => {
                let n = self.size(1, "str")?;
                let b = self.take(n)?;
                simple(Constant::Str(PyStr::from_latin1(b)), self)
            }
            SHORT_ASCII | SHORT_ASCII_INTERNED => {
                let n = self.byte()? as usize;
                let b = self.take(n)?;
                simple(Constant::Str(PyStr::from_latin1(b)), self)
            }
            TUPLE | SMALL_TUPLE | FROZENSET => {
                let n = if ty == SMALL_TUPLE { self.byte()? as usize } else { self.size(1, "tuple")? };
                let slot = self.reserve(flag);
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.read_object()?);
                }
                let v = if ty == FROZENSET { Constant::FrozenSet(items) } else { Constant::Tuple(items) };
                self.fill(slot, &v);
                Ok(v)
            }
            LIST | DICT | SET => self.err(at, format!("{} is not a code-object constant", type_label(ty))),
            CODE => {
                let slot = self.reserve(flag);
                let c = self.read_code_body()?;
                let v = Constant::Code(Box::new(c));
                self.fill(slot, &v);
                Ok(v)
            }
            REF => {
                let n = self.i32()?;
                if n < 0 || n as usize >= self.refs.len() {
                    return self.err(
                        at,
                        format!("invalid reference {n} ({} objects flagged so far)", self.refs.len()),
                    );
                }
                let i = n as usize;
                match &self.refs[i] {
                    RefSlot::Pending => self.err(at, format!("reference {n} to an object still being read")),
                    RefSlot::Value(v) => {
                        let cost = self.ref_sizes[i];
                        if cost > self.budget {
                            return self.err(at, "back-references expand beyond any plausible object size");
                        }
                        self.budget -= cost;
                        Ok(v.clone())
                    }
                }
            }
            _ => self.err(at, format!("unknown type code 0x{code:02x}")),
        }
    }

    fn reserve(&mut self, flag: bool) -> Option<usize> {
        flag.then(|| {
            self.refs.push(RefSlot::Pending);
            self.ref_sizes.push(0);
            self.refs.len() - 1
        })
    }

    fn fill(&mut self, slot: Option<usize>, v: &Value) {
        if let Some(i) = slot {
            self.ref_sizes[i] = v.node_count();
            self.refs[i] = RefSlot::Value(v.clone());
        }
    }

    fn u32_field(&mut self, what: &str) -> Result<u32, MarshalError> {
        let at = self.pos;
        let v = self.i32()?;
        if v < 0 {
            return self.err(at, format!("code object {what} is negative ({v})"));
        }
        Ok(v as u32)
    }

    fn bytes_field(&mut self, what: &str) -> Result<Vec<u8>, MarshalError> {
        let at = self.pos;
        match self.read_object()? {
            Constant::Bytes(b) => Ok(b),
            other => self.err(at, format!("code object {what} is a {}, expected bytes", other.type_name())),
        }
    }

    fn str_field(&mut self, what: &str) -> Result<PyStr, MarshalError> {
        let at = self.pos;
        match self.read_object()? {
            Constant::Str(s) => Ok(s),
            other => self.err(at, format!("code object {what} is a {}, expected str", other.type_name())),
        }
    }

    fn tuple_field(&mut self, what: &str) -> Result<Vec<Constant>, MarshalError> {
        let at = self.pos;
        match self.read_object()? {
            Constant::Tuple(t) => Ok(t),
            other => self.err(at, format!("code object {what} is a {}, expected tuple", other.type_name())),
        }
    }

    fn str_tuple_field(&mut self, what: &str) -> Result<Vec<PyStr>, MarshalError> {
        let at = self.pos;
        let items = self.tuple_field(what)?;
        items
            .into_iter()
            .map(|c| match c {
                Constant::Str(s) => Ok(s),
                other => {
                    self.err(at, format!("code object {what} holds a {}, expected str", other.type_name()))
                }
            })
            .collect()
    }

    fn read_code_body(&mut self) -> Result<CodeObject, MarshalError> {
        let start = self.pos;
        let argcount = self.u32_field("argcount")?;
        let posonlyargcount = self.u32_field("posonlyargcount")?;
        let kwonlyargcount = self.u32_field("kwonlyargcount")?;
        let stacksize = self.u32_field("stacksize")?;
        let flags = self.i32()? as u32;
        let code = self.bytes_field("co_code")?;
        let consts = self.tuple_field("co_consts")?;
        let names = self.str_tuple_field("co_names")?;
        let localsplusnames = self.str_tuple_field("co_localsplusnames")?;
        let localspluskinds = self.bytes_field("co_localspluskinds")?;
        let filename = self.str_field("co_filename")?;
        let name = self.str_field("co_name")?;
        let qualname = self.str_field("co_qualname")?;
        let firstlineno = self.i32()? as u32;
        let linetable = self.bytes_field("co_linetable")?;
        let exceptiontable = self.bytes_field("co_exceptiontable")?;
        // The checks of CPython's _PyCode_Validate that keep later stages safe.
        if code.len() % 2 != 0 || code.is_empty() {
            return self.err(start, format!("code object co_code has odd or zero length {}", code.len()));
        }
        if localspluskinds.len() != localsplusnames.len() {
            return self.err(start, "code object co_localspluskinds and co_localsplusnames differ in length");
        }
        if posonlyargcount > argcount || (argcount as usize + kwonlyargcount as usize) > localsplusnames.len()
        {
            return self.err(start, "code object argument counts exceed its locals");
        }
        Ok(CodeObject {
            argcount,
            posonlyargcount,
            kwonlyargcount,
            stacksize,
            flags,
            code,
            consts,
            names,
            localsplusnames,
            localspluskinds,
            filename,
            name,
            qualname,
            firstlineno,
            linetable,
            exceptiontable,
        })
    }
}

fn type_label(ty: u8) -> &'static str {
    match ty {
        LIST => "list",
        DICT => "dict",
        SET => "set",
        _ => "object",
    }
}

/// Python's float() of marshal's old text format (versions 0 and 1).
fn parse_python_float(s: &str) -> Option<f64> {
    match s.to_ascii_lowercase().as_str() {
        "inf" | "+inf" | "infinity" => Some(f64::INFINITY),
        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
        "nan" | "+nan" => Some(f64::NAN),
        "-nan" => Some(-f64::NAN),
        t => t.parse().ok(),
    }
}

/// `marshal.loads(data)` for data holding one value, which must end the input.
pub fn loads(data: &[u8]) -> Result<Value, MarshalError> {
    let mut r = Reader::new(data);
    let v = r.read_object()?;
    Ok(v)
}

/// `marshal.loads(data)` where the value must be a code object.
pub fn loads_code(data: &[u8]) -> Result<CodeObject, MarshalError> {
    match loads(data)? {
        Constant::Code(c) => Ok(*c),
        other => Err(MarshalError {
            offset: 0,
            message: format!("expected a code object, found a {}", other.type_name()),
        }),
    }
}
