//! `set` and `frozenset`, with CPython's exact table (linear probes of 9 then perturbation,
//! dummies, resize at 3/5 fill, growth x4) so iteration order matches CPython's for equal hashes.

use super::dict::FastEq;
use crate::heap::{Mut, ObjRef};

pub enum Slot {
    Empty,
    Dummy,
    Full(i64, ObjRef),
}

pub struct SetTable {
    pub slots: Vec<Slot>,
    fill: usize,
    pub used: usize,
    /// Where `pop()` resumes scanning (CPython's `finger`).
    finger: usize,
}

const MINSIZE: usize = 8;
const LINEAR_PROBES: usize = 9;

pub enum Lookup {
    Found(usize),
    /// Absent; the slot an insertion would use.
    Missing,
    Slow(Vec<(usize, ObjRef)>),
}

pub struct SetObj(pub Mut<SetTable>);

impl Default for SetTable {
    fn default() -> Self {
        SetTable { slots: (0..MINSIZE).map(|_| Slot::Empty).collect(), fill: 0, used: 0, finger: 0 }
    }
}

impl SetTable {
    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Visits slots in CPython's probe order until `f` returns Some.
    fn probe<R>(&self, hash: i64, mut f: impl FnMut(usize, &Slot) -> Option<R>) -> R {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = hash as u64 as usize & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                if let Some(r) = f(j, &self.slots[j]) {
                    return r;
                }
            }
            perturb >>= 5;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    pub fn find(&self, hash: i64, key: &ObjRef, fast_eq: FastEq) -> Lookup {
        let mut slow = Vec::new();
        let r = self.probe(hash, |j, s| match s {
            Slot::Empty => Some(None),
            Slot::Dummy => None,
            Slot::Full(h, k) => {
                if *h == hash {
                    if k.is(key) {
                        return Some(Some(j));
                    }
                    match fast_eq(k, key) {
                        Some(true) => return Some(Some(j)),
                        Some(false) => {}
                        None => slow.push((j, k.clone())),
                    }
                }
                None
            }
        });
        match r {
            Some(j) => Lookup::Found(j),
            None if slow.is_empty() => Lookup::Missing,
            None => Lookup::Slow(slow),
        }
    }

    /// Inserts a key known to be absent (set_add_entry after a failed lookup).
    pub fn insert_new(&mut self, hash: i64, key: ObjRef) {
        let mut freeslot = None;
        let target = self.probe(hash, |j, s| match s {
            Slot::Empty => Some(j),
            Slot::Dummy => {
                if freeslot.is_none() {
                    freeslot = Some(j);
                }
                None
            }
            Slot::Full(..) => None,
        });
        self.used += 1;
        if let Some(f) = freeslot {
            self.slots[f] = Slot::Full(hash, key);
            return;
        }
        self.fill += 1;
        self.slots[target] = Slot::Full(hash, key);
        if self.fill * 5 >= self.mask() * 3 {
            self.resize(if self.used > 50000 { self.used * 2 } else { self.used * 4 });
        }
    }

    pub fn resize(&mut self, minused: usize) {
        let mut size = MINSIZE;
        while size <= minused {
            size <<= 1;
        }
        let old = std::mem::replace(&mut self.slots, (0..size).map(|_| Slot::Empty).collect());
        self.fill = self.used;
        for s in old {
            if let Slot::Full(h, k) = s {
                self.insert_clean(h, k);
            }
        }
    }

    fn insert_clean(&mut self, hash: i64, key: ObjRef) {
        let j = self.probe(hash, |j, s| matches!(s, Slot::Empty).then_some(j));
        self.slots[j] = Slot::Full(hash, key);
    }

    /// The end of set_difference_update_internal: more than a quarter of dummies are swept by a
    /// resize (which reorders the keys).
    pub fn sweep_dummies(&mut self) {
        if self.fill - self.used > self.mask() / 4 {
            self.resize(if self.used > 50000 { self.used * 2 } else { self.used * 4 });
        }
    }

    pub fn fill(&self) -> usize {
        self.fill
    }

    /// No dummies (a slot-for-slot copy keeps the layout).
    pub fn is_clean(&self) -> bool {
        self.fill == self.used
    }

    pub fn copy_slots_from(&mut self, other: &SetTable) {
        for (j, s) in other.slots.iter().enumerate() {
            if let Slot::Full(h, k) = s {
                self.slots[j] = Slot::Full(*h, k.clone());
            }
        }
        self.fill = other.used;
        self.used = other.used;
    }

    /// Clean insertion into a table known not to contain the key (set_merge into an empty set).
    pub fn insert_clean_counted(&mut self, hash: i64, key: ObjRef) {
        self.insert_clean(hash, key);
        self.fill += 1;
        self.used += 1;
    }

    pub fn remove_at(&mut self, j: usize) -> ObjRef {
        let old = std::mem::replace(&mut self.slots[j], Slot::Dummy);
        self.used -= 1;
        match old {
            Slot::Full(_, k) => k,
            _ => panic!("removing an empty set slot"),
        }
    }

    pub fn pop(&mut self) -> Option<ObjRef> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        while !matches!(self.slots[i], Slot::Full(..)) {
            i = (i + 1) & mask;
        }
        self.finger = i + 1;
        Some(self.remove_at(i))
    }

    pub fn clear(&mut self) -> SetTable {
        std::mem::take(self)
    }

    /// A copy with the same table layout (set.copy / frozenset(s) keep CPython's order).
    pub fn copy(&self) -> SetTable {
        let mut t = SetTable {
            slots: (0..self.slots.len()).map(|_| Slot::Empty).collect(),
            fill: 0,
            used: 0,
            finger: 0,
        };
        if self.fill == self.used {
            for (j, s) in self.slots.iter().enumerate() {
                if let Slot::Full(h, k) = s {
                    t.slots[j] = Slot::Full(*h, k.clone());
                }
            }
            t.fill = self.used;
            t.used = self.used;
        } else {
            for (h, k) in self.iter() {
                t.insert_new(h, k.clone());
            }
        }
        t
    }

    pub fn iter(&self) -> impl Iterator<Item = (i64, &ObjRef)> {
        self.slots.iter().filter_map(|s| match s {
            Slot::Full(h, k) => Some((*h, k)),
            _ => None,
        })
    }

    /// The live key at or after slot `pos`, with the next position (for iterators).
    pub fn next_key(&self, pos: usize) -> Option<(usize, ObjRef)> {
        let mut p = pos;
        while p < self.slots.len() {
            if let Slot::Full(_, k) = &self.slots[p] {
                return Some((p + 1, k.clone()));
            }
            p += 1;
        }
        None
    }
}
