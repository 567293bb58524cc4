//! Code object -> assembly text (`pyrite disasm`). The format is documented in docs/asm.md.
//!
//! The text says what the assembler cannot recompute (instructions, operands, positions, handler
//! ranges) and leaves out what it can (offsets, EXTENDED_ARG, caches, jump directions, stack size,
//! location and exception tables). Before writing, the writer assembles its own CFG: a table the
//! assembler would not reproduce is pinned in the text (`.stacksize`, `.linetable`,
//! `.exceptiontable`) so that the round trip stays exact, and [`WriteStats`] counts those pins.

use super::from_code::{blocks_from_code, ExceptEntry, FromCodeError};
use crate::assemble::{assemble_unit, AssembleOptions};
use pyrite_ir::cfg::{flag_names, CodeUnit, Location, Opcode, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL};
use pyrite_ir::code::{CodeObject, Constant};
use pyrite_ir::pystr::PyStr;
use std::fmt::Write as _;

/// How many code objects the writer had to pin a table for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub code_objects: usize,
    pub pinned_stacksize: usize,
    pub pinned_linetable: usize,
    pub pinned_exceptiontable: usize,
    /// Code objects whose bytecode the assembler would not reproduce (reported, never pinned).
    pub code_differs: usize,
}

/// The location and exception tables of a code object, decoded (by `ir::dis`, as `co_positions()`
/// and `dis._parse_exception_table` see them) into the CFG's units.
pub fn decode_tables(code: &CodeObject) -> (Vec<Location>, Vec<ExceptEntry>) {
    let positions = pyrite_ir::dis::positions(code)
        .into_iter()
        .map(|p| {
            let v = |x: Option<i64>| x.map_or(-1, |x| x as i32);
            Location::new(v(p.line), v(p.end_line), v(p.col), v(p.end_col))
        })
        .collect();
    let exceptions = pyrite_ir::dis::parse_exception_table(&code.exceptiontable)
        .into_iter()
        .map(|e| ExceptEntry {
            start: e.start / 2,
            end: e.end / 2,
            target: e.target / 2,
            depth: e.depth,
            lasti: e.lasti,
        })
        .collect();
    (positions, exceptions)
}

/// The CFG of one code object (its blocks and metadata; constants are left to the caller).
pub fn unit_from_code(code: &CodeObject) -> Result<CodeUnit, FromCodeError> {
    let mut unit = CodeUnit::default();
    unit.meta.firstlineno = code.firstlineno as i32;
    unit.meta.flags = code.flags;
    let (positions, exceptions) = decode_tables(code);
    blocks_from_code(&mut unit, &code.code, &positions, &exceptions)?;
    Ok(unit)
}

/// Writes `code` (and its nested code objects) as assembly text.
pub fn write_code(code: &CodeObject) -> Result<(String, WriteStats), FromCodeError> {
    let mut out = String::from("# pyrite bytecode assembly for CPython 3.11 (docs/asm.md)\n");
    let mut stats = WriteStats::default();
    write_unit(code, 0, &mut out, &mut stats)?;
    Ok((out, stats))
}

fn pad(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push(' ');
    }
}

fn write_unit(
    code: &CodeObject,
    indent: usize,
    out: &mut String,
    stats: &mut WriteStats,
) -> Result<(), FromCodeError> {
    stats.code_objects += 1;
    let mut unit = unit_from_code(code)?;
    let assembled = fit_orphan_depths(&mut unit, code.stacksize);
    let line = |out: &mut String, s: &str| {
        pad(out, indent);
        out.push_str(s);
        out.push('\n');
    };
    line(out, ".code");
    line(out, &format!(".name {}", code.name.repr()));
    line(out, &format!(".qualname {}", code.qualname.repr()));
    line(out, &format!(".filename {}", code.filename.repr()));
    line(out, &format!(".firstlineno {}", code.firstlineno));
    line(out, &format!(".flags 0x{:08x}  # {}", code.flags, flag_names(code.flags)));
    line(out, &format!(".argcount {}", code.argcount));
    line(out, &format!(".posonlyargcount {}", code.posonlyargcount));
    line(out, &format!(".kwonlyargcount {}", code.kwonlyargcount));
    match &assembled {
        Some(a) => {
            if a.code != code.code {
                stats.code_differs += 1;
                line(out, "# warning: the assembler does not reproduce this bytecode");
            }
            if a.stacksize != code.stacksize {
                stats.pinned_stacksize += 1;
                line(out, &format!(".stacksize {}", code.stacksize));
            }
            if a.linetable != code.linetable {
                stats.pinned_linetable += 1;
                line(out, &format!(".linetable {}", hex(&code.linetable)));
            }
            if a.exceptiontable != code.exceptiontable {
                stats.pinned_exceptiontable += 1;
                line(out, &format!(".exceptiontable {}", hex(&code.exceptiontable)));
            }
        }
        None => {
            stats.code_differs += 1;
            line(out, "# warning: the assembler rejects this bytecode; tables pinned");
            line(out, &format!(".stacksize {}", code.stacksize));
            line(out, &format!(".linetable {}", hex(&code.linetable)));
            line(out, &format!(".exceptiontable {}", hex(&code.exceptiontable)));
        }
    }
    for (i, n) in code.names.iter().enumerate() {
        line(out, &format!("name {}  # {i}", n.repr()));
    }
    for (i, (n, k)) in code.localsplusnames.iter().zip(&code.localspluskinds).enumerate() {
        line(out, &format!("var {} {}  # {i}", n.repr(), kind_text(*k)));
    }
    for (i, c) in code.consts.iter().enumerate() {
        match c {
            Constant::Code(nested) => {
                line(out, &format!("const code  # {i}"));
                write_unit(nested, indent + 2, out, stats)?;
            }
            c => line(out, &format!("const {}  # {i}", const_text(c))),
        }
    }
    write_body(code, &unit, indent, out);
    line(out, ".end");
    Ok(())
}

