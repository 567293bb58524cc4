//! `mappingproxy`, the read-only view of a mapping (Objects/descrobject.c): what a dict view's
//! `mapping` attribute returns. Every read is delegated to the mapping.

use super::{add_methods, check_args};
use crate::heap::ObjRef;
use crate::object::misc::WrapperObj;
use crate::{PyResult, Vm};

pub fn install(vm: &mut Vm) {
    let ty = vm.t.mappingproxy.clone();
    add_methods(
        vm,
        &ty,
        &[
            ("__getitem__", |vm, a, _| {
                check_args(vm, "__getitem__", a, 2, 2)?;
                let m = mapping(&a[0]);
                vm.getitem(&m, &a[1])
            }),
            ("__len__", |vm, a, _| {
                let n = super::len(vm, &mapping(&a[0]))?;
                Ok(vm.new_int(n as i64))
            }),
            ("__iter__", |vm, a, _| vm.iter(&mapping(&a[0]))),
            ("__contains__", |vm, a, _| {
                check_args(vm, "__contains__", a, 2, 2)?;
                let r = vm.contains(&mapping(&a[0]), &a[1])?;
                Ok(vm.new_bool(r))
            }),
            ("get", |vm, a, kw| delegate(vm, a, kw, "get")),
            ("keys", |vm, a, kw| delegate(vm, a, kw, "keys")),
            ("values", |vm, a, kw| delegate(vm, a, kw, "values")),
            ("items", |vm, a, kw| delegate(vm, a, kw, "items")),
            ("copy", |vm, a, kw| delegate(vm, a, kw, "copy")),
            ("__reversed__", |vm, a, _| {
                let m = mapping(&a[0]);
                let name = vm.intern("__reversed__");
                let f = vm.getattr(&m, &name)?;
                vm.call(&f, &[], &[])
            }),
            ("__or__", |vm, a, _| {
                check_args(vm, "__or__", a, 2, 2)?;
                vm.binary_op(&mapping(&a[0]), &a[1], 7)
            }),
            ("__ror__", |vm, a, _| {
                check_args(vm, "__ror__", a, 2, 2)?;
                vm.binary_op(&a[1], &mapping(&a[0]), 7)
            }),
            ("__ior__", |vm, a, _| {
                let name = vm.type_name(&a[0]);
                vm.type_error(format!("'|=' is not supported by {name}; use '|' instead"))
            }),
            ("__eq__", |vm, a, _| {
                check_args(vm, "__eq__", a, 2, 2)?;
                let r = vm.eq(&mapping(&a[0]), &a[1])?;
                Ok(vm.new_bool(r))
            }),
            ("__ne__", |vm, a, _| {
                check_args(vm, "__ne__", a, 2, 2)?;
                let r = vm.eq(&mapping(&a[0]), &a[1])?;
                Ok(vm.new_bool(!r))
            }),
        ],
    );
}

pub fn new(vm: &Vm, m: ObjRef) -> ObjRef {
    ObjRef::new(&vm.t.mappingproxy, WrapperObj(m))
}

fn mapping(o: &ObjRef) -> ObjRef {
    o.expect::<WrapperObj>().0.clone()
}

fn delegate(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef], name: &str) -> PyResult {
    let m = mapping(&a[0]);
    let name = vm.intern(name);
    let f = vm.getattr(&m, &name)?;
    vm.call(&f, &a[1..], kw)
}

pub fn repr(vm: &mut Vm, o: &ObjRef) -> PyResult<String> {
    Ok(format!("mappingproxy({})", vm.repr(&mapping(o))?))
}

pub fn str(vm: &mut Vm, o: &ObjRef) -> PyResult<String> {
    vm.str(&mapping(o))
}

pub fn hash(vm: &mut Vm, o: &ObjRef) -> PyResult<i64> {
    vm.hash(&mapping(o))
}
