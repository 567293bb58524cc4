//! `types.UnionType` (`int | str`, Objects/unionobject.c) and `types.GenericAlias` (`list[int]`,
//! Objects/genericaliasobject.c). A union holds the tuple of its members; an alias the pair
//! (origin, args).

use super::add_methods;
use crate::heap::{Kind, ObjRef};
use crate::object::misc::WrapperObj;
use crate::object::seq::TupleObj;
use crate::object::str::StrObj;
use crate::{PyResult, Vm};

pub fn install(vm: &mut Vm) {
    for ty in [vm.t.type_.clone(), vm.t.union_type.clone(), vm.t.generic_alias.clone()] {
        add_methods(
            vm,
            &ty,
            &[("__or__", |vm, a, _| union_or(vm, a, false)), ("__ror__", |vm, a, _| union_or(vm, a, true))],
        );
    }
    let ga = vm.t.generic_alias.clone();
    add_methods(
        vm,
        &ga,
        &[
            ("__new__", ga_new),
            ("__call__", ga_call),
            ("__eq__", |vm, a, _| ga_eq(vm, a, true)),
            ("__ne__", |vm, a, _| ga_eq(vm, a, false)),
            ("__instancecheck__", |vm, _, _| {
                vm.type_error("isinstance() argument 2 cannot be a parameterized generic")
            }),
            ("__subclasscheck__", |vm, _, _| {
                vm.type_error("issubclass() argument 2 cannot be a parameterized generic")
            }),
            ("__mro_entries__", |vm, a, _| {
                let origin = parts(&a[0]).0;
                Ok(vm.new_tuple(vec![origin]))
            }),
        ],
    );
    let un = vm.t.union_type.clone();
    add_methods(
        vm,
        &un,
        &[("__eq__", |vm, a, _| union_eq(vm, a, true)), ("__ne__", |vm, a, _| union_eq(vm, a, false))],
    );
    // The builtin generic classes: `list[int]` calls their __class_getitem__.
    let classes =
        [&vm.t.list, &vm.t.dict, &vm.t.tuple, &vm.t.set, &vm.t.frozenset, &vm.t.type_, &vm.t.enumerate];
    let classes: Vec<ObjRef> = classes.into_iter().cloned().collect();
    for c in classes {
        let f = super::new_builtin(vm, "__class_getitem__", class_getitem);
        let cm = ObjRef::new(&vm.t.classmethod, WrapperObj(f));
        super::add_attr(vm, &c, "__class_getitem__", cm);
    }
}

pub fn is_union(vm: &Vm, o: &ObjRef) -> bool {
    o.ty().is(&vm.t.union_type)
}

pub fn is_alias(vm: &Vm, o: &ObjRef) -> bool {
    o.ty().is(&vm.t.generic_alias)
}

/// A union's members.
pub fn union_args(o: &ObjRef) -> ObjRef {
    o.expect::<WrapperObj>().0.clone()
}

/// An alias's (origin, args).
fn parts(o: &ObjRef) -> (ObjRef, ObjRef) {
    let t = o.expect::<WrapperObj>().0.clone();
    let p = t.expect::<TupleObj>();
    (p.0[0].clone(), p.0[1].clone())
}

fn items(t: &ObjRef) -> Vec<ObjRef> {
    t.expect::<TupleObj>().0.to_vec()
}

pub fn new_alias(vm: &Vm, origin: ObjRef, args: ObjRef) -> ObjRef {
    let args = if args.kind() == Kind::Tuple { args } else { vm.new_tuple(vec![args]) };
    ObjRef::new(&vm.t.generic_alias, WrapperObj(vm.new_tuple(vec![origin, args])))
}

fn class_getitem(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    super::check_args(vm, "__class_getitem__", a, 2, 2)?;
    Ok(new_alias(vm, a[0].clone(), a[1].clone()))
}

fn ga_new(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    if !kw.is_empty() {
        return vm.type_error("GenericAlias() takes no keyword arguments");
    }
    if a.len() != 3 {
        return vm
            .type_error(format!("GenericAlias expected 2 arguments, got {}", a.len().saturating_sub(1)));
    }
    Ok(new_alias(vm, a[1].clone(), a[2].clone()))
}

/// Calling an alias constructs its origin, then records the alias as `__orig_class__` where the
/// object allows it (ga_call ignores AttributeError and TypeError).
fn ga_call(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    let origin = parts(&a[0]).0;
    let obj = vm.call(&origin, &a[1..], kw)?;
    let name = vm.intern("__orig_class__");
    if let Err(e) = vm.setattr(&obj, &name, a[0].clone()) {
        let (ae, te) = (vm.t.exc.attribute_error.clone(), vm.t.exc.type_error.clone());
        if !vm.is_instance(&e, &ae) && !vm.is_instance(&e, &te) {
            return Err(e);
        }
    }
    Ok(obj)
}

fn ga_eq(vm: &mut Vm, a: &[ObjRef], eq: bool) -> PyResult {
    super::check_args(vm, "__eq__", a, 2, 2)?;
    if !is_alias(vm, &a[1]) {
        return Ok(vm.not_implemented.clone());
    }
    let ((o1, a1), (o2, a2)) = (parts(&a[0]), parts(&a[1]));
    let same = vm.eq(&o1, &o2)? && vm.eq(&a1, &a2)?;
    Ok(vm.new_bool(same == eq))
}

