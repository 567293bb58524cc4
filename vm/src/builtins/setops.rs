//! The operator slots of `set` and `frozenset` as methods (`set.__or__`, `s.__ior__`, ...), so
//! subclasses inherit them and the in-place forms update the set itself, as setobject.c's
//! number methods do: each returns NotImplemented unless both operands are sets.

use super::add_methods;
use crate::heap::{Kind, ObjRef};
use crate::object::func::NativeFn;
use crate::object::typeobj::TypeObj;
use crate::{PyResult, Vm};

/// BINARY_OP's operator numbers (NB_AND, NB_OR, NB_SUBTRACT, NB_XOR).
const AND: usize = 1;
const OR: usize = 7;
const SUB: usize = 10;
const XOR: usize = 12;

pub fn install(vm: &mut Vm) {
    let both: [(&'static str, NativeFn); 8] = [
        ("__and__", |vm, a, _| binop(vm, a, AND, false)),
        ("__rand__", |vm, a, _| binop(vm, a, AND, true)),
        ("__or__", |vm, a, _| binop(vm, a, OR, false)),
        ("__ror__", |vm, a, _| binop(vm, a, OR, true)),
        ("__sub__", |vm, a, _| binop(vm, a, SUB, false)),
        ("__rsub__", |vm, a, _| binop(vm, a, SUB, true)),
        ("__xor__", |vm, a, _| binop(vm, a, XOR, false)),
        ("__rxor__", |vm, a, _| binop(vm, a, XOR, true)),
    ];
    for ty in [vm.t.set.clone(), vm.t.frozenset.clone()] {
        add_methods(vm, &ty, &both);
    }
    let set = vm.t.set.clone();
    add_methods(
        vm,
        &set,
        &[
            ("__iand__", |vm, a, _| inplace_method(vm, a, AND)),
            ("__ior__", |vm, a, _| inplace_method(vm, a, OR)),
            ("__isub__", |vm, a, _| inplace_method(vm, a, SUB)),
            ("__ixor__", |vm, a, _| inplace_method(vm, a, XOR)),
        ],
    );
}

fn binop(vm: &mut Vm, a: &[ObjRef], op: usize, reflected: bool) -> PyResult {
    one_arg(vm, a)?;
    if a[1].kind() != Kind::Set {
        return Ok(vm.not_implemented.clone());
    }
    let (x, y) = if reflected { (&a[1], &a[0]) } else { (&a[0], &a[1]) };
    vm.set_binop(x, y, op)
}

fn inplace_method(vm: &mut Vm, a: &[ObjRef], op: usize) -> PyResult {
    one_arg(vm, a)?;
    match inplace(vm, &a[0], &a[1], op)? {
        Some(r) => Ok(r),
        None => Ok(vm.not_implemented.clone()),
    }
}

/// `s op= other` for a set `s` whose class keeps set's in-place methods; None when `other`
/// is not a set (the operator then falls back to the binary form and its TypeError).
pub fn inplace(vm: &mut Vm, s: &ObjRef, other: &ObjRef, op: usize) -> PyResult<Option<ObjRef>> {
    if other.kind() != Kind::Set || crate::runtime::types::is_subtype(s.ty(), &vm.t.frozenset) {
        return Ok(None);
    }
    match op {
        OR => vm.set_update(s, other)?,
        SUB => super::methods::difference_update(vm, s, other)?,
        AND => {
            let r = vm.set_binop(s, other, AND)?;
            let old = s.expect::<crate::object::set::SetObj>().0.with(|t| t.clear());
            drop(old);
            vm.set_merge(s, &r)?;
        }
        XOR => super::methods::symdiff_update(vm, s, other)?,
        _ => return Ok(None),
    }
    Ok(Some(s.clone()))
}

/// Whether `s`'s class still has set's own in-place operators (a builtin set, or a subclass
/// that does not override them).
pub fn native_inplace(vm: &mut Vm, s: &ObjRef, op: usize) -> bool {
    if s.kind() != Kind::Set {
        return false;
    }
    if !s.ty().expect::<TypeObj>().heap_type {
        return true;
    }
    let name = vm.intern(crate::runtime::types::INPLACE_DUNDERS[op]);
    crate::runtime::attr::lookup_type(&s.ty().clone(), &name).is_none_or(|f| f.kind() != Kind::Function)
}

/// A binary slot wrapper takes exactly one argument besides its receiver (wrap_binaryfunc).
fn one_arg(vm: &mut Vm, a: &[ObjRef]) -> PyResult<()> {
    if a.len() != 2 {
        return vm.type_error(format!("expected 1 argument, got {}", a.len().saturating_sub(1)));
    }
    Ok(())
}
