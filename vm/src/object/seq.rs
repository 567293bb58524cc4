//! `tuple` and `list`.

use crate::heap::{Mut, ObjRef};

pub struct TupleObj(pub Box<[ObjRef]>);

pub struct ListObj(pub Mut<Vec<ObjRef>>);

/// Items die last to first, as in CPython's tupledealloc and list_dealloc (observable through
/// the order in which `__del__` methods run).
pub fn drop_reversed(mut v: Vec<ObjRef>) {
    while let Some(x) = v.pop() {
        drop(x);
    }
}

impl Drop for TupleObj {
    fn drop(&mut self) {
        drop_reversed(std::mem::take(&mut self.0).into_vec());
    }
}

impl Drop for ListObj {
    fn drop(&mut self) {
        drop_reversed(self.0.with(std::mem::take));
    }
}

impl ListObj {
    pub fn len(&self) -> usize {
        self.0.with(|v| v.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<ObjRef> {
        self.0.with(|v| v.get(i).cloned())
    }

    pub fn push(&self, x: ObjRef) {
        self.0.with(|v| v.push(x))
    }

    /// A copy of the items (taken before calling back into Python code, which may mutate the list).
    pub fn snapshot(&self) -> Vec<ObjRef> {
        self.0.with(|v| v.clone())
    }

    /// Replaces item `i`; the old value is returned so it dies outside the borrow.
    pub fn set(&self, i: usize, x: ObjRef) -> ObjRef {
        self.0.with(|v| std::mem::replace(&mut v[i], x))
    }
}

/// Resolves a Python index against a length (negative counts from the end).
pub fn norm_index(i: i64, len: usize) -> Option<usize> {
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        None
    } else {
        Some(j as usize)
    }
}

/// `slice.indices(len)`: clamps start/stop for a step, like PySlice_AdjustIndices; returns the
/// start, step and number of items.
pub fn slice_indices(start: Option<i64>, stop: Option<i64>, step: i64, len: usize) -> (i64, i64, usize) {
    let len = len as i64;
    let (lo, hi) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let clamp = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(v) if v < 0 => (v + len).max(lo),
            Some(v) => v.min(hi),
        }
    };
    let s = clamp(start, if step < 0 { hi } else { lo });
    let e = clamp(stop, if step < 0 { lo } else { hi });
    let n = if step < 0 {
        if e < s {
            (s - e - 1) / (-step) + 1
        } else {
            0
        }
    } else if s < e {
        (e - s - 1) / step + 1
    } else {
        0
    };
    (s, step, n as usize)
}
