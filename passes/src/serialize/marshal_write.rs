//! The marshal writer: `marshal.dumps(code, 2)` (no references) and the version-4 form that .pyc
//! files hold, byte for byte.
//!
//! Version 4 flags an object (FLAG_REF) when CPython's writer sees a refcount above one, and writes
//! a back-reference when it meets the same object again. Refcounts are not something a code object
//! value carries, so the writer decides identity with an explicit model ([`Identity`]): which values
//! CPython's compiler makes into one shared object (interned strings, singletons, the module-wide
//! constant cache), and which objects are known to be referenced elsewhere. It is computed from the
//! values alone, so it serves a freshly compiled code object exactly as one read from a file.

use super::marshal_read::types::*;
use pyrite_ir::code::{CodeObject, Constant};
use pyrite_ir::pystr::PyStr;
use std::hash::{Hash, Hasher};

use pyrite_ir::fxhash::{FxMap, FxSet};

fn w_i32(out: &mut Vec<u8>, v: i32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn w_len(out: &mut Vec<u8>, n: usize) {
    // Lengths above i32::MAX cannot come from a code object built in memory.
    w_i32(out, i32::try_from(n).unwrap_or(i32::MAX));
}

fn w_int_payload(out: &mut Vec<u8>, flag: u8, v: &pyrite_ir::pyint::PyInt) {
    match v.as_i64() {
        Some(x) if i32::try_from(x).is_ok() => {
            out.push(INT | flag);
            w_i32(out, x as i32);
        }
        _ => {
            out.push(LONG | flag);
            let (neg, digits) = v.digits15();
            let n = digits.len() as i32;
            w_i32(out, if neg { -n } else { n });
            for d in digits {
                out.extend_from_slice(&d.to_le_bytes());
            }
        }
    }
}

/// Is `s` made only of ASCII letters, digits and `_` (CPython's `all_name_chars`)?
pub fn all_name_chars(s: &PyStr) -> bool {
    s.as_bytes().iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
}

// ---------------------------------------------------------------------------------------------
// Version 2: no references, no short forms.

/// `marshal.dumps(value, 2)`.
pub fn dumps_constant_v2(c: &Constant) -> Vec<u8> {
    let mut out = Vec::new();
    w_const_v2(&mut out, c);
    out
}

/// `marshal.dumps(code, 2)`.
pub fn dumps_v2(code: &CodeObject) -> Vec<u8> {
    let mut out = Vec::with_capacity(code.code.len() * 2 + 256);
    w_code_v2(&mut out, code);
    out
}

fn w_str_v2(out: &mut Vec<u8>, s: &PyStr) {
    out.push(UNICODE);
    w_len(out, s.as_bytes().len());
    out.extend_from_slice(s.as_bytes());
}

fn w_bytes_v2(out: &mut Vec<u8>, b: &[u8]) {
    out.push(STRING);
    w_len(out, b.len());
    out.extend_from_slice(b);
}

fn w_const_v2(out: &mut Vec<u8>, c: &Constant) {
    match c {
        Constant::None => out.push(NONE),
        Constant::Ellipsis => out.push(ELLIPSIS),
        Constant::Bool(b) => out.push(if *b { TRUE } else { FALSE }),
        Constant::Int(i) => w_int_payload(out, 0, i),
        Constant::Float(f) => {
            out.push(BINARY_FLOAT);
            out.extend_from_slice(&f.to_le_bytes());
        }
        Constant::Complex { real, imag } => {
            out.push(BINARY_COMPLEX);
            out.extend_from_slice(&real.to_le_bytes());
            out.extend_from_slice(&imag.to_le_bytes());
        }
        Constant::Str(s) => w_str_v2(out, s),
        Constant::Bytes(b) => w_bytes_v2(out, b),
        Constant::Tuple(items) => {
            out.push(TUPLE);
            w_len(out, items.len());
            for x in items {
                w_const_v2(out, x);
            }
        }
        Constant::FrozenSet(items) => {
            out.push(FROZENSET);
            w_len(out, items.len());
            // Since 3.11 items are written sorted by their own marshal bytes.
            let mut dumps: Vec<Vec<u8>> = items.iter().map(dumps_constant_v2).collect();
            dumps.sort();
            for d in dumps {
                out.extend_from_slice(&d);
            }
        }
        Constant::Code(code) => w_code_v2(out, code),
    }
}

fn w_code_v2(out: &mut Vec<u8>, co: &CodeObject) {
    out.push(CODE);
    for v in [co.argcount, co.posonlyargcount, co.kwonlyargcount, co.stacksize, co.flags] {
        w_i32(out, v as i32);
    }
    w_bytes_v2(out, &co.code);
    out.push(TUPLE);
    w_len(out, co.consts.len());
    for c in &co.consts {
        w_const_v2(out, c);
    }
    for names in [&co.names, &co.localsplusnames] {
        out.push(TUPLE);
        w_len(out, names.len());
        for n in names {
            w_str_v2(out, n);
        }
    }
    w_bytes_v2(out, &co.localspluskinds);
    w_str_v2(out, &co.filename);
    w_str_v2(out, &co.name);
    w_str_v2(out, &co.qualname);
    w_i32(out, co.firstlineno as i32);
    w_bytes_v2(out, &co.linetable);
    w_bytes_v2(out, &co.exceptiontable);
}

// ---------------------------------------------------------------------------------------------
// Version 4: the identity model.

/// Which object a written value is, in CPython's process.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
enum Obj<'a> {
    /// One object per value: interned strings, singletons, module-wide cached constants,
    /// the filename. The key is a tag plus the value's bytes, borrowed from the code object.
    Shared(u8, &'a [u8]),
    /// A constant (not a str) or a tuple through the constant cache: one object per version-2
    /// marshal dump, compared without writing the dump.
    Const(ConstView<'a>),
    /// An object nothing else can be (nested code objects, fresh strings, NaN...).
    Fresh(usize),
}

/// What the constant cache keys a constant or a tuple by: its version-2 marshal dump, so a names
/// tuple is the same key as a tuple constant of the same strs. Equality and hash follow the
/// dump's bytes without building them (frozensets and code objects, rare here, are dumped to
/// compare).
#[derive(Clone, Copy, Debug)]
enum ConstView<'a> {
    /// Anything but a tuple.
    One(&'a Constant),
    Tuple(&'a [Constant]),
    Names(&'a [PyStr]),
}

impl<'a> ConstView<'a> {
    fn of(c: &'a Constant) -> Self {
        match c {
            Constant::Tuple(items) => ConstView::Tuple(items),
            _ => ConstView::One(c),
        }
    }
}

impl PartialEq for ConstView<'_> {
    fn eq(&self, other: &Self) -> bool {
        use ConstView::*;
        match (*self, *other) {
            (One(a), One(b)) => same_dump(a, b),
            (Tuple(a), Tuple(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_dump(x, y)),
            (Names(a), Names(b)) => a == b,
            (Tuple(t), Names(n)) | (Names(n), Tuple(t)) => {
                t.len() == n.len() && t.iter().zip(n).all(|(x, s)| matches!(x, Constant::Str(y) if y == s))
            }
            _ => false,
        }
    }
}

impl Eq for ConstView<'_> {}

impl Hash for ConstView<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match *self {
            ConstView::One(c) => hash_dump(c, h),
            ConstView::Tuple(items) => {
                h.write_u8(TUPLE);
                h.write_usize(items.len());
                items.iter().for_each(|x| hash_dump(x, h));
            }
            ConstView::Names(names) => {
                h.write_u8(TUPLE);
                h.write_usize(names.len());
                for n in names {
                    h.write_u8(UNICODE);
                    h.write(n.as_bytes());
                }
            }
        }
    }
}

/// Whether two constants have the same version-2 dump.
fn same_dump(a: &Constant, b: &Constant) -> bool {
    match (a, b) {
        (Constant::None, Constant::None) | (Constant::Ellipsis, Constant::Ellipsis) => true,
        (Constant::Bool(x), Constant::Bool(y)) => x == y,
        // Ints are canonical (small values always `Small`), so equal values are equal dumps.
        (Constant::Int(x), Constant::Int(y)) => x == y,
        (Constant::Float(x), Constant::Float(y)) => x.to_bits() == y.to_bits(),
        (Constant::Complex { real: r1, imag: i1 }, Constant::Complex { real: r2, imag: i2 }) => {
            (r1.to_bits(), i1.to_bits()) == (r2.to_bits(), i2.to_bits())
        }
        (Constant::Str(x), Constant::Str(y)) => x == y,
        (Constant::Bytes(x), Constant::Bytes(y)) => x == y,
        (Constant::Tuple(x), Constant::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_dump(p, q))
        }
        (Constant::FrozenSet(_), Constant::FrozenSet(_)) | (Constant::Code(_), Constant::Code(_)) => {
            dumps_constant_v2(a) == dumps_constant_v2(b)
        }
        _ => false,
    }
}

/// A hash of a constant's version-2 dump, consistent with [`same_dump`].
fn hash_dump<H: Hasher>(c: &Constant, h: &mut H) {
    match c {
        Constant::None => h.write_u8(NONE),
        Constant::Ellipsis => h.write_u8(ELLIPSIS),
        Constant::Bool(b) => h.write_u8(if *b { TRUE } else { FALSE }),
        Constant::Int(i) => {
            h.write_u8(INT);
            i.hash(h);
        }
        Constant::Float(f) => {
            h.write_u8(BINARY_FLOAT);
            h.write_u64(f.to_bits());
        }
        Constant::Complex { real, imag } => {
            h.write_u8(BINARY_COMPLEX);
            h.write_u64(real.to_bits());
            h.write_u64(imag.to_bits());
        }
        Constant::Str(s) => {
            h.write_u8(UNICODE);
            h.write(s.as_bytes());
        }
        Constant::Bytes(b) => {
            h.write_u8(STRING);
            h.write(b);
        }
        Constant::Tuple(items) => {
            h.write_u8(TUPLE);
            h.write_usize(items.len());
            items.iter().for_each(|x| hash_dump(x, h));
        }
        // Compared by their dumps: the length is enough of a hash for these rare keys.
        Constant::FrozenSet(items) => {
            h.write_u8(FROZENSET);
            h.write_usize(items.len());
        }
        Constant::Code(_) => h.write_u8(CODE),
    }
}

/// How one value is written: its identity, whether CPython would flag it even on its first and
/// only appearance (refcount > 1 because something outside the marshalled tree holds it), and
/// whether a str is interned.
#[derive(Clone, Debug)]
struct Plan<'a> {
    obj: Obj<'a>,
    pinned: bool,
    interned: bool,
}

