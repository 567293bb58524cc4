//! The `assemble` stage (Cfg -> Code): CPython 3.11's assembler, steps 9-14 of its pipeline.
//!
//! [`assemble_unit`] turns one code unit of the CFG into bytecode, `co_stacksize`, the location
//! table and the exception table:
//!
//! 9. stack depth by a graph walk from depth 0 ([`stackdepth`]);
//! 10. exception labelling: the SETUP_* / POP_BLOCK pseudo-ops give each instruction its handler,
//!     then become NOPs;
//! 11. NOPs without a line of their own are removed;
//! 12. direction-free jumps become `*_FORWARD` / `*_BACKWARD` by block order;
//! 13. jump offsets, recomputed until the EXTENDED_ARG prefixes stop growing;
//! 14. bytecode with zeroed cache entries, the location table and the exception table.
//!
//! The stage's [`pass`] runs them on every unit of a CFG, nested units first, and builds the code
//! objects ([`assemble_cfg`]); `pyrite asm` uses [`assemble_unit`] directly.

pub mod linetable;
pub mod stack_effect;
mod unit;

pub use unit::{assemble_cfg, code_object};

use crate::pass::Pass;
use pyrite_ir::cfg::{opcode_names, opcode_number, BlockId, CodeUnit, Instr, Opcode, Pseudo};
use std::sync::OnceLock;

const CO_GENERATOR: u32 = 0x20;
const CO_COROUTINE: u32 = 0x80;
const CO_ASYNC_GENERATOR: u32 = 0x200;
use thiserror::Error;

pub fn pass() -> Box<dyn Pass> {
    Box::new(unit::AssemblePass)
}

/// What the assembler produced for one code unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assembled {
    pub code: Vec<u8>,
    pub stacksize: u32,
    pub linetable: Vec<u8>,
    pub exceptiontable: Vec<u8>,
}

/// Where in a code unit something went wrong: a block and the index of an instruction in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    pub block: BlockId,
    pub instr: usize,
}

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum AssembleError {
    #[error("{name} is not an opcode of CPython 3.11")]
    InvalidOpcode { at: At, name: String },
    #[error("stack underflow: {name} needs more items than the {depth} on the stack on some path")]
    StackUnderflow { at: At, name: String, depth: i32 },
    #[error("{name} has no jump target")]
    MissingTarget { at: At, name: String },
    #[error("{name} jumps {wanted}, but its target comes {actual} it")]
    JumpDirection { at: At, name: String, wanted: &'static str, actual: &'static str },
    #[error("the exception handler of {name} has no stack depth: no SETUP_* reaches it and none is given")]
    HandlerDepth { at: At, name: String },
    #[error("argument {oparg} of {name} does not fit in 32 bits")]
    ArgTooLarge { at: At, name: String, oparg: i64 },
}

impl AssembleError {
    pub fn at(&self) -> At {
        match self {
            AssembleError::InvalidOpcode { at, .. }
            | AssembleError::StackUnderflow { at, .. }
            | AssembleError::MissingTarget { at, .. }
            | AssembleError::JumpDirection { at, .. }
            | AssembleError::HandlerDepth { at, .. }
            | AssembleError::ArgTooLarge { at, .. } => *at,
        }
    }
}

/// Options of one assembly.
#[derive(Clone, Copy, Debug)]
pub struct AssembleOptions {
    /// Remove NOPs that carry no line of their own (CPython's clean_basic_block). Compiled code
    /// wants it; hand-written assembly keeps what it says.
    pub clean_nops: bool,
}

impl Default for AssembleOptions {
    fn default() -> Self {
        AssembleOptions { clean_nops: true }
    }
}

/// Opcode numbers the assembler itself needs, looked up once in the target's table.
pub(crate) struct Ops {
    pub nop: u8,
    pub extended_arg: u8,
    pub jump_forward: u8,
    pub jump_backward: u8,
    pub jump_backward_no_interrupt: u8,
    pub return_value: u8,
    pub raise_varargs: u8,
    pub reraise: u8,
    pub pj_forward: [u8; 4],
    pub pj_backward: [u8; 4],
    /// Relative jumps that go forward / backward.
    pub forward: [bool; 256],
    pub backward: [bool; 256],
    pub caches: [u8; 256],
}

