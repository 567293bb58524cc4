//! The text dump of code objects: exactly what `dis.dis(code)` prints under CPython 3.11, plus the
//! decoders it needs (location table as `co_lines()`/`co_positions()`, exception table as
//! `dis._parse_exception_table`) and Python's `repr()` of constants.

use crate::code::{CodeObject, Constant};
use crate::pyhash::{set_order, Addresses};
use crate::pyrepr::{bytes_repr, complex_repr, float_repr};
use crate::target::{py311, Target};
use std::fmt::Write;

/// One exception-table entry as `dis` shows it (byte offsets; `end` exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ExceptionEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub lasti: bool,
}

/// Decodes `co_exceptiontable` (big-endian 6-bit varints, 0x40 = more). A truncated last entry is
/// dropped, as `dis` does.
pub fn parse_exception_table(table: &[u8]) -> Vec<ExceptionEntry> {
    let mut it = table.iter().copied();
    let varint = |it: &mut dyn Iterator<Item = u8>| -> Option<u64> {
        let mut b = it.next()?;
        let mut v = (b & 63) as u64;
        while b & 64 != 0 {
            b = it.next()?;
            v = (v << 6) | (b & 63) as u64;
            if v > u32::MAX as u64 {
                v &= u32::MAX as u64;
            }
        }
        Some(v)
    };
    let mut out = Vec::new();
    loop {
        let (Some(start), Some(len), Some(target), Some(dl)) =
            (varint(&mut it), varint(&mut it), varint(&mut it), varint(&mut it))
        else {
            return out;
        };
        let start = (start * 2) as u32;
        out.push(ExceptionEntry {
            start,
            end: start.wrapping_add((len * 2) as u32),
            target: (target * 2) as u32,
            depth: (dl >> 1) as u32,
            lasti: dl & 1 == 1,
        });
    }
}

/// Source position of one code unit (`co_positions()`); `None` where Python gives None.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: Option<i64>,
    pub end_line: Option<i64>,
    pub col: Option<i64>,
    pub end_col: Option<i64>,
}

/// One location-table entry: `units` code units starting at code unit `start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocationEntry {
    pub start: usize,
    pub units: usize,
    pub pos: Position,
}

struct Bytes<'a> {
    b: &'a [u8],
    i: usize,
}

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        // Past the end CPython would read garbage; we read zeros (entries stay well-formed).
        let v = self.b.get(self.i).copied().unwrap_or(0);
        self.i += 1;
        v
    }
    fn varint(&mut self) -> i64 {
        let mut read = self.byte();
        let mut val = (read & 63) as i64;
        let mut shift = 0;
        while read & 64 != 0 && shift < 56 {
            read = self.byte();
            shift += 6;
            val |= ((read & 63) as i64) << shift;
        }
        val
    }
    fn svarint(&mut self) -> i64 {
        let u = self.varint();
        if u & 1 != 0 {
            -(u >> 1)
        } else {
            u >> 1
        }
    }
}

/// Decodes `co_linetable` (Objects/locations.md) into entries.
pub fn location_entries(linetable: &[u8], firstlineno: i64) -> Vec<LocationEntry> {
    let mut r = Bytes { b: linetable, i: 0 };
    let mut line = firstlineno;
    let mut start = 0usize;
    let mut out = Vec::new();
    let opt = |v: i64| (v >= 0).then_some(v);
    while r.i < linetable.len() {
        let first = r.byte();
        let code = (first >> 3) & 15;
        let units = (first & 7) as usize + 1;
        let pos = match code {
            15 => Position::default(),
            14 => {
                line = line.wrapping_add(r.svarint());
                let end_line = line.wrapping_add(r.varint());
                let col = r.varint() - 1;
                let end_col = r.varint() - 1;
                Position { line: Some(line), end_line: Some(end_line), col: opt(col), end_col: opt(end_col) }
            }
            13 => {
                line = line.wrapping_add(r.svarint());
                Position { line: Some(line), end_line: Some(line), col: None, end_col: None }
            }
            10..=12 => {
                line = line.wrapping_add((code - 10) as i64);
                let col = r.byte() as i64;
                let end_col = r.byte() as i64;
                Position { line: Some(line), end_line: Some(line), col: Some(col), end_col: Some(end_col) }
            }
            _ => {
                let second = r.byte() as i64;
                let col = (code as i64) << 3 | (second >> 4);
                Position {
                    line: Some(line),
                    end_line: Some(line),
                    col: Some(col),
                    end_col: Some(col + (second & 15)),
                }
            }
        };
        out.push(LocationEntry { start, units, pos });
        start += units;
        // Skip to the next entry start (high bit set), as CPython's iterator does.
        while r.i < linetable.len() && linetable[r.i] & 128 == 0 {
            r.i += 1;
        }
    }
    out
}

