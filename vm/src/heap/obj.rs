//! Object headers and the owned handle [`ObjRef`]. This module and `alloc` are the only places
//! with `unsafe`: everything else manipulates objects through this safe API.
//!
//! Every object is `#[repr(C)] Obj<T> { header, payload }` allocated from the VM's allocator.
//! Container kinds get a [`GcLinks`] prefix (like CPython's `PyGC_Head`) that links them into the
//! young generation's list, which is what a cycle collector walks.

use super::alloc::{Allocator, Stats};
use super::Kind;
use std::cell::{Cell, UnsafeCell};
use std::marker::PhantomData;
use std::ptr::NonNull;

#[repr(C)]
pub struct Header {
    refcnt: Cell<u32>,
    kind: Kind,
    _pad: [u8; 3],
    /// The object's type (a strong reference, released when the object dies).
    ty: Cell<NonNull<Header>>,
}

/// Links of a tracked container in its generation's list (circular, doubly linked).
#[repr(C)]
pub struct GcLinks {
    next: Cell<*const GcLinks>,
    prev: Cell<*const GcLinks>,
}

#[repr(C)]
struct Obj<T> {
    header: Header,
    payload: T,
}

/// A payload type stored in a heap object.
pub trait Payload: Sized + 'static {
    const KIND: Kind;
}

/// An owned, counted reference to a heap object. Clone increments, Drop decrements and frees at
/// zero.
#[repr(transparent)]
pub struct ObjRef {
    ptr: NonNull<Header>,
    _not_send: PhantomData<*const ()>,
}

struct HeapState {
    alloc: Allocator,
    /// Depth of nested deallocations; beyond a limit, dying objects are queued instead of freed
    /// recursively (CPython's "trashcan"), so a million-deep nested list cannot overflow the stack.
    depth: u32,
    pending: Vec<NonNull<Header>>,
    /// Sentinel of the list of tracked containers.
    gc_head: GcLinks,
    pub gc_tracked: u64,
    pub gc_gen0_count: i64,
    pub objects_freed: u64,
    pub objects_allocated: u64,
}

thread_local! {
    static HEAP: UnsafeCell<HeapState> = const { UnsafeCell::new(HeapState {
        alloc: Allocator::new(),
        depth: 0,
        pending: Vec::new(),
        gc_head: GcLinks { next: Cell::new(std::ptr::null()), prev: Cell::new(std::ptr::null()) },
        gc_tracked: 0,
        gc_gen0_count: 0,
        objects_freed: 0,
        objects_allocated: 0,
    }) };
}

#[inline]
fn with_heap<R>(f: impl FnOnce(&mut HeapState) -> R) -> R {
    // SAFETY: the VM is single-threaded and no caller keeps the reference across a call that
    // could re-enter with_heap (allocation and freeing never call back into Python code).
    HEAP.with(|h| unsafe { f(&mut *h.get()) })
}

const GC_PREFIX: usize = std::mem::size_of::<GcLinks>();
const TRASHCAN_DEPTH: u32 = 200;

#[inline]
fn obj_size<T>() -> usize {
    std::mem::size_of::<Obj<T>>()
}

impl ObjRef {
    /// Allocates a new object of type `ty` holding `payload`, with a count of one.
    #[inline]
    pub fn new<T: Payload>(ty: &ObjRef, payload: T) -> ObjRef {
        ty.incref();
        Self::alloc_obj(Some(ty.ptr), payload)
    }

    /// Allocates an object whose type is itself (the `type` type); used once at start-up.
    pub fn new_self_typed<T: Payload>(payload: T) -> ObjRef {
        let o = Self::alloc_obj(None, payload);
        o.incref(); // the self-reference from the header
        o
    }