pub(crate) fn ops() -> &'static Ops {
    static OPS: OnceLock<Ops> = OnceLock::new();
    OPS.get_or_init(|| {
        let n = |name: &str| opcode_number(name).unwrap_or_else(|| panic!("opcode table lacks {name}"));
        let pj =
            |dir: &str| ["FALSE", "TRUE", "NONE", "NOT_NONE"].map(|c| n(&format!("POP_JUMP_{dir}_IF_{c}")));
        let mut forward = [false; 256];
        let mut backward = [false; 256];
        let table = pyrite_ir::target::default_target().opcodes();
        for (i, name) in opcode_names().iter().enumerate() {
            // Relative jumps by opcode.py's `hasjrel` (base opcodes only), split by direction.
            if table.opclass[i] & pyrite_ir::target::py311::HASJREL != 0 {
                let bwd = name.contains("BACKWARD");
                forward[i] = !bwd;
                backward[i] = bwd;
            }
        }
        Ops {
            nop: n("NOP"),
            extended_arg: n("EXTENDED_ARG"),
            jump_forward: n("JUMP_FORWARD"),
            jump_backward: n("JUMP_BACKWARD"),
            jump_backward_no_interrupt: n("JUMP_BACKWARD_NO_INTERRUPT"),
            return_value: n("RETURN_VALUE"),
            raise_varargs: n("RAISE_VARARGS"),
            reraise: n("RERAISE"),
            pj_forward: pj("FORWARD"),
            pj_backward: pj("BACKWARD"),
            forward,
            backward,
            caches: *pyrite_ir::target::default_target().opcodes().cache_entries,
        }
    })
}

fn is_jump(ops: &Ops, op: Opcode) -> bool {
    match op {
        Opcode::Real(n) => ops.forward[n as usize] || ops.backward[n as usize],
        Opcode::Pseudo(p) => p.has_target() && !p.is_block_push(),
    }
}

/// Unconditional transfers: nothing after them in the block runs.
fn is_terminator(ops: &Ops, op: Opcode) -> bool {
    match op {
        Opcode::Real(n) => {
            n == ops.jump_forward
                || n == ops.jump_backward
                || n == ops.jump_backward_no_interrupt
                || n == ops.return_value
                || n == ops.raise_varargs
                || n == ops.reraise
        }
        Opcode::Pseudo(p) => matches!(p, Pseudo::Jump | Pseudo::JumpNoInterrupt),
    }
}

fn has_fallthrough(ops: &Ops, unit: &CodeUnit, b: BlockId) -> bool {
    match unit.blocks[b as usize].instrs.last() {
        Some(last) => !is_terminator(ops, last.opcode),
        None => true,
    }
}

/// Code units an instruction occupies: EXTENDED_ARG prefixes, itself, its cache entries.
pub fn instr_size(op: u8, oparg: u32) -> u32 {
    ops().size(op, oparg)
}

impl Ops {
    /// [`instr_size`] with the table at hand (loops over instructions look it up once).
    #[inline]
    pub(crate) fn size(&self, op: u8, oparg: u32) -> u32 {
        let ext = match oparg {
            0..=0xff => 0,
            0x100..=0xffff => 1,
            0x1_0000..=0xff_ffff => 2,
            _ => 3,
        };
        ext + 1 + self.caches[op as usize] as u32
    }
}

fn name_of(unit: &CodeUnit, at: At) -> String {
    unit.blocks[at.block as usize].instrs[at.instr].opcode.name().into_owned()
}

/// Step 9: the maximum stack depth over every path, and each block's start depth (`i32::MIN`
/// for a block no path reaches). Handler blocks are reached through the SETUP_* that pushes them,
/// or, when a block carries its exception-table depth, through every instruction it covers.
pub fn stackdepth(unit: &CodeUnit) -> Result<(u32, Vec<i32>), AssembleError> {
    let mut s = Scratch::default();
    let depth = stackdepth_in(unit, &mut s)?;
    Ok((depth, s.start))
}

/// The working tables of one unit's assembly, kept from unit to unit so that a module's units
/// reuse their allocations. Each step that uses one sizes and fills it first.
#[derive(Default)]
pub(crate) struct Scratch {
    /// Each block's start depth ([`stackdepth`]), kept for the exception table.
    start: Vec<i32>,
    /// The block after each in layout order (the order does not change between the steps that
    /// read it).
    next_of: Vec<Option<BlockId>>,
    stack: Vec<BlockId>,
    visited: Vec<bool>,
    except_stacks: Vec<Option<Vec<BlockId>>>,
    /// Block offsets in code units ([`jump_offsets`]).
    offsets: Vec<u32>,
}