/// Assembles a copy of `unit`. Orphan blocks (handlers whose protected range CPython optimized
/// away) start at a depth the bytecode no longer records; [`blocks_from_code`] guesses the depth
/// of the range covering them, and when that does not assemble to `stacksize` the deeper depths
/// a handler can have are tried, one orphan at a time.
fn fit_orphan_depths(unit: &mut CodeUnit, stacksize: u32) -> Option<crate::assemble::Assembled> {
    let try_it = |u: &CodeUnit| {
        let mut c = u.clone();
        assemble_unit(&mut c, AssembleOptions { clean_nops: false }).ok()
    };
    let first = try_it(unit);
    if first.as_ref().is_some_and(|a| a.stacksize == stacksize) {
        return first;
    }
    let orphans: Vec<usize> =
        (0..unit.blocks.len()).filter(|&b| unit.blocks[b].entry_depth.is_some()).collect();
    if orphans.is_empty() {
        return first;
    }
    let bases: Vec<u32> = orphans.iter().map(|&b| unit.blocks[b].entry_depth.unwrap_or(0)).collect();
    // The same extra depth for every orphan (they often share one construct).
    for k in 1..=8 {
        for (&b, &base) in orphans.iter().zip(&bases) {
            unit.blocks[b].entry_depth = Some(base + k);
        }
        if let Some(a) = try_it(unit) {
            if a.stacksize == stacksize {
                return Some(a);
            }
        }
    }
    for (&b, &base) in orphans.iter().zip(&bases) {
        unit.blocks[b].entry_depth = Some(base);
    }
    for &b in &orphans {
        let base = unit.blocks[b].entry_depth.unwrap_or(0);
        for d in base + 1..=base + 8 {
            unit.blocks[b].entry_depth = Some(d);
            if let Some(a) = try_it(unit) {
                if a.stacksize == stacksize {
                    return Some(a);
                }
                if a.stacksize > stacksize {
                    break;
                }
            }
        }
        unit.blocks[b].entry_depth = Some(base);
    }
    first
}

/// `local`, `cell`, `free`, `local+cell`, or the byte in hex.
pub fn kind_text(k: u8) -> String {
    match k {
        CO_FAST_LOCAL => "local".into(),
        CO_FAST_CELL => "cell".into(),
        CO_FAST_FREE => "free".into(),
        k if k == CO_FAST_LOCAL | CO_FAST_CELL => "local+cell".into(),
        k => format!("0x{k:02x}"),
    }
}

pub fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(2 * b.len());
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

/// A float as text that parses back to the same bits: Rust's shortest round-trip digits, `inf`,
/// `nan`, or the raw bits for a NaN with a payload or sign.
pub fn float_text(v: f64) -> String {
    if v.is_nan() {
        if v.to_bits() == f64::NAN.to_bits() {
            "nan".into()
        } else {
            format!("f64bits(0x{:016x})", v.to_bits())
        }
    } else if v.is_infinite() {
        if v > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    } else {
        format!("{v:?}")
    }
}

pub fn bytes_text(b: &[u8]) -> String {
    let mut out = String::from("b'");
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\'' => out.push_str("\\'"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            0x20..=0x7e => out.push(c as char),
            c => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push('\'');
    out
}

fn str_text(s: &PyStr) -> String {
    s.repr()
}

/// A constant other than a code object.
pub fn const_text(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::Ellipsis => "...".into(),
        Constant::Bool(true) => "True".into(),
        Constant::Bool(false) => "False".into(),
        Constant::Int(i) => i.to_decimal(),
        Constant::Float(f) => float_text(*f),
        Constant::Complex { real, imag } => format!("complex({}, {})", float_text(*real), float_text(*imag)),
        Constant::Str(s) => str_text(s),
        Constant::Bytes(b) => bytes_text(b),
        Constant::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(const_text).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Constant::FrozenSet(items) => {
            if items.is_empty() {
                "frozenset()".into()
            } else {
                let parts: Vec<String> = items.iter().map(const_text).collect();
                format!("frozenset({{{}}})", parts.join(", "))
            }
        }
        Constant::Code(_) => "code".into(),
    }
}

