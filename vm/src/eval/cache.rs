//! Per-instruction inline caches (CPython 3.11 keeps them in the CACHE code units; ours live
//! beside the code). A slot never owns a reference: it remembers where a value was found
//! (an entry index in a dict) together with version tags that change whenever that answer could
//! change, so a stale slot is detected, never trusted, and keeps nothing alive.

use std::cell::Cell;

/// What a slot remembers (which fields mean what depends on `tag`).
#[derive(Clone, Copy, Default)]
pub struct Slot {
    pub tag: u8,
    /// Entry index in a dict (globals, builtins or an instance's `__dict__`).
    pub ix: u32,
    /// Identity of the type the answer is for (attribute caches).
    pub key: usize,
    /// A dict's keys version or the type epoch the answer was computed under.
    pub version: u64,
    /// A second version (the builtins dict's, for globals found there), or the MRO position of
    /// the class defining a cached method.
    pub aux: u64,
    /// Identity of the attribute name (attribute caches: a slot answers for one name only, even
    /// in malformed code whose instructions overlap each other's cache units).
    pub name: usize,
}

pub const EMPTY: u8 = 0;
/// LOAD_GLOBAL: the name is entry `ix` of the globals dict (keys version `version`).
pub const GLOBAL: u8 = 1;
/// LOAD_GLOBAL: absent from globals (keys version `version`), entry `ix` of builtins (`aux`).
pub const BUILTIN: u8 = 2;
/// LOAD_ATTR on a plain instance whose type (`key`, epoch `version`) has no class attribute of
/// that name and no `__getattr__`: only the instance dict can answer; `ix` is where the name
/// was last found there.
pub const INSTANCE_VALUE: u8 = 3;
/// LOAD_METHOD on a plain instance whose type (`key`, epoch `version`) holds a plain function
/// under that name and has no `__getattr__`.
pub const METHOD: u8 = 4;
/// STORE_ATTR on a plain instance whose type (`key`, epoch `version`) has no class attribute
/// of that name, no Python `__setattr__` and no `__slots__` restriction; `ix` is a hint.
pub const INSTANCE_STORE: u8 = 5;

/// Added to an attribute tag: the general path answers for this (type, name), so the cached
/// form does not classify the type again on every execution (e.g. `__slots__` members).
pub const GENERAL: u8 = 0x80;

/// One slot per code unit (only instructions with caches use theirs).
pub struct Caches(Box<[Cell<Slot>]>);

impl Caches {
    pub fn new(units: usize) -> Caches {
        Caches((0..units).map(|_| Cell::new(Slot::default())).collect())
    }

    #[inline]
    pub fn get(&self, i: usize) -> Slot {
        self.0.get(i).map(Cell::get).unwrap_or_default()
    }

    #[inline]
    pub fn set(&self, i: usize, s: Slot) {
        if let Some(c) = self.0.get(i) {
            c.set(s);
        }
    }
}

thread_local! {
    static TYPE_EPOCH: Cell<u64> = const { Cell::new(1) };
}

/// The current type epoch: it changes whenever any class namespace, MRO or class set changes,
/// so an attribute answer computed under one epoch holds while the epoch is unchanged.
#[inline]
pub fn type_epoch() -> u64 {
    TYPE_EPOCH.with(Cell::get)
}

pub fn bump_type_epoch() {
    TYPE_EPOCH.with(|e| e.set(e.get() + 1));
}
