//! The block-level steps of CPython 3.11's `assemble()` around the per-block rules: block
//! normalization, extend_block, optimize_cfg (reachability, empty blocks, NOP cleaning, redundant
//! jumps) and the line-number steps after it.

use super::block::optimize_basic_block;
use super::graph::{is, is_block_push, is_jump, make_nop, ops, Graph, Malformed};
use crate::assemble::clean_block;
use pyrite_ir::cfg::{BlockId, Location, Opcode, Pseudo};

/// Blocks of at most this many instructions are copied rather than jumped to (MAX_COPY_SIZE).
const MAX_COPY_SIZE: usize = 4;

fn is_exit_op(op: Opcode) -> bool {
    let o = ops();
    is(op, o.return_value) || is(op, o.raise_varargs) || is(op, o.reraise)
}

/// normalize_basic_block: marks exit and no-fallthrough blocks, checks that jumps end their
/// block and moves jump targets past empty blocks.
pub(crate) fn normalize_basic_block(g: &mut Graph, b: BlockId) -> Result<(), Malformed> {
    let o = ops();
    let n = g.instrs(b).len();
    for i in 0..n {
        let op = g.instrs(b)[i].opcode;
        if is_exit_op(op) {
            g.exit[b as usize] = true;
            g.nofallthrough[b as usize] = true;
            continue;
        }
        let unconditional = matches!(op, Opcode::Pseudo(Pseudo::Jump | Pseudo::JumpNoInterrupt));
        let conditional = matches!(
            op,
            Opcode::Pseudo(
                Pseudo::PopJumpIfFalse
                    | Pseudo::PopJumpIfTrue
                    | Pseudo::PopJumpIfNone
                    | Pseudo::PopJumpIfNotNone
            )
        ) || is(op, o.jump_if_false_or_pop)
            || is(op, o.jump_if_true_or_pop)
            || is(op, o.for_iter);
        if unconditional {
            g.nofallthrough[b as usize] = true;
        }
        if unconditional || conditional {
            if i != n - 1 {
                return Err(Malformed(format!("{} is not the last instruction of its block", op.name())));
            }
            let t = g.skip_empty(g.instrs(b)[i].target.expect("checked by Graph::new"))?;
            g.instrs_mut(b)[i].target = Some(t);
        }
    }
    Ok(())
}

/// Whether some instruction of the block has a line (`basicblock_has_lineno`: line > 0).
fn has_lineno(g: &Graph, b: BlockId) -> bool {
    g.instrs(b).iter().any(|x| x.loc.lineno > 0)
}

/// extend_block: a block ending in an unconditional jump to a small exit block without line
/// numbers (an implicit `return None`) gets a copy of that block instead of the jump.
pub(crate) fn extend_block(g: &mut Graph, b: BlockId) {
    let o = ops();
    let Some(last) = g.instrs(b).last() else { return };
    let jumps = last.opcode == Opcode::Pseudo(Pseudo::Jump)
        || is(last.opcode, o.jump_forward)
        || is(last.opcode, o.jump_backward);
    if !jumps {
        return;
    }
    let t = last.target.expect("a jump has a target");
    if !g.exit[t as usize] || g.instrs(t).len() > MAX_COPY_SIZE || has_lineno(g, t) {
        return;
    }
    let copy = g.instrs(t).clone();
    let block = g.instrs_mut(b);
    let n = block.len();
    make_nop(&mut block[n - 1]);
    block.extend(copy);
    g.exit[b as usize] = true;
}

/// mark_reachable: counts every block's predecessors (fall-through, jumps and handler pushes)
/// from the entry block.
fn mark_reachable(g: &mut Graph) {
    g.preds[g.entry as usize] = 1;
    let mut stack = vec![g.entry];
    while let Some(b) = stack.pop() {
        if let (Some(n), false) = (g.next[b as usize], g.nofallthrough[b as usize]) {
            if g.preds[n as usize] == 0 {
                stack.push(n);
            }
            g.preds[n as usize] += 1;
        }
        for i in 0..g.instrs(b).len() {
            let ins = &g.instrs(b)[i];
            if is_jump(ins.opcode) || is_block_push(ins.opcode) {
                let t = ins.target.expect("checked by Graph::new");
                if g.preds[t as usize] == 0 {
                    stack.push(t);
                }
                g.preds[t as usize] += 1;
            }
        }
    }
}

