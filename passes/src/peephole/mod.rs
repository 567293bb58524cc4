//! The `peephole` stage (Cfg -> Cfg): steps 2-8 of CPython 3.11.7's `assemble()` in
//! Python/compile.c, which is the specification, on every code unit:
//!
//! 2. normalize_basic_block on every block (exit and no-fallthrough marks, jumps end their block,
//!    jump targets past empty blocks), then extend_block (a jump to a small exit block without
//!    lines becomes a copy of it);
//! 3. insert_prefix_instructions: RETURN_GENERATOR + POP_TOP, MAKE_CELL, COPY_FREE_VARS;
//! 4. fix_cell_offsets: cell and free arguments become localsplus slots;
//! 5. optimize_cfg: optimize_basic_block and clean_basic_block on each block in layout order
//!    (constant conditions, `is None` jumps, tuple folding and unpacking, jump threading on one
//!    line, swaptimize, apply_static_swaps, PUSH_NULL folded into LOAD_GLOBAL), extend_block
//!    again, unreachable blocks emptied, empty blocks skipped, NOPs cleaned, jumps to the next
//!    block removed;
//! 6. duplicate_exits_without_lineno;
//! 7. trim_unused_consts;
//! 8. propagate_line_numbers and guarantee_lineno_for_exits.
//!
//! Its output is what `assemble` (steps 9-14) takes. Blocks are walked as CPython walks them:
//! layout order (`b_next`) or creation order reversed (`b_list`), which is decreasing block id.

mod block;
mod cfg;
mod graph;
mod prefix;

pub use graph::Malformed;

use crate::pass::{Context, Pass};
use graph::{Graph, Tables};
use pyrite_ir::cfg::{Cfg, CodeUnit};
use pyrite_ir::{Diagnostic, DiagnosticKind, Ir, IrKind};

pub fn pass() -> Box<dyn Pass> {
    Box::new(Peephole)
}

struct Peephole;

impl Pass for Peephole {
    fn name(&self) -> &str {
        "peephole"
    }
    fn input(&self) -> IrKind {
        IrKind::Cfg
    }
    fn output(&self) -> IrKind {
        IrKind::Cfg
    }
    fn run(&self, ir: Ir, _cx: &mut Context) -> Result<Ir, Diagnostic> {
        let Ir::Cfg(cfg) = ir else {
            return Err(Diagnostic::error(
                DiagnosticKind::InvalidInput,
                String::new(),
                format!("peephole needs a CFG, got {:?}", ir.kind()),
            ));
        };
        optimize(cfg).map(Ir::Cfg)
    }
}

/// Steps 2-8 on every unit of a module.
pub fn optimize(mut cfg: Cfg) -> Result<Cfg, Diagnostic> {
    let mut tables = Tables::default();
    for (i, unit) in cfg.units.iter_mut().enumerate() {
        optimize_unit_in(unit, &mut tables).map_err(|Malformed(m)| {
            Diagnostic::error(
                DiagnosticKind::InvalidInput,
                cfg.filename.clone(),
                format!("malformed control flow graph in code unit {i} ({}): {m}", unit.meta.qualname),
            )
        })?;
    }
    Ok(cfg)
}

/// Steps 2-8 on one code unit, in place.
pub fn optimize_unit(unit: &mut CodeUnit) -> Result<(), Malformed> {
    optimize_unit_in(unit, &mut Tables::default())
}

/// [`optimize_unit`] with the block tables of the previous unit.
fn optimize_unit_in(unit: &mut CodeUnit, tables: &mut Tables) -> Result<(), Malformed> {
    let mut g = Graph::new(unit, tables)?;
    for b in g.list() {
        cfg::normalize_basic_block(&mut g, b)?;
    }
    for b in g.list() {
        cfg::extend_block(&mut g, b);
    }
    if g.unit.meta.firstlineno == 0 {
        // CPython takes the entry's first line when the unit has none (never for codegen's).
        g.unit.meta.firstlineno = match g.instrs(g.entry).first() {
            Some(x) if x.loc.lineno != 0 => x.loc.lineno,
            _ => 1,
        };
    }
    let cells = prefix::Cells::of(&g);
    prefix::insert_prefix_instructions(&mut g, &cells);
    prefix::fix_cell_offsets(&mut g, cells)?;
    cfg::optimize_cfg(&mut g)?;
    cfg::duplicate_exits_without_lineno(&mut g);
    cfg::trim_unused_consts(&mut g);
    cfg::propagate_line_numbers(&mut g)?;
    cfg::guarantee_lineno_for_exits(&mut g);
    g.finish(tables);
    Ok(())
}

#[cfg(test)]
mod tests;