fn union_eq(vm: &mut Vm, a: &[ObjRef], eq: bool) -> PyResult {
    super::check_args(vm, "__eq__", a, 2, 2)?;
    if !is_union(vm, &a[1]) {
        return Ok(vm.not_implemented.clone());
    }
    // Members compare as sets: `int | str == str | int`.
    let x = vm.new_set(true, items(&union_args(&a[0])))?;
    let y = vm.new_set(true, items(&union_args(&a[1])))?;
    let same = vm.eq(&x, &y)?;
    Ok(vm.new_bool(same == eq))
}

/// None, classes, aliases and unions may be joined by `|`.
fn unionable(vm: &Vm, o: &ObjRef) -> bool {
    o.is(&vm.none) || o.kind() == Kind::Type || is_alias(vm, o) || is_union(vm, o)
}

fn union_or(vm: &mut Vm, a: &[ObjRef], reflected: bool) -> PyResult {
    super::check_args(vm, "__or__", a, 2, 2)?;
    let (x, y) = if reflected { (&a[1], &a[0]) } else { (&a[0], &a[1]) };
    if !unionable(vm, x) || !unionable(vm, y) {
        return Ok(vm.not_implemented.clone());
    }
    make_union(vm, &[x.clone(), y.clone()])
}

/// Flattens nested unions, turns None into NoneType, drops duplicates (by identity, aliases
/// by equality); a single member stands for itself.
fn make_union(vm: &mut Vm, args: &[ObjRef]) -> PyResult {
    let mut flat = Vec::new();
    for a in args {
        if is_union(vm, a) {
            flat.extend(items(&union_args(a)));
        } else if a.is(&vm.none) {
            flat.push(vm.t.none_type.clone());
        } else {
            flat.push(a.clone());
        }
    }
    let mut out: Vec<ObjRef> = Vec::with_capacity(flat.len());
    for x in flat {
        let mut dup = false;
        for y in &out {
            dup = if is_alias(vm, &x) && is_alias(vm, y) { vm.eq(&x, y)? } else { x.is(y) };
            if dup {
                break;
            }
        }
        if !dup {
            out.push(x);
        }
    }
    if out.len() == 1 {
        return Ok(out.pop().expect("one member"));
    }
    let t = vm.new_tuple(out);
    Ok(ObjRef::new(&vm.t.union_type, WrapperObj(t)))
}

/// How a union or an alias shows one of its members: None, `...`, a class by its (module and)
/// qualified name, anything else (aliases included) by its repr.
fn repr_item(vm: &mut Vm, p: &ObjRef) -> PyResult<String> {
    if p.is(&vm.t.none_type) {
        return Ok("None".into());
    }
    if p.is(&vm.ellipsis) {
        return Ok("...".into());
    }
    let names = ["__origin__", "__args__", "__qualname__", "__module__"].map(|n| vm.intern(n));
    if vm.getattr_opt(p, &names[0])?.is_some() && vm.getattr_opt(p, &names[1])?.is_some() {
        return vm.repr(p);
    }
    let Some(qualname) = vm.getattr_opt(p, &names[2])? else {
        return vm.repr(p);
    };
    let module = match vm.getattr_opt(p, &names[3])? {
        Some(m) if !m.is(&vm.none) => m,
        _ => return vm.repr(p),
    };
    let q = vm.str(&qualname)?;
    if module.get::<StrObj>().is_some_and(|s| &*s.s == "builtins") {
        return Ok(q);
    }
    Ok(format!("{}.{}", vm.str(&module)?, q))
}

pub fn repr(vm: &mut Vm, o: &ObjRef) -> PyResult<String> {
    if is_union(vm, o) {
        let mut parts = Vec::new();
        for p in items(&union_args(o)) {
            parts.push(repr_item(vm, &p)?);
        }
        return Ok(parts.join(" | "));
    }
    let (origin, args) = parts(o);
    let mut s = repr_item(vm, &origin)?;
    let args = items(&args);
    let mut shown = Vec::with_capacity(args.len());
    for a in &args {
        shown.push(repr_item(vm, a)?);
    }
    s.push('[');
    s.push_str(if args.is_empty() { "()" } else { "" });
    s.push_str(&shown.join(", "));
    s.push(']');
    Ok(s)
}

pub fn hash(vm: &mut Vm, o: &ObjRef) -> PyResult<i64> {
    if is_union(vm, o) {
        let f = vm.new_set(true, items(&union_args(o)))?;
        return vm.hash(&f);
    }
    let (origin, args) = parts(o);
    let h = vm.hash(&origin)? ^ vm.hash(&args)?;
    Ok(if h == -1 { -2 } else { h })
}

/// Names an alias answers itself (ga_getattro's exceptions); every other attribute is the
/// origin's.
const ALIAS_OWN: [&str; 11] = [
    "__class__",
    "__origin__",
    "__args__",
    "__unpacked__",
    "__parameters__",
    "__typing_unpacked_tuple_args__",
    "__mro_entries__",
    "__reduce_ex__",
    "__reduce__",
    "__copy__",
    "__deepcopy__",
];

pub fn attribute(vm: &mut Vm, o: &ObjRef, n: &str) -> PyResult<Option<ObjRef>> {
    if is_union(vm, o) {
        return Ok(match n {
            "__args__" => Some(union_args(o)),
            "__parameters__" => Some(vm.new_tuple(vec![])),
            _ => None,
        });
    }
    let (origin, args) = parts(o);
    Ok(match n {
        "__origin__" => Some(origin),
        "__args__" => Some(args),
        "__parameters__" => Some(vm.new_tuple(vec![])),
        "__unpacked__" => Some(vm.false_.clone()),
        _ if ALIAS_OWN.contains(&n) => None,
        _ => {
            let name = vm.intern(n);
            vm.getattr_opt(&origin, &name)?
        }
    })
}
