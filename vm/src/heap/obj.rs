//! Object headers and the owned handle [`ObjRef`]. This module and `alloc` are the only places
//! with `unsafe`: everything else manipulates objects through this safe API.
//!
//! Every object is `#[repr(C)] Obj<T> { header, payload }` allocated from the VM's allocator.
//! Container kinds get a [`GcLinks`] prefix (like CPython's `PyGC_Head`) that links them into the
//! list of their generation, which is what the cycle collector ([`super::gc`]) walks.

use super::alloc::{Allocator, Stats};
use super::Kind;
use std::cell::{Cell, UnsafeCell};
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ptr::NonNull;

#[repr(C)]
pub struct Header {
    refcnt: Cell<u32>,
    kind: Kind,
    /// `F_*` bits: the collector's marks and PEP 442's "finalizer already ran".
    pub(super) flags: Cell<u8>,
    _pad: [u8; 2],
    /// The object's type (a strong reference, released when the object dies).
    ty: Cell<NonNull<Header>>,
}

/// The object is in the set a collection is examining (CPython's PREV_MASK_COLLECTING).
pub(super) const F_COLLECTING: u8 = 1;
/// The object is on the tentatively-unreachable list (CPython's NEXT_MASK_UNREACHABLE).
pub(super) const F_UNREACHABLE: u8 = 2;
/// `__del__` (or a generator's close) already ran once; PEP 442 never runs it twice.
pub(super) const F_FINALIZED: u8 = 4;
/// On a type object: a class created by Python code (whose instances may define `__del__`).
pub(super) const F_HEAP_TYPE: u8 = 8;
/// The object has an attribute dict in the side table ([`super::sidedict`]).
pub(super) const F_SIDE_DICT: u8 = 16;

/// Links of a tracked container in its generation's list (circular, doubly linked), and the
/// scratch count the collector computes (CPython's `gc_refs`). `next` is null when untracked.
#[repr(C)]
pub struct GcLinks {
    pub(super) next: Cell<*const GcLinks>,
    pub(super) prev: Cell<*const GcLinks>,
    pub(super) refs: Cell<isize>,
}

impl GcLinks {
    pub(super) const fn empty() -> GcLinks {
        GcLinks { next: Cell::new(std::ptr::null()), prev: Cell::new(std::ptr::null()), refs: Cell::new(0) }
    }
}

/// Per-generation collector counters (`gc.get_stats()`).
#[derive(Clone, Copy, Debug, Default)]
pub struct GenStats {
    pub collections: u64,
    pub collected: u64,
    pub uncollectable: u64,
}

/// The collector's state: three generations, CPython's counters and thresholds.
pub(super) struct GcState {
    /// Sentinels of the generation lists (initialised on first use: they point to themselves).
    pub gens: [GcLinks; 3],
    /// Generation 0: container allocations minus deallocations since its last collection;
    /// generations 1 and 2: collections of the next younger generation since their own.
    pub counts: [i64; 3],
    pub thresholds: [i64; 3],
    pub enabled: bool,
    pub collecting: bool,
    pub long_lived_total: usize,
    pub long_lived_pending: usize,
    pub stats: [GenStats; 3],
    pub tracked: u64,
}

impl Header {
    #[inline]
    pub(super) fn kind_is_container(&self) -> bool {
        self.kind.is_container()
    }

    #[inline]
    pub(super) fn refcount_raw(&self) -> u32 {
        self.refcnt.get()
    }
}

#[repr(C)]
struct Obj<T> {
    header: Header,
    payload: T,
}

/// A payload type stored in a heap object.
pub trait Payload: Sized + 'static + super::Trace {
    const KIND: Kind;
}

/// An owned, counted reference to a heap object. Clone increments, Drop decrements and frees at
/// zero.
#[repr(transparent)]
pub struct ObjRef {
    ptr: NonNull<Header>,
    _not_send: PhantomData<*const ()>,
}

