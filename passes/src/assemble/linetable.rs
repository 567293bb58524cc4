//! The 3.11 location table (`co_linetable`, Objects/locations.md): one entry per instruction,
//! split into chunks of at most 8 code units, each entry in the smallest form that holds it.

use super::{ops, real};
use pyrite_ir::cfg::{CodeUnit, Location};

const SHORT0: u8 = 0; // codes 0-9: same line, column < 80, width < 16
const ONE_LINE0: u8 = 10; // codes 10-12: line delta 0-2, columns < 128
const NO_COLUMN: u8 = 13;
const LONG: u8 = 14;
const NONE: u8 = 15;

fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 64 {
        out.push(0x40 | (v & 0x3f) as u8);
        v >>= 6;
    }
    out.push(v as u8);
}

fn push_svarint(out: &mut Vec<u8>, v: i32) {
    let u = if v < 0 { ((v.unsigned_abs()) << 1) | 1 } else { (v as u32) << 1 };
    push_varint(out, u);
}

fn head(out: &mut Vec<u8>, code: u8, len: u32) {
    out.push(0x80 | (code << 3) | (len - 1) as u8);
}

/// Writes one entry covering `len` (1-8) code units; `prev_line` is the line of the last entry
/// that had one.
fn entry(out: &mut Vec<u8>, loc: &Location, len: u32, prev_line: &mut i32) {
    if loc.lineno < 0 {
        head(out, NONE, len);
        return;
    }
    let line_delta = loc.lineno - *prev_line;
    let (col, end_col) = (loc.col_offset, loc.end_col_offset);
    if col < 0 || end_col < 0 {
        if loc.end_lineno == loc.lineno || loc.end_lineno == -1 {
            head(out, NO_COLUMN, len);
            push_svarint(out, line_delta);
            *prev_line = loc.lineno;
            return;
        }
    } else if loc.end_lineno == loc.lineno {
        if line_delta == 0 && col < 80 && end_col - col < 16 && end_col >= col {
            let code = SHORT0 + (col >> 3) as u8;
            head(out, code, len);
            out.push((((col & 7) as u8) << 4) | (end_col - col) as u8);
            return;
        }
        if (0..3).contains(&line_delta) && col < 128 && end_col < 128 {
            head(out, ONE_LINE0 + line_delta as u8, len);
            out.push(col as u8);
            out.push(end_col as u8);
            *prev_line = loc.lineno;
            return;
        }
    }
    head(out, LONG, len);
    push_svarint(out, line_delta);
    push_varint(out, (loc.end_lineno - loc.lineno) as u32);
    push_varint(out, (col + 1) as u32);
    push_varint(out, (end_col + 1) as u32);
    *prev_line = loc.lineno;
}

/// The location table of an assembled unit (after jump offsets are final).
/// `capacity` is the caller's estimate of its size.
pub fn encode(unit: &CodeUnit, capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    let mut prev_line = unit.meta.firstlineno;
    let ops = ops();
    for &b in &unit.order {
        for ins in &unit.blocks[b as usize].instrs {
            let mut size = ops.size(real(ins), ins.oparg);
            while size > 8 {
                entry(&mut out, &ins.loc, 8, &mut prev_line);
                size -= 8;
            }
            entry(&mut out, &ins.loc, size, &mut prev_line);
        }
    }
    out
}
