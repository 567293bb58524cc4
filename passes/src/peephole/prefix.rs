//! Steps 3 and 4 of CPython 3.11's `assemble()`: the instructions every frame starts with
//! (insert_prefix_instructions) and the move of cell and free variable arguments from their
//! compile-time numbering to `co_localsplus` slots (fix_cell_offsets).
//!
//! Codegen numbers the `*_DEREF` family, `LOAD_CLOSURE` and `MAKE_CELL` as CPython's compiler
//! does before assembly: cell variables first (sorted by name, `__class__` alone in a class),
//! then free variables. A cell that is also a local (an argument captured by a closure) keeps the
//! local's slot; the other cells and the frees follow the locals.

use super::graph::{ops, Graph, Malformed};
use pyrite_ir::cfg::{Instr, Location, Opcode, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL};
use pyrite_ir::code::flags;

/// The layout facts both steps need, from the unit's localsplus.
pub(crate) struct Cells {
    nlocals: usize,
    ncells: usize,
    /// CPython's `cellfixedoffsets` before fix_cell_offsets: the localsplus slot of each cell
    /// (then of each free) if no cell shared a local's slot.
    fixed: Vec<usize>,
}

impl Cells {
    pub fn of(g: &Graph) -> Cells {
        let lp = &g.unit.meta.localsplus;
        let nlocals = lp.iter().filter(|(_, k)| k & CO_FAST_LOCAL != 0).count();
        let mut cells: Vec<(usize, &str)> = lp
            .iter()
            .enumerate()
            .filter(|(_, (_, k))| k & CO_FAST_CELL != 0)
            .map(|(i, (n, _))| (i, &**n))
            .collect();
        cells.sort_by(|a, b| a.1.cmp(b.1));
        // A class keeps its implicit __class__ cell after any other (there are none in 3.11).
        let is_function = g.unit.meta.flags & flags::OPTIMIZED != 0;
        if !is_function {
            if let Some(p) = cells.iter().position(|c| c.1 == "__class__") {
                let c = cells.remove(p);
                cells.push(c);
            }
        }
        let nfrees = lp.iter().filter(|(_, k)| k & CO_FAST_FREE != 0).count();
        let ncells = cells.len();
        let mut fixed: Vec<usize> = (0..ncells + nfrees).map(|i| nlocals + i).collect();
        for (ci, &(slot, _)) in cells.iter().enumerate() {
            if lp[slot].1 & CO_FAST_LOCAL != 0 {
                fixed[ci] = slot;
            }
        }
        Cells { nlocals, ncells, fixed }
    }

    fn nfrees(&self) -> usize {
        self.fixed.len() - self.ncells
    }
}

/// insert_prefix_instructions: RETURN_GENERATOR + POP_TOP for generators and coroutines,
/// MAKE_CELL for every cell in slot order, COPY_FREE_VARS first when there are frees.
pub(crate) fn insert_prefix_instructions(g: &mut Graph, cells: &Cells) {
    let o = ops();
    let meta = &g.unit.meta;
    let gen = meta.flags & (flags::GENERATOR | flags::COROUTINE | flags::ASYNC_GENERATOR) != 0;
    let first = meta.firstlineno;
    let entry = g.entry;
    let instrs = g.instrs_mut(entry);
    if gen {
        instrs
            .insert(0, Instr::new(Opcode::Real(o.return_generator), 0, Location::new(first, first, -1, -1)));
        instrs.insert(1, Instr::new(Opcode::Real(o.pop_top), 0, Location::NONE));
    }
    if cells.ncells > 0 {
        let mut by_slot = vec![None; cells.ncells + cells.nlocals];
        for (ci, &slot) in cells.fixed[..cells.ncells].iter().enumerate() {
            by_slot[slot] = Some(ci);
        }
        for (used, ci) in by_slot.into_iter().flatten().enumerate() {
            instrs.insert(used, Instr::new(Opcode::Real(o.make_cell), ci as u32, Location::NONE));
        }
    }
    if cells.nfrees() > 0 {
        instrs.insert(0, Instr::new(Opcode::Real(o.copy_free_vars), cells.nfrees() as u32, Location::NONE));
    }
}

/// fix_cell_offsets: cell and free arguments become localsplus slots, slots of cells that share
/// a local's slot dropped from the numbering.
pub(crate) fn fix_cell_offsets(g: &mut Graph, cells: Cells) -> Result<(), Malformed> {
    let mut fixed = cells.fixed;
    let mut dropped = 0;
    for (i, f) in fixed.iter_mut().enumerate() {
        if *f == i + cells.nlocals {
            *f -= dropped;
        } else {
            dropped += 1;
        }
    }
    let deref = ops().deref;
    let mut walk = g.chain();
    while let Some(b) = walk.step(g) {
        for ins in g.instrs_mut(b) {
            let Opcode::Real(n) = ins.opcode else { continue };
            if deref.contains(&n) {
                let slot = fixed.get(ins.oparg as usize).ok_or_else(|| {
                    Malformed(format!(
                        "{} {} names no cell or free variable (there are {})",
                        ins.opcode.name(),
                        ins.oparg,
                        fixed.len()
                    ))
                })?;
                ins.oparg = *slot as u32;
            }
        }
    }
    Ok(())
}