pub(super) struct HeapState {
    alloc: Allocator,
    /// Depth of nested deallocations; beyond a limit, dying objects are queued instead of freed
    /// recursively (CPython's "trashcan"), so a million-deep nested list cannot overflow the stack.
    depth: u32,
    pending: Vec<NonNull<Header>>,
    pub(super) gc: GcState,
    /// Objects whose count reached zero while they still had a finalizer to run: each entry owns
    /// one reference (the object is resurrected until the VM runs the finalizer).
    finalize_queue: Vec<NonNull<Header>>,
    /// Off while the VM tears down (no Python code can run any more).
    finalizers_enabled: bool,
    pub objects_freed: u64,
    pub objects_allocated: u64,
}

thread_local! {
    static HEAP: UnsafeCell<HeapState> = const { UnsafeCell::new(HeapState {
        alloc: Allocator::new(),
        depth: 0,
        pending: Vec::new(),
        gc: GcState {
            gens: [GcLinks::empty(), GcLinks::empty(), GcLinks::empty()],
            counts: [0; 3],
            thresholds: [700, 10, 10],
            enabled: true,
            collecting: false,
            long_lived_total: 0,
            long_lived_pending: 0,
            stats: [GenStats { collections: 0, collected: 0, uncollectable: 0 }; 3],
            tracked: 0,
        },
        finalize_queue: Vec::new(),
        finalizers_enabled: true,
        objects_freed: 0,
        objects_allocated: 0,
    }) };
    /// Set when the eval loop has work at its next instruction boundary: a finalizer to run or a
    /// collection that the allocation counter made due. Kept apart from HEAP so that the check
    /// per instruction is one thread-local load.
    static PENDING: Cell<bool> = const { Cell::new(false) };
}

/// Whether finalizers or a collection wait for the next safe point.
#[inline]
pub fn has_pending() -> bool {
    PENDING.with(|p| p.get())
}

pub(super) fn set_pending(v: bool) {
    PENDING.with(|p| p.set(v));
}

#[inline]
pub(super) fn with_heap<R>(f: impl FnOnce(&mut HeapState) -> R) -> R {
    // SAFETY: the VM is single-threaded and no caller keeps the reference across a call that
    // could re-enter with_heap (allocation and freeing never call back into Python code).
    HEAP.with(|h| unsafe { f(&mut *h.get()) })
}

pub(super) const GC_PREFIX: usize = std::mem::size_of::<GcLinks>();
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
                    let head = gen_head(h, 0);
                    list_append(raw as *const GcLinks, head);
                    raw = raw.add(GC_PREFIX);
                }
                h.gc.tracked += 1;
                h.gc.counts[0] += 1;
                let g = &h.gc;
                if g.counts[0] > g.thresholds[0] && g.thresholds[0] != 0 && g.enabled && !g.collecting {
                    set_pending(true);
                }
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
                    flags: Cell::new(0),
                    _pad: [0; 2],
                    ty: Cell::new(ty.unwrap_or(nn)),
                },
                payload,
            });
            ObjRef { ptr: nn, _not_send: PhantomData }
        }
    }

    /// A borrowed view of a raw object pointer, for code that must not touch the count.
    ///
    /// # Safety
    /// `p` must point to an object that stays allocated while the view is used.
    #[inline]
    pub(super) unsafe fn view(p: NonNull<Header>) -> ManuallyDrop<ObjRef> {
        ManuallyDrop::new(ObjRef { ptr: p, _not_send: PhantomData })
    }

    #[inline]
    pub(super) fn raw(&self) -> NonNull<Header> {
        self.ptr
    }

    #[inline]
    pub(super) fn header(&self) -> &Header {
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

    /// The payload for mutation when this handle is the only reference to the object (as
    /// `Rc::get_mut`): arithmetic reuses an operand that is about to die for its result.
    #[inline]
    pub fn get_mut_unique<T: Payload>(&mut self) -> Option<&mut T> {
        if self.header().kind == T::KIND && self.header().refcnt.get() == 1 {
            // SAFETY: a count of one held by this mutably borrowed handle means no other handle,
            // and so no other borrow of the payload, exists; the kind tag says it is a T.
            Some(unsafe { &mut (*(self.ptr.as_ptr() as *mut Obj<T>)).payload })
        } else {
            None
        }
    }

    /// Downcast when the caller already checked the kind; panics otherwise (a VM bug).
    /// Always inlined, the panic kept out of line: the interpreter loop downcasts on every
    /// fast path, and a call per downcast showed up in profiles.
    #[inline(always)]
    pub fn expect<T: Payload>(&self) -> &T {
        match self.get::<T>() {
            Some(t) => t,
            None => wrong_kind(self.kind(), T::KIND),
        }
    }
}

