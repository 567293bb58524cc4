//! Read-only introspection attributes of the runtime's own objects: code objects (`co_*`),
//! cells (`cell_contents`), tracebacks (`tb_*`) and generators, coroutines and async generators
//! (`gi_*`, `cr_*`, `ag_*`).

use crate::heap::{Kind, ObjRef};
use crate::object::exc::TracebackObj;
use crate::object::func::{CellObj, Code, CodeObj, MethodObj};
use crate::object::gen::GenObj;
use crate::{PyResult, Vm};
use pyrite_ir::code::kinds;
use std::rc::Rc;

/// The attribute `name` of `o` when `o` is one of the objects above; None otherwise.
pub fn attribute(vm: &mut Vm, o: &ObjRef, name: &str) -> PyResult<Option<ObjRef>> {
    Ok(match o.kind() {
        Kind::Code => code_attr(vm, &o.expect::<CodeObj>().0, name),
        Kind::Cell if name == "cell_contents" => match o.expect::<CellObj>().0.with(|c| c.clone()) {
            Some(v) => Some(v),
            None => return vm.value_error("Cell is empty"),
        },
        Kind::Traceback => {
            let tb = o.expect::<TracebackObj>();
            match name {
                "tb_lineno" => {
                    let line = tb.code.positions.get(tb.lasti).and_then(|p| p.line);
                    Some(line.map(|l| vm.new_int(l as i64)).unwrap_or_else(|| vm.none.clone()))
                }
                "tb_lasti" => Some(vm.new_int(2 * tb.lasti as i64)),
                "tb_next" => Some(tb.next.clone().unwrap_or_else(|| vm.none.clone())),
                _ => None,
            }
        }
        Kind::Generator => gen_attr(vm, o, name),
        Kind::Property => {
            let p = o.expect::<crate::object::misc::PropertyObj>();
            let f = match name {
                "fget" => &p.fget,
                "fset" => &p.fset,
                "fdel" => &p.fdel,
                _ => return Ok(None),
            };
            Some(f.with(|f| f.clone()).unwrap_or_else(|| vm.none.clone()))
        }
        _ => None,
    })
}

fn gen_attr(vm: &mut Vm, o: &ObjRef, name: &str) -> Option<ObjRef> {
    let g = o.expect::<GenObj>();
    let prefix = if o.ty().is(&vm.t.coroutine) {
        "cr_"
    } else if o.ty().is(&vm.t.async_generator) {
        "ag_"
    } else {
        "gi_"
    };
    match name {
        "__name__" => return Some(g.name.clone()),
        "__qualname__" => return Some(g.qualname.clone()),
        _ => {}
    }
    let field = name.strip_prefix(prefix)?;
    match field {
        "running" => Some(vm.new_bool(g.running.get())),
        "code" => {
            let code = g.frame.with(|f| f.as_ref().map(|f| f.code.clone()))?;
            Some(ObjRef::new(&vm.t.code, CodeObj(code)))
        }
        _ => None,
    }
}

fn names_of(vm: &mut Vm, code: &Rc<Code>, kind: u8) -> ObjRef {
    let names = code
        .localsplusnames
        .iter()
        .zip(&code.localspluskinds)
        .filter(|(_, k)| *k & kind != 0)
        .map(|(n, _)| n.clone())
        .collect();
    vm.new_tuple(names)
}

fn code_attr(vm: &mut Vm, c: &Rc<Code>, name: &str) -> Option<ObjRef> {
    let int = |vm: &mut Vm, v: usize| vm.new_int(v as i64);
    Some(match name {
        "co_name" => vm.new_str(&c.name),
        "co_qualname" => vm.new_str(&c.qualname),
        "co_filename" => vm.new_str(&c.filename),
        "co_argcount" => int(vm, c.argcount),
        "co_posonlyargcount" => int(vm, c.posonlyargcount),
        "co_kwonlyargcount" => int(vm, c.kwonlyargcount),
        "co_flags" => int(vm, c.flags as usize),
        "co_firstlineno" => int(vm, c.firstlineno as usize),
        "co_stacksize" => int(vm, c.stacksize),
        "co_varnames" => names_of(vm, c, kinds::LOCAL),
        "co_cellvars" => names_of(vm, c, kinds::CELL),
        "co_freevars" => names_of(vm, c, kinds::FREE),
        "co_nlocals" => {
            let n = c.localspluskinds.iter().filter(|k| *k & kinds::LOCAL != 0).count();
            int(vm, n)
        }
        "co_names" => vm.new_tuple(c.names.clone()),
        "co_consts" => vm.new_tuple(c.consts.clone()),
        _ => return None,
    })
}