fn refill<T: Clone>(v: &mut Vec<T>, n: usize, value: T) {
    v.clear();
    v.resize(n, value);
}

/// [`stackdepth`] leaving the start depths in `s.start` and the layout links in `s.next_of`.
fn stackdepth_in(unit: &CodeUnit, s: &mut Scratch) -> Result<u32, AssembleError> {
    let ops = ops();
    let nblocks = unit.blocks.len();
    refill(&mut s.start, nblocks, i32::MIN);
    refill(&mut s.next_of, nblocks, None);
    let (start, next_of, stack) = (&mut s.start, &mut s.next_of, &mut s.stack);
    for w in unit.order.windows(2) {
        next_of[w[0] as usize] = Some(w[1]);
    }
    stack.clear();
    let mut maxdepth = 0i32;
    let push = |stack: &mut Vec<BlockId>, start: &mut [i32], b: BlockId, depth: i32| {
        let s = &mut start[b as usize];
        if *s < depth && *s < 100 {
            *s = depth;
            stack.push(b);
        }
    };
    let Some(&entry) = unit.order.first() else { return Ok(0) };
    // A generator's frame starts with the value sent by the first `send()` (None) on the stack,
    // which the POP_TOP after RETURN_GENERATOR drops.
    let gen_flags = CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR;
    push(stack, start, entry, i32::from(unit.meta.flags & gen_flags != 0));
    for &b in &unit.order {
        if let Some(d) = unit.blocks[b as usize].entry_depth {
            push(stack, start, b, d as i32);
        }
    }
    while let Some(b) = stack.pop() {
        let mut depth = start[b as usize];
        let mut next = next_of[b as usize];
        for (i, ins) in unit.blocks[b as usize].instrs.iter().enumerate() {
            let at = At { block: b, instr: i };
            let effect = stack_effect::stack_effect(ins.opcode, ins.oparg, Some(false))
                .ok_or_else(|| AssembleError::InvalidOpcode { at, name: name_of(unit, at) })?;
            if let Some(h) = ins.handler {
                let hb = &unit.blocks[h as usize];
                if let Some(d) = hb.handler_depth {
                    let target_depth = d as i32 + 1 + hb.preserve_lasti as i32;
                    maxdepth = maxdepth.max(target_depth);
                    push(stack, start, h, target_depth);
                }
            }
            let new_depth = depth + effect;
            if new_depth < 0 || depth < 0 {
                return Err(AssembleError::StackUnderflow { at, name: name_of(unit, at), depth });
            }
            maxdepth = maxdepth.max(new_depth);
            let pushes_block = matches!(ins.opcode, Opcode::Pseudo(p) if p.is_block_push());
            if is_jump(ops, ins.opcode) || pushes_block {
                let effect = stack_effect::stack_effect(ins.opcode, ins.oparg, Some(true))
                    .ok_or_else(|| AssembleError::InvalidOpcode { at, name: name_of(unit, at) })?;
                let target_depth = depth + effect;
                if target_depth < 0 {
                    return Err(AssembleError::StackUnderflow { at, name: name_of(unit, at), depth });
                }
                maxdepth = maxdepth.max(target_depth);
                let t =
                    ins.target.ok_or_else(|| AssembleError::MissingTarget { at, name: name_of(unit, at) })?;
                push(stack, start, t, target_depth);
            }
            depth = new_depth;
            if is_terminator(ops, ins.opcode) {
                next = None;
                break;
            }
        }
        if let Some(n) = next {
            push(stack, start, n, depth);
        }
    }
    Ok(maxdepth as u32)
}

