//! `exec`, `eval` and `compile`. Code objects (a function's `__code__`) run in the given
//! namespaces or the caller's; source text needs pyrite's compiler back half, which is not built
//! yet, and says so (NotImplementedError).

use super::split_args;
use crate::eval::frame::Frame;
use crate::heap::{Kind, ObjRef};
use crate::object::func::CodeObj;
use crate::{PyResult, Vm};

fn not_built<T>(vm: &mut Vm, what: &str) -> PyResult<T> {
    let ty = vm.t.exc.not_implemented_error.clone();
    vm.err(
        &ty,
        format!("{what} of source text needs pyrite's compiler back half (codegen), which is not built yet"),
    )
}

/// Runs a code object with `globals` and `locals`; `eval` returns its value, `exec` None.
pub fn run_code(vm: &mut Vm, eval: bool, code: &ObjRef, globals: ObjRef, locals: ObjRef) -> PyResult {
    let what = if eval { "eval()" } else { "exec()" };
    let Some(c) = code.get::<CodeObj>() else {
        if code.kind() == Kind::Str || code.kind() == Kind::Bytes {
            return not_built(vm, what);
        }
        return vm.type_error(format!("{what} arg 1 must be a string, bytes or code object"));
    };
    if globals.kind() != Kind::Dict {
        return vm.type_error(format!("{what} globals must be a dict, not {}", vm.type_name(&globals)));
    }
    let bk = vm.n.builtins.clone();
    if crate::runtime::attr::dict_get_str(&globals, &bk).is_none() {
        let b = vm.builtins.clone();
        crate::runtime::attr::dict_set_str(&globals, bk, b);
    }
    let frame = Box::new(Frame::new(c.0.clone(), globals, vm.builtins.clone(), Some(locals)));
    let r = crate::eval::run_frame(vm, frame)?;
    Ok(if eval { r } else { vm.none.clone() })
}

fn namespaces(vm: &mut Vm, name: &str, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult<(ObjRef, ObjRef)> {
    let (pos, kw) = split_args(args, kwnames);
    let mut globals = pos.get(1).cloned();
    let mut locals = pos.get(2).cloned();
    for (k, v) in kw {
        match k {
            "globals" => globals = Some(v.clone()),
            "locals" => locals = Some(v.clone()),
            _ => return vm.type_error(format!("{name}() got an unexpected keyword argument '{k}'")),
        }
    }
    let none = vm.none.clone();
    let globals = match globals {
        Some(g) if !g.is(&none) => g,
        // Called without the caller's frame at hand (e.g. through a reference): a fresh namespace.
        _ => vm.new_dict(),
    };
    let locals = match locals {
        Some(l) if !l.is(&none) => l,
        _ => globals.clone(),
    };
    Ok((globals, locals))
}

pub fn b_exec(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    if args.len() <= kwnames.len() {
        return vm.type_error("exec expected at least 1 argument, got 0");
    }
    let (g, l) = namespaces(vm, "exec", args, kwnames)?;
    run_code(vm, false, &args[0], g, l)
}

pub fn b_eval(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    if args.len() <= kwnames.len() {
        return vm.type_error("eval expected at least 1 argument, got 0");
    }
    let (g, l) = namespaces(vm, "eval", args, kwnames)?;
    run_code(vm, true, &args[0], g, l)
}

pub fn b_compile(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    match args.first() {
        Some(a) if a.kind() == Kind::Str || a.kind() == Kind::Bytes => not_built(vm, "compile()"),
        _ => vm.type_error("compile() arg 1 must be a string, bytes or AST object"),
    }
}
