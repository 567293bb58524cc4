//! `strip-nops` (CFG -> CFG): removes every NOP. After `peephole`, CPython keeps a NOP only where
//! it is the sole instruction of a line (so tracing and `dis` still see that line); dropping them
//! trades that line information for smaller code. Jump targets stay valid because blocks, not
//! instruction offsets, are the targets; an emptied block simply falls through.

use crate::pass::{Context, Pass};
use pyrite_ir::cfg::{opcode_number, Opcode};
use pyrite_ir::{Diagnostic, Ir, IrKind};

pub const NAME: &str = "strip-nops";

pub fn pass() -> Box<dyn Pass> {
    Box::new(StripNops)
}

struct StripNops;

impl Pass for StripNops {
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
        let nop = Opcode::Real(opcode_number("NOP").expect("the target has NOP"));
        for unit in &mut cfg.units {
            for block in &mut unit.blocks {
                block.instrs.retain(|i| i.opcode != nop);
            }
        }
        Ok(Ir::Cfg(cfg))
    }
}
