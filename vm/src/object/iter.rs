//! Native iterators (one kind, many states).

use crate::heap::{Mut, ObjRef};

pub enum IterState {
    /// list, tuple, str (by index); `reversed` walks down.
    Seq {
        seq: ObjRef,
        idx: usize,
    },
    Reversed {
        seq: ObjRef,
        idx: usize,
    },
    Range {
        cur: i64,
        step: i64,
        left: usize,
    },
    /// Dict keys/values/items (0/1/2).
    Dict {
        dict: ObjRef,
        pos: usize,
        what: u8,
        len: usize,
    },
    Set {
        set: ObjRef,
        pos: usize,
        /// The set's size when iteration began: a change raises RuntimeError.
        len: usize,
    },
    Enumerate {
        it: ObjRef,
        /// The next count: arbitrary precision, as `enumerate(it, 2**70)` is allowed.
        n: crate::object::int::Int,
    },
    Zip {
        its: Vec<ObjRef>,
        /// zip(..., strict=True): unequal lengths raise ValueError.
        strict: bool,
    },
    Map {
        f: ObjRef,
        its: Vec<ObjRef>,
    },
    Filter {
        f: ObjRef,
        it: ObjRef,
    },
    /// `iter(callable, sentinel)`.
    Callable {
        f: ObjRef,
        sentinel: ObjRef,
    },
    Done,
}

pub struct IterObj(pub Mut<IterState>);
