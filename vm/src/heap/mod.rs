//! The VM's private heap: a pymalloc-style allocator ([`alloc`]) and counted object handles
//! ([`obj`]). Every object kind is listed here once, with its payload type, so that freeing can
//! dispatch on the header's kind tag without a vtable pointer per object.

pub mod alloc;
pub mod gc;
pub mod obj;
pub mod sidedict;

pub use obj::{
    disable_finalizers, has_pending, mark_heap_type, stats, take_finalizable, GenStats, HeapStats, Mut,
    ObjRef, Payload,
};

use crate::object as o;
use crate::object::dict::DictObj;
use crate::object::gen::GenObj;
use crate::object::seq::TupleObj;
use crate::object::typeobj::TypeObj;

/// What the cycle collector needs from a payload: the references it owns (each visited exactly
/// once: visiting a reference the object does not own could free a live object) and a way to
/// drop them (CPython's tp_traverse and tp_clear). Payloads without references use the defaults.
pub trait Trace {
    fn traverse(&self, _visit: &mut dyn FnMut(&ObjRef)) {}
    /// Drops the references that can be dropped without breaking the object's invariants.
    fn clear(&self) {}
    /// At exit, when no code can run any more: drops every reference the object owns, including
    /// those `clear` keeps (a type's MRO and bases).
    fn clear_at_exit(&self) {
        self.clear()
    }
}

/// Whether `ty` is a class created by Python code (its instances own a reference to it that the
/// collector must see).
pub(crate) fn is_heap_type(ty: &ObjRef) -> bool {
    ty.get::<TypeObj>().is_some_and(|t| t.heap_type)
}

/// Whether the object has a finalizer that has still to run (its class defines `__del__`, or it
/// is a suspended generator).
pub(crate) fn has_finalizer(o: &ObjRef) -> bool {
    match o.kind() {
        Kind::Generator => o.expect::<GenObj>().frame.with(|f| f.is_some()),
        _ => o.ty().get::<TypeObj>().is_some_and(|t| t.finalizer.get()),
    }
}

fn participates(o: &ObjRef) -> bool {
    match o.get::<DictObj>() {
        Some(d) => d.0.with(|t| t.gc_tracked && !t.inline),
        None => true,
    }
}

fn tuple_may_hold_containers(o: &ObjRef) -> bool {
    o.expect::<TupleObj>().0.iter().any(ObjRef::may_be_tracked)
}

fn dict_maybe_untrack(o: &ObjRef) {
    o.expect::<DictObj>().0.with(|t| {
        if t.gc_tracked && !t.iter().any(|e| e.key.may_be_tracked() || e.value.may_be_tracked()) {
            t.gc_tracked = false;
        }
    });
}

macro_rules! kinds {
    ($($kind:ident => $ty:ty, $container:expr;)*) => {
        /// The layout of an object (which payload type follows its header).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum Kind { $($kind),* }

        impl Kind {
            /// Whether objects of this kind can hold references (and so take part in cycles).
            #[inline]
            pub fn is_container(self) -> bool {
                match self { $(Kind::$kind => $container),* }
            }
        }

        $(impl Payload for $ty { const KIND: Kind = Kind::$kind; })*

        fn traverse_obj(o: &ObjRef, visit: &mut dyn FnMut(&ObjRef)) {
            match o.kind() { $(Kind::$kind => o.expect::<$ty>().traverse(visit)),* }
            if let Some(d) = sidedict::peek(o) {
                visit(&d);
            }
        }

        fn clear_obj(o: &ObjRef) {
            match o.kind() { $(Kind::$kind => o.expect::<$ty>().clear()),* }
            drop(sidedict::take(o.raw()));
        }

        fn clear_obj_at_exit(o: &ObjRef) {
            match o.kind() { $(Kind::$kind => o.expect::<$ty>().clear_at_exit()),* }
            drop(sidedict::take(o.raw()));
        }

        /// Drops the payload of the object at `p` according to `kind`; returns the object size.
        ///
        /// # Safety
        /// `p` must point to a live object of that kind whose count reached zero.
        unsafe fn drop_payload(kind: Kind, p: *mut u8) -> usize {
            match kind { $(Kind::$kind => obj::drop_as::<$ty>(p)),* }
        }
    };
}

kinds! {
    Int => o::int::IntObj, false;
    Float => o::float::FloatObj, false;
    Str => o::str::StrObj, false;
    Bytes => o::bytes::BytesObj, false;
    Tuple => o::seq::TupleObj, true;
    List => o::seq::ListObj, true;
    Dict => o::dict::DictObj, true;
    Set => o::set::SetObj, true;
    Range => o::misc::RangeObj, false;
    Slice => o::misc::SliceObj, true;
    Unit => o::misc::UnitObj, false;
    Function => o::func::FuncObj, true;
    Code => o::func::CodeObj, false;
    Cell => o::func::CellObj, true;
    Builtin => o::func::BuiltinObj, true;
    Method => o::func::MethodObj, true;
    Type => o::typeobj::TypeObj, true;
    Instance => o::typeobj::InstanceObj, true;
    Exception => o::exc::ExcObj, true;
    Traceback => o::exc::TracebackObj, true;
    Iter => o::iter::IterObj, true;
    Module => o::misc::ModuleObj, true;
    Wrapper => o::misc::WrapperObj, true;
    Property => o::misc::PropertyObj, true;
    Generator => o::gen::GenObj, true;
    File => o::file::FileObj, false;
    Complex => o::complex::ComplexObj, false;
    ByteArray => o::bytearray::ByteArrayObj, false;
    MemoryView => o::memview::MemoryViewObj, false;
    AsyncGenOp => o::agen::AsyncGenOp, true;
}

/// Frees everything still allocated once the VM is gone (the builtin types, their tables and
/// the interned names, which `type` being its own type keeps in a cycle no collection frees):
/// every tracked container is cleared until nothing more dies, then `type` itself is freed.
/// Returns the number of objects still live afterwards (0 unless something outside the heap
/// still holds a reference). No Python code may run any more.
pub fn release_all() -> u64 {
    loop {
        let objs = gc::tracked_objects();
        let before = objs.len();
        if before == 0 {
            break;
        }
        for o in &objs {
            clear_obj_at_exit(o);
        }
        drop(objs);
        if gc::tracked_objects().len() >= before {
            break;
        }
    }
    drop(sidedict::take_all());
    obj::free_self_typed();
    let s = stats();
    s.objects_allocated - s.objects_freed
}
