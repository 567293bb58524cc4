//! Read-only introspection attributes of the runtime's own objects: code objects (`co_*`),
//! cells (`cell_contents`), tracebacks (`tb_*`) and generators, coroutines and async generators
//! (`gi_*`, `cr_*`, `ag_*`).

use crate::heap::{Kind, ObjRef};
use crate::object::exc::TracebackObj;
use crate::object::func::{CellObj, Code, CodeObj};
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
