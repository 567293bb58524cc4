//! `__slots__` member descriptors: each name a class declares in `__slots__` becomes a
//! `member_descriptor` in its namespace (`C.x` is `<member 'x' of 'C' objects>`). The values
//! themselves live in the instance's slot storage (apart from its `__dict__`), found by the
//! member's name; reading or deleting a slot that holds no value gives CPython's errors.

use super::{add_method, check_args};
use crate::heap::{Kind, ObjRef};
use crate::object::misc::WrapperObj;
use crate::object::seq::TupleObj;
use crate::object::str::StrObj;
use crate::object::typeobj::InstanceObj;
use crate::object::typeobj::TypeObj;
use crate::runtime::attr::{table_get_str, table_set_str};
use crate::runtime::types::is_subtype;
use crate::{PyResult, Vm};

pub fn install(vm: &mut Vm) {
    let md = vm.t.member_descriptor.clone();
    add_method(vm, &md, "__get__", member_get);
    add_method(vm, &md, "__set__", member_set);
    add_method(vm, &md, "__delete__", member_delete);
}

/// What a class body's `__slots__` declares (CPython's type_new_visit_slots).
pub struct Declared {
    /// The member slots, mangled (`__x` in class `C` is `_C__x`). A dict `__slots__` gives its
    /// keys (3.11 does not use the values as docstrings).
    pub members: Vec<String>,
    pub dict: bool,
    pub weakref: bool,
}

/// `_Py_Mangle` for a slot name declared in class `class`.
fn mangle(class: &str, name: &str) -> String {
    let stripped = class.trim_start_matches('_');
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') || stripped.is_empty() {
        return name.to_string();
    }
    format!("_{stripped}{name}")
}

/// The class body's `__slots__`, checked as CPython checks it; None without one. `base_dict`:
/// instances of the bases already have a `__dict__`.
pub fn declared(
    vm: &mut Vm,
    cls: &ObjRef,
    items: &[(ObjRef, ObjRef)],
    base_dict: bool,
) -> PyResult<Option<Declared>> {
    let Some((_, decl)) = items.iter().find(|(k, _)| k.get::<StrObj>().is_some_and(|s| &*s.s == "__slots__"))
    else {
        return Ok(None);
    };
    let decl = decl.clone();
    let names = if decl.kind() == Kind::Str { vec![decl.clone()] } else { vm.collect(&decl)? };
    let class = cls.expect::<TypeObj>().name.with(|n| n.clone());
    let mut out = Declared { members: Vec::new(), dict: false, weakref: false };
    for n in names {
        let Some(s) = n.get::<StrObj>() else {
            return vm.type_error(format!("__slots__ items must be strings, not '{}'", vm.type_name(&n)));
        };
        let s = s.s.to_string();
        if !crate::builtins::methods::is_identifier(&s) {
            return vm.type_error("__slots__ must be identifiers");
        }
        match s.as_str() {
            "__dict__" if base_dict || out.dict => {
                return vm.type_error("__dict__ slot disallowed: we already got one")
            }
            "__dict__" => out.dict = true,
            "__weakref__" if out.weakref => {
                return vm.type_error(
                    "__weakref__ slot disallowed: either we already got one, or the itemsize is nonzero",
                )
            }
            "__weakref__" => out.weakref = true,
            _ => out.members.push(mangle(&class, &s)),
        }
    }
    Ok(Some(out))
}

/// Puts a member descriptor for each declared slot into the new class's namespace; a slot
/// that is also a class variable is CPython's ValueError.
pub fn add_members(vm: &mut Vm, cls: &ObjRef, members: &[String]) -> PyResult<()> {
    let t = cls.expect::<TypeObj>();
    for n in members {
        let key = vm.intern(n);
        if t.dict.with(|d| table_get_str(d, &key)).is_some() {
            return vm.value_error(format!("'{n}' in __slots__ conflicts with class variable"));
        }
        let data = vm.new_tuple(vec![key.clone(), cls.clone()]);
        let desc = ObjRef::new(&vm.t.member_descriptor, WrapperObj(data));
        let old = t.dict.with(|d| table_set_str(d, key, desc));
        drop(old);
    }
    crate::runtime::attr::invalidate_type_cache();
    Ok(())
}

/// Whether `o` is a member descriptor.
pub fn is_member(vm: &Vm, o: &ObjRef) -> bool {
    o.kind() == Kind::Wrapper && o.ty().is(&vm.t.member_descriptor)
}

/// (slot name, owner class name).
fn parts(d: &ObjRef) -> (ObjRef, String) {
    let (name, owner) = (field(d, 0), field(d, 1));
    let owner = owner.expect::<TypeObj>().name.with(|n| n.clone());
    (name, owner)
}

/// Field `i` of a member descriptor: its name, its class.
fn field(d: &ObjRef, i: usize) -> ObjRef {
    d.expect::<WrapperObj>().0.expect::<TupleObj>().0[i].clone()
}

pub fn repr(d: &ObjRef) -> String {
    let (name, owner) = parts(d);
    format!("<member '{}' of '{owner}' objects>", name.expect::<StrObj>().s)
}

/// `__name__` / `__qualname__` of a member descriptor.
pub fn attribute(vm: &Vm, d: &ObjRef, attr: &str) -> Option<ObjRef> {
    let (name, owner) = parts(d);
    match attr {
        "__name__" => Some(name),
        "__qualname__" => Some(vm.new_string(format!("{owner}.{}", name.expect::<StrObj>().s))),
        "__objclass__" => Some(field(d, 1)),
        "__doc__" => Some(vm.none.clone()),
        _ => None,
    }
}

