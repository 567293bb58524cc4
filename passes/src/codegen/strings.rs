//! The order of frozenset constants. A frozenset's display order is its hash table's layout,
//! which depends on the order its items were added in, and CPython 3.11 rebuilds a frozenset
//! constant up to twice after ast-opt (or codegen, for a set display) builds it in source order:
//!
//! 1. `merge_consts_recursive` (compile.c) replaces it by a new frozenset of the same items,
//!    added in the first one's iteration order; an equal frozenset met later in the same compile
//!    is replaced by that same merged object. The merge also makes the first string object of
//!    each value the one every later constant of that value uses.
//! 2. `intern_string_constants` (codeobject.c), when the code object is made, interns each
//!    string item made of ASCII letters, digits and `_`, and rebuilds the frozenset (again in
//!    iteration order) if interning any of them returned a different object: one interned before
//!    with an equal value. Interning an object that is the first of its value interns it in
//!    place and changes nothing.
//!
//! Which object a string is, and what is interned when, is process state, modelled here from
//! three facts: the strings the host process had interned when its compile() started (measured,
//! [`Target::interned_by_host`]); the identifiers of the file, which the parser interns before
//! codegen runs; and whether the first constant of a value was a literal (a new object, so a
//! later interning may find another) or came from the compiler (an identifier, a keyword name,
//! a qualname: already the interned object). Mangled names (`_C__x`), interned when the code
//! object using them is made, are not modelled: a literal equal to one is rare.

use super::unit::ConstKey;
use pyrite_ir::ast::{self, Mod};
use pyrite_ir::code::Constant;
use pyrite_ir::fxhash::{FxMap, FxSet};
use pyrite_ir::pyhash::{set_order, Addresses};
use pyrite_ir::pystr::PyStr;
use pyrite_ir::target::{InternHost, Target};

/// Where the first constant of a string value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A literal of the source: a new object, interned only when its code object is made.
    Literal,
    /// A string the compiler took from the parser or the interpreter: already interned.
    Interned,
}

pub(crate) struct Strings<'a> {
    tree: &'a Mod,
    target: &'static Target,
    host: InternHost,
    ids: Addresses,
    /// The origin of the first constant of each string value (the merge's canonical object).
    first: FxMap<Vec<u8>, Origin>,
    /// The parser's identifiers, computed when first needed.
    identifiers: Option<FxSet<&'a str>>,
    /// Merged frozensets by value: later equal ones are the same object.
    merged: FxMap<ConstKey, Vec<Constant>>,
}

/// `all_name_chars`: the strings `intern_string_constants` interns (the empty one is a
/// singleton, so interning it never finds another object).
fn all_name_chars(s: &PyStr) -> bool {
    !s.is_empty() && s.as_bytes().iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

impl<'a> Strings<'a> {
    pub fn new(tree: &'a Mod, target: &'static Target, host: InternHost) -> Self {
        Strings {
            tree,
            target,
            host,
            ids: target.singleton_ids,
            first: FxMap::default(),
            identifiers: None,
            merged: FxMap::default(),
        }
    }

    /// Records the origin of the strings of a constant added now (the first one of a value wins).
    pub fn note(&mut self, c: &Constant, origin: Origin) {
        match c {
            Constant::Str(s) if all_name_chars(s) && !self.first.contains_key(s.as_bytes()) => {
                self.first.insert(s.as_bytes().to_vec(), origin);
            }
            Constant::Tuple(items) | Constant::FrozenSet(items) => {
                items.iter().for_each(|x| self.note(x, origin))
            }
            _ => {}
        }
    }

    /// The frozenset constant CPython's code object holds for a frozenset of `items` built in
    /// this order (distinct items); its items in the order the final set was built from.
    pub fn frozenset(&mut self, items: Vec<Constant>) -> Constant {
        let key = ConstKey::of_value(&Constant::FrozenSet(items.clone()));
        let merged = match self.merged.get(&key) {
            Some(m) => m.clone(),
            None => {
                let m = self.rebuilt(items);
                // The merge visits the items in that order, making each the first of its value.
                m.iter().for_each(|x| self.note(x, Origin::Literal));
                self.merged.insert(key, m.clone());
                m
            }
        };
        let reinterned = merged.iter().any(|c| matches!(c, Constant::Str(s) if self.reinterned(s)));
        Constant::FrozenSet(if reinterned { self.rebuilt(merged) } else { merged })
    }

    /// The items of a frozenset built from `items` in that order, in its iteration order: the
    /// order a rebuild adds them in. Kept as is when a hash is unknown (a NaN's).
    fn rebuilt(&self, items: Vec<Constant>) -> Vec<Constant> {
        let Some(order) = set_order(&items, &self.ids) else { return items };
        let mut slots: Vec<Option<Constant>> = items.into_iter().map(Some).collect();
        order.into_iter().filter_map(|i| slots[i].take()).collect()
    }

    /// Whether interning the merged object of `s` returns another object: `s` is a literal's
    /// object and an equal string was interned before, by the host process or by the parser as
    /// an identifier (a one-character literal is the latin-1 singleton, which the parser's
    /// identifier of the same character is too, so only the host can have another one).
    fn reinterned(&mut self, s: &PyStr) -> bool {
        if !all_name_chars(s) || self.first.get(s.as_bytes()) != Some(&Origin::Literal) {
            return false;
        }
        if self.target.interned_by_host(self.host, s.as_bytes()) {
            return true;
        }
        if s.as_bytes().len() < 2 {
            return false;
        }
        let tree = self.tree;
        let ids = self.identifiers.get_or_insert_with(|| ast::identifiers(tree).into_iter().collect());
        std::str::from_utf8(s.as_bytes()).is_ok_and(|s| ids.contains(s))
    }
}
