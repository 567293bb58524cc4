//! The symbol table, as CPython 3.11's Python/symtable.c builds it: a first pass over the AST
//! records every name each scope binds, uses and declares (flags `DEF_*`/`USE`), a second pass
//! resolves each name to a scope (`LOCAL`, `GLOBAL_EXPLICIT`, `GLOBAL_IMPLICIT`, `FREE`, `CELL`).
//!
//! Scopes ("blocks") are the module, classes, functions, lambdas, and in 3.11 every comprehension
//! and generator expression (PEP 709's inlining is 3.12). With `from __future__ import
//! annotations`, annotations are visited in throw-away annotation blocks that are never children
//! of anything, exactly like CPython, so their names stay out of the table.
//!
//! The result is what Python's own `symtable` module exposes, and [`dump`] prints it in the shape
//! the conformance test prints CPython's. Symbol order inside a scope follows insertion like
//! CPython's dict, except that free names propagated up from children are appended in CPython's
//! set-iteration order, which depends on string hashes; the dump therefore sorts names.
//!
//! Module layout: [`build`] (first pass, `visit.rs`), the analysis (`analyze.rs`), future
//! features (`future.rs`), private-name mangling ([`mangle`]).

mod analyze;
pub mod future;
mod visit;

use crate::pass::on_deep_stack;
use pyrite_ir::ast::{Loc, Mod};
use pyrite_ir::fxhash::FxMap;
use pyrite_ir::Diagnostic;
use std::sync::Arc;

pub use future::{future_features, FutureFeatures};

// Symbol flags (Include/internal/pycore_symtable.h, 3.11).
pub const DEF_GLOBAL: u32 = 1;
pub const DEF_LOCAL: u32 = 2;
pub const DEF_PARAM: u32 = 4;
pub const DEF_NONLOCAL: u32 = 8;
pub const USE: u32 = 16;
pub const DEF_FREE: u32 = 32;
pub const DEF_FREE_CLASS: u32 = 64;
pub const DEF_IMPORT: u32 = 128;
pub const DEF_ANNOT: u32 = 256;
pub const DEF_COMP_ITER: u32 = 512;
pub const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;
/// The resolved scope lives in bits `SCOPE_OFFSET..SCOPE_OFFSET+4` of a symbol's flags.
pub const SCOPE_OFFSET: u32 = 11;
pub const SCOPE_MASK: u32 = DEF_GLOBAL | DEF_LOCAL | DEF_PARAM | DEF_NONLOCAL;

/// A name's resolved scope (`(flags >> SCOPE_OFFSET) & SCOPE_MASK`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Scope {
    Local = 1,
    GlobalExplicit = 2,
    GlobalImplicit = 3,
    Free = 4,
    Cell = 5,
}