/// The error for reading a slot that holds no value.
pub fn unset<T>(vm: &mut Vm, d: &ObjRef, o: &ObjRef) -> PyResult<T> {
    let (name, _) = parts(d);
    let msg = format!("'{}' object has no attribute '{}'", vm.type_name(o), name.expect::<StrObj>().s);
    let ty = vm.t.exc.attribute_error.clone();
    vm.err(&ty, msg)
}

/// The error for deleting a slot that holds no value: CPython names only the slot.
pub fn unset_delete<T>(vm: &mut Vm, d: &ObjRef) -> PyResult<T> {
    let (name, _) = parts(d);
    let ty = vm.t.exc.attribute_error.clone();
    let msg = name.expect::<StrObj>().s.to_string();
    vm.err(&ty, msg)
}

fn check_instance(vm: &mut Vm, d: &ObjRef, o: &ObjRef) -> PyResult<()> {
    let (name, owner) = parts(d);
    let ok = is_subtype(o.ty(), &field(d, 1));
    if !ok || o.kind() != Kind::Instance {
        return vm.type_error(format!(
            "descriptor '{}' for '{owner}' objects doesn't apply to a '{}' object",
            name.expect::<StrObj>().s,
            vm.type_name(o)
        ));
    }
    Ok(())
}

fn same_name(a: &ObjRef, b: &ObjRef) -> bool {
    a.is(b) || a.expect::<StrObj>().s == b.expect::<StrObj>().s
}

/// The value of member `d` in instance `o`, None while the slot is empty.
pub fn value(d: &ObjRef, o: &ObjRef) -> Option<ObjRef> {
    let name = field(d, 0);
    let inst = o.get::<InstanceObj>()?;
    inst.slots.with(|s| s.iter().find(|(k, _)| same_name(k, &name)).map(|(_, v)| v.clone()))
}

/// Stores `v` in member `d` of instance `o`.
pub fn store(d: &ObjRef, o: &ObjRef, v: ObjRef) {
    let name = field(d, 0);
    let Some(inst) = o.get::<InstanceObj>() else { return };
    let old = inst.slots.with(|s| match s.iter_mut().find(|(k, _)| same_name(k, &name)) {
        Some((_, cur)) => Some(std::mem::replace(cur, v)),
        None => {
            s.push((name, v));
            None
        }
    });
    drop(old);
}

/// Empties member `d` of instance `o`; false if it held no value.
pub fn clear(d: &ObjRef, o: &ObjRef) -> bool {
    let name = field(d, 0);
    let Some(inst) = o.get::<InstanceObj>() else { return false };
    let old = inst.slots.with(|s| s.iter().position(|(k, _)| same_name(k, &name)).map(|i| s.remove(i)));
    old.is_some()
}

/// `o.name` through member `d` (the descriptor protocol's data-descriptor step).
pub fn get(vm: &mut Vm, d: &ObjRef, o: &ObjRef) -> PyResult {
    check_instance(vm, d, o)?;
    match value(d, o) {
        Some(v) => Ok(v),
        None => unset(vm, d, o),
    }
}

/// `o.name = v` through member `d`.
pub fn set(vm: &mut Vm, d: &ObjRef, o: &ObjRef, v: ObjRef) -> PyResult<()> {
    check_instance(vm, d, o)?;
    store(d, o, v);
    Ok(())
}

/// `del o.name` through member `d`.
pub fn delete(vm: &mut Vm, d: &ObjRef, o: &ObjRef) -> PyResult<()> {
    check_instance(vm, d, o)?;
    if !clear(d, o) {
        return unset_delete(vm, d);
    }
    Ok(())
}

fn member_get(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__get__", &a[1..], 1, 2)?;
    if a[1].is(&vm.none) {
        return Ok(a[0].clone());
    }
    get(vm, &a[0], &a[1])
}

fn member_set(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__set__", &a[1..], 2, 2)?;
    set(vm, &a[0], &a[1], a[2].clone())?;
    Ok(vm.none.clone())
}

fn member_delete(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__delete__", &a[1..], 1, 1)?;
    delete(vm, &a[0], &a[1])?;
    Ok(vm.none.clone())
}

/// CPython's solid_base: the nearest class along the first bases whose instances add fields to
/// their base's (member slots for a Python class, another payload for a builtin one).
fn solid_base(vm: &Vm, ty: &ObjRef) -> ObjRef {
    let t = ty.expect::<TypeObj>();
    let Some(base) = t.bases.with(|b| b.first().cloned()) else {
        return ty.clone();
    };
    let extra = if t.heap_type {
        t.dict.with(|d| d.iter().any(|e| is_member(vm, &e.value) && field(&e.value, 1).is(ty)))
    } else {
        t.layout != base.expect::<TypeObj>().layout
    };
    if extra {
        ty.clone()
    } else {
        solid_base(vm, &base)
    }
}

/// CPython's best_base: the bases' solid bases must lie on one line of inheritance.
pub fn check_solid_bases(vm: &mut Vm, bases: &[ObjRef]) -> PyResult<()> {
    let mut winner: Option<ObjRef> = None;
    for b in bases {
        let candidate = solid_base(vm, b);
        winner = match winner {
            None => Some(candidate),
            Some(w) if is_subtype(&w, &candidate) => Some(w),
            Some(w) if is_subtype(&candidate, &w) => Some(candidate),
            Some(_) => return vm.type_error("multiple bases have instance lay-out conflict"),
        };
    }
    Ok(())
}