/// Chooses identities and pins for the objects of one module's code tree (see module docs).
pub struct Identity {
    fresh: usize,
}

const TAG_STR: u8 = 1;
const TAG_FILENAME: u8 = 5;
const TAG_CONST_STR: u8 = 6;
const TAG_SPECIAL_NAME: u8 = 7;
const TAG_BYTES: u8 = 8;

impl Identity {
    fn fresh<'a>(&mut self) -> Obj<'a> {
        self.fresh += 1;
        Obj::Fresh(self.fresh)
    }

    fn interned_str<'a>(&self, s: &'a PyStr) -> Plan<'a> {
        Plan { obj: Obj::Shared(TAG_STR, s.as_bytes()), pinned: true, interned: true }
    }

    /// A str constant: interned if made of name characters, a singleton if empty or one latin-1
    /// character, otherwise one object per value through the constant cache.
    fn const_str<'a>(&self, s: &'a PyStr) -> Plan<'a> {
        // '*' is interned at interpreter startup (for `from x import *`), so its constant is too.
        // all_name_chars('') holds, so '' is interned like identifiers.
        if all_name_chars(s) || s.as_bytes() == b"*" {
            return self.interned_str(s);
        }
        // A one-character latin-1 str is a process-wide singleton; other values are merged by
        // the constant cache, separately from interned strings of the same value (a constant
        // '.0' is not the interned comprehension argument '.0').
        let singleton = s.char_len() == 1 && s.max_code_point() < 256;
        let tag = if singleton { TAG_STR } else { TAG_CONST_STR };
        Plan { obj: Obj::Shared(tag, s.as_bytes()), pinned: singleton, interned: false }
    }
}

