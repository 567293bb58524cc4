//! Small kinds: range, slice, singletons, modules, classmethod/staticmethod wrappers, property.

use crate::heap::{Mut, ObjRef};

/// A range whose bounds fit in an i64 keeps them inline (`big` is None); any other keeps them
/// in `big` (builtins::range reads both forms).
pub struct RangeObj {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
    pub big: Option<Box<BigRange>>,
}

pub struct BigRange {
    pub start: crate::object::int::Int,
    pub stop: crate::object::int::Int,
    pub step: crate::object::int::Int,
    pub len: crate::object::int::Int,
}

impl RangeObj {
    /// The length of an inline range.
    pub fn len(&self) -> usize {
        let (s, e, st) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if st > 0 && s < e {
            (e - s - 1) / st + 1
        } else if st < 0 && s > e {
            (s - e - 1) / (-st) + 1
        } else {
            0
        };
        n as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub struct SliceObj {
    pub start: ObjRef,
    pub stop: ObjRef,
    pub step: ObjRef,
}

/// None, Ellipsis, NotImplemented and the VM's internal NULL marker.
pub struct UnitObj(pub &'static str);

pub struct ModuleObj {
    pub name: String,
    pub dict: ObjRef,
}

/// classmethod / staticmethod (the type tells which).
pub struct WrapperObj(pub ObjRef);

pub struct PropertyObj {
    pub fget: Mut<Option<ObjRef>>,
    pub fset: Mut<Option<ObjRef>>,
    pub fdel: Mut<Option<ObjRef>>,
    pub doc: Mut<Option<ObjRef>>,
}
