//! The `assemble` stage as a pass: every code unit of a [`Cfg`] becomes a code object, nested units
//! first so that each parent finds its children's code objects ready for its `co_consts`.

use super::{assemble_unit_in, AssembleError, AssembleOptions, Assembled, Scratch};
use crate::pass::{Context, Pass};
use pyrite_ir::cfg::{Cfg, CodeUnit, ConstRef, UnitMeta};
use pyrite_ir::code::{CodeObject, Constant};
use pyrite_ir::pystr::PyStr;
use pyrite_ir::{Diagnostic, DiagnosticKind, Ir, IrKind};

pub struct AssemblePass;

impl Pass for AssemblePass {
    fn name(&self) -> &str {
        "assemble"
    }
    fn input(&self) -> IrKind {
        IrKind::Cfg
    }
    fn output(&self) -> IrKind {
        IrKind::Code
    }
    fn run(&self, ir: Ir, _cx: &mut Context) -> Result<Ir, Diagnostic> {
        let Ir::Cfg(cfg) = ir else {
            return Err(Diagnostic::error(
                DiagnosticKind::InvalidInput,
                String::new(),
                format!("assemble needs a CFG, got {:?}", ir.kind()),
            ));
        };
        assemble_cfg(cfg).map(|c| Ir::Code(Box::new(c)))
    }
}

/// A code object from a unit's metadata, its final constants and what the assembler produced.
/// Shared by this pass and `pyrite asm`.
pub fn code_object(meta: UnitMeta, consts: Vec<Constant>, a: Assembled) -> CodeObject {
    CodeObject {
        argcount: meta.argcount,
        posonlyargcount: meta.posonlyargcount,
        kwonlyargcount: meta.kwonlyargcount,
        stacksize: a.stacksize,
        flags: meta.flags,
        code: a.code,
        consts,
        localspluskinds: meta.localsplus.iter().map(|(_, k)| *k).collect(),
        // The unit's strings become the code object's without a copy.
        names: meta.names.into_iter().map(PyStr::from).collect(),
        localsplusnames: meta.localsplus.into_iter().map(|(n, _)| PyStr::from(n)).collect(),
        filename: PyStr::from(meta.filename),
        name: PyStr::from(meta.name),
        qualname: PyStr::from(meta.qualname),
        firstlineno: meta.firstlineno.max(0) as u32,
        linetable: a.linetable,
        exceptiontable: a.exceptiontable,
    }
}

/// Nested units before the units whose constants name them (a post-order of the constant tree
/// from unit 0), computed with an explicit stack so deep nesting cannot overflow ours. Fails on a
/// reference to a missing unit, on a unit referenced twice and on a cycle.
fn post_order(cfg: &Cfg) -> Result<Vec<usize>, String> {
    let n = cfg.units.len();
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    if n == 0 {
        return Err("the CFG has no code unit".into());
    }
    // (unit, index of the next constant to look at)
    let mut stack = vec![(0usize, 0usize)];
    seen[0] = true;
    while let Some(top) = stack.last_mut() {
        let (u, next) = *top;
        let consts = &cfg.units[u].consts;
        match consts[next..].iter().position(|c| matches!(c, ConstRef::Code(_))) {
            Some(off) => {
                top.1 = next + off + 1;
                let ConstRef::Code(child) = consts[next + off] else { unreachable!() };
                if child >= n {
                    return Err(format!("code unit {u} refers to code unit {child}, which does not exist"));
                }
                if seen[child] {
                    return Err(format!("code unit {child} is referenced twice (again by code unit {u})"));
                }
                seen[child] = true;
                stack.push((child, 0));
            }
            None => {
                order.push(u);
                stack.pop();
            }
        }
    }
    Ok(order)
}

fn unit_error(cfg: &Cfg, u: usize, message: String) -> Diagnostic {
    let unit = &cfg.units[u];
    Diagnostic::error(
        DiagnosticKind::InvalidInput,
        cfg.filename.clone(),
        format!("cannot assemble code unit {u} ({}): {message}", unit.meta.qualname),
    )
}

fn assemble_error(cfg: &Cfg, u: usize, unit: &CodeUnit, e: AssembleError) -> Diagnostic {
    let at = e.at();
    let line = unit
        .blocks
        .get(at.block as usize)
        .and_then(|b| b.instrs.get(at.instr))
        .map(|i| i.loc.lineno)
        .filter(|&l| l > 0);
    let mut d = unit_error(cfg, u, e.to_string());
    d.lineno = line.map(|l| l as u32);
    d
}