#[cold]
#[inline(never)]
fn wrong_kind(got: Kind, want: Kind) -> ! {
    panic!("object of kind {got:?} is not {want:?}")
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
    // SAFETY: the object is still allocated (its count just reached zero).
    let view = unsafe { ObjRef::view(p) };
    // Only generators and instances of classes created by Python code can have finalizers; the
    // type's header says which (one load, on a line the type's decref touches anyway).
    let h = view.header();
    let candidate = h.kind == Kind::Generator || view.ty().header().flags.get() & F_HEAP_TYPE != 0;
    if candidate
        && h.flags.get() & F_FINALIZED == 0
        && with_heap(|h| h.finalizers_enabled)
        && super::has_finalizer(&view)
    {
        // Resurrect it for the finalize queue: the VM runs `__del__` at its next instruction
        // boundary (it cannot run Python code from inside an arbitrary drop).
        view.header().refcnt.set(1);
        with_heap(|h| h.finalize_queue.push(p));
        set_pending(true);
        return;
    }
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
    let side = super::sidedict::take(p);
    let size = super::drop_payload(kind, p.as_ptr() as *mut u8);
    drop(side);
    let gc = kind.is_container();
    with_heap(|h| {
        h.objects_freed += 1;
        let mut raw = p.as_ptr() as *mut u8;
        if gc {
            raw = raw.sub(GC_PREFIX);
            let links = raw as *const GcLinks;
            if !(*links).next.get().is_null() {
                list_unlink(links);
                h.gc.tracked -= 1;
            }
            if h.gc.counts[0] > 0 {
                h.gc.counts[0] -= 1;
            }
        }
        h.alloc.free(raw, size + if gc { GC_PREFIX } else { 0 });
    });
    // `type` is its own type: its self-reference went with it (see free_self_typed).
    if ty != p {
        drop(ObjRef { ptr: ty, _not_send: PhantomData });
    }
}

/// At exit, after everything else was released: frees the tracked objects that are their own
/// type (`type`) and that nothing but their own header refers to any more, which reference
/// counting alone never can.
pub(super) fn free_self_typed() {
    let lone: Vec<NonNull<Header>> = with_heap(|h| {
        let mut v = Vec::new();
        for g in 0..3 {
            let head = gen_head(h, g);
            // SAFETY: the lists hold live tracked containers.
            unsafe {
                let mut l = (*head).next.get();
                while l != head {
                    let p = object_of(l);
                    if p.as_ref().ty.get() == p && p.as_ref().refcnt.get() == 1 {
                        v.push(p);
                    }
                    l = (*l).next.get();
                }
            }
        }
        v
    });
    for p in lone {
        // The remaining reference is the header's own: dropping it frees the object.
        drop(ObjRef { ptr: p, _not_send: PhantomData });
    }
}

/// Drops the payload of type T in place; returns the object size for freeing.
///
/// # Safety
/// `p` must point to a live `Obj<T>` whose count reached zero.
pub(super) unsafe fn drop_as<T: Payload>(p: *mut u8) -> usize {
    std::ptr::drop_in_place(&mut (*(p as *mut Obj<T>)).payload);
    obj_size::<T>()
}

