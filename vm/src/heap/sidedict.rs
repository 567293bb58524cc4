//! Attribute dicts of objects whose payload has no room for one: instances of classes created
//! by Python code that derive from a builtin such as `int` or `list` (CPython appends a dict
//! pointer to such instances). The dict is kept in a side table keyed by the object's address;
//! a header flag says whether there is an entry, so objects without one pay a bit test.

use super::obj::{Header, F_SIDE_DICT};
use super::ObjRef;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ptr::NonNull;

thread_local! {
    static SIDE: RefCell<HashMap<usize, ObjRef>> = RefCell::new(HashMap::new());
}

fn key(p: NonNull<Header>) -> usize {
    p.as_ptr() as usize
}

/// The object's side dict, if it has one.
pub fn peek(o: &ObjRef) -> Option<ObjRef> {
    if o.header().flags.get() & F_SIDE_DICT == 0 {
        return None;
    }
    SIDE.with(|s| s.borrow().get(&key(o.raw())).cloned())
}

/// The object's side dict, made by `make` on first use.
pub fn get_or_create(o: &ObjRef, make: impl FnOnce() -> ObjRef) -> ObjRef {
    if let Some(d) = peek(o) {
        return d;
    }
    let d = make();
    let h = o.header();
    h.flags.set(h.flags.get() | F_SIDE_DICT);
    SIDE.with(|s| s.borrow_mut().insert(key(o.raw()), d.clone()));
    d
}

/// Removes the object's entry (it is dying or being cleared); the caller drops the dict
/// outside the table's borrow, since that may free further objects.
pub(super) fn take(p: NonNull<Header>) -> Option<ObjRef> {
    // SAFETY: p is a live object.
    let h = unsafe { p.as_ref() };
    if h.flags.get() & F_SIDE_DICT == 0 {
        return None;
    }
    h.flags.set(h.flags.get() & !F_SIDE_DICT);
    SIDE.with(|s| s.borrow_mut().remove(&key(p)))
}

/// Every remaining entry (at exit, before the heap is released).
pub(super) fn take_all() -> Vec<ObjRef> {
    SIDE.with(|s| s.borrow_mut().drain().map(|(_, d)| d).collect())
}