/// Assignment to a function's writable fields (`__defaults__`, `__kwdefaults__`, `__name__`,
/// `__qualname__`) with CPython's type checks; false for any other attribute.
pub fn set_function_attr(vm: &mut Vm, f: &ObjRef, name: &ObjRef, v: &ObjRef) -> PyResult<bool> {
    let func = f.expect::<crate::object::func::FuncObj>();
    let none = v.is(&vm.none);
    match &*name.expect::<crate::object::str::StrObj>().s {
        "__defaults__" => {
            if !none && v.kind() != Kind::Tuple {
                return vm.type_error("__defaults__ must be set to a tuple object");
            }
            let new = (!none).then(|| v.clone());
            let old = func.defaults.with(|d| std::mem::replace(d, new));
            drop(old);
        }
        "__kwdefaults__" => {
            if !none && v.kind() != Kind::Dict {
                return vm.type_error("__kwdefaults__ must be set to a dict object");
            }
            let new = (!none).then(|| v.clone());
            let old = func.kwdefaults.with(|d| std::mem::replace(d, new));
            drop(old);
        }
        n @ ("__name__" | "__qualname__") => {
            if v.kind() != Kind::Str {
                return vm.type_error(format!("{n} must be set to a string object"));
            }
            let field = if n == "__name__" { &func.name } else { &func.qualname };
            let old = field.with(|d| std::mem::replace(d, v.clone()));
            drop(old);
        }
        "__code__" if v.kind() != Kind::Code => {
            return vm.type_error("__code__ must be set to a code object")
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// `del o.name` through a descriptor of o's class: a property's deleter or `__delete__`; true
/// when one handled it. A data descriptor without `__delete__` refuses, as in CPython.
pub fn delete_descriptor(vm: &mut Vm, o: &ObjRef, ty: &ObjRef, name: &ObjRef) -> PyResult<bool> {
    use crate::runtime::attr::lookup_type;
    let Some(a) = lookup_type(ty, name) else { return Ok(false) };
    if crate::builtins::slots::is_member(vm, &a) {
        crate::builtins::slots::delete(vm, &a, o)?;
        return Ok(true);
    }
    match a.kind() {
        Kind::Property => {
            let fdel = a.expect::<crate::object::misc::PropertyObj>().fdel.with(|f| f.clone());
            match fdel {
                Some(f) => {
                    vm.call(&f, &[o.clone()], &[])?;
                    Ok(true)
                }
                None => {
                    let msg = format!(
                        "property '{}' of '{}' object has no deleter",
                        name.expect::<crate::object::str::StrObj>().s,
                        vm.type_name(o)
                    );
                    let t = vm.t.exc.attribute_error.clone();
                    vm.err(&t, msg)
                }
            }
        }
        Kind::Instance => {
            let aty = a.ty().clone();
            let del = vm.intern("__delete__");
            if let Some(d) = lookup_type(&aty, &del) {
                vm.call(&d, &[a.clone(), o.clone()], &[])?;
                return Ok(true);
            }
            if lookup_type(&aty, &vm.n.set.clone()).is_some() {
                let t = vm.t.exc.attribute_error.clone();
                return vm.err(&t, "__delete__");
            }
            Ok(false)
        }
        _ => Ok(false),
    }
}

/// `object.__delattr__(o, name)`: deletion with descriptors but without the class's own hook.
pub fn object_delattr(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    if args.len() != 2 || args[1].kind() != Kind::Str {
        return vm.type_error("object.__delattr__() takes an object and an attribute name");
    }
    let ty = args[0].ty().clone();
    if !delete_descriptor(vm, &args[0], &ty, &args[1])? {
        vm.generic_delattr(&args[0], &args[1])?;
    }
    Ok(vm.none.clone())
}

/// `__get__` of functions, staticmethod and classmethod objects (what `obj.attr` applies to
/// them), callable explicitly: `f.__get__(obj, type=None)`.
pub fn descr_get(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    if !(2..=3).contains(&args.len()) {
        return vm
            .type_error(format!("__get__ expected 1 or 2 arguments, got {}", args.len().saturating_sub(1)));
    }
    let (d, obj) = (&args[0], &args[1]);
    // A bound method has no __get__ of its own: the lookup reaches its function's, which binds
    // the function afresh.
    if d.kind() == Kind::Method {
        let mut a = args.to_vec();
        a[0] = d.expect::<MethodObj>().func.clone();
        return descr_get(vm, &a, &[]);
    }
    let owner = args.get(2).filter(|t| !t.is(&vm.none)).cloned();
    if obj.is(&vm.none) && owner.is_none() {
        return vm.type_error("__get__(None, None) is invalid");
    }
    let method = |vm: &Vm, func: ObjRef, receiver: ObjRef| {
        ObjRef::new(&vm.t.method, crate::object::func::MethodObj { func, receiver })
    };
    if d.ty().is(&vm.t.staticmethod) {
        return Ok(d.expect::<crate::object::misc::WrapperObj>().0.clone());
    }
    if d.ty().is(&vm.t.classmethod) {
        let func = d.expect::<crate::object::misc::WrapperObj>().0.clone();
        let cls = owner.unwrap_or_else(|| obj.ty().clone());
        return Ok(method(vm, func, cls));
    }
    if obj.is(&vm.none) {
        return Ok(d.clone());
    }
    Ok(method(vm, d.clone(), obj.clone()))
}

/// `staticmethod(f)(...)`: static methods are callable since 3.10.
pub fn staticmethod_call(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let f = args[0].expect::<crate::object::misc::WrapperObj>().0.clone();
    vm.call(&f, &args[1..], kwnames)
}

/// Bound methods are equal when they bind the same receiver (by identity, as CPython 3.8+) to
/// equal functions.
pub fn method_eq(a: &ObjRef, b: &ObjRef) -> bool {
    let (x, y) = (a.expect::<MethodObj>(), b.expect::<MethodObj>());
    x.receiver.is(&y.receiver) && x.func.is(&y.func)
}

/// The hash matching `method_eq`: the receiver's identity and the function's hash.
pub fn method_hash(vm: &mut Vm, o: &ObjRef) -> PyResult<i64> {
    let m = o.expect::<MethodObj>();
    let (func, receiver) = (m.func.clone(), m.receiver.clone());
    let h = vm.hash(&func)?;
    let r = (receiver.id() as u64).rotate_right(4) as i64 ^ h;
    Ok(if r == -1 { -2 } else { r })
}

/// `dir(obj)` (the eval loop answers `dir()`, which lists the caller's locals): the sorted
/// names a class defines along its MRO (type.__dir__), plus an instance's own `__dict__` keys
/// (object.__dir__), or what the class's own `__dir__` returns.
pub fn b_dir(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let o = &args[0];
    let key = vm.intern("__dir__");
    let names = match crate::runtime::attr::lookup_type(&o.ty().clone(), &key)
        .filter(|f| f.kind() == Kind::Function)
    {
        Some(f) => {
            let r = vm.call(&f, &[o.clone()], &[])?;
            vm.collect(&r)?
        }
        None => {
            let mut dicts: Vec<ObjRef> = Vec::new();
            if o.kind() != Kind::Type {
                dicts.extend(crate::runtime::attr::expose_dict(o));
            }
            let cls = if o.kind() == Kind::Type { o.clone() } else { o.ty().clone() };
            let mut keys: Vec<ObjRef> = dicts.iter().flat_map(|d| vm.dict_items(d)).map(|(k, _)| k).collect();
            for c in crate::runtime::types::mro(&cls) {
                let t = c.expect::<crate::object::typeobj::TypeObj>();
                keys.extend(t.dict.with(|d| d.iter().map(|e| e.key.clone()).collect::<Vec<_>>()));
            }
            keys
        }
    };
    sorted_names(vm, names)
}

/// The distinct names, sorted (`dir()` of the caller's locals too).
pub fn sorted_names(vm: &mut Vm, names: Vec<ObjRef>) -> PyResult {
    let mut strs: Vec<String> = Vec::with_capacity(names.len());
    for n in &names {
        match n.get::<crate::object::str::StrObj>() {
            Some(s) => strs.push(s.s.to_string()),
            None => {
                return vm.type_error(format!(
                    "'<' not supported between instances of 'str' and '{}'",
                    vm.type_name(n)
                ))
            }
        }
    }
    strs.sort();
    strs.dedup();
    let items = strs.iter().map(|s| vm.new_str(s)).collect();
    Ok(vm.new_list(items))
}
