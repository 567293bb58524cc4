//! Bytecode -> CFG: the inverse of `assemble`, used by `pyrite disasm`.
//!
//! EXTENDED_ARG prefixes fold into the instruction they extend, cache entries disappear, jump
//! offsets become block targets, and directional jumps become CPython's direction-free
//! pseudo-ops (JUMP, JUMP_NO_INTERRUPT, POP_JUMP_IF_*), so that assembling the result recomputes
//! every offset, prefix, direction and table rather than copying them.

use crate::assemble::ops;
use pyrite_ir::cfg::{Block, BlockId, CodeUnit, Instr, Location, Opcode, Pseudo};
use thiserror::Error;

/// One decoded exception-table entry, in code units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub lasti: bool,
}

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum FromCodeError {
    #[error("the bytecode has an odd number of bytes")]
    OddLength,
    #[error("instruction at offset {0} runs past the end of the bytecode")]
    Truncated(u32),
    #[error("jump at offset {at} goes to {target}, which is not the start of an instruction")]
    BadJump { at: u32, target: i64 },
    #[error("exception-table entry {0} does not fall on instruction boundaries")]
    BadExceptEntry(usize),
    #[error("the exception handler at offset {0} is given two different depths or lasti flags")]
    InconsistentHandler(u32),
}

struct Decoded {
    start: u32,
    op: u8,
    arg: u32,
    size: u32,
}

/// Pseudo-op for a directional jump, when the jump has one.
fn direction_free(op: u8) -> Option<Pseudo> {
    let o = ops();
    if op == o.jump_forward || op == o.jump_backward {
        return Some(Pseudo::Jump);
    }
    if op == o.jump_backward_no_interrupt {
        return Some(Pseudo::JumpNoInterrupt);
    }
    const KINDS: [Pseudo; 4] =
        [Pseudo::PopJumpIfFalse, Pseudo::PopJumpIfTrue, Pseudo::PopJumpIfNone, Pseudo::PopJumpIfNotNone];
    for (k, kind) in KINDS.into_iter().enumerate() {
        if op == o.pj_forward[k] || op == o.pj_backward[k] {
            return Some(kind);
        }
    }
    None
}