/// `co_positions()`: one position per code unit of `code`.
pub fn positions(code: &CodeObject) -> Vec<Position> {
    let n = code.code_units();
    let mut out = Vec::with_capacity(n);
    for e in location_entries(&code.linetable, code.firstlineno as i32 as i64) {
        for _ in 0..e.units {
            if out.len() < n {
                out.push(e.pos);
            }
        }
    }
    out.resize(n, Position::default());
    out
}

/// `dis.findlinestarts(code)`: (byte offset, line) where a new line starts.
pub fn line_starts(code: &CodeObject) -> Vec<(usize, i64)> {
    let mut out = Vec::new();
    let mut last = None;
    for e in location_entries(&code.linetable, code.firstlineno as i32 as i64) {
        if let Some(l) = e.pos.line {
            if last != Some(l) {
                last = Some(l);
                out.push((e.start * 2, l));
            }
        }
    }
    out
}

/// Python's `repr()` of a constant; code objects print with `addr` as their address.
pub fn const_repr(c: &Constant, addrs: &Addresses, addr: &mut dyn FnMut(&CodeObject) -> String) -> String {
    let mut s = String::new();
    write_const_repr(c, &mut s, addrs, addr);
    s
}

fn write_const_repr(
    c: &Constant,
    out: &mut String,
    addrs: &Addresses,
    addr: &mut dyn FnMut(&CodeObject) -> String,
) {
    match c {
        Constant::None => out.push_str("None"),
        Constant::Ellipsis => out.push_str("Ellipsis"),
        Constant::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Constant::Int(i) => out.push_str(&i.to_decimal()),
        Constant::Float(f) => out.push_str(&float_repr(*f)),
        Constant::Complex { real, imag } => out.push_str(&complex_repr(*real, *imag)),
        Constant::Str(s) => out.push_str(&s.repr()),
        Constant::Bytes(b) => out.push_str(&bytes_repr(b)),
        Constant::Tuple(items) => {
            out.push('(');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_const_repr(x, out, addrs, addr);
            }
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        Constant::FrozenSet(items) => {
            if items.is_empty() {
                out.push_str("frozenset()");
                return;
            }
            let order = set_order(items, addrs).unwrap_or_else(|| (0..items.len()).collect());
            out.push_str("frozenset({");
            for (i, &k) in order.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_const_repr(&items[k], out, addrs, addr);
            }
            out.push_str("})");
        }
        Constant::Code(code) => out.push_str(&code_repr(code, &addr(code))),
    }
}

/// `repr(code)`: `<code object NAME at ADDR, file "FILENAME", line N>`.
pub fn code_repr(code: &CodeObject, addr: &str) -> String {
    format!(
        "<code object {} at {}, file \"{}\", line {}>",
        code.name, addr, code.filename, code.firstlineno as i32
    )
}

/// Why a code object cannot be disassembled (CPython's `dis` would raise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisError(pub String);

impl std::fmt::Display for DisError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DisError {}

/// One decoded instruction (`dis.Instruction` without positions).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Instruction {
    pub opname: &'static str,
    pub opcode: u8,
    pub arg: Option<i64>,
    pub argrepr: String,
    pub offset: usize,
    pub starts_line: Option<i64>,
    pub is_jump_target: bool,
}

const MAKE_FUNCTION_FLAGS: [&str; 4] = ["defaults", "kwdefaults", "annotations", "closure"];
const FORMAT_VALUE_CONVERTERS: [&str; 4] = ["", "str", "repr", "ascii"];