/// Step 10: gives every instruction the handler of the innermost SETUP_* active there, marks
/// the targets of SETUP_CLEANUP / SETUP_WITH as keeping `lasti`, and turns the block pseudo-ops
/// into NOPs (which carry no handler).
/// `s.next_of` holds the layout links (from [`stackdepth_in`]).
fn label_exception_targets(unit: &mut CodeUnit, s: &mut Scratch) {
    let ops = ops();
    let nblocks = unit.blocks.len();
    refill(&mut s.visited, nblocks, false);
    refill(&mut s.except_stacks, nblocks, None);
    let (next_of, visited, stacks, todo) = (&s.next_of, &mut s.visited, &mut s.except_stacks, &mut s.stack);
    let Some(&entry) = unit.order.first() else { return };
    todo.clear();
    todo.push(entry);
    stacks[entry as usize] = Some(Vec::new());
    visited[entry as usize] = true;
    while let Some(b) = todo.pop() {
        let mut except_stack = stacks[b as usize].take().unwrap_or_default();
        let mut handler = except_stack.last().copied();
        let fallthrough = has_fallthrough(ops, unit, b);
        let n = unit.blocks[b as usize].instrs.len();
        for i in 0..n {
            let ins = unit.blocks[b as usize].instrs[i].clone();
            match ins.opcode {
                Opcode::Pseudo(p) if p.is_block_push() => {
                    let Some(t) = ins.target else { continue };
                    if !visited[t as usize] {
                        stacks[t as usize] = Some(except_stack.clone());
                        todo.push(t);
                        visited[t as usize] = true;
                    }
                    if matches!(p, Pseudo::SetupWith | Pseudo::SetupCleanup) {
                        unit.blocks[t as usize].preserve_lasti = true;
                    }
                    except_stack.push(t);
                    handler = Some(t);
                }
                Opcode::Pseudo(Pseudo::PopBlock) => {
                    except_stack.pop();
                    handler = except_stack.last().copied();
                }
                op if is_jump(ops, op) => {
                    unit.blocks[b as usize].instrs[i].handler = handler;
                    if let Some(t) = ins.target {
                        if !visited[t as usize] {
                            stacks[t as usize] = Some(if fallthrough || i + 1 < n {
                                except_stack.clone()
                            } else {
                                std::mem::take(&mut except_stack)
                            });
                            todo.push(t);
                            visited[t as usize] = true;
                        }
                    }
                }
                _ => unit.blocks[b as usize].instrs[i].handler = handler,
            }
        }
        if fallthrough {
            if let Some(nb) = next_of[b as usize] {
                if !visited[nb as usize] {
                    stacks[nb as usize] = Some(except_stack);
                    todo.push(nb);
                    visited[nb as usize] = true;
                }
            }
        }
    }
    for block in &mut unit.blocks {
        for ins in &mut block.instrs {
            if let Opcode::Pseudo(p) = ins.opcode {
                if p.is_block_push() || p == Pseudo::PopBlock {
                    ins.opcode = Opcode::Real(ops.nop);
                    ins.oparg = 0;
                    ins.target = None;
                    ins.handler = None;
                }
            }
        }
    }
}

/// Step 11: drops NOPs whose line is already given by a neighbour (CPython's clean_basic_block).
fn clean_nops(unit: &mut CodeUnit) {
    for pos in 0..unit.order.len() {
        let b = unit.order[pos] as usize;
        let next_first = unit.order[pos + 1..]
            .iter()
            .find_map(|&n| unit.blocks[n as usize].instrs.first().map(|i| i.loc.lineno));
        clean_block(&mut unit.blocks[b].instrs, next_first);
    }
}

/// CPython's clean_basic_block on one block: a NOP goes when it has no line, when the previous
/// instruction has its line, or when the next one has it (or none, and then takes the NOP's
/// location). `next_first` is the line of the first instruction of the next non-empty block in
/// layout order, which decides for a NOP that ends the block.
pub(crate) fn clean_block(instrs: &mut Vec<Instr>, next_first: Option<i32>) {
    let nop = Opcode::Real(ops().nop);
    let mut dest = 0;
    let mut prev_lineno = -1;
    for src in 0..instrs.len() {
        let lineno = instrs[src].loc.lineno;
        if instrs[src].opcode == nop {
            if lineno < 0 || prev_lineno == lineno {
                continue;
            }
            if src + 1 < instrs.len() {
                let next_lineno = instrs[src + 1].loc.lineno;
                if next_lineno == lineno {
                    continue;
                }
                if next_lineno < 0 {
                    instrs[src + 1].loc = instrs[src].loc;
                    continue;
                }
            } else if next_first == Some(lineno) {
                continue;
            }
        }
        if dest != src {
            instrs.swap(dest, src);
        }
        dest += 1;
        prev_lineno = lineno;
    }
    instrs.truncate(dest);
}

