//! `exec`, `eval` and `compile`. Code objects (a function's `__code__`) run in the given
//! namespaces or the caller's; source text is compiled by the embedder's compiler
//! ([`crate::runtime::vm::CompileFn`], pyrite's pipeline under the CLI).

use super::split_args;
use crate::eval::frame::Frame;
use crate::heap::{Kind, ObjRef};
use crate::object::bytes::BytesObj;
use crate::object::func::CodeObj;
use crate::object::str::StrObj;
use crate::{PyResult, Vm};
use pyrite_ir::diag::{Diagnostic, DiagnosticKind};

/// The exception CPython raises for a compile error, with its `str()`: `msg (file, line N)`.
pub fn compile_error(vm: &mut Vm, d: &Diagnostic) -> ObjRef {
    let ty = match d.kind {
        DiagnosticKind::IndentationError => vm.t.exc.indentation_error.clone(),
        DiagnosticKind::TabError => vm.t.exc.tab_error.clone(),
        DiagnosticKind::RecursionError => vm.t.exc.recursion_error.clone(),
        DiagnosticKind::UnicodeDecodeError | DiagnosticKind::InvalidInput => vm.t.exc.value_error.clone(),
        DiagnosticKind::NotImplemented => vm.t.exc.not_implemented_error.clone(),
        _ => vm.t.exc.syntax_error.clone(),
    };
    if !crate::runtime::types::is_subtype(&ty, &vm.t.exc.syntax_error) {
        return vm.new_exc(&ty, &d.message);
    }
    // CPython's args: (msg, (filename, lineno, offset, text, end_lineno, end_offset)).
    let opt_int =
        |vm: &Vm, v: Option<u32>| v.map(|v| vm.new_int(v as i64)).unwrap_or_else(|| vm.none.clone());
    let info = vec![
        vm.new_str(&d.path),
        opt_int(vm, d.lineno),
        opt_int(vm, d.offset),
        d.text.as_deref().map(|t| vm.new_str(t)).unwrap_or_else(|| vm.none.clone()),
        opt_int(vm, d.end_lineno),
        opt_int(vm, d.end_offset),
    ];
    let args = vec![vm.new_str(&d.message), vm.new_tuple(info)];
    let e = vm.new_exc_args(&ty, args.clone());
    if let Err(err) = super::exc_fields::init_fields(vm, &e, &args, &[]) {
        return err;
    }
    e
}

/// Compiles `source` (a str or bytes object) with the embedder's compiler.
pub fn compile_object(
    vm: &mut Vm,
    source: &ObjRef,
    filename: &str,
    mode: &str,
    what: &str,
) -> PyResult<ObjRef> {
    let mut text: &[u8] = if let Some(s) = source.get::<StrObj>() {
        s.s.as_bytes()
    } else if let Some(b) = source.get::<BytesObj>() {
        &b.b
    } else {
        return vm.type_error(format!("{what} arg 1 must be a string, bytes or code object"));
    };
    if what == "eval()" {
        // eval() ignores the source's leading blanks, as CPython does.
        while let [b' ' | b'\t', rest @ ..] = text {
            text = rest;
        }
    }
    let text = text.to_vec();
    let Some(compile) = vm.opts.compile_source else {
        let ty = vm.t.exc.not_implemented_error.clone();
        return vm.err(&ty, format!("{what} of source text needs a compiler, and none is configured"));
    };
    match compile(&text, filename, mode, 0) {
        Ok(code) => {
            let c = vm.load_code(&code)?;
            Ok(ObjRef::new(&vm.t.code, CodeObj(c)))
        }
        Err(d) => Err(compile_error(vm, &d)),
    }
}