    #[inline]
    fn alloc_obj<T: Payload>(ty: Option<NonNull<Header>>, payload: T) -> ObjRef {
        let gc = T::KIND.is_container();
        let size = obj_size::<T>() + if gc { GC_PREFIX } else { 0 };
        let p = with_heap(|h| {
            h.objects_allocated += 1;
            // SAFETY: size > 0, freed in `dealloc` with the same size (computed from the kind).
            let mut raw = unsafe { h.alloc.alloc(size) };
            if gc {
                // SAFETY: raw has room for the prefix; linking touches only tracked headers.
                unsafe {
                    gc_link(h, raw as *const GcLinks);
                    raw = raw.add(GC_PREFIX);
                }
                h.gc_gen0_count += 1;
            }
            raw as *mut Obj<T>
        });
        // SAFETY: p points to fresh, suitably sized and aligned memory.
        unsafe {
            let nn = NonNull::new_unchecked(p as *mut Header);
            p.write(Obj {
                header: Header {
                    refcnt: Cell::new(1),
                    kind: T::KIND,
                    _pad: [0; 3],
                    ty: Cell::new(ty.unwrap_or(nn)),
                },
                payload,
            });
            ObjRef { ptr: nn, _not_send: PhantomData }
        }
    }

    #[inline]
    fn header(&self) -> &Header {
        // SAFETY: a live ObjRef keeps its object alive.
        unsafe { self.ptr.as_ref() }
    }

    #[inline]
    fn incref(&self) {
        let h = self.header();
        h.refcnt.set(h.refcnt.get() + 1);
    }

    #[inline]
    pub fn kind(&self) -> Kind {
        self.header().kind
    }

    /// The object's type.
    #[inline]
    pub fn ty(&self) -> &ObjRef {
        // SAFETY: ObjRef is a transparent NonNull<Header>; the header holds a strong reference to
        // its type for as long as the object lives, and the type pointer is never reassigned
        // while borrowed (only `set_type` changes it, taking a new reference).
        unsafe { &*(self.header().ty.as_ptr() as *const ObjRef) }
    }

    /// Changes the object's type (`obj.__class__ = C`).
    pub fn set_type(&self, ty: &ObjRef) {
        ty.incref();
        let old = self.header().ty.replace(ty.ptr);
        drop(ObjRef { ptr: old, _not_send: PhantomData });
    }

    #[inline]
    pub fn refcount(&self) -> u32 {
        self.header().refcnt.get()
    }

    /// Identity (the address, as `id()` reports it).
    #[inline]
    pub fn id(&self) -> usize {
        self.ptr.as_ptr() as usize
    }

    #[inline]
    pub fn is(&self, other: &ObjRef) -> bool {
        self.ptr == other.ptr
    }

    #[inline]
    pub fn get<T: Payload>(&self) -> Option<&T> {
        if self.header().kind == T::KIND {
            // SAFETY: the kind tag is written together with the payload type in `new`.
            Some(unsafe { &(*(self.ptr.as_ptr() as *const Obj<T>)).payload })
        } else {
            None
        }
    }

    /// Downcast when the caller already checked the kind; panics otherwise (a VM bug).
    #[inline]
    pub fn expect<T: Payload>(&self) -> &T {
        match self.get::<T>() {
            Some(t) => t,
            None => panic!("object of kind {:?} is not {:?}", self.kind(), T::KIND),
        }
    }
}

impl Clone for ObjRef {
    #[inline]
    fn clone(&self) -> ObjRef {
        self.incref();
        ObjRef { ptr: self.ptr, _not_send: PhantomData }
    }
}

impl Drop for ObjRef {
    #[inline]
    fn drop(&mut self) {
        let h = self.header();
        let n = h.refcnt.get() - 1;
        h.refcnt.set(n);
        if n == 0 {
            release(self.ptr);
        }
    }
}

impl std::fmt::Debug for ObjRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{:?} object at {:#x}>", self.kind(), self.id())
    }
}

#[inline(never)]
fn release(p: NonNull<Header>) {
    let deep = with_heap(|h| {
        if h.depth >= TRASHCAN_DEPTH {
            h.pending.push(p);
            true
        } else {
            h.depth += 1;
            false
        }
    });
    if deep {
        return;
    }
    // SAFETY: the count just reached zero, so nothing else refers to the object.
    unsafe { dealloc(p) };
    let drain = with_heap(|h| {
        h.depth -= 1;
        h.depth == 0 && !h.pending.is_empty()
    });
    if drain {
        loop {
            let next = with_heap(|h| {
                let n = h.pending.pop();
                if n.is_some() {
                    h.depth += 1;
                }
                n
            });
            let Some(q) = next else { break };
            // SAFETY: queued objects had reached zero and were not freed yet.
            unsafe { dealloc(q) };
            with_heap(|h| h.depth -= 1);
        }
    }
}