/// Steps 9-14 on every unit: the module's code object, nested code objects in its constants.
pub fn assemble_cfg(mut cfg: Cfg) -> Result<CodeObject, Diagnostic> {
    let order = post_order(&cfg).map_err(|m| {
        Diagnostic::error(DiagnosticKind::InvalidInput, cfg.filename.clone(), format!("malformed CFG: {m}"))
    })?;
    let mut done: Vec<Option<CodeObject>> = vec![None; cfg.units.len()];
    let mut scratch = Scratch::default();
    for u in order {
        let mut unit = std::mem::take(&mut cfg.units[u]);
        let assembled = match assemble_unit_in(&mut unit, AssembleOptions::default(), &mut scratch) {
            Ok(a) => a,
            Err(e) => return Err(assemble_error(&cfg, u, &unit, e)),
        };
        let consts = std::mem::take(&mut unit.consts)
            .into_iter()
            .map(|c| match c {
                ConstRef::Value(v) => v,
                // post_order put every child first and each exactly once.
                ConstRef::Code(child) => {
                    Constant::Code(Box::new(done[child].take().expect("child assembled")))
                }
            })
            .collect();
        done[u] = Some(code_object(std::mem::take(&mut unit.meta), consts, assembled));
    }
    Ok(done[0].take().expect("unit 0 assembled last"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyrite_ir::cfg::{Instr, Location, Opcode};

    fn op(name: &str) -> Opcode {
        Opcode::from_name(name).unwrap()
    }

    /// `return None` with the given constants.
    fn unit(name: &str, consts: Vec<ConstRef>) -> CodeUnit {
        let mut u = CodeUnit::default();
        u.meta.name = name.into();
        u.meta.qualname = name.into();
        u.meta.filename = "t.py".into();
        u.meta.firstlineno = 1;
        u.consts = consts;
        let b = u.new_block();
        let loc = Location::new(1, 1, 0, 4);
        u.blocks[b as usize].instrs.push(Instr::new(op("RESUME"), 0, loc));
        u.blocks[b as usize].instrs.push(Instr::new(op("LOAD_CONST"), 0, loc));
        u.blocks[b as usize].instrs.push(Instr::new(op("RETURN_VALUE"), 0, loc));
        u
    }

    #[test]
    fn children_become_code_constants_of_their_parents() {
        let cfg = Cfg {
            filename: "t.py".into(),
            units: vec![
                unit("<module>", vec![ConstRef::Code(2), ConstRef::Value(Constant::None)]),
                unit("g", vec![ConstRef::Value(Constant::None)]),
                unit("f", vec![ConstRef::Code(1)]),
            ],
        };
        let m = assemble_cfg(cfg).unwrap();
        assert_eq!(m.name.to_string(), "<module>");
        let Constant::Code(f) = &m.consts[0] else { panic!("{:?}", m.consts[0]) };
        assert_eq!(f.name.to_string(), "f");
        let Constant::Code(g) = &f.consts[0] else { panic!() };
        assert_eq!(g.name.to_string(), "g");
        assert_eq!(g.stacksize, 1);
        assert_eq!(m.filename.to_string(), "t.py");
    }

    #[test]
    fn malformed_references_are_errors_not_panics() {
        for consts in
            [vec![ConstRef::Code(7)], vec![ConstRef::Code(0)], vec![ConstRef::Code(1), ConstRef::Code(1)]]
        {
            let cfg =
                Cfg { filename: "t.py".into(), units: vec![unit("<module>", consts), unit("f", vec![])] };
            let e = assemble_cfg(cfg).unwrap_err();
            assert!(e.message.starts_with("malformed CFG"), "{}", e.message);
        }
        assert!(assemble_cfg(Cfg::default()).is_err());
    }

    #[test]
    fn assembler_errors_name_the_unit() {
        let mut u = unit("<module>", vec![ConstRef::Value(Constant::None)]);
        u.blocks[0].instrs.insert(1, Instr::new(op("POP_TOP"), 0, Location::new(3, 3, 0, 1)));
        let e = assemble_cfg(Cfg { filename: "t.py".into(), units: vec![u] }).unwrap_err();
        assert!(e.message.contains("stack underflow"), "{}", e.message);
        assert_eq!(e.lineno, Some(3));
    }
}
