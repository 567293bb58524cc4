//! optimize_basic_block: CPython 3.11's rules on one block, in one forward pass (a rule that
//! rewrote a jump looks at the same instruction again).

use super::graph::{is, is_block_push, is_jump, make_nop, ops, Graph, Malformed};
use pyrite_ir::cfg::{BlockId, ConstRef, Instr, Opcode, Pseudo};
use pyrite_ir::code::Constant;

const JUMP: Opcode = Opcode::Pseudo(Pseudo::Jump);
const POP_JUMP_IF_FALSE: Opcode = Opcode::Pseudo(Pseudo::PopJumpIfFalse);
const POP_JUMP_IF_TRUE: Opcode = Opcode::Pseudo(Pseudo::PopJumpIfTrue);

/// `PyObject_IsTrue` of a constant.
fn truth(c: &ConstRef) -> bool {
    let ConstRef::Value(v) = c else { return true };
    match v {
        Constant::None => false,
        Constant::Ellipsis | Constant::Code(_) => true,
        Constant::Bool(b) => *b,
        Constant::Int(i) => i.as_i64() != Some(0),
        Constant::Float(f) => *f != 0.0,
        Constant::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        Constant::Str(s) => !s.is_empty(),
        Constant::Bytes(b) => !b.is_empty(),
        Constant::Tuple(t) | Constant::FrozenSet(t) => !t.is_empty(),
    }
}

fn const_at(consts: &[ConstRef], oparg: u32) -> Result<&ConstRef, Malformed> {
    consts
        .get(oparg as usize)
        .ok_or_else(|| Malformed(format!("LOAD_CONST {oparg} is past the {} constants", consts.len())))
}

/// The first instruction of the block a jump lands on, after moving the jump past empty blocks.
fn land(g: &mut Graph, b: BlockId, i: usize) -> Result<Option<Instr>, Malformed> {
    let ins = &g.instrs(b)[i];
    if !(is_jump(ins.opcode) || is_block_push(ins.opcode)) {
        return Ok(None);
    }
    let t = g.skip_empty(ins.target.expect("checked by Graph::new"))?;
    g.instrs_mut(b)[i].target = Some(t);
    Ok(Some(g.instrs(t)[0].clone()))
}

/// jump_thread: a jump to a jump goes straight to the second one's target, with `opcode`, when
/// both are on the same line (and it changes something: bpo-45773).
fn jump_thread(ins: &mut Instr, target: &Instr, opcode: Opcode) -> bool {
    if ins.loc.lineno == target.loc.lineno && ins.target != target.target {
        ins.target = target.target;
        ins.opcode = opcode;
        return true;
    }
    false
}

/// Bounds the re-examinations of one instruction: CPython loops forever on a cycle of
/// same-line jumps (`A -> B -> C -> B`); pyrite reports it.
const MAX_THREADING: usize = 10_000;

