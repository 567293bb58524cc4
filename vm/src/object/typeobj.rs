//! Type objects (builtin and user classes) and plain instances.

use crate::heap::{Kind, Mut, ObjRef};
use crate::object::dict::DictTable;

pub struct TypeObj {
    pub name: Mut<String>,
    pub qualname: Mut<String>,
    pub bases: Mut<Vec<ObjRef>>,
    pub mro: Mut<Vec<ObjRef>>,
    /// The class namespace, inline (types are looked up constantly).
    pub dict: Mut<DictTable>,
    /// Payload kind of instances (Instance for plain classes, Exception for exception classes...).
    pub layout: Kind,
    /// Whether instances carry a `__dict__` (user classes do).
    pub heap_type: bool,
    /// Some class in the MRO defines `__del__` (checked when instances die).
    pub finalizer: std::cell::Cell<bool>,
    /// For classes whose instances have no `__dict__` (`__slots__` all along the MRO): the
    /// attribute names instances may hold.
    pub slots: Mut<Option<Vec<String>>>,
}

pub struct InstanceObj {
    /// Replaced by `obj.__dict__ = d`.
    pub dict: Mut<ObjRef>,
    /// Values of `__slots__` members, by member name: kept apart from the dict, as CPython keeps
    /// them at fixed offsets, so `__dict__` never shows them.
    pub slots: Mut<Vec<(ObjRef, ObjRef)>>,
}
