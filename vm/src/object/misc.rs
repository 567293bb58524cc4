//! Small kinds: range, slice, singletons, modules, classmethod/staticmethod wrappers, property.

use crate::heap::{Mut, ObjRef};

pub struct RangeObj {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl RangeObj {
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
