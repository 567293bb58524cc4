//! Materialising code-object constants as heap objects.

use crate::heap::{Mut, ObjRef};
use crate::object::bytes::BytesObj;
use crate::object::func::{Code, CodeObj, ExcEntry, Position};
use crate::object::int::Int;
use crate::{PyResult, Vm};
use pyrite_ir::code::{CodeObject, Constant};
use pyrite_ir::pyint::PyInt;
use std::rc::Rc;

impl Vm {
    pub fn constant(&mut self, c: &Constant) -> PyResult {
        Ok(match c {
            Constant::None => self.none.clone(),
            Constant::Ellipsis => self.ellipsis.clone(),
            Constant::Bool(b) => self.new_bool(*b),
            Constant::Int(i) => self.new_bigint(convert_int(i)),
            Constant::Float(f) => self.new_float(*f),
            Constant::Complex { real, imag } => crate::builtins::complex::new_complex(
                self,
                crate::object::complex::ComplexObj::new(*real, *imag),
            ),
            Constant::Str(s) => {
                let s = s.to_string_lossy();
                if s.len() <= 40 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                    self.intern(&s)
                } else {
                    self.new_string(s)
                }
            }
            Constant::Bytes(b) => ObjRef::new(&self.t.bytes, BytesObj::new(b)),
            Constant::Tuple(items) => {
                let mut v = Vec::with_capacity(items.len());
                for i in items {
                    v.push(self.constant(i)?);
                }
                self.new_tuple(v)
            }
            Constant::FrozenSet(items) => {
                let mut v = Vec::with_capacity(items.len());
                for i in items {
                    v.push(self.constant(i)?);
                }
                self.new_set(true, v)?
            }
            Constant::Code(code) => {
                let c = self.load_code(code)?;
                ObjRef::new(&self.t.code, CodeObj(c))
            }
        })
    }

    /// Prepares a code object for execution (constants, names, positions, exception table).
    pub fn load_code(&mut self, c: &CodeObject) -> PyResult<Rc<Code>> {
        let mut consts = Vec::with_capacity(c.consts.len());
        for k in &c.consts {
            consts.push(self.constant(k)?);
        }
        let names = c.names.iter().map(|n| self.intern(&n.to_string_lossy())).collect();
        let localsplusnames = c.localsplusnames.iter().map(|n| self.intern(&n.to_string_lossy())).collect();
        let units: Vec<(u8, u8)> = c.code.chunks_exact(2).map(|p| (p[0], p[1])).collect();
        let positions = decode_positions(&c.linetable, c.firstlineno, units.len());
        let exc_table = decode_exc_table(&c.exceptiontable);
        Ok(Rc::new(Code {
            nlocalsplus: c.localsplusnames.len(),
            units,
            consts,
            names,
            localsplusnames,
            localspluskinds: c.localspluskinds.clone(),
            argcount: c.argcount as usize,
            posonlyargcount: c.posonlyargcount as usize,
            kwonlyargcount: c.kwonlyargcount as usize,
            flags: c.flags,
            stacksize: c.stacksize as usize,
            filename: c.filename.to_string_lossy(),
            name: c.name.to_string_lossy(),
            qualname: c.qualname.to_string_lossy(),
            firstlineno: c.firstlineno,
            positions,
            exc_table,
            caches: crate::eval::cache::Caches::new(c.code.len() / 2),
        }))
    }
}

pub fn convert_int(i: &PyInt) -> Int {
    if let Some(v) = i.as_i64() {
        return Int::Small(v);
    }
    let (neg, mag) = i.sign_mag();
    let b = num_bigint::BigInt::from_slice(
        if neg { num_bigint::Sign::Minus } else { num_bigint::Sign::Plus },
        &mag,
    );
    Int::from_big(b)
}

/// Decodes the 3.11 location table (Objects/locations.md) into one position per code unit.
pub fn decode_positions(table: &[u8], firstlineno: u32, n: usize) -> Vec<Position> {
    let mut out = Vec::with_capacity(n);
    let mut line = firstlineno as i64;
    let mut i = 0;
    let read_varint = |i: &mut usize| -> Option<u64> {
        let mut v: u64 = 0;
        let mut shift = 0;
        loop {
            let b = *table.get(*i)?;
            *i += 1;
            v |= ((b & 63) as u64) << shift;
            shift += 6;
            if b & 64 == 0 {
                return Some(v);
            }
        }
    };
    let read_svarint = |i: &mut usize| -> Option<i64> {
        let v = read_varint(i)?;
        Some(if v & 1 != 0 { -((v >> 1) as i64) } else { (v >> 1) as i64 })
    };
    while i < table.len() && out.len() < n {
        let first = table[i];
        i += 1;
        let code = (first >> 3) & 15;
        let len = (first & 7) as usize + 1;
        let pos = match code {
            15 => Position::default(),
            14 => {
                let Some(dl) = read_svarint(&mut i) else { break };
                line += dl;
                let (Some(el), Some(c), Some(ec)) =
                    (read_varint(&mut i), read_varint(&mut i), read_varint(&mut i))
                else {
                    break;
                };
                Position {
                    line: Some(line as u32),
                    end_line: Some((line + el as i64) as u32),
                    col: c.checked_sub(1).map(|x| x as u32),
                    end_col: ec.checked_sub(1).map(|x| x as u32),
                }
            }
            13 => {
                let Some(dl) = read_svarint(&mut i) else { break };
                line += dl;
                Position { line: Some(line as u32), end_line: Some(line as u32), col: None, end_col: None }
            }
            10..=12 => {
                line += (code - 10) as i64;
                let (Some(&c), Some(&ec)) = (table.get(i), table.get(i + 1)) else { break };
                i += 2;
                Position {
                    line: Some(line as u32),
                    end_line: Some(line as u32),
                    col: Some(c as u32),
                    end_col: Some(ec as u32),
                }
            }
            _ => {
                let Some(&b) = table.get(i) else { break };
                i += 1;
                let col = code as u32 * 8 + ((b >> 4) as u32);
                let ecol = col + (b & 15) as u32;
                Position {
                    line: Some(line as u32),
                    end_line: Some(line as u32),
                    col: Some(col),
                    end_col: Some(ecol),
                }
            }
        };
        for _ in 0..len {
            out.push(pos);
        }
    }
    out.resize(n, Position::default());
    out
}

/// Decodes `co_exceptiontable` (Objects/exception_handling_notes.txt).
pub fn decode_exc_table(t: &[u8]) -> Vec<ExcEntry> {
    let mut out = Vec::new();
    let mut i = 0;
    let varint = |i: &mut usize| -> Option<u32> {
        let mut b = *t.get(*i)?;
        *i += 1;
        let mut v = (b & 63) as u32;
        while b & 64 != 0 {
            b = *t.get(*i)?;
            *i += 1;
            v = (v << 6) | (b & 63) as u32;
        }
        Some(v)
    };
    while i < t.len() {
        let (Some(start), Some(len), Some(target), Some(dl)) =
            (varint(&mut i), varint(&mut i), varint(&mut i), varint(&mut i))
        else {
            break;
        };
        out.push(ExcEntry { start, end: start + len, target, depth: dl >> 1, lasti: dl & 1 == 1 });
    }
    out
}

#[allow(dead_code)]
fn _unused(_: Mut<()>) {}
