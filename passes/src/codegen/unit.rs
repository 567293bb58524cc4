//! One compiler unit (CPython's `struct compiler_unit`): the code object being built, its basic
//! blocks with the `b_next` layout chain, its constant and name tables, and the frame-block stack
//! used to unwind on `return`, `break` and `continue`.

use crate::symtable::{Entry, NameIndex};
use pyrite_ir::ast::{Ident, Loc, Stmt};
use pyrite_ir::cfg::Location;
use pyrite_ir::cfg::{Block, BlockId, CodeUnit, ConstRef, Instr, Opcode, Pseudo, UnitMeta};
use pyrite_ir::cfg::{CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL};
use pyrite_ir::code::Constant;
use pyrite_ir::fxhash::{FxHasher, FxMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// `COMPILER_SCOPE_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeType {
    Module,
    Class,
    Function,
    AsyncFunction,
    Lambda,
    Comprehension,
}

/// `enum fblocktype`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FBlockKind {
    WhileLoop,
    ForLoop,
    TryExcept,
    FinallyTry,
    FinallyEnd,
    With,
    AsyncWith,
    HandlerCleanup,
    PopValue,
    ExceptionHandler,
    ExceptionGroupHandler,
    AsyncComprehensionGenerator,
}

/// What a frame block needs to unwind (`fb_datum`).
#[derive(Clone, Copy, Debug)]
pub enum FbDatum<'a> {
    None,
    /// FINALLY_TRY: the `finally` body, emitted again on each early exit.
    Finally(&'a [Stmt]),
    /// WITH / ASYNC_WITH: the statement, whose location the exit call takes.
    With(Loc),
    /// HANDLER_CLEANUP of `except E as name`: the name to clear.
    Name(&'a Ident),
}

#[derive(Clone, Copy, Debug)]
pub struct FBlock<'a> {
    pub kind: FBlockKind,
    pub block: Option<BlockId>,
    pub exit: Option<BlockId>,
    pub datum: FbDatum<'a>,
}

/// An insertion-ordered name table (CPython's dict from name to index). Names are shared with
/// the tree and the symbol table where they come from there.
#[derive(Clone, Debug, Default)]
pub struct NameTable {
    pub list: Vec<Arc<str>>,
    index: NameIndex,
}

fn arc_str(s: &Arc<str>) -> &str {
    s
}

impl NameTable {
    pub fn from_list<'n>(names: impl IntoIterator<Item = &'n Arc<str>>) -> Self {
        let mut t = NameTable::default();
        for n in names {
            t.add_with(n, Some(n));
        }
        t
    }
    /// `compiler_add_o`: the index of `name`, added at the end when new.
    pub fn add(&mut self, name: &str) -> u32 {
        self.add_with(name, None)
    }
    /// [`NameTable::add`], keeping `shared` (which holds `name`'s text) when the name is new.
    pub fn add_with(&mut self, name: &str, shared: Option<&Arc<str>>) -> u32 {
        if let Some(i) = self.get(name) {
            return i;
        }
        let i = self.list.len() as u32;
        self.list.push(shared.map_or_else(|| name.into(), Arc::clone));
        self.index.pushed(&self.list, arc_str);
        i
    }
    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.find(&self.list, arc_str, name)
    }
    pub fn len(&self) -> usize {
        self.list.len()
    }
}

/// `_PyCode_ConstantKey`: constants are equal for `co_consts` only when type and value are
/// (so `0`, `0.0`, `-0.0`, `False` and `0j` stay distinct); code objects by identity.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConstKey {
    None,
    Ellipsis,
    Bool(bool),
    Int(bool, Vec<u32>),
    Float(u64),
    Complex(u64, u64),
    Str(Vec<u8>),
    Bytes(Vec<u8>),
    Tuple(Vec<ConstKey>),
    FrozenSet(Vec<ConstKey>),
    /// A code object, by its class of structurally equal units (code objects compare by value).
    Code(usize),
    /// A NaN: never equal to another constant (each folded NaN is its own object).
    Unique(u64),
}