/// `dis._unpack_opargs`: (offset, op, arg) with caches skipped and EXTENDED_ARG folded in.
fn unpack_opargs(code: &[u8], target: &Target) -> Vec<(usize, u8, Option<i64>)> {
    let t = target.opcodes();
    let mut out = Vec::with_capacity(code.len() / 2);
    let mut extended: i64 = 0;
    let mut caches = 0usize;
    let mut i = 0;
    while i + 1 < code.len() {
        if caches > 0 {
            caches -= 1;
            i += 2;
            continue;
        }
        let op = code[i];
        let deop = t.deopt(op);
        caches = t.cache_entries[deop as usize] as usize;
        let arg = if deop >= t.have_argument {
            let arg = code[i + 1] as i64 | extended;
            extended = if deop == t.extended_arg { arg << 8 } else { 0 };
            // The oparg is a C int: wrap like CPython's dis does.
            extended &= 0xffff_ffff;
            if extended >= 1 << 31 {
                extended -= 1 << 32;
            }
            Some(arg)
        } else {
            extended = 0;
            None
        };
        out.push((i, op, arg));
        i += 2;
    }
    out
}

/// The instructions of `code` as `dis.get_instructions` yields them (caches hidden).
pub fn instructions(
    code: &CodeObject,
    target: &Target,
    addrs: &Addresses,
    addr: &mut dyn FnMut(&CodeObject) -> String,
) -> Result<Vec<Instruction>, DisError> {
    let t = target.opcodes();
    let ops = unpack_opargs(&code.code, target);
    // dis.findlabels tests the raw opcode (files hold base opcodes only).
    let mut labels = std::collections::HashSet::new();
    for &(offset, op, arg) in &ops {
        let Some(arg) = arg else { continue };
        let class = t.opclass[op as usize];
        if class & py311::HASJREL != 0 {
            let a = if class & py311::BACKWARD != 0 { -arg } else { arg };
            labels.insert(offset as i64 + 2 + a * 2);
        } else if class & py311::HASJABS != 0 {
            labels.insert(arg * 2);
        }
    }
    for e in parse_exception_table(&code.exceptiontable) {
        if e.start < e.end {
            labels.insert(e.target as i64);
        }
    }
    let starts: std::collections::HashMap<usize, i64> = line_starts(code).into_iter().collect();
    let oob = |what: &str, i: i64| {
        DisError(format!("{what} index {i} out of range in code object {}", code.qualname))
    };
    let mut out = Vec::with_capacity(ops.len());
    for (offset, op, arg) in ops {
        let deop = t.deopt(op);
        let class = t.opclass[deop as usize];
        let mut argrepr = String::new();
        if let Some(arg) = arg {
            let get = |v: &[crate::pystr::PyStr], i: i64, what: &str| -> Result<String, DisError> {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| v.get(i))
                    .map(|s| s.to_string())
                    .ok_or_else(|| oob(what, i))
            };
            if class & py311::HASCONST != 0 {
                // 3.11's dis only dereferences LOAD_CONST: KW_NAMES shows no argrepr.
                if deop == py311::op::LOAD_CONST {
                    let c = usize::try_from(arg)
                        .ok()
                        .and_then(|i| code.consts.get(i))
                        .ok_or_else(|| oob("co_consts", arg))?;
                    argrepr = const_repr(c, addrs, addr);
                }
            } else if class & py311::HASNAME != 0 {
                if deop == py311::op::LOAD_GLOBAL {
                    argrepr = get(&code.names, arg >> 1, "co_names")?;
                    if arg & 1 == 1 && !argrepr.is_empty() {
                        argrepr = format!("NULL + {argrepr}");
                    }
                } else {
                    argrepr = get(&code.names, arg, "co_names")?;
                }
            } else if class & py311::HASJABS != 0 {
                argrepr = format!("to {}", arg * 2);
            } else if class & py311::HASJREL != 0 {
                let a = if class & py311::BACKWARD != 0 { -arg } else { arg };
                argrepr = format!("to {}", offset as i64 + 2 + a * 2);
            } else if class & (py311::HASLOCAL | py311::HASFREE) != 0 {
                argrepr = get(&code.localsplusnames, arg, "co_localsplusnames")?;
            } else if class & py311::HASCOMPARE != 0 {
                argrepr = usize::try_from(arg)
                    .ok()
                    .and_then(|i| t.cmp_op.get(i))
                    .ok_or_else(|| oob("cmp_op", arg))?
                    .to_string();
            } else if deop == py311::op::FORMAT_VALUE {
                argrepr = FORMAT_VALUE_CONVERTERS[(arg & 3) as usize].to_string();
                if arg & 4 != 0 {
                    if !argrepr.is_empty() {
                        argrepr.push_str(", ");
                    }
                    argrepr.push_str("with format");
                }
            } else if deop == py311::op::MAKE_FUNCTION {
                let names: Vec<&str> = MAKE_FUNCTION_FLAGS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| arg & (1 << i) != 0)
                    .map(|(_, s)| *s)
                    .collect();
                argrepr = names.join(", ");
            } else if deop == py311::op::BINARY_OP {
                argrepr = usize::try_from(arg)
                    .ok()
                    .and_then(|i| t.nb_ops.get(i))
                    .ok_or_else(|| oob("_nb_ops", arg))?
                    .1
                    .to_string();
            }
        }
        out.push(Instruction {
            opname: t.opname[op as usize],
            opcode: op,
            arg,
            argrepr,
            offset,
            starts_line: starts.get(&offset).copied(),
            is_jump_target: labels.contains(&(offset as i64)),
        });
    }
    Ok(out)
}

