//! The peephole stage's view of one code unit: CPython's `basicblock` fields that `assemble()`
//! keeps beside the instructions (`b_next`, `b_exit`, `b_nofallthrough`, `b_predecessors`) and the
//! opcode numbers the rules test.

use pyrite_ir::cfg::{opcode_number, BlockId, CodeUnit, Instr, Opcode};
use std::sync::OnceLock;

/// Real opcodes the rules name, looked up once in the target's table.
pub(crate) struct Ops {
    pub nop: u8,
    pub pop_top: u8,
    pub push_null: u8,
    pub return_value: u8,
    pub raise_varargs: u8,
    pub reraise: u8,
    pub return_generator: u8,
    pub load_const: u8,
    pub kw_names: u8,
    pub load_global: u8,
    pub is_op: u8,
    pub build_tuple: u8,
    pub unpack_sequence: u8,
    pub swap: u8,
    pub store_fast: u8,
    pub for_iter: u8,
    pub jump_if_false_or_pop: u8,
    pub jump_if_true_or_pop: u8,
    pub jump_forward: u8,
    pub jump_backward: u8,
    pub make_cell: u8,
    pub copy_free_vars: u8,
    /// The opcodes whose argument indexes the cell and free variables.
    pub deref: [u8; 6],
}

pub(crate) fn ops() -> &'static Ops {
    static OPS: OnceLock<Ops> = OnceLock::new();
    OPS.get_or_init(|| {
        let n = |name: &str| opcode_number(name).unwrap_or_else(|| panic!("opcode table lacks {name}"));
        Ops {
            nop: n("NOP"),
            pop_top: n("POP_TOP"),
            push_null: n("PUSH_NULL"),
            return_value: n("RETURN_VALUE"),
            raise_varargs: n("RAISE_VARARGS"),
            reraise: n("RERAISE"),
            return_generator: n("RETURN_GENERATOR"),
            load_const: n("LOAD_CONST"),
            kw_names: n("KW_NAMES"),
            load_global: n("LOAD_GLOBAL"),
            is_op: n("IS_OP"),
            build_tuple: n("BUILD_TUPLE"),
            unpack_sequence: n("UNPACK_SEQUENCE"),
            swap: n("SWAP"),
            store_fast: n("STORE_FAST"),
            for_iter: n("FOR_ITER"),
            jump_if_false_or_pop: n("JUMP_IF_FALSE_OR_POP"),
            jump_if_true_or_pop: n("JUMP_IF_TRUE_OR_POP"),
            jump_forward: n("JUMP_FORWARD"),
            jump_backward: n("JUMP_BACKWARD"),
            make_cell: n("MAKE_CELL"),
            copy_free_vars: n("COPY_FREE_VARS"),
            deref: [
                "MAKE_CELL",
                "LOAD_CLOSURE",
                "LOAD_DEREF",
                "STORE_DEREF",
                "DELETE_DEREF",
                "LOAD_CLASSDEREF",
            ]
            .map(n),
        }
    })
}

/// Whether `op` is the real opcode `n`.
pub(crate) fn is(op: Opcode, n: u8) -> bool {
    op == Opcode::Real(n)
}

/// CPython's `is_jump`: the direction-free pseudo jumps and every real relative jump.
pub(crate) fn is_jump(op: Opcode) -> bool {
    match op {
        Opcode::Real(n) => {
            let ops = crate::assemble::ops();
            ops.forward[n as usize] || ops.backward[n as usize]
        }
        Opcode::Pseudo(p) => p.has_target() && !p.is_block_push(),
    }
}

pub(crate) fn is_block_push(op: Opcode) -> bool {
    matches!(op, Opcode::Pseudo(p) if p.is_block_push())
}

/// An instruction turned into a NOP keeps its location; its argument no longer counts (CPython
/// sizes a NOP without one) and it jumps nowhere.
pub(crate) fn make_nop(ins: &mut Instr) {
    ins.opcode = Opcode::Real(ops().nop);
    ins.oparg = 0;
    ins.target = None;
}

/// A malformed CFG, which CPython would report as a SystemError (or crash on).
#[derive(Debug)]
pub struct Malformed(pub String);

/// One unit under optimization. Blocks keep their ids; `next` is CPython's `b_next` (the layout
/// order), and CPython's `b_list` (every block, newest first) is the blocks by decreasing id.
pub(crate) struct Graph<'u> {
    pub unit: &'u mut CodeUnit,
    pub entry: BlockId,
    pub next: Vec<Option<BlockId>>,
    pub exit: Vec<bool>,
    pub nofallthrough: Vec<bool>,
    pub preds: Vec<u32>,
}