/// Writes `marshal.dumps(code)` (version 4) as CPython does for a freshly compiled module.
pub fn dumps_v4(code: &CodeObject) -> Vec<u8> {
    // Sized from the bytecode length (objects grow with it) to avoid rehashing.
    let guess = code.code.len() / 2 + 64;
    let mut w = Writer4 {
        // The whole tree's bytecode, tripled, is about what a module marshals to.
        out: Vec::with_capacity(total_code_len(code) * 3 + 256),
        id: Identity { fresh: 0 },
        seen: FxMap::with_capacity_and_hasher(guess, Default::default()),
        slots: Vec::with_capacity(guess),
        replay: Vec::new(),
        replay_at: 0,
        next_ref: 0,
        filename: None,
        class_qualnames: Default::default(),
    };
    // Pass 1 counts how often each shared object appears; pass 2 writes.
    w.code(code, true, Mode::Count);
    w.id.fresh = 0;
    w.class_qualnames.clear();
    w.code(code, true, Mode::Write);
    debug_assert_eq!(w.replay_at, w.replay.len(), "both passes met the same code objects");
    w.out
}

fn total_code_len(co: &CodeObject) -> usize {
    let nested =
        co.consts.iter().map(|c| if let Constant::Code(inner) = c { total_code_len(inner) } else { 0 });
    co.code.len() + nested.sum::<usize>()
}