pub(crate) fn optimize_basic_block(g: &mut Graph, b: BlockId) -> Result<(), Malformed> {
    let o = ops();
    let mut i = 0;
    let mut again = 0;
    while i < g.instrs(b).len() {
        let target = land(g, b, i)?;
        let ins = g.instrs(b)[i].clone();
        let nextop = g.instrs(b).get(i + 1).map(|n| n.opcode);
        // The opcode a jump lands on (none for other instructions).
        let landing = target.as_ref().map(|t| t.opcode);
        let mut redo = false;
        match ins.opcode {
            Opcode::Real(n) if n == o.load_const => match nextop {
                Some(p @ (POP_JUMP_IF_FALSE | POP_JUMP_IF_TRUE)) => {
                    let is_true = truth(const_at(&g.unit.consts, ins.oparg)?);
                    let block = g.instrs_mut(b);
                    make_nop(&mut block[i]);
                    if is_true == (p == POP_JUMP_IF_TRUE) {
                        block[i + 1].opcode = JUMP;
                        g.nofallthrough[b as usize] = true;
                    } else {
                        make_nop(&mut block[i + 1]);
                    }
                }
                Some(Opcode::Real(p)) if p == o.jump_if_false_or_pop || p == o.jump_if_true_or_pop => {
                    let is_true = truth(const_at(&g.unit.consts, ins.oparg)?);
                    let block = g.instrs_mut(b);
                    if is_true == (p == o.jump_if_true_or_pop) {
                        block[i + 1].opcode = JUMP;
                        g.nofallthrough[b as usize] = true;
                    } else {
                        make_nop(&mut block[i]);
                        make_nop(&mut block[i + 1]);
                    }
                }
                Some(Opcode::Real(p)) if p == o.is_op => {
                    let is_none =
                        matches!(const_at(&g.unit.consts, ins.oparg)?, ConstRef::Value(Constant::None));
                    let jump_op = g.instrs(b).get(i + 2).map(|n| n.opcode);
                    if is_none && matches!(jump_op, Some(POP_JUMP_IF_FALSE | POP_JUMP_IF_TRUE)) {
                        let block = g.instrs_mut(b);
                        // IS_OP's argument is 1 for `is not`.
                        let invert = block[i + 1].oparg as u8 ^ u8::from(jump_op == Some(POP_JUMP_IF_FALSE));
                        make_nop(&mut block[i]);
                        make_nop(&mut block[i + 1]);
                        block[i + 2].opcode = Opcode::Pseudo(if invert != 0 {
                            Pseudo::PopJumpIfNotNone
                        } else {
                            Pseudo::PopJumpIfNone
                        });
                    }
                }
                _ => {}
            },
            Opcode::Real(n) if n == o.build_tuple => {
                let next = g.instrs(b).get(i + 1);
                if next.is_some_and(|x| is(x.opcode, o.unpack_sequence) && x.oparg == ins.oparg)
                    && (1..=3).contains(&ins.oparg)
                {
                    let block = g.instrs_mut(b);
                    make_nop(&mut block[i]);
                    if ins.oparg == 1 {
                        make_nop(&mut block[i + 1]);
                    } else {
                        block[i + 1].opcode = Opcode::Real(o.swap);
                    }
                } else if i >= ins.oparg as usize {
                    fold_tuple_on_constants(g, b, i)?;
                }
            }
            Opcode::Real(n) if n == o.jump_if_false_or_pop || n == o.jump_if_true_or_pop => {
                let t = target.expect("a jump lands somewhere");
                let (same, same_pj, opposite, opposite_pj) = if n == o.jump_if_false_or_pop {
                    (o.jump_if_false_or_pop, POP_JUMP_IF_FALSE, o.jump_if_true_or_pop, POP_JUMP_IF_TRUE)
                } else {
                    (o.jump_if_true_or_pop, POP_JUMP_IF_TRUE, o.jump_if_false_or_pop, POP_JUMP_IF_FALSE)
                };
                let block = g.instrs_mut(b);
                if t.opcode == same_pj {
                    redo = jump_thread(&mut block[i], &t, same_pj);
                } else if t.opcode == JUMP || is(t.opcode, same) {
                    redo = jump_thread(&mut block[i], &t, Opcode::Real(same));
                } else if (is(t.opcode, opposite) || t.opcode == opposite_pj)
                    && ins.loc.lineno == t.loc.lineno
                {
                    // The second test fails whenever the first one jumps: go past it, popping.
                    let landed = ins.target.expect("a jump has a target");
                    let after = g.next[landed as usize]
                        .ok_or_else(|| Malformed("a conditional jump ends the code".into()))?;
                    let block = g.instrs_mut(b);
                    block[i].opcode = same_pj;
                    block[i].target = Some(after);
                    redo = true;
                }
            }
            Opcode::Pseudo(
                Pseudo::PopJumpIfNone
                | Pseudo::PopJumpIfNotNone
                | Pseudo::PopJumpIfFalse
                | Pseudo::PopJumpIfTrue,
            )
            | JUMP
                if landing == Some(JUMP) =>
            {
                let t = target.expect("checked");
                redo = jump_thread(&mut g.instrs_mut(b)[i], &t, ins.opcode);
            }
            Opcode::Real(n) if n == o.swap => {
                let bad = g.instrs(b)[i..].iter().find(|x| is(x.opcode, o.swap) && x.oparg == 0);
                if bad.is_some() {
                    return Err(Malformed("SWAP 0 names no stack item".into()));
                }
                if ins.oparg == 1 {
                    make_nop(&mut g.instrs_mut(b)[i]);
                } else {
                    i = swaptimize(g.instrs_mut(b), i);
                    apply_static_swaps(g.instrs_mut(b), i);
                }
            }
            Opcode::Real(n) if n == o.push_null => {
                // 3.11 tests the opcode's parity where it means the argument's: LOAD_GLOBAL is
                // even, so the NULL is always folded into it.
                if let Some(Opcode::Real(next)) = nextop {
                    if next == o.load_global && next & 1 == 0 {
                        let block = g.instrs_mut(b);
                        make_nop(&mut block[i]);
                        block[i + 1].oparg |= 1;
                    }
                }
            }
            _ => {}
        }
        if redo {
            again += 1;
            if again > MAX_THREADING {
                return Err(Malformed("jump threading does not end: a cycle of jumps on one line".into()));
            }
        } else {
            i += 1;
            again = 0;
        }
    }
    Ok(())
}

