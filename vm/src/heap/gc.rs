//! The generational cycle collector, CPython's algorithm (Modules/gcmodule.c, 3.11):
//!
//! 1. `gc_refs` = reference count, for every object of the generation being collected;
//! 2. subtract the references those objects hold to each other (`traverse`): what remains counts
//!    references from outside the generation (frames, native locals, older objects);
//! 3. objects with `gc_refs > 0` are reachable, and so is everything they reach; the rest are
//!    moved to the unreachable list (in CPython's order: the scan appends as it goes);
//! 4. finalizers (`__del__`, generator close) run once per object (PEP 442), then reachability
//!    is computed again among the unreachable, since a finalizer may resurrect objects;
//! 5. what is still unreachable is `clear`ed, which breaks the cycles so reference counting frees
//!    the objects.
//!
//! Survivors move to the next generation. Collections start when generation 0's count (container
//! allocations minus deallocations) exceeds its threshold (700), generation 1 after 10 collections
//! of generation 0, generation 2 after 10 of generation 1 (and only when a quarter of the
//! long-lived objects are new, to avoid quadratic behaviour).
//!
//! Untracked objects never take part: tuples whose items cannot be in cycles are untracked after a
//! collection that survives them, dicts take part only once they have held a container (CPython's
//! MAINTAIN_TRACKING), and an instance's attribute dict is part of its instance until Python code
//! takes hold of it (CPython 3.11 keeps attributes inline until `__dict__` is asked for).

use super::obj::{
    gen_head, links_of, list_append, list_unlink, mark_finalized, object_of, set_pending, with_heap, GcLinks,
    GenStats, Header, F_COLLECTING, F_FINALIZED, F_UNREACHABLE,
};
use super::{Kind, ObjRef};
use std::ptr::NonNull;

/// Runs an object's finalizer (Python code); supplied by the VM.
pub type Finalize<'a> = &'a mut dyn FnMut(&ObjRef);

const NUM_GENERATIONS: usize = 3;

/// A list sentinel with a stable address for the duration of a collection.
struct List(Box<GcLinks>);

impl List {
    fn new() -> List {
        let l = Box::new(GcLinks::empty());
        let p = &*l as *const GcLinks;
        l.next.set(p);
        l.prev.set(p);
        List(l)
    }

    fn head(&self) -> *const GcLinks {
        &*self.0
    }
}

// SAFETY (whole module): list pointers are either sentinels (generation heads in the heap state,
// `List` boxes alive for the collection) or the links of live tracked containers. An object is
// unlinked by `dealloc` before its memory is freed, so walking a list never meets freed memory as
// long as no object dies between reading a node and using it; the loops below re-read `next`
// after every step that can free objects (finalizers, clears).

unsafe fn is_empty(head: *const GcLinks) -> bool {
    (*head).next.get() == head
}

unsafe fn len(head: *const GcLinks) -> usize {
    let mut n = 0;
    let mut p = (*head).next.get();
    while p != head {
        n += 1;
        p = (*p).next.get();
    }
    n
}

unsafe fn move_to(node: *const GcLinks, head: *const GcLinks) {
    list_unlink(node);
    list_append(node, head);
}

/// Appends every node of `from` to `to`, leaving `from` empty.
unsafe fn merge(from: *const GcLinks, to: *const GcLinks) {
    if is_empty(from) {
        return;
    }
    let first = (*from).next.get();
    let last = (*from).prev.get();
    let tail = (*to).prev.get();
    (*tail).next.set(first);
    (*first).prev.set(tail);
    (*last).next.set(to);
    (*to).prev.set(last);
    (*from).next.set(from);
    (*from).prev.set(from);
}

fn flags(p: NonNull<Header>) -> u8 {
    // SAFETY: p is a live object.
    unsafe { p.as_ref().flags.get() }
}

fn set_flag(p: NonNull<Header>, f: u8, on: bool) {
    // SAFETY: p is a live object.
    let h = unsafe { p.as_ref() };
    h.flags.set(if on { h.flags.get() | f } else { h.flags.get() & !f });
}