impl Scope {
    pub fn of(flags: u32) -> Option<Scope> {
        Some(match (flags >> SCOPE_OFFSET) & SCOPE_MASK {
            1 => Scope::Local,
            2 => Scope::GlobalExplicit,
            3 => Scope::GlobalImplicit,
            4 => Scope::Free,
            5 => Scope::Cell,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Function,
    Class,
    Module,
    /// Only with `from __future__ import annotations`; never a child of another block.
    Annotation,
}

impl BlockKind {
    /// The name `symtable.SymbolTable.get_type()` gives.
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Function => "function",
            BlockKind::Class => "class",
            BlockKind::Module => "module",
            BlockKind::Annotation => "annotation",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompKind {
    List,
    Set,
    Dict,
    Generator,
}

/// A scope's names in insertion order (CPython's `ste_symbols` dict) with a hash index.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    /// Shared names: the analysis passes them down to child scopes and up as free names
    /// without copying them.
    entries: Vec<(Arc<str>, u32)>,
    index: NameIndex,
}

/// Positions of the names of an insertion-ordered list of unique names. Most scopes have a
/// handful of names, which a scan finds sooner than hashing does; past [`NameIndex::SCAN`] names
/// an open-addressing table of positions takes over. It holds positions only, never a copy of a
/// name: the list is the one place names live.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameIndex {
    /// A power-of-two table of positions into the list, [`NameIndex::EMPTY`] where free; kept at
    /// most half full so probes stay short.
    slots: Vec<u32>,
}

impl NameIndex {
    const SCAN: usize = 12;
    const EMPTY: u32 = u32::MAX;

    fn hash(name: &str) -> usize {
        use std::hash::Hasher;
        let mut h = pyrite_ir::fxhash::FxHasher::default();
        h.write(name.as_bytes());
        // The multiply leaves the high bits best mixed; the table indexes with the low ones.
        (h.finish() >> 20) as usize
    }

    /// The position of `name` in `list`, whose elements are named by `key`.
    #[inline]
    pub(crate) fn find<T>(&self, list: &[T], key: impl Fn(&T) -> &str, name: &str) -> Option<u32> {
        if list.len() <= Self::SCAN {
            return list.iter().position(|x| key(x) == name).map(|i| i as u32);
        }
        let mask = self.slots.len() - 1;
        let mut i = Self::hash(name) & mask;
        loop {
            let at = self.slots[i];
            if at == Self::EMPTY {
                return None;
            }
            if key(&list[at as usize]) == name {
                return Some(at);
            }
            i = (i + 1) & mask;
        }
    }

    /// Records the element just pushed onto `list`.
    pub(crate) fn pushed<T>(&mut self, list: &[T], key: impl Fn(&T) -> &str) {
        let n = list.len();
        if n <= Self::SCAN {
            return;
        }
        if 2 * n > self.slots.len() {
            // (Re)build at four times the names, so the table is half full when it next grows.
            self.slots.clear();
            self.slots.resize((4 * n).next_power_of_two(), Self::EMPTY);
            for (i, x) in list.iter().enumerate() {
                self.place(key(x), i as u32);
            }
        } else {
            self.place(key(&list[n - 1]), (n - 1) as u32);
        }
    }

    fn place(&mut self, name: &str, at: u32) {
        let mask = self.slots.len() - 1;
        let mut i = Self::hash(name) & mask;
        while self.slots[i] != Self::EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = at;
    }
}

/// A name given to the symbol table or to codegen's name tables: an identifier of the tree,
/// which they then share instead of copying, or text made on the spot.
pub(crate) trait NameRef {
    fn text(&self) -> &str;
    fn shared(&self) -> Option<&Arc<str>>;
}

impl NameRef for str {
    fn text(&self) -> &str {
        self
    }
    fn shared(&self) -> Option<&Arc<str>> {
        None
    }
}

impl NameRef for Arc<str> {
    fn text(&self) -> &str {
        self
    }
    fn shared(&self) -> Option<&Arc<str>> {
        Some(self)
    }
}

fn symbol_name(e: &(Arc<str>, u32)) -> &str {
    &e.0
}

impl Symbols {
    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.find(&self.entries, symbol_name, name).map(|i| self.entries[i as usize].1)
    }
    /// Flags of `name`, 0 when absent (`_PyST_GetSymbol`).
    pub fn flags(&self, name: &str) -> u32 {
        self.get(name).unwrap_or(0)
    }
    pub fn set(&mut self, name: &str, flags: u32) {
        match self.index.find(&self.entries, symbol_name, name) {
            Some(i) => self.entries[i as usize].1 = flags,
            None => self.push(name.into(), flags),
        }
    }
    /// [`Symbols::set`] with a name already shared elsewhere.
    pub(crate) fn set_shared(&mut self, name: &Arc<str>, flags: u32) {
        match self.index.find(&self.entries, symbol_name, name) {
            Some(i) => self.entries[i as usize].1 = flags,
            None => self.push(name.clone(), flags),
        }
    }
    /// The position of `name`, for [`Symbols::update`]: one lookup where `flags` then `set`
    /// would take two.
    pub(crate) fn position(&self, name: &str) -> Option<u32> {
        self.index.find(&self.entries, symbol_name, name)
    }
    pub(crate) fn flags_at(&self, at: Option<u32>) -> u32 {
        at.map_or(0, |i| self.entries[i as usize].1)
    }
    /// Sets the flags of the name at `at` (from [`Symbols::position`], with nothing added
    /// since), or adds `name`, as `shared` when that holds the same text.
    pub(crate) fn update(&mut self, at: Option<u32>, name: &str, shared: Option<&Arc<str>>, flags: u32) {
        match at {
            Some(i) => self.entries[i as usize].1 = flags,
            None => self.push(shared.map_or_else(|| name.into(), Arc::clone), flags),
        }
    }
    fn push(&mut self, name: Arc<str>, flags: u32) {
        self.entries.push((name, flags));
        self.index.pushed(&self.entries, symbol_name);
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.entries.iter().map(|(n, f)| (&**n, *f))
    }
    /// Names and flags, the names as the table shares them.
    pub fn iter_shared(&self) -> impl Iterator<Item = (&Arc<str>, u32)> {
        self.entries.iter().map(|(n, f)| (n, *f))
    }
    /// The shared name at a position from [`Symbols::position`].
    pub(crate) fn name_at(&self, at: u32) -> &Arc<str> {
        &self.entries[at as usize].0
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One scope (CPython's `PySTEntryObject`).
#[derive(Clone, Debug)]
pub struct Entry {
    pub name: Box<str>,
    pub kind: BlockKind,
    /// The defining node's position (all zero for the module).
    pub loc: Loc,
    pub symbols: Symbols,
    /// Parameters in order: positional-only, positional, keyword-only, `*args`, `**kwargs`.
    pub varnames: Vec<Arc<str>>,
    /// Indices into [`SymbolTable::entries`], in source visiting order.
    pub children: Vec<usize>,
    /// Nested in a function (directly or through other blocks).
    pub nested: bool,
    /// Has free variables (`ste_free`), or a child has (`ste_child_free`).
    pub free: bool,
    pub child_free: bool,
    pub generator: bool,
    pub coroutine: bool,
    pub comprehension: Option<CompKind>,
    pub varargs: bool,
    pub varkeywords: bool,
    pub returns_value: bool,
    /// A class whose methods use `__class__` (or `super`): it needs the implicit cell.
    pub needs_class_closure: bool,
    /// `global`/`nonlocal` statements (and walrus targets bound through them): name and position,
    /// for the errors the analysis reports.
    pub(crate) directives: Vec<(Box<str>, Loc)>,
    pub(crate) comp_iter_target: bool,
    pub(crate) comp_iter_expr: u32,
}

impl Entry {
    fn new(name: &str, kind: BlockKind, loc: Loc) -> Self {
        Entry {
            name: name.into(),
            kind,
            loc,
            symbols: Symbols::default(),
            varnames: Vec::new(),
            children: Vec::new(),
            nested: false,
            free: false,
            child_free: false,
            generator: false,
            coroutine: false,
            comprehension: None,
            varargs: false,
            varkeywords: false,
            returns_value: false,
            needs_class_closure: false,
            directives: Vec::new(),
            comp_iter_target: false,
            comp_iter_expr: 0,
        }
    }

    /// The resolved scope of `name` in this block (`_PyST_GetScope`), if the name is present.
    pub fn scope(&self, name: &str) -> Option<Scope> {
        self.symbols.get(name).and_then(Scope::of)
    }
}

/// The whole table: entry 0 is the module.
#[derive(Clone, Debug)]
pub struct SymbolTable {
    pub entries: Vec<Entry>,
    pub future: FutureFeatures,
    /// Block of each scope-creating AST node, keyed by the node's address (CPython keys
    /// `st_blocks` by node pointer too): valid while the tree the table was built from is
    /// neither moved nor mutated.
    pub by_node: FxMap<usize, usize>,
}

impl SymbolTable {
    pub fn top(&self) -> &Entry {
        &self.entries[0]
    }
    /// The block created by the AST node at `node` (a `&Stmt` or `&Expr`), if any.
    pub fn lookup<T>(&self, node: &T) -> Option<&Entry> {
        self.by_node.get(&(node as *const T as usize)).map(|&i| &self.entries[i])
    }
}

/// Builds and analyses the table of `module` (`_PySymtable_Build`); `path` names the file in
/// diagnostics. Future features are computed first, as CPython does.
pub fn build(module: &Mod, path: &str) -> Result<SymbolTable, Diagnostic> {
    let future = future_features(module, path)?;
    build_with_future(module, path, future)
}

pub fn build_with_future(
    module: &Mod,
    path: &str,
    future: FutureFeatures,
) -> Result<SymbolTable, Diagnostic> {
    // The walk recurses once per nesting level (bounded by the 3000-level limit); a dedicated
    // thread with a large stack keeps that safe whatever thread the caller is on.
    let run = || {
        let mut st = visit::Builder::new(path, future);
        st.visit_mod(module)?;
        let mut table = st.finish();
        analyze::analyze(&mut table, path)?;
        Ok(table)
    };
    on_deep_stack(run)
}

/// `_Py_Mangle`: inside class `private`, `__spam` becomes `_Class__spam` (leading underscores of
/// the class name stripped); dunder names, dotted names and all-underscore classes are left alone.
pub fn mangle<'a>(private: Option<&str>, name: &'a str) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    let Some(class) = private else { return Cow::Borrowed(name) };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return Cow::Borrowed(name);
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return Cow::Borrowed(name);
    }
    Cow::Owned(format!("_{stripped}{name}"))
}

/// The table in the conformance dump's shape: one line per block (`path type name line=N
/// nested=0|1`, path being child indices from the module `0`), its parameters, then one line per
/// symbol (sorted) with its `DEF_*`/`USE` flags and resolved scope number.
pub fn dump(table: &SymbolTable) -> String {
    let mut out = String::new();
    dump_entry(table, 0, "0", &mut out);
    out
}

fn dump_entry(table: &SymbolTable, i: usize, path: &str, out: &mut String) {
    use std::fmt::Write;
    let e = &table.entries[i];
    let _ = writeln!(
        out,
        "{path} {} {} line={} nested={}",
        e.kind.name(),
        e.name,
        e.loc.lineno,
        u8::from(e.nested)
    );
    if !e.varnames.is_empty() {
        out.push_str("  varnames");
        for v in &e.varnames {
            out.push(' ');
            out.push_str(v);
        }
        out.push('\n');
    }
    let mut syms: Vec<(&str, u32)> = e.symbols.iter().collect();
    syms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (name, flags) in syms {
        let _ = writeln!(
            out,
            "  {name} {} {}",
            flags & ((1 << SCOPE_OFFSET) - 1),
            (flags >> SCOPE_OFFSET) & SCOPE_MASK
        );
    }
    for (k, &c) in e.children.iter().enumerate() {
        dump_entry(table, c, &format!("{path}.{k}"), out);
    }
}

#[cfg(test)]
mod tests;