/// fold_tuple_on_constants: `LOAD_CONST c1 ... LOAD_CONST cn BUILD_TUPLE n` becomes NOPs and
/// `LOAD_CONST (c1, ..., cn)`, the tuple reused from the constants when an equal one (same
/// types and values, as CPython's constant cache sees it) is there, appended otherwise.
fn fold_tuple_on_constants(g: &mut Graph, b: BlockId, at: usize) -> Result<(), Malformed> {
    let o = ops();
    let n = g.instrs(b)[at].oparg as usize;
    let items = &g.instrs(b)[at - n..at];
    if !items.iter().all(|x| is(x.opcode, o.load_const)) {
        return Ok(());
    }
    let mut values = Vec::with_capacity(n);
    for x in items {
        match const_at(&g.unit.consts, x.oparg)? {
            ConstRef::Value(v) => values.push(v.clone()),
            // A code object is never an element of a tuple codegen builds.
            ConstRef::Code(_) => return Ok(()),
        }
    }
    let tuple = Constant::Tuple(values);
    let consts = &mut g.unit.consts;
    let index = match consts.iter().position(|c| matches!(c, ConstRef::Value(v) if v.same_value(&tuple))) {
        Some(i) => i,
        None => {
            consts.push(ConstRef::Value(tuple));
            consts.len() - 1
        }
    };
    let block = g.instrs_mut(b);
    for x in &mut block[at - n..at] {
        make_nop(x);
    }
    block[at].opcode = Opcode::Real(o.load_const);
    block[at].oparg = index as u32;
    Ok(())
}

/// swaptimize: a run of SWAPs and NOPs starting at `ix` becomes the fewest SWAPs with the same
/// effect (then NOPs). Returns the index of the run's last instruction.
fn swaptimize(block: &mut [Instr], ix: usize) -> usize {
    let o = ops();
    let mut depth = block[ix].oparg as usize;
    let mut len = 1;
    let mut more = false;
    while ix + len < block.len() {
        let x = &block[ix + len];
        if is(x.opcode, o.swap) {
            depth = depth.max(x.oparg as usize);
            more = true;
        } else if !is(x.opcode, o.nop) {
            break;
        }
        len += 1;
    }
    if !more {
        return ix;
    }
    // Run the swaps on a model stack of item numbers, then rebuild them cycle by cycle from the
    // end of the run, each cycle through position 0 (SWAP only exchanges with the top).
    let mut stack: Vec<Option<usize>> = (0..depth).map(Some).collect();
    for x in &block[ix..ix + len] {
        if is(x.opcode, o.swap) {
            stack.swap(0, x.oparg as usize - 1);
        }
    }
    let mut current = ix + len;
    for i in 0..depth {
        if stack[i].is_none() || stack[i] == Some(i) {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 {
                current -= 1;
                block[current].opcode = Opcode::Real(o.swap);
                block[current].oparg = j as u32 + 1;
                block[current].target = None;
            }
            match stack[j].take() {
                None => break,
                Some(next) => j = next,
            }
        }
    }
    for x in &mut block[ix..current] {
        make_nop(x);
    }
    ix + len - 1
}

/// STORE_FAST and POP_TOP only touch the top of the stack and cannot jump or run code, so they
/// may be reordered instead of the stack items.
fn swappable(o: &super::graph::Ops, op: Opcode) -> bool {
    is(op, o.store_fast) || is(op, o.pop_top)
}

fn stores_to(o: &super::graph::Ops, ins: &Instr) -> Option<u32> {
    is(ins.opcode, o.store_fast).then_some(ins.oparg)
}

/// The next STORE_FAST / POP_TOP after `i` past NOPs, none if something else comes first or
/// (with a line given) an instruction on another line.
fn next_swappable(block: &[Instr], mut i: usize, lineno: Option<i32>) -> Option<usize> {
    let o = ops();
    loop {
        i += 1;
        let x = block.get(i)?;
        if lineno.is_some_and(|l| x.loc.lineno != l) {
            return None;
        }
        if is(x.opcode, o.nop) {
            continue;
        }
        return swappable(o, x.opcode).then_some(i);
    }
}

/// apply_static_swaps: `SWAP n` followed by n swappable instructions becomes a NOP and the
/// exchange of the first and n-th of them, scanning the SWAPs leftwards from `i`.
fn apply_static_swaps(block: &mut [Instr], i: usize) {
    let o = ops();
    for i in (0..=i).rev() {
        let swap = &block[i];
        if !is(swap.opcode, o.swap) {
            if is(swap.opcode, o.nop) || swappable(o, swap.opcode) {
                continue;
            }
            return;
        }
        let Some(j) = next_swappable(block, i, None) else { return };
        let lineno = block[j].loc.lineno;
        let mut k = j;
        for _ in 1..swap.oparg {
            match next_swappable(block, k, (lineno >= 0).then_some(lineno)) {
                Some(x) => k = x,
                None => return,
            }
        }
        let (sj, sk) = (stores_to(o, &block[j]), stores_to(o, &block[k]));
        if sj.is_some() || sk.is_some() {
            if sj == sk {
                return;
            }
            if block[j + 1..k].iter().any(|x| stores_to(o, x).is_some_and(|s| Some(s) == sj || Some(s) == sk))
            {
                return;
            }
        }
        make_nop(&mut block[i]);
        block.swap(j, k);
    }
}