/// Calls `f` with every object `p` holds a counted reference to (its type too, for classes
/// created by Python code, as CPython's subtype_traverse does).
fn traverse(p: NonNull<Header>, f: &mut dyn FnMut(NonNull<Header>)) {
    // SAFETY: p is a live object for the duration of the call.
    let o = unsafe { ObjRef::view(p) };
    if super::is_heap_type(o.ty()) {
        f(o.ty().raw());
    }
    super::traverse_obj(&o, &mut |r: &ObjRef| f(r.raw()));
}

/// Whether a tracked object takes part in collections (see the module notes on dicts).
fn participates(p: NonNull<Header>) -> bool {
    // SAFETY: p is a live object.
    let o = unsafe { ObjRef::view(p) };
    super::participates(&o)
}

/// The referent's links if it is a tracked container the collection is examining.
fn collecting_links(r: NonNull<Header>) -> Option<*const GcLinks> {
    // SAFETY: r is a live object (it is referenced).
    unsafe {
        if !r.as_ref().kind_is_container() || flags(r) & F_COLLECTING == 0 {
            return None;
        }
        let l = links_of(r);
        (!(*l).next.get().is_null()).then_some(l)
    }
}

/// Steps 1 and 2: gc_refs = count minus references from inside `base`.
unsafe fn update_and_subtract(base: *const GcLinks) {
    let mut p = (*base).next.get();
    while p != base {
        let o = object_of(p);
        if participates(o) {
            (*p).refs.set(o.as_ref().refcount_raw() as isize);
            set_flag(o, F_COLLECTING, true);
        } else {
            set_flag(o, F_COLLECTING, false);
        }
        p = (*p).next.get();
    }
    let mut p = (*base).next.get();
    while p != base {
        let o = object_of(p);
        if flags(o) & F_COLLECTING != 0 {
            traverse(o, &mut |r| {
                if let Some(l) = collecting_links(r) {
                    (*l).refs.set((*l).refs.get() - 1);
                }
            });
        }
        p = (*p).next.get();
    }
}

/// Step 3: moves what is not reachable from outside `young` to `unreachable`.
unsafe fn move_unreachable(young: *const GcLinks, unreachable: *const GcLinks) {
    let mut p = (*young).next.get();
    while p != young {
        let o = object_of(p);
        if flags(o) & F_COLLECTING == 0 {
            p = (*p).next.get();
            continue;
        }
        if (*p).refs.get() > 0 {
            traverse(o, &mut |r| {
                let Some(l) = collecting_links(r) else { return };
                if flags(r) & F_UNREACHABLE != 0 {
                    // Tentatively unreachable, but reachable after all: back to the tail of
                    // young, where the scan will reach it again.
                    move_to(l, young);
                    set_flag(r, F_UNREACHABLE, false);
                    (*l).refs.set(1);
                } else if (*l).refs.get() == 0 {
                    (*l).refs.set(1);
                }
            });
            set_flag(o, F_COLLECTING, false);
            p = (*p).next.get();
        } else {
            let next = (*p).next.get();
            move_to(p, unreachable);
            set_flag(o, F_UNREACHABLE, true);
            p = next;
        }
    }
}

unsafe fn deduce_unreachable(base: *const GcLinks, unreachable: *const GcLinks) {
    update_and_subtract(base);
    move_unreachable(base, unreachable);
    // CPython's move_legacy_finalizers clears the mark; no Python class has a legacy tp_del.
    let mut p = (*unreachable).next.get();
    while p != unreachable {
        set_flag(object_of(p), F_UNREACHABLE, false);
        p = (*p).next.get();
    }
}

/// Untracks tuples that cannot take part in a cycle (all items atomic or untracked tuples).
unsafe fn untrack_tuples(head: *const GcLinks) {
    let mut p = (*head).next.get();
    while p != head {
        let next = (*p).next.get();
        let o = ObjRef::view(object_of(p));
        if o.kind() == Kind::Tuple && !super::tuple_may_hold_containers(&o) {
            list_unlink(p);
            with_heap(|h| h.gc.tracked -= 1);
        }
        p = next;
    }
}