#[derive(Clone, Copy)]
struct Seen {
    count: u32,
    ref_index: u32,
}

const NOT_FLAGGED: u32 = u32::MAX;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Count,
    Write,
}

struct Writer4<'a> {
    out: Vec<u8>,
    id: Identity,
    /// Every shared object's slot in `slots`: how often the count pass met it, and its
    /// back-reference index once the write pass has flagged it.
    seen: FxMap<Obj<'a>, u32>,
    slots: Vec<Seen>,
    /// The slots (and pins) of the keys each code object builds (its names tuples and co_consts),
    /// in the order the count pass met them. Both passes enter every code object in the same
    /// order (code objects are fresh), so the write pass takes them from here instead of
    /// building and hashing each key again.
    replay: Vec<(u32, bool)>,
    replay_at: usize,
    next_ref: u32,
    filename: Option<PyStr>,
    class_qualnames: FxSet<&'a [u8]>,
}

impl<'a> Writer4<'a> {
    /// Handles identity for one object: in Count mode records it; in Write mode writes a
    /// back-reference and returns `None` if already written, or returns the FLAG_REF bit to use.
    fn begin(&mut self, plan: Plan<'a>, mode: Mode) -> Option<u8> {
        if let Obj::Fresh(_) = plan.obj {
            // Met once and never again, so it needs no entry: flagged only when pinned.
            return Some(if mode == Mode::Write && plan.pinned {
                self.next_ref += 1;
                FLAG_REF
            } else {
                0
            });
        }
        let slot = match mode {
            Mode::Count => self.slot(plan.obj),
            // The count pass met every object the write pass meets.
            Mode::Write => *self.seen.get(&plan.obj).expect("counted before written"),
        };
        self.begin_slot(slot, plan.pinned, mode)
    }

    /// The slot of `obj`, new when the count pass meets it first.
    fn slot(&mut self, obj: Obj<'a>) -> u32 {
        let next = self.slots.len() as u32;
        let slot = *self.seen.entry(obj).or_insert(next);
        if slot == next {
            self.slots.push(Seen { count: 0, ref_index: NOT_FLAGGED });
        }
        slot
    }

    /// [`Writer4::begin`] for a per-code-object key: built only by the count pass (`plan`), and
    /// replayed by the write pass.
    fn begin_replayed(&mut self, plan: impl FnOnce() -> Plan<'a>, mode: Mode) -> Option<u8> {
        let (slot, pinned) = match mode {
            Mode::Count => {
                let plan = plan();
                let entry = (self.slot(plan.obj), plan.pinned);
                self.replay.push(entry);
                entry
            }
            Mode::Write => {
                self.replay_at += 1;
                self.replay[self.replay_at - 1]
            }
        };
        self.begin_slot(slot, pinned, mode)
    }