/// Drops the payload (releasing its references), unlinks the GC prefix, frees the memory and
/// releases the type.
unsafe fn dealloc(p: NonNull<Header>) {
    let kind = p.as_ref().kind;
    let ty = p.as_ref().ty.get();
    let size = super::drop_payload(kind, p.as_ptr() as *mut u8);
    let gc = kind.is_container();
    with_heap(|h| {
        h.objects_freed += 1;
        let mut raw = p.as_ptr() as *mut u8;
        if gc {
            raw = raw.sub(GC_PREFIX);
            gc_unlink(h, raw as *const GcLinks);
            if h.gc_gen0_count > 0 {
                h.gc_gen0_count -= 1;
            }
        }
        h.alloc.free(raw, size + if gc { GC_PREFIX } else { 0 });
    });
    drop(ObjRef { ptr: ty, _not_send: PhantomData });
}

/// Drops the payload of type T in place; returns the object size for freeing.
///
/// # Safety
/// `p` must point to a live `Obj<T>` whose count reached zero.
pub(super) unsafe fn drop_as<T: Payload>(p: *mut u8) -> usize {
    std::ptr::drop_in_place(&mut (*(p as *mut Obj<T>)).payload);
    obj_size::<T>()
}

unsafe fn gc_link(h: &mut HeapState, links: *const GcLinks) {
    let head = &h.gc_head as *const GcLinks;
    if h.gc_head.next.get().is_null() {
        h.gc_head.next.set(head);
        h.gc_head.prev.set(head);
    }
    let last = h.gc_head.prev.get();
    (links as *mut GcLinks).write(GcLinks { next: Cell::new(head), prev: Cell::new(last) });
    (*last).next.set(links);
    h.gc_head.prev.set(links);
    h.gc_tracked += 1;
}

unsafe fn gc_unlink(h: &mut HeapState, links: *const GcLinks) {
    let l = &*links;
    (*l.prev.get()).next.set(l.next.get());
    (*l.next.get()).prev.set(l.prev.get());
    h.gc_tracked -= 1;
}

/// Interior mutability for payloads without a per-object borrow flag in release builds: the VM is
/// single-threaded and `with` closures never call back into Python code (debug builds check
/// that no closure re-enters the same cell).
pub struct Mut<T> {
    cell: UnsafeCell<T>,
    #[cfg(debug_assertions)]
    busy: Cell<bool>,
}

impl<T: Default> Default for Mut<T> {
    fn default() -> Self {
        Mut::new(T::default())
    }
}

impl<T> Mut<T> {
    pub fn new(v: T) -> Mut<T> {
        Mut {
            cell: UnsafeCell::new(v),
            #[cfg(debug_assertions)]
            busy: Cell::new(false),
        }
    }

    #[inline]
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        #[cfg(debug_assertions)]
        {
            assert!(!self.busy.replace(true), "re-entrant access to an object's state");
        }
        // SAFETY: single-threaded; re-entrance excluded by the contract above (checked in debug).
        let r = f(unsafe { &mut *self.cell.get() });
        #[cfg(debug_assertions)]
        self.busy.set(false);
        r
    }
}

/// A snapshot of heap statistics.
#[derive(Clone, Debug)]
pub struct HeapStats {
    pub alloc: Stats,
    pub arenas_in_use: usize,
    pub objects_allocated: u64,
    pub objects_freed: u64,
    pub gc_tracked: u64,
}

pub fn stats() -> HeapStats {
    with_heap(|h| HeapStats {
        alloc: h.alloc.stats.clone(),
        arenas_in_use: h.alloc.arenas_in_use(),
        objects_allocated: h.objects_allocated,
        objects_freed: h.objects_freed,
        gc_tracked: h.gc_tracked,
    })
}

/// Containers allocated minus deallocated since the last collection (`gc.get_count()[0]`).
pub fn gc_gen0_count() -> i64 {
    with_heap(|h| h.gc_gen0_count)
}