/// In full collections, dicts that hold no containers stop taking part (`_PyDict_MaybeUntrack`).
unsafe fn untrack_dicts(head: *const GcLinks) {
    let mut p = (*head).next.get();
    while p != head {
        let o = ObjRef::view(object_of(p));
        if o.kind() == Kind::Dict {
            super::dict_maybe_untrack(&o);
        }
        p = (*p).next.get();
    }
}

/// Step 4: runs each finalizer once; the list may shrink while Python code runs.
unsafe fn finalize_garbage(collectable: *const GcLinks, finalize: Finalize) {
    let seen = List::new();
    while !is_empty(collectable) {
        let p = (*collectable).next.get();
        move_to(p, seen.head());
        let o = ObjRef::view(object_of(p));
        if flags(o.raw()) & F_FINALIZED == 0 && super::has_finalizer(&o) {
            mark_finalized(&o);
            let strong = (*o).clone();
            finalize(&strong);
        }
    }
    merge(seen.head(), collectable);
}

/// Step 5: clears each object (breaking its references); objects that survive their own clear
/// (kept alive by something cleared later) move to `old`.
unsafe fn delete_garbage(collectable: *const GcLinks, old: *const GcLinks) {
    while !is_empty(collectable) {
        let p = (*collectable).next.get();
        let o = (*ObjRef::view(object_of(p))).clone();
        super::clear_obj(&o);
        let still_first = (*collectable).next.get() == p;
        drop(o);
        // The object may have died with the last reference; only then is it off the list.
        if (*collectable).next.get() == p && still_first {
            set_flag(object_of(p), F_COLLECTING, false);
            move_to(p, old);
        }
    }
}

/// Collects generation `generation` (and the younger ones); returns the number of unreachable
/// objects found, as `gc.collect()` does. Returns 0 if a collection is already running.
pub fn collect(generation: usize, finalize: Finalize) -> usize {
    let generation = generation.min(NUM_GENERATIONS - 1);
    let (young, old) = match with_heap(|h| {
        if h.gc.collecting {
            return None;
        }
        h.gc.collecting = true;
        if generation + 1 < NUM_GENERATIONS {
            h.gc.counts[generation + 1] += 1;
        }
        for c in &mut h.gc.counts[..=generation] {
            *c = 0;
        }
        let young = gen_head(h, generation);
        for i in 0..generation {
            let from = gen_head(h, i);
            // SAFETY: both are initialised generation sentinels.
            unsafe { merge(from, young) };
        }
        let old = if generation + 1 < NUM_GENERATIONS { gen_head(h, generation + 1) } else { young };
        Some((young, old))
    }) {
        Some(x) => x,
        None => return 0,
    };
    let unreachable = List::new();
    // SAFETY: see the module-level note; `young`/`old` are generation sentinels.
    let found = unsafe {
        deduce_unreachable(young, unreachable.head());
        untrack_tuples(young);
        if young != old {
            let n = len(young);
            if generation == NUM_GENERATIONS - 2 {
                with_heap(|h| h.gc.long_lived_pending += n);
            }
            merge(young, old);
        } else {
            untrack_dicts(young);
            let n = len(young);
            with_heap(|h| {
                h.gc.long_lived_pending = 0;
                h.gc.long_lived_total = n;
            });
        }
        finalize_garbage(unreachable.head(), finalize);
        // Objects resurrected by finalizers go back to `old`; the rest is garbage for sure.
        let mut p = (*unreachable.head()).next.get();
        while p != unreachable.head() {
            set_flag(object_of(p), F_COLLECTING, false);
            p = (*p).next.get();
        }
        let still = List::new();
        deduce_unreachable(unreachable.head(), still.head());
        merge(unreachable.head(), old);
        let m = len(still.head());
        delete_garbage(still.head(), old);
        m
    };
    with_heap(|h| {
        let s = &mut h.gc.stats[generation];
        s.collections += 1;
        s.collected += found as u64;
        h.gc.collecting = false;
    });
    found
}