/// Builds the CFG of one code object from its bytecode, the location of every code unit
/// (`co_positions()`, `-1` for none) and its decoded exception table. `unit` brings the metadata
/// and constants; its blocks are replaced.
pub fn blocks_from_code(
    unit: &mut CodeUnit,
    code: &[u8],
    positions: &[Location],
    exceptions: &[ExceptEntry],
) -> Result<(), FromCodeError> {
    let o = ops();
    if !code.len().is_multiple_of(2) {
        return Err(FromCodeError::OddLength);
    }
    let nunits = (code.len() / 2) as u32;
    // 1. Instructions, with EXTENDED_ARG folded in and caches skipped.
    let mut instrs: Vec<Decoded> = Vec::new();
    let mut pos = 0u32;
    while pos < nunits {
        let start = pos;
        let mut arg: u32 = 0;
        let (mut op, mut a) = (code[2 * pos as usize], code[2 * pos as usize + 1]);
        while op == o.extended_arg {
            arg = (arg | a as u32) << 8;
            pos += 1;
            if pos >= nunits {
                return Err(FromCodeError::Truncated(start * 2));
            }
            op = code[2 * pos as usize];
            a = code[2 * pos as usize + 1];
        }
        arg |= a as u32;
        pos += 1 + o.caches[op as usize] as u32;
        if pos > nunits {
            return Err(FromCodeError::Truncated(start * 2));
        }
        instrs.push(Decoded { start, op, arg, size: pos - start });
    }
    // 2. Block starts: the entry, jump targets, handlers, and whatever follows a jump or an
    // unconditional transfer.
    let mut index_of = vec![u32::MAX; nunits as usize + 1];
    for (i, d) in instrs.iter().enumerate() {
        index_of[d.start as usize] = i as u32;
    }
    index_of[nunits as usize] = instrs.len() as u32;
    let mut starts = vec![false; instrs.len() + 1];
    starts[0] = true;
    let mut targets = vec![None; instrs.len()];
    for (i, d) in instrs.iter().enumerate() {
        let end = (d.start + d.size) as i64;
        let t = if o.forward[d.op as usize] {
            Some(end + d.arg as i64)
        } else if o.backward[d.op as usize] {
            Some(end - d.arg as i64)
        } else {
            None
        };
        let transfers = t.is_some() || [o.return_value, o.raise_varargs, o.reraise].contains(&d.op);
        if let Some(t) = t {
            if t < 0 || t >= nunits as i64 || index_of[t as usize] == u32::MAX {
                return Err(FromCodeError::BadJump { at: d.start * 2, target: t * 2 });
            }
            let ti = index_of[t as usize] as usize;
            starts[ti] = true;
            targets[i] = Some(ti);
        }
        if transfers {
            starts[i + 1] = true;
        }
    }
    let mut handler_of = vec![None::<usize>; instrs.len()];
    for (k, e) in exceptions.iter().enumerate() {
        let bad = || FromCodeError::BadExceptEntry(k);
        let get = |u: u32| index_of.get(u as usize).copied().filter(|&i| i != u32::MAX);
        let (s, end, t) =
            (get(e.start).ok_or_else(bad)?, get(e.end).ok_or_else(bad)?, get(e.target).ok_or_else(bad)?);
        if t as usize >= instrs.len() {
            return Err(bad());
        }
        starts[t as usize] = true;
        for h in &mut handler_of[s as usize..end as usize] {
            *h = Some(k);
        }
    }
    // 3. Blocks, in bytecode order.
    let mut block_of = vec![0 as BlockId; instrs.len() + 1];
    let mut nblocks = 0u32;
    for i in 0..instrs.len() {
        if starts[i] {
            nblocks += 1;
        }
        block_of[i] = nblocks - 1;
    }
    unit.blocks = (0..nblocks).map(|_| Block::default()).collect();
    unit.order = (0..nblocks).collect();
    for (k, e) in exceptions.iter().enumerate() {
        let hb = block_of[index_of[e.target as usize] as usize] as usize;
        let block = &mut unit.blocks[hb];
        if let Some(d) = block.handler_depth {
            if d != e.depth || block.preserve_lasti != e.lasti {
                return Err(FromCodeError::InconsistentHandler(e.target * 2));
            }
        }
        let _ = k;
        block.handler_depth = Some(e.depth);
        block.preserve_lasti = e.lasti;
    }
    for (i, d) in instrs.iter().enumerate() {
        let loc = positions.get(d.start as usize).copied().unwrap_or(Location::NONE);
        let opcode = match (targets[i], direction_free(d.op)) {
            (Some(_), Some(p)) => Opcode::Pseudo(p),
            _ => Opcode::Real(d.op),
        };
        let target = targets[i].map(|t| block_of[t]);
        let handler = handler_of[i].map(|k| block_of[index_of[exceptions[k].target as usize] as usize]);
        let oparg = if target.is_some() { 0 } else { d.arg };
        unit.blocks[block_of[i] as usize].instrs.push(Instr { opcode, oparg, target, loc, handler });
    }
    pin_orphan_depths(unit, exceptions, &handler_of, &starts);
    Ok(())
}

/// A block that nothing reaches is the handler of a protected range CPython optimized away: its
/// SETUP_* is gone, but CPython's stack-depth walk still went through it. Its first instruction
/// is covered by the handler its own SETUP_CLEANUP pushed at the same depth, which gives the
/// depth the block starts at.
fn pin_orphan_depths(
    unit: &mut CodeUnit,
    exceptions: &[ExceptEntry],
    handler_of: &[Option<usize>],
    starts: &[bool],
) {
    let n = unit.blocks.len();
    if n == 0 {
        return;
    }
    let mut reached = vec![false; n];
    reach(unit, 0, &mut reached);
    // The first instruction of block k is the k-th block start.
    let firsts: Vec<usize> = (0..handler_of.len()).filter(|&i| starts[i]).collect();
    for k in 0..n {
        if reached[k] {
            continue;
        }
        if let Some(e) = firsts.get(k).and_then(|&i| handler_of[i]) {
            unit.blocks[k].entry_depth = Some(exceptions[e].depth);
            reach(unit, k as BlockId, &mut reached);
        }
    }
}

/// Marks every block reachable from `from` by jumps, fall-through and handler edges.
fn reach(unit: &CodeUnit, from: BlockId, reached: &mut [bool]) {
    let o = ops();
    let n = unit.blocks.len();
    reached[from as usize] = true;
    let mut todo = vec![from];
    while let Some(b) = todo.pop() {
        let mut falls = true;
        let mut next: Vec<BlockId> = Vec::new();
        for ins in &unit.blocks[b as usize].instrs {
            next.extend(ins.target);
            next.extend(ins.handler);
            let terminal = match ins.opcode {
                Opcode::Pseudo(p) => matches!(p, Pseudo::Jump | Pseudo::JumpNoInterrupt),
                Opcode::Real(op) => [o.return_value, o.raise_varargs, o.reraise].contains(&op),
            };
            if terminal {
                falls = false;
            }
        }
        if falls && (b as usize) + 1 < n {
            next.push(b + 1);
        }
        for t in next {
            if !reached[t as usize] {
                reached[t as usize] = true;
                todo.push(t);
            }
        }
    }
}