/// Step 12: a direction-free jump ending a block becomes a forward jump when its target comes
/// later in the layout, a backward one otherwise (a block jumping to itself goes backward).
fn normalize_jumps(unit: &mut CodeUnit, s: &mut Scratch) {
    let ops = ops();
    let visited = &mut s.visited;
    refill(visited, unit.blocks.len(), false);
    for pos in 0..unit.order.len() {
        let b = unit.order[pos] as usize;
        visited[b] = true;
        for ins in &mut unit.blocks[b].instrs {
            let (Opcode::Pseudo(p), Some(t)) = (ins.opcode, ins.target) else { continue };
            let forward = !visited[t as usize];
            let k = match p {
                Pseudo::PopJumpIfFalse => 0,
                Pseudo::PopJumpIfTrue => 1,
                Pseudo::PopJumpIfNone => 2,
                Pseudo::PopJumpIfNotNone => 3,
                Pseudo::Jump => {
                    ins.opcode = Opcode::Real(if forward { ops.jump_forward } else { ops.jump_backward });
                    continue;
                }
                Pseudo::JumpNoInterrupt => {
                    ins.opcode =
                        Opcode::Real(if forward { ops.jump_forward } else { ops.jump_backward_no_interrupt });
                    continue;
                }
                _ => continue,
            };
            ins.opcode = Opcode::Real(if forward { ops.pj_forward[k] } else { ops.pj_backward[k] });
        }
    }
}

pub(crate) fn real(ins: &Instr) -> u8 {
    match ins.opcode {
        Opcode::Real(n) => n,
        // Every pseudo-op is gone after steps 10 and 12.
        Opcode::Pseudo(_) => unreachable!("pseudo-op left after normalization"),
    }
}

/// Step 13: block offsets (in code units) and jump arguments, repeated until no EXTENDED_ARG
/// prefix changes size. Arguments of jumps start at 0, as in CPython, so the result is the least
/// fixed point.
fn jump_offsets(unit: &mut CodeUnit, offsets: &mut Vec<u32>) -> Result<(), AssembleError> {
    let ops = ops();
    for &b in &unit.order {
        for ins in &mut unit.blocks[b as usize].instrs {
            if ins.target.is_some() {
                ins.oparg = 0;
            }
        }
    }
    refill(offsets, unit.blocks.len(), 0);
    loop {
        let mut total = 0u32;
        for &b in &unit.order {
            offsets[b as usize] = total;
            total += unit.blocks[b as usize].instrs.iter().map(|i| ops.size(real(i), i.oparg)).sum::<u32>();
        }
        let mut changed = false;
        for &b in &unit.order {
            let mut end = offsets[b as usize];
            for (idx, ins) in unit.blocks[b as usize].instrs.iter_mut().enumerate() {
                let op = real(ins);
                let size = ops.size(op, ins.oparg);
                end += size;
                let Some(t) = ins.target else { continue };
                let target = offsets[t as usize];
                let at = At { block: b, instr: idx };
                ins.oparg = if target < end {
                    if !ops.backward[op as usize] {
                        return Err(AssembleError::JumpDirection {
                            at,
                            name: ins.opcode.name().into_owned(),
                            wanted: "forward",
                            actual: "before",
                        });
                    }
                    end - target
                } else {
                    if !ops.forward[op as usize] {
                        return Err(AssembleError::JumpDirection {
                            at,
                            name: ins.opcode.name().into_owned(),
                            wanted: "backward",
                            actual: "after",
                        });
                    }
                    target - end
                };
                if ops.size(op, ins.oparg) != size {
                    changed = true;
                }
            }
        }
        if !changed {
            return Ok(());
        }
    }
}

/// Checks that jumps have targets and only real opcodes with jump semantics carry one.
fn check_targets(unit: &CodeUnit) -> Result<(), AssembleError> {
    let ops = ops();
    for &b in &unit.order {
        for (i, ins) in unit.blocks[b as usize].instrs.iter().enumerate() {
            let at = At { block: b, instr: i };
            let needs = match ins.opcode {
                Opcode::Real(n) => {
                    if stack_effect::real_stack_effect(n, 0, None).is_none() {
                        return Err(AssembleError::InvalidOpcode { at, name: name_of(unit, at) });
                    }
                    ops.forward[n as usize] || ops.backward[n as usize]
                }
                Opcode::Pseudo(p) => p.has_target(),
            };
            if needs && ins.target.is_none() {
                return Err(AssembleError::MissingTarget { at, name: name_of(unit, at) });
            }
        }
    }
    Ok(())
}

/// Steps 9-14 on one code unit. The unit is consumed in place: afterwards its instructions are the
/// final ones (pseudo-ops resolved, jump arguments set).
pub fn assemble_unit(unit: &mut CodeUnit, options: AssembleOptions) -> Result<Assembled, AssembleError> {
    assemble_unit_in(unit, options, &mut Scratch::default())
}