/// The per-block tables of a [`Graph`], kept from one unit to the next so that a module's units
/// reuse their allocations.
#[derive(Default)]
pub(crate) struct Tables {
    next: Vec<Option<BlockId>>,
    exit: Vec<bool>,
    nofallthrough: Vec<bool>,
    preds: Vec<u32>,
}

fn refill<T: Clone>(v: &mut Vec<T>, n: usize, value: T) -> Vec<T> {
    let mut v = std::mem::take(v);
    v.clear();
    v.resize(n, value);
    v
}

impl<'u> Graph<'u> {
    /// A graph of `unit` working in `tables` (as [`Graph::finish`] left them, or fresh).
    pub fn new(unit: &'u mut CodeUnit, tables: &mut Tables) -> Result<Self, Malformed> {
        let n = unit.blocks.len();
        let Some(&entry) = unit.order.first() else {
            return Err(Malformed("the code unit has no block".into()));
        };
        let mut next = refill(&mut tables.next, n, None);
        // `exit` serves as the set of blocks seen in the layout until the checks are done.
        let mut seen = refill(&mut tables.exit, n, false);
        for (i, &b) in unit.order.iter().enumerate() {
            if b as usize >= n || std::mem::replace(&mut seen[b as usize], true) {
                return Err(Malformed(format!("block {b} is missing or laid out twice")));
            }
            next[b as usize] = unit.order.get(i + 1).copied();
        }
        seen.fill(false);
        let exit = seen;
        for block in &unit.blocks {
            for ins in &block.instrs {
                if ins.target.is_some_and(|t| t as usize >= n) {
                    return Err(Malformed(format!(
                        "{} jumps to a block that does not exist",
                        ins.opcode.name()
                    )));
                }
                if (is_jump(ins.opcode) || is_block_push(ins.opcode)) && ins.target.is_none() {
                    return Err(Malformed(format!("{} has no target", ins.opcode.name())));
                }
            }
        }
        Ok(Graph {
            unit,
            entry,
            next,
            exit,
            nofallthrough: refill(&mut tables.nofallthrough, n, false),
            preds: refill(&mut tables.preds, n, 0),
        })
    }

    /// CPython's `b_list` walk: every block, most recently created first.
    pub fn list(&self) -> impl Iterator<Item = BlockId> {
        (0..self.unit.blocks.len() as BlockId).rev()
    }

    /// The layout (`b_next`) order from the entry block, as a cursor that reads `next` one step
    /// at a time: no list to allocate, and the walk may change the blocks it visits (no walk
    /// changes `next` itself).
    pub fn chain(&self) -> Chain {
        Chain(Some(self.entry))
    }

    pub fn instrs(&self, b: BlockId) -> &Vec<Instr> {
        &self.unit.blocks[b as usize].instrs
    }

    pub fn instrs_mut(&mut self, b: BlockId) -> &mut Vec<Instr> {
        &mut self.unit.blocks[b as usize].instrs
    }

    pub fn is_empty(&self, b: BlockId) -> bool {
        self.instrs(b).is_empty()
    }

    /// The first non-empty block from `b` on in layout order (CPython's "skip over empty basic
    /// blocks"); an error where CPython would follow a null `b_next`.
    pub fn skip_empty(&self, mut b: BlockId) -> Result<BlockId, Malformed> {
        while self.is_empty(b) {
            b = self.next[b as usize]
                .ok_or_else(|| Malformed("a jump leads to empty blocks at the end of the code".into()))?;
        }
        Ok(b)
    }

    /// `compiler_copy_block`: a new block (newest in `b_list`) with the instructions of `b`.
    pub fn copy_block(&mut self, b: BlockId) -> BlockId {
        let id = self.unit.blocks.len() as BlockId;
        let instrs = self.instrs(b).clone();
        self.unit.blocks.push(pyrite_ir::cfg::Block { instrs, ..Default::default() });
        self.next.push(None);
        self.exit.push(self.exit[b as usize]);
        self.nofallthrough.push(true);
        self.preds.push(0);
        id
    }

    /// Writes the layout order back to the unit (in the unit's own list) and hands the tables
    /// back for the next unit.
    pub fn finish(self, tables: &mut Tables) {
        let mut order = std::mem::take(&mut self.unit.order);
        order.clear();
        let mut c = self.chain();
        while let Some(id) = c.step(&self) {
            order.push(id);
        }
        let Graph { unit, next, exit, nofallthrough, preds, .. } = self;
        unit.order = order;
        *tables = Tables { next, exit, nofallthrough, preds };
    }
}

/// A walk along the layout chain (see [`Graph::chain`]).
pub struct Chain(Option<BlockId>);

impl Chain {
    /// The block the walk is at, moving past it.
    #[inline]
    pub fn step(&mut self, g: &Graph) -> Option<BlockId> {
        let id = self.0?;
        self.0 = g.next[id as usize];
        Some(id)
    }
}
