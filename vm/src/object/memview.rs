//! `memoryview`: a view (format, shape, strides) on the buffer of a bytes or bytearray, and the
//! struct-module element codecs of the native single-character formats.

use crate::heap::{Kind, Mut, ObjRef, Trace};
use crate::object::bytearray::ByteArrayObj;
use crate::object::bytes::BytesObj;

/// How the view's elements lie in the exporter's bytes (CPython's Py_buffer without suboffsets).
#[derive(Clone, Debug)]
pub struct Layout {
    /// As given to `cast` (an optional '@' before the format character).
    pub format: String,
    pub itemsize: usize,
    /// Byte offset of the first element.
    pub offset: isize,
    pub shape: Vec<usize>,
    pub strides: Vec<isize>,
}

pub struct MemoryViewObj {
    /// The exporting object (a bytes or bytearray); None once the view is released.
    pub base: Mut<Option<ObjRef>>,
    pub layout: Layout,
    pub readonly: bool,
}

// The base is a bytes or bytearray, which holds no references: a view takes part in no cycle, so
// its kind is not a container and the collector never needs to see the base.
impl Trace for MemoryViewObj {}

impl MemoryViewObj {
    /// A view on `base` (which gains an export when it is a bytearray, so that it cannot be
    /// resized while the view lives).
    pub fn new(base: ObjRef, layout: Layout, readonly: bool) -> MemoryViewObj {
        if let Some(a) = base.get::<ByteArrayObj>() {
            a.1.set(a.1.get() + 1);
        }
        MemoryViewObj { base: Mut::new(Some(base)), layout, readonly }
    }

    /// A view of the whole of a bytes or bytearray, one unsigned byte per element.
    pub fn whole(base: ObjRef, len: usize, readonly: bool) -> MemoryViewObj {
        let layout =
            Layout { format: "B".into(), itemsize: 1, offset: 0, shape: vec![len], strides: vec![1] };
        MemoryViewObj::new(base, layout, readonly)
    }

    pub fn base(&self) -> Option<ObjRef> {
        self.base.with(|b| b.clone())
    }

    pub fn is_released(&self) -> bool {
        self.base.with(|b| b.is_none())
    }

    /// Gives up the view's hold on its exporter (idempotent).
    pub fn release(&self) {
        let old = self.base.with(Option::take);
        if let Some(a) = old.as_ref().and_then(|b| b.get::<ByteArrayObj>()) {
            a.1.set(a.1.get() - 1);
        }
        drop(old);
    }

    /// Runs `f` on the exporter's bytes (None once released).
    pub fn with_data<R>(&self, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
        let base = self.base()?;
        match base.kind() {
            Kind::Bytes => Some(f(&base.expect::<BytesObj>().b)),
            _ => Some(base.expect::<ByteArrayObj>().0.with(|v| f(v))),
        }
    }

    /// Runs `f` on the exporter's bytes for writing (None once released or when read-only).
    pub fn with_data_mut<R>(&self, f: impl FnOnce(&mut [u8]) -> R) -> Option<R> {
        let base = self.base()?;
        base.get::<ByteArrayObj>().map(|a| a.0.with(|v| f(v)))
    }

    /// The elements in C order, as bytes (`tobytes()`).
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        let l = &self.layout;
        let offs = l.element_offsets(false);
        self.with_data(|d| {
            let mut out = Vec::with_capacity(offs.len() * l.itemsize);
            for o in offs {
                out.extend_from_slice(&d[o..o + l.itemsize]);
            }
            out
        })
    }
}

impl Drop for MemoryViewObj {
    fn drop(&mut self) {
        self.release();
    }
}

impl Layout {
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    pub fn nitems(&self) -> usize {
        self.shape.iter().product()
    }

    pub fn nbytes(&self) -> usize {
        self.nitems() * self.itemsize
    }

    /// The format character without its '@'.
    pub fn code(&self) -> char {
        self.format.chars().last().unwrap_or('B')
    }

    /// Byte offsets of every element, in C (row-major) or Fortran (column-major) order.
    pub fn element_offsets(&self, fortran: bool) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.nitems());
        let n = self.ndim();
        if n == 0 {
            out.push(self.offset as usize);
            return out;
        }
        if self.nitems() == 0 {
            return out;
        }
        let mut idx = vec![0usize; n];
        loop {
            let off: isize =
                self.offset + idx.iter().zip(&self.strides).map(|(&i, &s)| i as isize * s).sum::<isize>();
            out.push(off as usize);
            // Advance the fastest-varying index: the last in C order, the first in Fortran order.
            let mut k = 0;
            loop {
                let d = if fortran { k } else { n - 1 - k };
                idx[d] += 1;
                if idx[d] < self.shape[d] {
                    break;
                }
                idx[d] = 0;
                k += 1;
                if k == n {
                    return out;
                }
            }
        }
    }

    /// Strides of a C-contiguous array of this shape and itemsize.
    pub fn c_strides(shape: &[usize], itemsize: usize) -> Vec<isize> {
        let mut strides = vec![0isize; shape.len()];
        let mut sd = itemsize as isize;
        for i in (0..shape.len()).rev() {
            strides[i] = sd;
            sd *= shape[i] as isize;
        }
        strides
    }

    fn contiguous(&self, fortran: bool) -> bool {
        match self.ndim() {
            0 => true,
            1 => self.shape[0] == 1 || self.strides[0] == self.itemsize as isize,
            n => {
                if self.nitems() == 0 {
                    return true;
                }
                let mut sd = self.itemsize as isize;
                for k in 0..n {
                    let d = if fortran { k } else { n - 1 - k };
                    if self.shape[d] > 1 && self.strides[d] != sd {
                        return false;
                    }
                    sd *= self.shape[d] as isize;
                }
                true
            }
        }
    }

    pub fn c_contiguous(&self) -> bool {
        self.contiguous(false)
    }

    pub fn f_contiguous(&self) -> bool {
        self.contiguous(true)
    }
}