/// [`assemble_unit`] working in the tables of the previous unit.
pub(crate) fn assemble_unit_in(
    unit: &mut CodeUnit,
    options: AssembleOptions,
    s: &mut Scratch,
) -> Result<Assembled, AssembleError> {
    check_targets(unit)?;
    // Handler start depths come from this walk too, while the SETUP_* edges still exist.
    let stacksize = stackdepth_in(unit, s)?;
    let has_block_ops = unit.blocks.iter().any(|b| {
        b.instrs
            .iter()
            .any(|i| matches!(i.opcode, Opcode::Pseudo(p) if p.is_block_push() || p == Pseudo::PopBlock))
    });
    if has_block_ops {
        label_exception_targets(unit, s);
    }
    if options.clean_nops {
        clean_nops(unit);
    }
    normalize_jumps(unit, s);
    jump_offsets(unit, &mut s.offsets)?;
    let code = emit_code(unit, &s.offsets);
    // About two bytes an instruction: the code's length is a bound that rarely needs a regrowth.
    let linetable = linetable::encode(unit, code.len());
    let exceptiontable = exception_table(unit, &s.offsets, &s.start)?;
    Ok(Assembled { code, stacksize, linetable, exceptiontable })
}

fn emit_code(unit: &CodeUnit, offsets: &[u32]) -> Vec<u8> {
    let ops = ops();
    // The offsets are final, so the code's size is known: the last block's offset and size.
    let units = unit.order.last().map_or(0, |&b| {
        let size: u32 = unit.blocks[b as usize].instrs.iter().map(|i| ops.size(real(i), i.oparg)).sum();
        offsets[b as usize] + size
    });
    let mut code = Vec::with_capacity(2 * units as usize);
    for &b in &unit.order {
        for ins in &unit.blocks[b as usize].instrs {
            let op = real(ins);
            let arg = ins.oparg;
            for shift in [24u32, 16, 8] {
                if arg >> shift != 0 {
                    code.push(ops.extended_arg);
                    code.push((arg >> shift) as u8);
                }
            }
            code.push(op);
            code.push(arg as u8);
            for _ in 0..ops.caches[op as usize] {
                code.extend_from_slice(&[0, 0]);
            }
        }
    }
    code
}

/// One exception-table varint: 6-bit chunks, most significant first, 0x40 on every chunk but the
/// last; `msb` (0x80) marks the first byte of an entry.
fn push_except_varint(out: &mut Vec<u8>, value: u32, mut msb: u8) {
    for shift in [24u32, 18, 12, 6] {
        if value >= 1 << shift {
            out.push(((value >> shift) & 0x3f) as u8 | 0x40 | msb);
            msb = 0;
        }
    }
    out.push((value & 0x3f) as u8 | msb);
}

/// Step 14c: one entry per maximal run of instructions with the same handler.
fn exception_table(unit: &CodeUnit, offsets: &[u32], starts: &[i32]) -> Result<Vec<u8>, AssembleError> {
    let ops = ops();
    let mut out = Vec::new();
    let mut handler: Option<BlockId> = None;
    let mut start = 0u32;
    let mut first_at = At { block: 0, instr: 0 };
    let mut offset = 0u32;
    let emit = |out: &mut Vec<u8>, start: u32, end: u32, h: BlockId, at: At| -> Result<(), AssembleError> {
        let hb = &unit.blocks[h as usize];
        let depth = match hb.handler_depth {
            Some(d) => d as i32,
            None => {
                let s = starts.get(h as usize).copied().unwrap_or(i32::MIN);
                if s == i32::MIN {
                    return Err(AssembleError::HandlerDepth { at, name: name_of(unit, at) });
                }
                s - 1 - hb.preserve_lasti as i32
            }
        };
        push_except_varint(out, start, 0x80);
        push_except_varint(out, end - start, 0);
        push_except_varint(out, offsets[h as usize], 0);
        push_except_varint(out, ((depth.max(0) as u32) << 1) | hb.preserve_lasti as u32, 0);
        Ok(())
    };
    for &b in &unit.order {
        offset = offsets[b as usize];
        for (i, ins) in unit.blocks[b as usize].instrs.iter().enumerate() {
            if ins.handler != handler {
                if let Some(h) = handler {
                    emit(&mut out, start, offset, h, first_at)?;
                }
                start = offset;
                handler = ins.handler;
                first_at = At { block: b, instr: i };
            }
            offset += ops.size(real(ins), ins.oparg);
        }
    }
    if let Some(h) = handler {
        emit(&mut out, start, offset, h, first_at)?;
    }
    Ok(out)
}
