//! Operators on instances of Python subclasses of builtin types (`class MyInt(int)` defining
//! `__add__`): CPython reaches such a method through the subclass's type slot, in the order
//! binary_op1 and do_richcompare give, so it runs before (or instead of) the builtin
//! arithmetic. Without an override the builtin fast paths answer as for the base type.

use super::attr::lookup_type;
use super::types::{is_subtype, BINOP_DUNDERS, INPLACE_DUNDERS};
use crate::heap::{Kind, ObjRef};
use crate::object::typeobj::TypeObj;
use crate::{PyResult, Vm};

impl Vm {
    /// The Python function a subclass of a builtin type defines (or inherits from a Python
    /// class) for `name`; None for plain instances, whose dunders the generic path calls anyway.
    fn builtin_subclass_override(&mut self, o: &ObjRef, name: &str) -> Option<ObjRef> {
        if o.kind() == Kind::Instance || !o.ty().expect::<TypeObj>().heap_type {
            return None;
        }
        let key = self.intern(name);
        lookup_type(&o.ty().clone(), &key).filter(|f| f.kind() == Kind::Function)
    }

    /// Whether binary operator `base` (in-place when `inplace`) on `a` and `b` involves such an
    /// override: cheap (a flag test) when neither operand's type is a Python class.
    pub(crate) fn binop_overridden(&mut self, a: &ObjRef, b: &ObjRef, base: usize, inplace: bool) -> bool {
        let heap = |o: &ObjRef| o.kind() != Kind::Instance && o.ty().expect::<TypeObj>().heap_type;
        if !heap(a) && !heap(b) {
            return false;
        }
        let (f, r, _) = BINOP_DUNDERS[base];
        self.builtin_subclass_override(a, f).is_some()
            || self.builtin_subclass_override(b, r).is_some()
            || (inplace && self.builtin_subclass_override(a, INPLACE_DUNDERS[base]).is_some())
    }

    /// binary_op1 with the overrides in their slots and the builtin arithmetic (`native`) in
    /// the slot of each side that does not override: None when every candidate declined.
    pub(crate) fn binop_with_overrides(
        &mut self,
        a: &ObjRef,
        b: &ObjRef,
        base: usize,
        inplace: bool,
        native: fn(&mut Vm, &ObjRef, &ObjRef, usize) -> PyResult<Option<ObjRef>>,
    ) -> PyResult<Option<ObjRef>> {
        if inplace {
            if let Some(f) = self.builtin_subclass_override(a, INPLACE_DUNDERS[base]) {
                if let Some(r) = self.call_declinable(&f, a, b)? {
                    return Ok(Some(r));
                }
            }
        }
        let (f, r, _) = BINOP_DUNDERS[base];
        let (ta, tb) = (a.ty().clone(), b.ty().clone());
        let forward = self.builtin_subclass_override(a, f);
        let mut reflected = if ta.is(&tb) { None } else { self.builtin_subclass_override(b, r) };
        if let Some(g) = reflected.clone().filter(|_| is_subtype(&tb, &ta)) {
            if let Some(v) = self.call_declinable(&g, b, a)? {
                return Ok(Some(v));
            }
            reflected = None;
        }
        let mut native_tried = false;
        match forward {
            Some(g) => {
                if let Some(v) = self.call_declinable(&g, a, b)? {
                    return Ok(Some(v));
                }
            }
            None if native_accepts(a, b) => {
                native_tried = true;
                if let Some(v) = native(self, a, b, base)? {
                    return Ok(Some(v));
                }
            }
            None => {}
        }
        match reflected {
            Some(g) => self.call_declinable(&g, b, a),
            // The other type's builtin slot, when it is another type (CPython's slotw).
            None if !native_tried && !ta.is(&tb) && native_accepts(b, a) => native(self, a, b, base),
            None => Ok(None),
        }
    }

    /// Whether comparison `name` (reflected: `rname`) on `a` and `b` involves an override.
    pub(crate) fn compare_overridden(&mut self, a: &ObjRef, b: &ObjRef, name: &str, rname: &str) -> bool {
        let heap = |o: &ObjRef| o.kind() != Kind::Instance && o.ty().expect::<TypeObj>().heap_type;
        (heap(a) || heap(b))
            && (self.builtin_subclass_override(a, name).is_some()
                || self.builtin_subclass_override(b, rname).is_some())
    }

    /// Calls `f(x, y)`; None when it returns NotImplemented.
    fn call_declinable(&mut self, f: &ObjRef, x: &ObjRef, y: &ObjRef) -> PyResult<Option<ObjRef>> {
        let r = self.call(f, &[x.clone(), y.clone()], &[])?;
        Ok(if r.is(&self.not_implemented) { None } else { Some(r) })
    }
}

/// Whether the builtin arithmetic of `own`'s type takes `other` as its other operand: int's
/// declines a float, float's a complex (CPython's slots convert only towards their own type).
fn native_accepts(own: &ObjRef, other: &ObjRef) -> bool {
    let rank = |o: &ObjRef| match o.kind() {
        Kind::Int => Some(0),
        Kind::Float => Some(1),
        Kind::Complex => Some(2),
        _ => None,
    };
    match (rank(own), rank(other)) {
        (Some(x), Some(y)) => x >= y,
        _ => true,
    }
}