/// `dis.disassemble(code)` (one code object, no recursion).
pub fn disassemble(
    code: &CodeObject,
    target: &Target,
    addrs: &Addresses,
    addr: &mut dyn FnMut(&CodeObject) -> String,
    out: &mut String,
) -> Result<(), DisError> {
    let starts = line_starts(code);
    let lineno_width = match starts.iter().map(|s| s.1).max() {
        None => 0,
        Some(m) if m >= 1000 => m.to_string().len(),
        Some(_) => 3,
    };
    let maxoffset = code.code.len() as i64 - 2;
    let offset_width = if maxoffset >= 10000 { maxoffset.to_string().len() } else { 4 };
    for ins in instructions(code, target, addrs, addr)? {
        if lineno_width > 0 && ins.starts_line.is_some() && ins.offset > 0 {
            out.push('\n');
        }
        let start = out.len();
        if lineno_width > 0 {
            match ins.starts_line {
                Some(l) => {
                    let _ = write!(out, "{l:>lineno_width$} ");
                }
                None => {
                    let _ = write!(out, "{:lineno_width$} ", "");
                }
            }
        }
        out.push_str("   ");
        out.push_str(if ins.is_jump_target { " >> " } else { "    " });
        let _ = write!(out, "{:>offset_width$} {:<20}", ins.offset, ins.opname);
        if let Some(arg) = ins.arg {
            let _ = write!(out, " {arg:>5}");
            if !ins.argrepr.is_empty() {
                let _ = write!(out, " ({})", ins.argrepr);
            }
        }
        let trimmed = out[start..].trim_end().len();
        out.truncate(start + trimmed);
        out.push('\n');
    }
    let entries = parse_exception_table(&code.exceptiontable);
    if !entries.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in entries {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [{}]{}",
                e.start,
                e.end as i64 - 2,
                e.target,
                e.depth,
                if e.lasti { " lasti" } else { "" }
            );
        }
    }
    Ok(())
}

/// `dis.dis(code)`: the listing of `code` and, recursively, of every code object in its constants.
/// Addresses of code objects are made up (`0x…` values are never comparable across processes).
pub fn dis(code: &CodeObject, target: &Target) -> Result<String, DisError> {
    dis_with(code, target, &target.singleton_ids)
}

/// [`dis`] reproducing the frozenset order of a process whose `id(None)`/`id(...)` are known
/// (3.11 hashes those two by address; without them such sets keep their marshal order).
pub fn dis_with(code: &CodeObject, target: &Target, addrs: &Addresses) -> Result<String, DisError> {
    let mut out = String::new();
    let mut next: u64 = 0x7f00_0000_0000;
    let mut addr = |_: &CodeObject| {
        next += 0x1d0;
        format!("0x{next:x}")
    };
    dis_recursive(code, target, addrs, &mut addr, &mut out)?;
    Ok(out)
}

fn dis_recursive(
    code: &CodeObject,
    target: &Target,
    addrs: &Addresses,
    addr: &mut dyn FnMut(&CodeObject) -> String,
    out: &mut String,
) -> Result<(), DisError> {
    disassemble(code, target, addrs, addr, out)?;
    for c in &code.consts {
        if let Constant::Code(inner) = c {
            out.push('\n');
            let _ = writeln!(out, "Disassembly of {}:", code_repr(inner, &addr(inner)));
            dis_recursive(inner, target, addrs, addr, out)?;
        }
    }
    Ok(())
}

/// Replaces every `0x` + hex digits after "at " with `0x…`, to compare dis output across processes.
pub fn normalize_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(" at 0x") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let n = rest.bytes().take_while(|b| b.is_ascii_hexdigit()).count();
        out.push('…');
        rest = &rest[n..];
    }
    out.push_str(rest);
    out
}