/// Runs a code object with `globals` and `locals`; `eval` returns its value, `exec` None.
pub fn run_code(vm: &mut Vm, eval: bool, code: &ObjRef, globals: ObjRef, locals: ObjRef) -> PyResult {
    let what = if eval { "eval()" } else { "exec()" };
    let compiled;
    let code = if code.kind() == Kind::Str || code.kind() == Kind::Bytes {
        compiled = compile_object(vm, code, "<string>", if eval { "eval" } else { "exec" }, what)?;
        &compiled
    } else {
        code
    };
    let Some(c) = code.get::<CodeObj>() else {
        return vm.type_error(format!("{what} arg 1 must be a string, bytes or code object"));
    };
    if globals.kind() != Kind::Dict {
        if !eval {
            return vm.type_error(format!("exec() globals must be a dict, not {}", vm.type_name(&globals)));
        }
        if is_mapping(vm, &globals) {
            return vm.type_error("globals must be a real dict; try eval(expr, {}, mapping)");
        }
        return vm.type_error("globals must be a dict");
    }
    if !is_mapping(vm, &locals) {
        if eval {
            return vm.type_error("locals must be a mapping");
        }
        return vm.type_error(format!("locals must be a mapping or None, not {}", vm.type_name(&locals)));
    }
    let bk = vm.n.builtins.clone();
    if crate::runtime::attr::dict_get_str(&globals, &bk).is_none() {
        let b = vm.builtins.clone();
        crate::runtime::attr::dict_set_str(&globals, bk, b);
    }
    // The code's builtins are its globals' `__builtins__` (a dict, or a module's dict).
    let builtins = match crate::runtime::attr::dict_get_str(&globals, &vm.n.builtins.clone()) {
        Some(b) if b.kind() == Kind::Dict => b,
        Some(b) if b.kind() == Kind::Module => {
            crate::runtime::attr::instance_dict(&b).unwrap_or_else(|| vm.builtins.clone())
        }
        _ => vm.builtins.clone(),
    };
    let frame = Box::new(Frame::new(c.0.clone(), globals, builtins, Some(locals)));
    let r = crate::eval::run_frame(vm, frame)?;
    Ok(if eval { r } else { vm.none.clone() })
}

/// PyMapping_Check: the type has `__getitem__` (and is not a sequence-only builtin).
fn is_mapping(vm: &mut Vm, o: &ObjRef) -> bool {
    let name = vm.intern("__getitem__");
    o.kind() == Kind::Dict || crate::runtime::attr::lookup_type(o.ty(), &name).is_some()
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

/// `compile(source, filename, mode)`; flags, dont_inherit and optimize are accepted and ignored
/// (pyrite compiles with no inherited future flags at the interpreter's level).
pub fn b_compile(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kw) = split_args(args, kwnames);
    let mut source = pos.first().cloned();
    let mut filename = pos.get(1).cloned();
    let mut mode = pos.get(2).cloned();
    for (k, v) in kw {
        match k {
            "source" => source = Some(v.clone()),
            "filename" => filename = Some(v.clone()),
            "mode" => mode = Some(v.clone()),
            "flags" | "dont_inherit" | "optimize" | "_feature_version" => {}
            _ => return vm.type_error(format!("compile() got an unexpected keyword argument '{k}'")),
        }
    }
    let (Some(source), Some(filename), Some(mode)) = (source, filename, mode) else {
        return vm.type_error("compile() missing required argument 'source', 'filename' or 'mode'");
    };
    if source.kind() != Kind::Str && source.kind() != Kind::Bytes {
        return vm.type_error("compile() arg 1 must be a string, bytes or AST object");
    }
    let text_of = |o: &ObjRef| o.get::<StrObj>().map(|s| s.s.to_string());
    let Some(filename) = text_of(&filename) else {
        return vm.type_error("compile() argument 'filename' must be str");
    };
    let mode = text_of(&mode).unwrap_or_default();
    if !matches!(mode.as_str(), "exec" | "eval" | "single") {
        let ty = vm.t.exc.value_error.clone();
        return vm.err(&ty, "compile() mode must be 'exec', 'eval' or 'single'");
    }
    compile_object(vm, &source, &filename, &mode, "compile()")
}