/// What an argument means, for the comment after an instruction.
fn arg_note(code: &CodeObject, name: &str, arg: u32) -> Option<String> {
    let a = arg as usize;
    match name {
        "LOAD_CONST" | "KW_NAMES" => code.consts.get(a).map(|c| match c {
            Constant::Code(c) => format!("<code {}>", c.qualname.to_string_lossy()),
            c => {
                let t = const_text(c);
                if t.chars().count() > 60 {
                    let mut s: String = t.chars().take(57).collect();
                    s.push_str("...");
                    s
                } else {
                    t
                }
            }
        }),
        "LOAD_GLOBAL" => code.names.get(a >> 1).map(|n| {
            if a & 1 == 1 {
                format!("NULL + {}", n.to_string_lossy())
            } else {
                n.to_string_lossy()
            }
        }),
        "STORE_NAME" | "DELETE_NAME" | "STORE_ATTR" | "DELETE_ATTR" | "STORE_GLOBAL" | "DELETE_GLOBAL"
        | "LOAD_NAME" | "LOAD_ATTR" | "IMPORT_NAME" | "IMPORT_FROM" | "LOAD_METHOD" => {
            code.names.get(a).map(|n| n.to_string_lossy())
        }
        "LOAD_FAST" | "STORE_FAST" | "DELETE_FAST" | "MAKE_CELL" | "LOAD_CLOSURE" | "LOAD_DEREF"
        | "STORE_DEREF" | "DELETE_DEREF" | "LOAD_CLASSDEREF" => {
            code.localsplusnames.get(a).map(|n| n.to_string_lossy())
        }
        _ => None,
    }
}

fn loc_text(l: &Location) -> String {
    if l.is_none() {
        return "@-".into();
    }
    if l.col_offset < 0 && l.end_col_offset < 0 && l.end_lineno == l.lineno {
        return format!("@{}", l.lineno);
    }
    format!("@{l}")
}

/// Instructions with labels, then the handler ranges and the entry depths of orphan blocks.
fn write_body(code: &CodeObject, unit: &CodeUnit, indent: usize, out: &mut String) {
    // Flatten: (block, instr) in layout order; block b starts at first[b].
    let mut first = vec![0usize; unit.blocks.len()];
    let mut flat = Vec::new();
    for &b in &unit.order {
        first[b as usize] = flat.len();
        for ins in &unit.blocks[b as usize].instrs {
            flat.push(ins);
        }
    }
    let n = flat.len();
    // Positions that need a label: targets, handlers, orphans, range boundaries.
    let mut labelled = vec![false; n + 1];
    let mut ranges: Vec<(usize, usize, u32)> = Vec::new();
    let mut i = 0;
    while i < n {
        if let Some(h) = flat[i].handler {
            let mut j = i;
            while j < n && flat[j].handler == Some(h) {
                j += 1;
            }
            ranges.push((i, j, h));
            labelled[i] = true;
            labelled[j] = true;
            labelled[first[h as usize]] = true;
            i = j;
        } else {
            i += 1;
        }
    }
    for ins in &flat {
        if let Some(t) = ins.target {
            labelled[first[t as usize]] = true;
        }
    }
    for (b, block) in unit.blocks.iter().enumerate() {
        if block.entry_depth.is_some() {
            labelled[first[b]] = true;
        }
    }
    let mut label_of = vec![usize::MAX; n + 1];
    let mut next = 0;
    for (p, &l) in labelled.iter().enumerate() {
        if l {
            label_of[p] = next;
            next += 1;
        }
    }
    for (p, ins) in flat.iter().enumerate() {
        if labelled[p] {
            pad(out, indent);
            let _ = writeln!(out, "L{}:", label_of[p]);
        }
        let name = ins.opcode.name();
        let mut text = String::new();
        pad(&mut text, indent + 4);
        text.push_str(&name);
        if let Some(t) = ins.target {
            let _ = write!(text, " L{}", label_of[first[t as usize]]);
        } else if matches!(ins.opcode, Opcode::Real(op) if op >= pyrite_ir::target::default_target().opcodes().have_argument)
            || ins.oparg != 0
        {
            let _ = write!(text, " {}", ins.oparg);
        }
        let _ = write!(text, " {}", loc_text(&ins.loc));
        if ins.target.is_none() {
            if let Some(note) = arg_note(code, &name, ins.oparg) {
                let _ = write!(text, "  # {note}");
            }
        }
        out.push_str(&text);
        out.push('\n');
    }
    if labelled[n] {
        pad(out, indent);
        let _ = writeln!(out, "L{}:", label_of[n]);
    }
    for (s, e, h) in ranges {
        let hb = &unit.blocks[h as usize];
        pad(out, indent);
        let _ = writeln!(
            out,
            "try L{} L{} -> L{} depth {}{}",
            label_of[s],
            label_of[e],
            label_of[first[h as usize]],
            hb.handler_depth.unwrap_or(0),
            if hb.preserve_lasti { " lasti" } else { "" }
        );
    }
    for (b, block) in unit.blocks.iter().enumerate() {
        if let Some(d) = block.entry_depth {
            pad(out, indent);
            let _ = writeln!(out, "entry L{} depth {d}", label_of[first[b]]);
        }
    }
}