fn unique() -> ConstKey {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    ConstKey::Unique(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

impl ConstKey {
    pub fn of(c: &ConstRef) -> ConstKey {
        match c {
            ConstRef::Code(i) => ConstKey::Code(*i),
            ConstRef::Value(v) => ConstKey::of_value(v),
        }
    }

    pub fn of_value(v: &Constant) -> ConstKey {
        match v {
            Constant::None => ConstKey::None,
            Constant::Ellipsis => ConstKey::Ellipsis,
            Constant::Bool(b) => ConstKey::Bool(*b),
            Constant::Int(i) => {
                let (neg, mag) = i.sign_mag();
                ConstKey::Int(neg, mag)
            }
            Constant::Float(f) if f.is_nan() => unique(),
            Constant::Float(f) => ConstKey::Float(f.to_bits()),
            Constant::Complex { real, imag } if real.is_nan() || imag.is_nan() => unique(),
            Constant::Complex { real, imag } => ConstKey::Complex(real.to_bits(), imag.to_bits()),
            Constant::Str(s) => ConstKey::Str(s.as_bytes().to_vec()),
            Constant::Bytes(b) => ConstKey::Bytes(b.clone()),
            Constant::Tuple(items) => ConstKey::Tuple(items.iter().map(ConstKey::of_value).collect()),
            Constant::FrozenSet(items) => {
                let mut keys: Vec<ConstKey> = items.iter().map(ConstKey::of_value).collect();
                keys.sort();
                ConstKey::FrozenSet(keys)
            }
            // Code objects only reach codegen as units (ConstRef::Code).
            Constant::Code(_) => ConstKey::Code(usize::MAX),
        }
    }
}

const NO_CONST: u32 = u32::MAX;

/// A hash of `v`'s [`ConstKey`] (equal keys, equal hashes), or `None` when the key is unique (a
/// NaN, alone or inside a container): then nothing is equal to it.
fn key_hash(v: &Constant) -> Option<u64> {
    let mut h = FxHasher::default();
    hash_key(v, &mut h)?;
    Some(h.finish())
}

fn hash_key(v: &Constant, h: &mut FxHasher) -> Option<()> {
    match v {
        Constant::None => h.write_u8(0),
        Constant::Ellipsis => h.write_u8(1),
        Constant::Bool(b) => h.write_u8(2 + u8::from(*b)),
        Constant::Int(i) => {
            h.write_u8(4);
            i.hash(h);
        }
        Constant::Float(f) if f.is_nan() => return None,
        Constant::Float(f) => {
            h.write_u8(5);
            h.write_u64(f.to_bits());
        }
        Constant::Complex { real, imag } if real.is_nan() || imag.is_nan() => return None,
        Constant::Complex { real, imag } => {
            h.write_u8(6);
            h.write_u64(real.to_bits());
            h.write_u64(imag.to_bits());
        }
        Constant::Str(s) => {
            h.write_u8(7);
            h.write(s.as_bytes());
        }
        Constant::Bytes(b) => {
            h.write_u8(8);
            h.write(b);
        }
        Constant::Tuple(items) => {
            h.write_u8(9);
            h.write_usize(items.len());
            for x in items {
                hash_key(x, h)?;
            }
        }
        Constant::FrozenSet(items) => {
            // Order-free: the key sorts the items.
            h.write_u8(10);
            h.write_usize(items.len());
            let mut sum = 0u64;
            for x in items {
                sum = sum.wrapping_add(key_hash(x)?);
            }
            h.write_u64(sum);
        }
        Constant::Code(_) => h.write_u8(11),
    }
    Some(())
}

/// Whether `a` and `b` have equal [`ConstKey`]s, without building them (but for frozensets).
fn same_key(a: &Constant, b: &Constant) -> bool {
    match (a, b) {
        (Constant::None, Constant::None) | (Constant::Ellipsis, Constant::Ellipsis) => true,
        (Constant::Bool(x), Constant::Bool(y)) => x == y,
        (Constant::Int(x), Constant::Int(y)) => x == y,
        (Constant::Float(x), Constant::Float(y)) => !x.is_nan() && x.to_bits() == y.to_bits(),
        (Constant::Complex { real: r1, imag: i1 }, Constant::Complex { real: r2, imag: i2 }) => {
            !(r1.is_nan() || i1.is_nan()) && (r1.to_bits(), i1.to_bits()) == (r2.to_bits(), i2.to_bits())
        }
        (Constant::Str(x), Constant::Str(y)) => x == y,
        (Constant::Bytes(x), Constant::Bytes(y)) => x == y,
        (Constant::Tuple(x), Constant::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_key(p, q))
        }
        (Constant::FrozenSet(_), Constant::FrozenSet(_)) => ConstKey::of_value(a) == ConstKey::of_value(b),
        (Constant::Code(_), Constant::Code(_)) => true,
        _ => false,
    }
}

/// A unit's working tables that are not part of its output, handed from each finished unit to
/// the next one so that a module's dozens of units reuse their allocations.
#[derive(Default)]
pub struct Scratch<'a> {
    next: Vec<Option<BlockId>>,
    returns: Vec<bool>,
    const_index: FxMap<u64, u32>,
    const_prev: Vec<u32>,
    code_index: FxMap<usize, u32>,
    fblocks: Vec<FBlock<'a>>,
    sorted: Vec<(&'a Arc<str>, u32)>,
}

pub struct Unit<'a> {
    pub ste: &'a Entry,
    pub scope: ScopeType,
    pub meta: UnitMeta,
    pub consts: Vec<ConstRef>,
    /// `co_consts` dedup without building a [`ConstKey`] per constant: the hash of each value's
    /// key (see [`key_hash`]) maps to the newest constant with it, `const_prev` chains to older
    /// ones with the same hash, and [`same_key`] compares the values themselves.
    const_index: FxMap<u64, u32>,
    const_prev: Vec<u32>,
    /// Code units in `co_consts`, by their class of structurally equal units.
    code_index: FxMap<usize, u32>,
    pub names: NameTable,
    pub varnames: NameTable,
    pub cellvars: NameTable,
    pub freevars: NameTable,
    pub private: Option<Ident>,
    pub blocks: Vec<Block>,
    /// `b_next` of each block.
    next: Vec<Option<BlockId>>,
    returns: Vec<bool>,
    pub cur: BlockId,
    need_new_block: bool,
    pub fblocks: Vec<FBlock<'a>>,
    /// The location given to the next instructions (`u_lineno`...).
    pub loc: Location,
    /// `ste_coroutine` as codegen may update it.
    pub coroutine: bool,
    /// The symbol list [`Unit::new`] sorted, kept for the next unit.
    sorted: Vec<(&'a Arc<str>, u32)>,
}

impl<'a> Unit<'a> {
    /// A new unit working in `scratch` (as [`Unit::finish`] returned it, or fresh).
    pub fn new(ste: &'a Entry, scope: ScopeType, name: &str, firstlineno: i32, scratch: Scratch<'a>) -> Self {
        let Scratch { next, returns, const_index, const_prev, code_index, fblocks, mut sorted } = scratch;
        let varnames = NameTable::from_list(&ste.varnames);
        // dictbytype: names sorted, CELL scope for cells, FREE scope or DEF_FREE_CLASS for frees.
        sorted.extend(ste.symbols.iter_shared());
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let scope_of = |f: u32| (f >> crate::symtable::SCOPE_OFFSET) & crate::symtable::SCOPE_MASK;
        let mut cellvars =
            NameTable::from_list(sorted.iter().filter(|(_, f)| scope_of(*f) == 5).map(|(n, _)| *n));
        if ste.needs_class_closure {
            cellvars.add("__class__");
        }
        let freevars = NameTable::from_list(
            sorted
                .iter()
                .filter(|(_, f)| scope_of(*f) == 4 || f & crate::symtable::DEF_FREE_CLASS != 0)
                .map(|(n, _)| *n),
        );
        sorted.clear();
        let name: Arc<str> = name.into();
        let meta = UnitMeta { qualname: name.clone(), name, firstlineno, ..Default::default() };
        let mut u = Unit {
            ste,
            scope,
            meta,
            consts: Vec::new(),
            const_index,
            const_prev,
            code_index,
            names: NameTable::default(),
            varnames,
            cellvars,
            freevars,
            private: None,
            blocks: Vec::new(),
            next,
            returns,
            cur: 0,
            need_new_block: false,
            fblocks,
            loc: Location::new(firstlineno, firstlineno, 0, 0),
            coroutine: ste.coroutine,
            sorted,
        };
        u.cur = u.new_block();
        u
    }

    /// `compiler_new_block`.
    pub fn new_block(&mut self) -> BlockId {
        let id = self.blocks.len() as BlockId;
        self.blocks.push(Block::default());
        self.next.push(None);
        self.returns.push(false);
        id
    }

    /// `compiler_use_next_block`.
    pub fn use_next_block(&mut self, b: BlockId) {
        self.next[self.cur as usize] = Some(b);
        self.cur = b;
        self.need_new_block = false;
    }

    /// `compiler_add_const` (with the module-wide cache's effect on identity left to assemble).
    pub fn add_const(&mut self, c: ConstRef) -> u32 {
        let v = match c {
            ConstRef::Code(i) => return self.add_code_const(i, i),
            ConstRef::Value(v) => v,
        };
        let Some(h) = key_hash(&v) else {
            // A NaN: never equal to another constant, so never looked up.
            return self.push_const(ConstRef::Value(v), NO_CONST);
        };
        let mut at = self.const_index.get(&h).copied().unwrap_or(NO_CONST);
        while at != NO_CONST {
            if matches!(&self.consts[at as usize], ConstRef::Value(w) if same_key(w, &v)) {
                return at;
            }
            at = self.const_prev[at as usize];
        }
        let prev = self.const_index.get(&h).copied().unwrap_or(NO_CONST);
        let i = self.push_const(ConstRef::Value(v), prev);
        self.const_index.insert(h, i);
        i
    }

    /// `compiler_add_const` for a code unit, equal to another when their classes are.
    pub fn add_code_const(&mut self, unit: usize, class: usize) -> u32 {
        if let Some(&i) = self.code_index.get(&class) {
            return i;
        }
        let i = self.push_const(ConstRef::Code(unit), NO_CONST);
        self.code_index.insert(class, i);
        i
    }

    fn push_const(&mut self, c: ConstRef, prev: u32) -> u32 {
        let i = self.consts.len() as u32;
        self.consts.push(c);
        self.const_prev.push(prev);
        i
    }

    /// Appends an instruction at `loc`, opening the implicit block a previous terminator asked
    /// for (`compiler_use_new_implicit_block_if_needed`).
    pub fn push(&mut self, opcode: Opcode, oparg: u32, target: Option<BlockId>, loc: Location, ends: bool) {
        if self.need_new_block {
            let b = self.new_block();
            self.use_next_block(b);
        }
        let block = &mut self.blocks[self.cur as usize];
        if block.instrs.capacity() == 0 {
            // Most blocks hold a few instructions; one allocation of 8 saves a regrowth.
            block.instrs.reserve_exact(8);
        }
        block.instrs.push(Instr { opcode, oparg, target, loc, handler: None });
        if ends {
            self.need_new_block = true;
        }
    }

    pub fn mark_return(&mut self) {
        self.returns[self.cur as usize] = true;
    }

    pub fn cur_returns(&self) -> bool {
        self.returns[self.cur as usize]
    }

    /// The blocks in `b_next` order from the entry block, and the scratch tables, emptied, for
    /// the next unit.
    pub fn finish(self) -> (CodeUnit, Scratch<'a>) {
        let mut order = Vec::with_capacity(self.blocks.len());
        let mut b = Some(0);
        while let Some(id) = b {
            order.push(id);
            b = self.next[id as usize];
        }
        let Unit {
            mut meta,
            names,
            varnames,
            cellvars,
            freevars,
            consts,
            blocks,
            mut next,
            mut returns,
            mut const_index,
            mut const_prev,
            mut code_index,
            mut fblocks,
            sorted,
            ..
        } = self;
        next.clear();
        returns.clear();
        const_index.clear();
        const_prev.clear();
        code_index.clear();
        fblocks.clear();
        let scratch = Scratch { next, returns, const_index, const_prev, code_index, fblocks, sorted };
        meta.names = names.list;
        // UnitMeta::set_localsplus's layout, moving the names instead of copying them.
        let cell_is_local: Vec<bool> = cellvars.list.iter().map(|c| varnames.get(c).is_some()).collect();
        let mut localsplus = Vec::with_capacity(varnames.len() + cellvars.len() + freevars.len());
        for v in varnames.list {
            let cell = if cellvars.get(&v).is_some() { CO_FAST_CELL } else { 0 };
            localsplus.push((v, CO_FAST_LOCAL | cell));
        }
        for (c, local) in cellvars.list.into_iter().zip(cell_is_local) {
            if !local {
                localsplus.push((c, CO_FAST_CELL));
            }
        }
        localsplus.extend(freevars.list.into_iter().map(|f| (f, CO_FAST_FREE)));
        meta.localsplus = localsplus;
        (CodeUnit { meta, consts, blocks, order }, scratch)
    }
}

/// Whether a pseudo-op pushes an exception handler.
pub fn is_block_push(op: Opcode) -> bool {
    matches!(op, Opcode::Pseudo(p) if p.is_block_push())
}

pub const JUMP: Opcode = Opcode::Pseudo(Pseudo::Jump);
pub const JUMP_NO_INTERRUPT: Opcode = Opcode::Pseudo(Pseudo::JumpNoInterrupt);
pub const POP_JUMP_IF_FALSE: Opcode = Opcode::Pseudo(Pseudo::PopJumpIfFalse);
pub const POP_JUMP_IF_TRUE: Opcode = Opcode::Pseudo(Pseudo::PopJumpIfTrue);
pub const POP_JUMP_IF_NONE: Opcode = Opcode::Pseudo(Pseudo::PopJumpIfNone);
pub const POP_JUMP_IF_NOT_NONE: Opcode = Opcode::Pseudo(Pseudo::PopJumpIfNotNone);
pub const SETUP_FINALLY: Opcode = Opcode::Pseudo(Pseudo::SetupFinally);
pub const SETUP_CLEANUP: Opcode = Opcode::Pseudo(Pseudo::SetupCleanup);
pub const SETUP_WITH: Opcode = Opcode::Pseudo(Pseudo::SetupWith);
pub const POP_BLOCK: Opcode = Opcode::Pseudo(Pseudo::PopBlock);