/// eliminate_empty_basic_blocks: the layout skips empty blocks (but keeps a last one) and final
/// jumps land on non-empty blocks.
fn eliminate_empty_basic_blocks(g: &mut Graph) -> Result<(), Malformed> {
    let mut b = Some(g.entry);
    while let Some(id) = b {
        if let Some(mut n) = g.next[id as usize] {
            while g.is_empty(n) {
                match g.next[n as usize] {
                    Some(after) => n = after,
                    None => break,
                }
            }
            g.next[id as usize] = Some(n);
        }
        b = g.next[id as usize];
    }
    let mut walk = g.chain();
    while let Some(id) = walk.step(g) {
        let Some(last) = g.instrs(id).last() else { continue };
        if is_jump(last.opcode) {
            let t = g.skip_empty(last.target.expect("checked by Graph::new"))?;
            g.instrs_mut(id).last_mut().expect("non-empty").target = Some(t);
        }
    }
    Ok(())
}

/// clean_basic_block with the next non-empty block in layout order.
pub(crate) fn clean_basic_block(g: &mut Graph, b: BlockId) {
    let mut n = g.next[b as usize];
    while let Some(id) = n {
        if !g.is_empty(id) {
            break;
        }
        n = g.next[id as usize];
    }
    let next_first = n.map(|id| g.instrs(id)[0].loc.lineno);
    clean_block(g.instrs_mut(b), next_first);
}

/// optimize_cfg, sub-step by sub-step in CPython's order.
pub(crate) fn optimize_cfg(g: &mut Graph) -> Result<(), Malformed> {
    let mut b = Some(g.entry);
    while let Some(id) = b {
        optimize_basic_block(g, id)?;
        clean_basic_block(g, id);
        b = g.next[id as usize];
    }
    for id in g.list() {
        extend_block(g, id);
    }
    mark_reachable(g);
    let mut walk = g.chain();
    while let Some(id) = walk.step(g) {
        if g.preds[id as usize] == 0 {
            g.instrs_mut(id).clear();
            g.nofallthrough[id as usize] = false;
        }
    }
    eliminate_empty_basic_blocks(g)?;
    let mut walk = g.chain();
    while let Some(id) = walk.step(g) {
        clean_basic_block(g, id);
    }
    // A jump to the block that follows anyway is redundant (its NOP goes at step 11).
    let mut maybe_empty = false;
    let mut walk = g.chain();
    while let Some(id) = walk.step(g) {
        let next = g.next[id as usize];
        let Some(last) = g.instrs_mut(id).last_mut() else { continue };
        if matches!(last.opcode, Opcode::Pseudo(Pseudo::Jump | Pseudo::JumpNoInterrupt))
            && last.target == next
        {
            make_nop(last);
            g.nofallthrough[id as usize] = false;
            maybe_empty = true;
        }
    }
    if maybe_empty {
        eliminate_empty_basic_blocks(g)?;
    }
    Ok(())
}

/// An exit block whose instructions all lack a line (`is_exit_without_lineno`: line >= 0 counts).
fn is_exit_without_lineno(g: &Graph, b: BlockId) -> bool {
    g.exit[b as usize] && g.instrs(b).iter().all(|x| x.loc.lineno < 0)
}

