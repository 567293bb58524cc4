//! `redundant-loads`, a worked example of a CFG pass: a local read back right after it was
//! stored is taken from the stack instead of the frame.
//!
//! ```text
//! STORE_FAST  y          ->      COPY        1
//! LOAD_FAST   y                  STORE_FAST  y
//! ```
//!
//! Both forms leave the same value on the stack and the same value in `y`; the second needs no
//! second frame access (and no bound check: the local was just stored). The pair must sit in one
//! basic block: a LOAD_FAST at the start of a block can be reached by a jump from elsewhere, where
//! the stack holds something else. It runs after `peephole`, on the CFG `assemble` turns into
//! bytecode, so jump offsets and tables are recomputed for the new instructions.

use pyrite_ir::cfg::{opcode_number, CodeUnit, Opcode};
use pyrite_ir::{Diagnostic, Ir, IrKind};
use pyrite_passes::{Context, Pass};

pub const NAME: &str = "redundant-loads";

/// The pass, ready for `Pipeline::insert_after("peephole", ...)`.
pub struct RedundantLoads;

impl Pass for RedundantLoads {
    fn name(&self) -> &str {
        NAME
    }
    fn input(&self) -> IrKind {
        IrKind::Cfg
    }
    fn output(&self) -> IrKind {
        IrKind::Cfg
    }
    fn run(&self, ir: Ir, _cx: &mut Context) -> Result<Ir, Diagnostic> {
        let Ir::Cfg(mut cfg) = ir else { unreachable!("the pipeline checks IR kinds") };
        for unit in &mut cfg.units {
            rewrite_unit(unit);
        }
        Ok(Ir::Cfg(cfg))
    }
}

/// Rewrites every `STORE_FAST x; LOAD_FAST x` pair of one code unit; returns how many.
pub fn rewrite_unit(unit: &mut CodeUnit) -> usize {
    let op = |name: &str| Opcode::Real(opcode_number(name).expect("a CPython 3.11 opcode"));
    let (store, load, copy) = (op("STORE_FAST"), op("LOAD_FAST"), op("COPY"));
    let mut rewritten = 0;
    for block in &mut unit.blocks {
        for i in 1..block.instrs.len() {
            let (before, after) = block.instrs.split_at_mut(i);
            let (st, ld) = (&mut before[i - 1], &mut after[0]);
            if st.opcode == store && ld.opcode == load && st.oparg == ld.oparg {
                // Each slot keeps its position, so a line that started at the load still starts
                // at the same place in the location table.
                st.opcode = copy;
                st.oparg = 1;
                ld.opcode = store;
                rewritten += 1;
            }
        }
    }
    rewritten
}
