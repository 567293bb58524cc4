//! The VM's private heap: a pymalloc-style allocator ([`alloc`]) and counted object handles
//! ([`obj`]). Every object kind is listed here once, with its payload type, so that freeing can
//! dispatch on the header's kind tag without a vtable pointer per object.

pub mod alloc;
pub mod obj;

pub use obj::{stats, HeapStats, Mut, ObjRef, Payload};

use crate::object as o;

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
}