/// The sentinel of generation `g`, initialised (pointing to itself) on first use.
pub(super) fn gen_head(h: &mut HeapState, g: usize) -> *const GcLinks {
    let head = &h.gc.gens[g] as *const GcLinks;
    if h.gc.gens[g].next.get().is_null() {
        h.gc.gens[g].next.set(head);
        h.gc.gens[g].prev.set(head);
    }
    head
}

/// Appends `node` at the tail of the circular list `head`.
///
/// # Safety
/// Both must be valid links; `node` must not be on a list.
pub(super) unsafe fn list_append(node: *const GcLinks, head: *const GcLinks) {
    let last = (*head).prev.get();
    (*node).next.set(head);
    (*node).prev.set(last);
    (*last).next.set(node);
    (*head).prev.set(node);
}

/// Removes `node` from its list and marks it untracked.
///
/// # Safety
/// `node` must be on a list.
pub(super) unsafe fn list_unlink(node: *const GcLinks) {
    let l = &*node;
    (*l.prev.get()).next.set(l.next.get());
    (*l.next.get()).prev.set(l.prev.get());
    l.next.set(std::ptr::null());
    l.prev.set(std::ptr::null());
}

/// The links of a container object.
///
/// # Safety
/// `p` must be a live object of a container kind.
#[inline]
pub(super) unsafe fn links_of(p: NonNull<Header>) -> *const GcLinks {
    (p.as_ptr() as *const u8).sub(GC_PREFIX) as *const GcLinks
}

/// The object whose links these are.
///
/// # Safety
/// `l` must be the links of a live container (not a list sentinel).
#[inline]
pub(super) unsafe fn object_of(l: *const GcLinks) -> NonNull<Header> {
    NonNull::new_unchecked((l as *const u8).add(GC_PREFIX) as *mut Header)
}

impl ObjRef {
    /// Whether a container is on a generation list (`gc.is_tracked` before the per-kind rules).
    pub fn is_linked(&self) -> bool {
        // SAFETY: a live ObjRef of a container kind has links.
        self.kind().is_container() && unsafe { !(*links_of(self.ptr)).next.get().is_null() }
    }

    /// CPython's `_PyObject_GC_MAY_BE_TRACKED`: containers, except tuples already untracked.
    pub fn may_be_tracked(&self) -> bool {
        let k = self.kind();
        k.is_container() && (k != Kind::Tuple || self.is_linked())
    }
}

/// Takes the objects queued for finalization, oldest first (each returned reference is the
/// queue's), marking them finalized so the VM runs each finalizer exactly once.
pub fn take_finalizable() -> Vec<ObjRef> {
    let ps = with_heap(|h| std::mem::take(&mut h.finalize_queue));
    ps.into_iter()
        .map(|p| {
            let o = ObjRef { ptr: p, _not_send: PhantomData };
            mark_finalized(&o);
            o
        })
        .collect()
}

/// Marks a type object as a class created by Python code (see `F_HEAP_TYPE`).
pub fn mark_heap_type(ty: &ObjRef) {
    let h = ty.header();
    h.flags.set(h.flags.get() | F_HEAP_TYPE);
}

pub(super) fn mark_finalized(o: &ObjRef) {
    let h = o.header();
    h.flags.set(h.flags.get() | F_FINALIZED);
}

/// Stops queueing finalizers (the VM is being torn down and can no longer run them).
pub fn disable_finalizers() {
    with_heap(|h| h.finalizers_enabled = false);
    let queued = with_heap(|h| std::mem::take(&mut h.finalize_queue));
    for p in queued {
        drop(ObjRef { ptr: p, _not_send: PhantomData });
    }
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
        gc_tracked: h.gc.tracked,
    })
}
