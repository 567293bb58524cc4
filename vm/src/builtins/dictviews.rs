//! The set-like operations of dict views (`keys() & other`, `|`, `-`, `^`, `isdisjoint`) and
//! their reversal, as CPython's Objects/dictobject.c builds them: each result is a new set
//! filled in the same order as CPython fills it, so its iteration order matches.

use super::{add_methods, check_args};
use crate::heap::{Kind, ObjRef};
use crate::object::misc::WrapperObj;
use crate::{PyResult, Vm};

pub fn install(vm: &mut Vm) {
    for ty in [vm.t.dict_keys.clone(), vm.t.dict_items.clone()] {
        add_methods(
            vm,
            &ty,
            &[
                ("__and__", view_and),
                ("__rand__", view_and),
                ("__or__", view_or),
                ("__ror__", view_or),
                ("__sub__", view_sub),
                ("__rsub__", view_rsub),
                ("__xor__", view_xor),
                ("__rxor__", view_xor),
                ("isdisjoint", view_isdisjoint),
                ("__eq__", view_eq),
                ("__ne__", view_ne),
                ("__lt__", view_lt),
                ("__le__", view_le),
                ("__gt__", view_gt),
                ("__ge__", view_ge),
            ],
        );
    }
    let dict = vm.t.dict.clone();
    add_methods(vm, &dict, &[("__or__", dict_or), ("__ror__", dict_ror), ("__ior__", dict_ior)]);
    for ty in [vm.t.dict_keys.clone(), vm.t.dict_items.clone(), vm.t.dict_values.clone(), vm.t.dict.clone()] {
        add_methods(vm, &ty, &[("__reversed__", view_reversed)]);
    }
}

fn is_view(vm: &Vm, o: &ObjRef) -> bool {
    o.ty().is(&vm.t.dict_keys) || o.ty().is(&vm.t.dict_items)
}

fn set_like(vm: &Vm, o: &ObjRef) -> bool {
    o.kind() == Kind::Set || is_view(vm, o)
}

/// `other` must be iterable for the operators to apply; otherwise NotImplemented.
fn iterable(vm: &mut Vm, o: &ObjRef) -> bool {
    vm.iter(o).is_ok()
}

fn view_and(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__and__", a, 2, 2)?;
    let (view, other) = (&a[0], &a[1]);
    if !iterable(vm, other) {
        return Ok(vm.not_implemented.clone());
    }
    // Iterate the other operand, keeping what the view holds; a larger set-like other is
    // swapped with the view so the shorter one is iterated.
    let (scan, probe) = if set_like(vm, other) && super::len(vm, other)? > super::len(vm, view)? {
        (view.clone(), other.clone())
    } else {
        (other.clone(), view.clone())
    };
    let out = vm.new_set(false, vec![])?;
    let it = vm.iter(&scan)?;
    while let Some(x) = vm.next(&it)? {
        if vm.contains(&probe, &x)? {
            vm.set_add(&out, x)?;
        }
    }
    Ok(out)
}

/// A new set filled one element at a time (its table grows as CPython's does).
fn set_of(vm: &mut Vm, src: &ObjRef) -> PyResult {
    let out = vm.new_set(false, vec![])?;
    for x in vm.collect(src)? {
        vm.set_add(&out, x)?;
    }
    Ok(out)
}

/// dictviews_to_set: PySet_New of the view, or of the dict itself for the keys of an exact
/// dict (presized, so the order can differ from one-at-a-time insertion).
fn view_set(vm: &mut Vm, view: &ObjRef) -> PyResult {
    let mut src = view.clone();
    if view.ty().is(&vm.t.dict_keys) {
        let d = view.expect::<WrapperObj>().0.clone();
        if d.ty().is(&vm.t.dict) {
            src = d;
        }
    }
    let out = vm.new_set(false, vec![])?;
    vm.set_update(&out, &src)?;
    Ok(out)
}

fn view_or(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__or__", a, 2, 2)?;
    if !iterable(vm, &a[1]) {
        return Ok(vm.not_implemented.clone());
    }
    let out = view_set(vm, &a[0])?;
    vm.set_update(&out, &a[1])?;
    Ok(out)
}