    fn begin_slot(&mut self, slot: u32, pinned: bool, mode: Mode) -> Option<u8> {
        let seen = &mut self.slots[slot as usize];
        match mode {
            Mode::Count => {
                // Children are counted only on the first occurrence (later ones are references).
                seen.count += 1;
                (seen.count == 1).then_some(0)
            }
            Mode::Write => {
                if seen.ref_index != NOT_FLAGGED {
                    self.out.push(REF);
                    w_i32(&mut self.out, seen.ref_index as i32);
                    return None;
                }
                if pinned || seen.count > 1 {
                    seen.ref_index = self.next_ref;
                    self.next_ref += 1;
                    Some(FLAG_REF)
                } else {
                    Some(0)
                }
            }
        }
    }

    /// Whether a frozenset item is flagged when dumped alone to sort the set: only if its
    /// refcount exceeds the set's own reference (a singleton, interned, or used elsewhere).
    fn referenced_elsewhere(&mut self, c: &'a Constant) -> bool {
        let plan = match c {
            Constant::Str(s) => self.id.const_str(s),
            _ => self.const_plan(c),
        };
        plan.pinned || self.seen.get(&plan.obj).is_some_and(|&s| self.slots[s as usize].count > 1)
    }

    fn str(&mut self, s: &'a PyStr, plan: Plan<'a>, mode: Mode) {
        let interned = plan.interned;
        let Some(flag) = self.begin(plan, mode) else { return };
        if mode == Mode::Count {
            return;
        }
        let b = s.as_bytes();
        if s.is_ascii() {
            let short = b.len() < 256;
            let ty = match (short, interned) {
                (true, true) => SHORT_ASCII_INTERNED,
                (true, false) => SHORT_ASCII,
                (false, true) => ASCII_INTERNED,
                (false, false) => ASCII,
            };
            self.out.push(ty | flag);
            if short {
                self.out.push(b.len() as u8);
            } else {
                w_len(&mut self.out, b.len());
            }
        } else {
            self.out.push(if interned { INTERNED } else { UNICODE } | flag);
            w_len(&mut self.out, b.len());
        }
        self.out.extend_from_slice(b);
    }

    fn bytes(&mut self, b: &'a [u8], plan: Plan<'a>, mode: Mode) {
        let Some(flag) = self.begin(plan, mode) else { return };
        if mode == Mode::Count {
            return;
        }
        self.out.push(STRING | flag);
        w_len(&mut self.out, b.len());
        self.out.extend_from_slice(b);
    }

    fn tuple_header(&mut self, n: usize, flag: u8) {
        if n < 256 {
            self.out.push(SMALL_TUPLE | flag);
            self.out.push(n as u8);
        } else {
            self.out.push(TUPLE | flag);
            w_len(&mut self.out, n);
        }
    }