/// The automatic collection: the oldest generation whose count exceeds its threshold.
pub fn collect_generations(finalize: Finalize) -> usize {
    match pick_generation() {
        Some(g) => collect(g, finalize),
        None => 0,
    }
}

/// The oldest generation whose count exceeds its threshold (None while disabled or collecting).
pub fn pick_generation() -> Option<usize> {
    with_heap(|h| {
        let g = &h.gc;
        if !g.enabled || g.collecting {
            return None;
        }
        for i in (0..NUM_GENERATIONS).rev() {
            if g.counts[i] > g.thresholds[i] {
                if i == NUM_GENERATIONS - 1 && g.long_lived_pending < g.long_lived_total / 4 {
                    continue;
                }
                return Some(i);
            }
        }
        None
    })
}

/// Whether generation 0's count made a collection due (checked at the VM's safe points).
pub fn due() -> bool {
    with_heap(|h| {
        let g = &h.gc;
        g.enabled && !g.collecting && g.thresholds[0] != 0 && g.counts[0] > g.thresholds[0]
    })
}

/// Clears the "work at the next safe point" flag once the VM has done that work.
pub fn clear_pending() {
    set_pending(false);
}

pub fn enable(on: bool) {
    with_heap(|h| h.gc.enabled = on);
}

pub fn is_enabled() -> bool {
    with_heap(|h| h.gc.enabled)
}

pub fn is_collecting() -> bool {
    with_heap(|h| h.gc.collecting)
}

pub fn counts() -> [i64; 3] {
    with_heap(|h| h.gc.counts)
}

pub fn thresholds() -> [i64; 3] {
    with_heap(|h| h.gc.thresholds)
}

/// `gc.set_threshold(t0[, t1[, t2]])`.
pub fn set_thresholds(t: &[i64]) {
    with_heap(|h| {
        for (i, v) in t.iter().enumerate().take(NUM_GENERATIONS) {
            h.gc.thresholds[i] = *v;
        }
    });
}

pub fn gen_stats() -> [GenStats; 3] {
    with_heap(|h| h.gc.stats)
}

/// `gc.is_tracked(o)`.
pub fn is_tracked(o: &ObjRef) -> bool {
    o.is_linked() && super::participates(o)
}

/// `gc.is_finalized(o)`: its finalizer already ran (PEP 442).
pub fn is_finalized(o: &ObjRef) -> bool {
    flags(o.raw()) & F_FINALIZED != 0
}

/// `gc.get_referents(o)`: the objects `o` holds references to (containers and atoms alike).
pub fn referents(o: &ObjRef) -> Vec<ObjRef> {
    let mut v = Vec::new();
    if super::is_heap_type(o.ty()) {
        v.push(o.ty().clone());
    }
    super::traverse_obj(o, &mut |r: &ObjRef| v.push(r.clone()));
    v
}

/// Tracked objects per generation (for `--stats`).
pub fn generation_sizes() -> [usize; 3] {
    let mut out = [0; 3];
    for (g, n) in out.iter_mut().enumerate() {
        let head = with_heap(|h| gen_head(h, g));
        // SAFETY: a generation sentinel; no object dies while counting.
        *n = unsafe { len(head) };
    }
    out
}

/// Every object on the generation lists, each with a new reference (for the exit teardown).
pub fn tracked_objects() -> Vec<ObjRef> {
    with_heap(|h| {
        let mut v = Vec::new();
        for g in 0..NUM_GENERATIONS {
            let head = gen_head(h, g);
            // SAFETY: the lists hold live tracked containers; cloning only increments counts.
            unsafe {
                let mut p = (*head).next.get();
                while p != head {
                    v.push((*ObjRef::view(object_of(p))).clone());
                    p = (*p).next.get();
                }
            }
        }
        v
    })
}