fn view_sub(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__sub__", a, 2, 2)?;
    if !iterable(vm, &a[1]) {
        return Ok(vm.not_implemented.clone());
    }
    let out = view_set(vm, &a[0])?;
    super::methods::difference_update(vm, &out, &a[1])?;
    Ok(out)
}

fn view_rsub(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__rsub__", a, 2, 2)?;
    if !iterable(vm, &a[1]) {
        return Ok(vm.not_implemented.clone());
    }
    // `other - view` is dictviews_sub with the operands as given.
    let out = vm.new_set(false, vec![])?;
    vm.set_update(&out, &a[1])?;
    super::methods::difference_update(vm, &out, &a[0])?;
    Ok(out)
}

fn view_xor(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__xor__", a, 2, 2)?;
    if !iterable(vm, &a[1]) {
        return Ok(vm.not_implemented.clone());
    }
    let out = view_set(vm, &a[0])?;
    // CPython's symmetric_difference_update first makes a set of a non-set argument.
    let other = if a[1].kind() == Kind::Set { a[1].clone() } else { set_of(vm, &a[1])? };
    for k in vm.collect(&other)? {
        if !vm.set_discard(&out, &k)? {
            vm.set_add(&out, k)?;
        }
    }
    Ok(out)
}

fn view_isdisjoint(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "isdisjoint", a, 2, 2)?;
    for x in vm.collect(&a[1])? {
        if vm.contains(&a[0], &x)? {
            return Ok(vm.false_.clone());
        }
    }
    Ok(vm.true_.clone())
}

fn view_reversed(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__reversed__", a, 1, 1)?;
    let mut items = vm.collect(&a[0])?;
    items.reverse();
    let l = vm.new_list(items);
    vm.iter(&l)
}

/// Whether every element of `a` is in `b`.
fn contained(vm: &mut Vm, a: &ObjRef, b: &ObjRef) -> PyResult<bool> {
    for x in vm.collect(a)? {
        if !vm.contains(b, &x)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Set comparison of a view with a set or another view (anything else: NotImplemented).
fn view_compare(vm: &mut Vm, a: &[ObjRef], op: &str) -> PyResult {
    check_args(vm, op, a, 2, 2)?;
    let (x, y) = (&a[0], &a[1]);
    if !set_like(vm, y) {
        return Ok(vm.not_implemented.clone());
    }
    let (lx, ly) = (super::len(vm, x)?, super::len(vm, y)?);
    let r = match op {
        "__eq__" | "__ne__" => {
            let eq = lx == ly && contained(vm, x, y)?;
            eq == (op == "__eq__")
        }
        "__lt__" => lx < ly && contained(vm, x, y)?,
        "__le__" => lx <= ly && contained(vm, x, y)?,
        "__gt__" => lx > ly && contained(vm, y, x)?,
        _ => lx >= ly && contained(vm, y, x)?,
    };
    Ok(vm.new_bool(r))
}

fn view_eq(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    view_compare(vm, a, "__eq__")
}
fn view_ne(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    view_compare(vm, a, "__ne__")
}
fn view_lt(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    view_compare(vm, a, "__lt__")
}
fn view_le(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    view_compare(vm, a, "__le__")
}
fn view_gt(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    view_compare(vm, a, "__gt__")
}
fn view_ge(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    view_compare(vm, a, "__ge__")
}

/// dict_or: a copy of the left dict updated by the right; both must be dicts.
fn dict_or_of(vm: &mut Vm, x: &ObjRef, y: &ObjRef) -> PyResult {
    if x.kind() != Kind::Dict || y.kind() != Kind::Dict {
        return Ok(vm.not_implemented.clone());
    }
    let d = vm.new_dict();
    super::methods::dict_update_from(vm, &d, x)?;
    super::methods::dict_update_from(vm, &d, y)?;
    Ok(d)
}

fn dict_or(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__or__", a, 2, 2)?;
    dict_or_of(vm, &a[0], &a[1])
}

fn dict_ror(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__ror__", a, 2, 2)?;
    dict_or_of(vm, &a[1], &a[0])
}

/// dict_ior: updates the dict in place from any mapping or iterable of pairs.
fn dict_ior(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__ior__", a, 2, 2)?;
    super::methods::dict_update_from(vm, &a[0], &a[1])?;
    Ok(a[0].clone())
}