    fn const_plan(&mut self, c: &'a Constant) -> Plan<'a> {
        let shared = |pinned: bool| Plan { obj: Obj::Const(ConstView::of(c)), pinned, interned: false };
        match c {
            Constant::Str(s) => self.id.const_str(s),
            Constant::Int(i) => shared(i.as_i64().is_some_and(|v| (-5..=256).contains(&v))),
            Constant::Bytes(b) => {
                Plan { obj: Obj::Shared(TAG_BYTES, b), pinned: b.len() <= 1, interned: false }
            }
            Constant::Tuple(items) => shared(items.is_empty()),
            Constant::Float(f) if f.is_nan() => Plan { obj: self.id.fresh(), pinned: false, interned: false },
            Constant::Complex { real, imag } if real.is_nan() || imag.is_nan() => {
                Plan { obj: self.id.fresh(), pinned: false, interned: false }
            }
            Constant::Code(_) => Plan { obj: self.id.fresh(), pinned: false, interned: false },
            // The code object constructor interns identifier-like strings in place; a frozenset
            // holding one that was interned already is rebuilt, so each code object gets its own.
            // Identifier-shaped members were interned already (by the parser, or earlier in the
            // process); digit strings like '225' were not, and such a set stays shared.
            Constant::FrozenSet(items)
                if items.iter().any(|x| {
                    matches!(x, Constant::Str(s) if all_name_chars(s)
                        && s.as_bytes().first().is_some_and(|b| !b.is_ascii_digit()))
                }) =>
            {
                Plan { obj: self.id.fresh(), pinned: false, interned: false }
            }
            _ => shared(false),
        }
    }

    fn constant(&mut self, c: &'a Constant, mode: Mode, in_set: bool) {
        match c {
            Constant::None => {
                if mode == Mode::Write {
                    self.out.push(NONE)
                }
            }
            Constant::Ellipsis => {
                if mode == Mode::Write {
                    self.out.push(ELLIPSIS)
                }
            }
            Constant::Bool(b) => {
                if mode == Mode::Write {
                    self.out.push(if *b { TRUE } else { FALSE })
                }
            }
            Constant::Code(code) => self.code(code, false, mode),
            Constant::Str(s) => {
                let mut plan = self.id.const_str(s);
                plan.pinned |= in_set;
                self.str(s, plan, mode)
            }
            _ => {
                let mut plan = self.const_plan(c);
                plan.pinned |= in_set;
                let Some(flag) = self.begin(plan, mode) else { return };
                let w = mode == Mode::Write;
                match c {
                    Constant::Int(i) => {
                        if w {
                            w_int_payload(&mut self.out, flag, i)
                        }
                    }
                    Constant::Float(f) => {
                        if w {
                            self.out.push(BINARY_FLOAT | flag);
                            self.out.extend_from_slice(&f.to_le_bytes());
                        }
                    }
                    Constant::Complex { real, imag } => {
                        if w {
                            self.out.push(BINARY_COMPLEX | flag);
                            self.out.extend_from_slice(&real.to_le_bytes());
                            self.out.extend_from_slice(&imag.to_le_bytes());
                        }
                    }
                    Constant::Bytes(b) => {
                        if w {
                            self.out.push(STRING | flag);
                            w_len(&mut self.out, b.len());
                            self.out.extend_from_slice(b);
                        }
                    }
                    Constant::Tuple(items) => {
                        if w {
                            self.tuple_header(items.len(), flag);
                        }
                        for x in items {
                            self.constant(x, mode, false);
                        }
                    }
                    Constant::FrozenSet(items) => {
                        if w {
                            self.out.push(FROZENSET | flag);
                            w_len(&mut self.out, items.len());
                        }
                        let mut order: Vec<(Vec<u8>, &'a Constant)> = items
                            .iter()
                            .map(|x| {
                                let mut key = standalone_dump(x);
                                if mode == Mode::Write && !self.referenced_elsewhere(x) {
                                    key[0] &= !FLAG_REF;
                                }
                                (key, x)
                            })
                            .collect();
                        order.sort_by(|a, b| a.0.cmp(&b.0));
                        for (_, x) in order {
                            self.constant(x, mode, true);
                        }
                    }
                    _ => unreachable!("handled above"),
                }
            }
        }
    }

    fn names(&mut self, names: &'a [PyStr], mode: Mode) {
        // Names tuples share the constant cache with tuples.
        let plan =
            || Plan { obj: Obj::Const(ConstView::Names(names)), pinned: names.is_empty(), interned: false };
        let Some(flag) = self.begin_replayed(plan, mode) else { return };
        if mode == Mode::Write {
            self.tuple_header(names.len(), flag);
        }
        for n in names {
            let p = self.id.interned_str(n);
            self.str(n, p, mode);
        }
    }

    fn code(&mut self, co: &'a CodeObject, root: bool, mode: Mode) {
        let plan = Plan { obj: self.id.fresh(), pinned: root, interned: false };
        let Some(flag) = self.begin(plan, mode) else { return };
        if mode == Mode::Write {
            self.out.push(CODE | flag);
            for v in [co.argcount, co.posonlyargcount, co.kwonlyargcount, co.stacksize, co.flags] {
                w_i32(&mut self.out, v as i32);
            }
        }
        let p = Plan { obj: self.id.fresh(), pinned: true, interned: false };
        self.bytes(&co.code, p, mode);
        // co_consts goes through the constant cache like any tuple constant.
        let has_code = co.consts.iter().any(|c| matches!(c, Constant::Code(_)));
        let consts_flag = if has_code {
            let fresh = self.id.fresh();
            self.begin(Plan { obj: fresh, pinned: false, interned: false }, mode)
        } else {
            let plan = || Plan {
                obj: Obj::Const(ConstView::Tuple(&co.consts)),
                pinned: co.consts.is_empty(),
                interned: false,
            };
            self.begin_replayed(plan, mode)
        };
        if let Some(flag) = consts_flag {
            if mode == Mode::Write {
                self.tuple_header(co.consts.len(), flag);
            }
            for c in &co.consts {
                self.constant(c, mode, false);
            }
        }
        self.names(&co.names, mode);
        self.names(&co.localsplusnames, mode);
        let kinds_plan = if co.localspluskinds.is_empty() {
            Plan { obj: Obj::Shared(TAG_BYTES, &[]), pinned: true, interned: false }
        } else {
            Plan { obj: self.id.fresh(), pinned: false, interned: false }
        };
        self.bytes(&co.localspluskinds, kinds_plan, mode);
        if self.filename.is_none() {
            self.filename = Some(co.filename.clone());
        }
        let fplan =
            Plan { obj: Obj::Shared(TAG_FILENAME, co.filename.as_bytes()), pinned: true, interned: false };
        self.str(&co.filename, fplan, mode);
        let special = matches!(
            co.name.as_str(),
            Some("<module>" | "<lambda>" | "<listcomp>" | "<genexpr>" | "<setcomp>" | "<dictcomp>")
        );
        let nplan = if special {
            // Static strings of the interpreter, not the parser's: never the same as a constant.
            Plan { obj: Obj::Shared(TAG_SPECIAL_NAME, co.name.as_bytes()), pinned: true, interned: false }
        } else {
            self.id.interned_str(&co.name)
        };
        self.str(&co.name, nplan.clone(), mode);
        // A top-level function's qualname is its name object. A class body stores its qualname
        // as the `__qualname__` constant, which the constant cache makes the same object.
        let qplan = if co.qualname == co.name {
            nplan
        } else if co.names.iter().any(|n| n.as_bytes() == b"__qualname__")
            && co.consts.iter().any(|c| matches!(c, Constant::Str(s) if *s == co.qualname))
            // Only the first class body with this qualname puts its own string in the cache;
            // a later class of the same qualname (a redefinition) gets the earlier object as
            // its constant and keeps a fresh co_qualname.
            && self.class_qualnames.insert(co.qualname.as_bytes())
        {
            self.id.const_str(&co.qualname)
        } else {
            Plan { obj: self.id.fresh(), pinned: false, interned: false }
        };
        self.str(&co.qualname, qplan, mode);
        if mode == Mode::Write {
            w_i32(&mut self.out, co.firstlineno as i32);
        }
        for table in [&co.linetable, &co.exceptiontable] {
            let p = Plan { obj: Obj::Shared(TAG_BYTES, table), pinned: table.is_empty(), interned: false };
            self.bytes(table, p, mode);
        }
    }
}

/// What CPython's frozenset writer sorts items by: each item dumped on its own (version 4), where
/// the item itself is always flagged (the set and the sort list both hold it).
fn standalone_dump(c: &Constant) -> Vec<u8> {
    let mut w = Writer4 {
        out: Vec::new(),
        id: Identity { fresh: 0 },
        seen: FxMap::default(),
        slots: Vec::new(),
        replay: Vec::new(),
        replay_at: 0,
        next_ref: 0,
        filename: None,
        class_qualnames: Default::default(),
    };
    w.constant(c, Mode::Count, true);
    w.id.fresh = 0;
    w.constant(c, Mode::Write, true);
    w.out
}
