//! `dict`: an insertion-ordered entry vector plus an open-addressed index, like CPython's compact
//! dict. Iteration order is insertion order, so it matches CPython whatever the probing details.

use crate::heap::{Mut, ObjRef};

pub struct Entry {
    pub hash: i64,
    pub key: ObjRef,
    pub value: ObjRef,
}

#[derive(Default)]
pub struct DictTable {
    pub entries: Vec<Option<Entry>>,
    index: Vec<i32>,
    pub used: usize,
    /// Takes part in cycle collection: set once a container is stored (CPython's
    /// MAINTAIN_TRACKING), reset by full collections when no container is left.
    pub gc_tracked: bool,
    /// An instance's attribute dict that Python code has not seen: the collector treats its
    /// entries as the instance's own (CPython 3.11 keeps them inline in the object).
    pub inline: bool,
    /// Changes whenever a key is added or removed (never for a value replaced in place), to a
    /// number no other dict has had: inline caches that remember an entry index check it.
    /// Zero only for a dict that never held a key.
    pub keys_version: u64,
}

thread_local! {
    static KEYS_VERSION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn next_keys_version() -> u64 {
    KEYS_VERSION.with(|v| {
        let n = v.get() + 1;
        v.set(n);
        n
    })
}

const EMPTY: i32 = -1;
const DUMMY: i32 = -2;

/// The result of looking a key up without running Python code.
pub enum Probe {
    Found(usize),
    Missing,
    /// Entries whose keys have the same hash but need `__eq__` to decide (probe order).
    Slow(Vec<(usize, ObjRef)>),
}

/// Decides key equality without Python code when possible (identity, str, int...).
pub type FastEq = fn(&ObjRef, &ObjRef) -> Option<bool>;

pub struct DictObj(pub Mut<DictTable>);

impl DictTable {
    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    fn probe_slots(&self, hash: i64) -> impl Iterator<Item = usize> + '_ {
        let mask = self.index.len().wrapping_sub(1);
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let mut first = true;
        std::iter::from_fn(move || {
            if !first {
                perturb >>= 5;
                i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
            }
            first = false;
            Some(i)
        })
    }

    /// Whether the table certainly has no key equal to the str `key` (of hash `hash`): false as
    /// soon as a probed entry has the same hash, even when `find` would decide it differs. For
    /// the attribute caches' check that an instance dict does not shadow a method: a lean probe
    /// where the answer is almost always "absent" after one or two slots.
    #[inline]
    pub fn lacks_hash(&self, hash: i64) -> bool {
        if self.index.is_empty() {
            return true;
        }
        for slot in self.probe_slots(hash) {
            let ix = self.index[slot];
            if ix == EMPTY {
                return true;
            }
            if ix != DUMMY && self.entries[ix as usize].as_ref().is_none_or(|e| e.hash == hash) {
                return false;
            }
        }
        true
    }

    pub fn find(&self, hash: i64, key: &ObjRef, fast_eq: FastEq) -> Probe {
        if self.index.is_empty() {
            return Probe::Missing;
        }
        // The common case (every candidate decided without Python code) collects nothing.
        for slot in self.probe_slots(hash) {
            let ix = self.index[slot];
            if ix == EMPTY {
                return Probe::Missing;
            }
            if ix == DUMMY {
                continue;
            }
            let e = self.entries[ix as usize].as_ref().expect("indexed entry");
            if e.hash == hash {
                if e.key.is(key) {
                    return Probe::Found(ix as usize);
                }
                match fast_eq(&e.key, key) {
                    Some(true) => return Probe::Found(ix as usize),
                    Some(false) => {}
                    None => return self.find_collecting(hash, key, fast_eq),
                }
            }
        }
        Probe::Missing
    }

    /// `find` when some candidate needs `__eq__`: the candidates in probe order.
    #[inline(never)]
    fn find_collecting(&self, hash: i64, key: &ObjRef, fast_eq: FastEq) -> Probe {
        let mut slow = Vec::new();
        for slot in self.probe_slots(hash) {
            let ix = self.index[slot];
            if ix == EMPTY {
                break;
            }
            if ix == DUMMY {
                continue;
            }
            let e = self.entries[ix as usize].as_ref().expect("indexed entry");
            if e.hash == hash {
                if e.key.is(key) {
                    return Probe::Found(ix as usize);
                }
                match fast_eq(&e.key, key) {
                    Some(true) => return Probe::Found(ix as usize),
                    Some(false) => {}
                    None => slow.push((ix as usize, e.key.clone())),
                }
            }
        }
        if slow.is_empty() {
            Probe::Missing
        } else {
            Probe::Slow(slow)
        }
    }

    /// Appends a key known to be absent.
    pub fn insert_new(&mut self, hash: i64, key: ObjRef, value: ObjRef) {
        if (self.entries.len() + 1) * 3 >= self.index.len() * 2 {
            self.rebuild((self.used + 1) * 3);
        }
        let ix = self.entries.len() as i32;
        if !self.gc_tracked && (key.may_be_tracked() || value.may_be_tracked()) {
            self.gc_tracked = true;
        }
        self.entries.push(Some(Entry { hash, key, value }));
        self.keys_version = next_keys_version();
        let slot = self.probe_slots(hash).find(|&s| self.index[s] < 0).expect("free slot");
        self.index[slot] = ix;
        self.used += 1;
    }

    /// Replaces the value of entry `ix`, returning the old one.
    pub fn replace_value(&mut self, ix: usize, value: ObjRef) -> ObjRef {
        if !self.gc_tracked && value.may_be_tracked() {
            self.gc_tracked = true;
        }
        std::mem::replace(&mut self.entries[ix].as_mut().expect("live entry").value, value)
    }

    pub fn value(&self, ix: usize) -> ObjRef {
        self.entries[ix].as_ref().expect("live entry").value.clone()
    }

    /// Removes entry `ix`, returning it.
    pub fn remove(&mut self, ix: usize) -> Entry {
        let e = self.entries[ix].take().expect("live entry");
        let slot = self.probe_slots(e.hash).find(|&s| self.index[s] == ix as i32).expect("indexed");
        self.index[slot] = DUMMY;
        self.used -= 1;
        self.keys_version = next_keys_version();
        e
    }

    fn rebuild(&mut self, min: usize) {
        let mut size = 8;
        while size < min {
            size <<= 1;
        }
        self.entries.retain(Option::is_some);
        self.index = vec![EMPTY; size];
        for (ix, e) in self.entries.iter().enumerate() {
            let h = e.as_ref().expect("compacted").hash;
            let slot = self.probe_slots(h).find(|&s| self.index[s] == EMPTY).expect("free slot");
            self.index[slot] = ix as i32;
        }
    }

    pub fn clear(&mut self) -> Vec<Option<Entry>> {
        self.index.clear();
        self.used = 0;
        self.keys_version = next_keys_version();
        std::mem::take(&mut self.entries)
    }

    /// The live entry at or after position `pos` (for iteration), and the next position.
    pub fn next_entry(&self, pos: usize) -> Option<(usize, &Entry)> {
        let mut p = pos;
        while p < self.entries.len() {
            if let Some(e) = &self.entries[p] {
                return Some((p + 1, e));
            }
            p += 1;
        }
        None
    }

    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().flatten()
    }
}