/// The size of a native single-character struct format (with an optional '@'), or None.
pub fn native_size(fmt: &str) -> Option<(char, usize)> {
    let f = fmt.strip_prefix('@').unwrap_or(fmt);
    let mut cs = f.chars();
    let c = cs.next()?;
    if cs.next().is_some() {
        return None;
    }
    let size = match c {
        'c' | 'b' | 'B' | '?' => 1,
        'h' | 'H' => 2,
        'i' | 'I' | 'f' => 4,
        'l' | 'L' | 'q' | 'Q' | 'n' | 'N' | 'd' | 'P' => 8,
        _ => return None,
    };
    Some((c, size))
}

pub fn is_byte_format(c: char) -> bool {
    matches!(c, 'b' | 'B' | 'c')
}

/// One element's value, as the struct module gives it.
#[derive(Clone, Copy, Debug)]
pub enum Item {
    Int(i128),
    Float(f64),
    Bool(bool),
    Byte(u8),
}

impl Item {
    /// Python's `==` between two unpacked values.
    pub fn py_eq(self, o: Item) -> bool {
        use Item::*;
        let num = |x: Item| match x {
            Int(i) => Some((Some(i), i as f64)),
            Bool(b) => Some((Some(b as i128), b as u8 as f64)),
            Float(f) => Some((None, f)),
            Byte(_) => None,
        };
        match (self, o) {
            (Byte(a), Byte(b)) => a == b,
            _ => match (num(self), num(o)) {
                (Some((Some(a), _)), Some((Some(b), _))) => a == b,
                (Some((_, a)), Some((_, b))) => a == b,
                _ => false,
            },
        }
    }
}

/// Decodes one element of format `c` from native (little-endian) bytes.
pub fn unpack(c: char, b: &[u8]) -> Item {
    let le = |n: usize| {
        let mut v = [0u8; 8];
        v[..n].copy_from_slice(&b[..n]);
        u64::from_le_bytes(v)
    };
    let signed = |n: usize| {
        let shift = 64 - 8 * n as u32;
        ((le(n) << shift) as i64 >> shift) as i128
    };
    match c {
        'B' => Item::Int(b[0] as i128),
        'b' | 'h' | 'i' | 'l' | 'q' | 'n' => {
            Item::Int(signed(native_size(&c.to_string()).map_or(1, |s| s.1)))
        }
        'H' | 'I' | 'L' | 'Q' | 'N' | 'P' => {
            Item::Int(le(native_size(&c.to_string()).map_or(1, |s| s.1)) as i128)
        }
        'f' => Item::Float(f32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64),
        'd' => Item::Float(f64::from_bits(le(8))),
        '?' => Item::Bool(b[0] != 0),
        _ => Item::Byte(b[0]),
    }
}

/// Why a value cannot be stored in an element (CPython's "invalid type/value for format").
pub enum PackError {
    Type,
    Value,
}

/// Encodes an integer for an integer format, with the C type's range check.
pub fn pack_int(c: char, v: i128) -> Result<Vec<u8>, PackError> {
    let (lo, hi): (i128, i128) = match c {
        'b' => (i8::MIN as i128, i8::MAX as i128),
        'B' => (0, u8::MAX as i128),
        'h' => (i16::MIN as i128, i16::MAX as i128),
        'H' => (0, u16::MAX as i128),
        'i' => (i32::MIN as i128, i32::MAX as i128),
        'I' => (0, u32::MAX as i128),
        'l' | 'q' | 'n' => (i64::MIN as i128, i64::MAX as i128),
        _ => (0, u64::MAX as i128),
    };
    if v < lo || v > hi {
        return Err(PackError::Value);
    }
    let size = native_size(&c.to_string()).map_or(1, |s| s.1);
    Ok((v as u64).to_le_bytes()[..size].to_vec())
}

/// Encodes a float for 'f' or 'd' (a C cast to float: no range error).
pub fn pack_float(c: char, f: f64) -> Vec<u8> {
    match c {
        'f' => (f as f32).to_le_bytes().to_vec(),
        _ => f.to_le_bytes().to_vec(),
    }
}