/// duplicate_exits_without_lineno: an exit block without lines that several blocks jump to is
/// copied for each jump (placed right after the original), so each copy can take its jump's
/// line; one reached by falling through takes the line of the block before it.
pub(crate) fn duplicate_exits_without_lineno(g: &mut Graph) {
    for b in g.list() {
        let Some(last) = g.instrs(b).last() else { continue };
        if !is_jump(last.opcode) {
            continue;
        }
        let loc = last.loc;
        let t = last.target.expect("checked by Graph::new");
        if is_exit_without_lineno(g, t) && g.preds[t as usize] > 1 {
            let copy = g.copy_block(t);
            g.instrs_mut(copy)[0].loc = loc;
            g.instrs_mut(b).last_mut().expect("non-empty").target = Some(copy);
            g.preds[t as usize] -= 1;
            g.preds[copy as usize] = 1;
            g.next[copy as usize] = g.next[t as usize];
            g.next[t as usize] = Some(copy);
        }
    }
    for b in g.list() {
        while let Some(n) = g.next[b as usize] {
            if !g.is_empty(n) {
                break;
            }
            g.next[b as usize] = g.next[n as usize];
        }
    }
    for b in g.list() {
        let (Some(n), false) = (g.next[b as usize], g.nofallthrough[b as usize]) else { continue };
        let Some(last) = g.instrs(b).last() else { continue };
        let loc = last.loc;
        if is_exit_without_lineno(g, n) {
            g.instrs_mut(n)[0].loc = loc;
        }
    }
}

/// trim_unused_consts: constants after the last one LOAD_CONST or KW_NAMES uses go (the first
/// stays: it may be the docstring).
pub(crate) fn trim_unused_consts(g: &mut Graph) {
    let o = ops();
    let mut max = 0;
    let mut walk = g.chain();
    while let Some(b) = walk.step(g) {
        for x in g.instrs(b) {
            if is(x.opcode, o.load_const) || is(x.opcode, o.kw_names) {
                max = max.max(x.oparg as usize);
            }
        }
    }
    g.unit.consts.truncate(max + 1);
}

/// propagate_line_numbers: an instruction without a line takes the previous one's location; the
/// first instruction of a block with one predecessor takes the location that ends it.
pub(crate) fn propagate_line_numbers(g: &mut Graph) -> Result<(), Malformed> {
    let mut walk = g.chain();
    while let Some(b) = walk.step(g) {
        if g.is_empty(b) {
            continue;
        }
        let mut prev = Location::NONE;
        for x in g.instrs_mut(b) {
            if x.loc.lineno < 0 {
                x.loc = prev;
            } else {
                prev = x.loc;
            }
        }
        if !g.nofallthrough[b as usize] {
            let n = g.next[b as usize]
                .ok_or_else(|| Malformed("the last block falls off the end of the code".into()))?;
            if g.preds[n as usize] == 1 {
                let first = g
                    .instrs_mut(n)
                    .first_mut()
                    .ok_or_else(|| Malformed("fall-through into an empty block".into()))?;
                if first.loc.lineno < 0 {
                    first.loc = prev;
                }
            }
        }
        let last = g.instrs(b).last().expect("non-empty");
        if is_jump(last.opcode) {
            let t = last.target.expect("checked by Graph::new");
            if g.preds[t as usize] == 1 {
                if let Some(first) = g.instrs_mut(t).first_mut() {
                    if first.loc.lineno < 0 {
                        first.loc = prev;
                    }
                }
            }
        }
    }
    Ok(())
}

/// guarantee_lineno_for_exits: a `return` block still without a line takes the line (only the
/// line) that ended the last block before it with one, or the first line of the code.
pub(crate) fn guarantee_lineno_for_exits(g: &mut Graph) {
    let o = ops();
    let mut lineno = g.unit.meta.firstlineno;
    let mut walk = g.chain();
    while let Some(b) = walk.step(g) {
        let Some(last) = g.instrs(b).last() else { continue };
        if last.loc.lineno < 0 {
            if is(last.opcode, o.return_value) {
                for x in g.instrs_mut(b) {
                    x.loc.lineno = lineno;
                }
            }
        } else {
            lineno = last.loc.lineno;
        }
    }
}
