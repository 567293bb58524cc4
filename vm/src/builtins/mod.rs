//! Builtin functions, the methods of builtin types, and class creation (`__build_class__`).

pub mod bytesext;
pub mod byteslike;
pub mod clinic;
pub mod complex;
pub mod dictviews;
pub mod exc_fields;
pub mod excgroup;
pub mod exec;
pub mod file;
pub mod format;
pub mod formatspec;
pub mod import;
pub mod introspect;
pub mod iters;
pub mod mappingproxy;
pub mod math;
pub mod memview;
pub mod methods;
pub mod modules;
pub mod numbers;
pub mod printf;
pub mod range;
pub mod setops;
pub mod slots;
pub mod strformat;
pub mod strmethods;
pub mod types;
pub mod typing;

use crate::heap::{Kind, Mut, ObjRef};
use crate::object::bytes::BytesObj;
use crate::object::dict::DictObj;
use crate::object::float::FloatObj;
use crate::object::func::{BuiltinObj, CellObj, FuncObj, NativeFn};
use crate::object::int::{Int, IntObj};
use crate::object::iter::IterState;
use crate::object::misc::WrapperObj;
use crate::object::seq::{ListObj, TupleObj};
use crate::object::set::SetObj;
use crate::object::str::StrObj;
use crate::object::typeobj::TypeObj;
use crate::runtime::attr::{dict_set_str, lookup_type, table_set_str};
use crate::runtime::types::{is_subtype, type_name};
use crate::{PyResult, Vm};
use std::io::Write;

pub fn new_builtin(vm: &Vm, name: &'static str, f: NativeFn) -> ObjRef {
    ObjRef::new(&vm.t.builtin_function, BuiltinObj { name, f, bound: None, owner: None, clinic: None })
}

/// A builtin whose argument counts the call path checks as CPython's parser for `qualname`
/// does (see [`clinic`]); a method's receiver comes first and is not counted.
pub fn new_checked_builtin(
    vm: &Vm,
    qualname: &str,
    name: &'static str,
    f: NativeFn,
    receiver: bool,
) -> ObjRef {
    let clinic = clinic::lookup(qualname, receiver);
    ObjRef::new(&vm.t.builtin_function, BuiltinObj { name, f, bound: None, owner: None, clinic })
}

/// Adds a native method to a builtin type's namespace.
pub fn add_method(vm: &mut Vm, ty: &ObjRef, name: &'static str, f: NativeFn) {
    let key = vm.intern(name);
    // `__init_subclass__` takes any class as its first argument.
    let owner = (name != "__init_subclass__").then(|| ty.clone());
    let clinic = clinic::lookup(&format!("{}.{name}", type_name(ty)), true);
    let v = ObjRef::new(&vm.t.builtin_function, BuiltinObj { name, f, bound: None, owner, clinic });
    let old = ty.expect::<TypeObj>().dict.with(|d| table_set_str(d, key, v));
    drop(old);
    crate::runtime::attr::invalidate_type_cache();
}

/// Registers a table of native methods on `ty`.
pub fn add_methods(vm: &mut Vm, ty: &ObjRef, methods: &[(&'static str, NativeFn)]) {
    for &(name, f) in methods {
        add_method(vm, ty, name, f);
    }
}

pub fn add_attr(vm: &mut Vm, ty: &ObjRef, name: &str, v: ObjRef) {
    let key = vm.intern(name);
    let old = ty.expect::<TypeObj>().dict.with(|d| table_set_str(d, key, v));
    drop(old);
    crate::runtime::attr::invalidate_type_cache();
}

fn add_fn(vm: &mut Vm, name: &'static str, f: NativeFn) {
    let key = vm.intern(name);
    let v = new_checked_builtin(vm, name, name, f, false);
    let b = vm.builtins.clone();
    dict_set_str(&b, key, v);
}

fn add_obj(vm: &mut Vm, name: &str, v: ObjRef) {
    let key = vm.intern(name);
    let b = vm.builtins.clone();
    dict_set_str(&b, key, v);
}

pub fn install(vm: &mut Vm) {
    let t = &vm.t;
    let types = [
        ("type", t.type_.clone()),
        ("object", t.object.clone()),
        ("int", t.int.clone()),
        ("bool", t.bool_.clone()),
        ("float", t.float.clone()),
        ("str", t.str_.clone()),
        ("bytes", t.bytes.clone()),
        ("bytearray", t.bytearray.clone()),
        ("memoryview", t.memoryview.clone()),
        ("complex", t.complex.clone()),
        ("tuple", t.tuple.clone()),
        ("list", t.list.clone()),
        ("dict", t.dict.clone()),
        ("set", t.set.clone()),
        ("frozenset", t.frozenset.clone()),
        ("range", t.range.clone()),
        ("slice", t.slice.clone()),
        ("property", t.property.clone()),
        ("classmethod", t.classmethod.clone()),
        ("staticmethod", t.staticmethod.clone()),
        ("enumerate", t.enumerate.clone()),
        ("zip", t.zip.clone()),
        ("map", t.map.clone()),
        ("filter", t.filter.clone()),
        ("reversed", t.reversed.clone()),
        ("super", t.super_.clone()),
    ];
    for (n, ty) in types {
        add_obj(vm, n, ty);
    }
    let excs: Vec<ObjRef> = vm.t.exc.all().into_iter().cloned().collect();
    for e in excs {
        let n = type_name(&e);
        add_obj(vm, &n, e);
    }
    // The builtins module's own names (a class body run by exec without `__name__` in its
    // globals reads `__name__` from here).
    let v = vm.new_str("builtins");
    add_obj(vm, "__name__", v);
    let v = vm.new_str("");
    add_obj(vm, "__package__", v);
    // Old names of OSError.
    for alias in ["IOError", "EnvironmentError"] {
        let e = vm.t.exc.os_error.clone();
        add_obj(vm, alias, e);
    }
    let none = vm.none.clone();
    add_obj(vm, "None", none);
    let e = vm.ellipsis.clone();
    add_obj(vm, "Ellipsis", e);
    let ni = vm.not_implemented.clone();
    add_obj(vm, "NotImplemented", ni);
    let tr = vm.true_.clone();
    add_obj(vm, "True", tr);
    let fa = vm.false_.clone();
    add_obj(vm, "False", fa);
    add_fn(vm, "print", b_print);
    add_fn(vm, "len", b_len);
    add_fn(vm, "repr", b_repr);
    add_fn(vm, "ascii", b_ascii);
    add_fn(vm, "isinstance", b_isinstance);
    add_fn(vm, "issubclass", b_issubclass);
    add_fn(vm, "abs", b_abs);
    add_fn(vm, "min", b_min);
    add_fn(vm, "max", b_max);
    add_fn(vm, "sum", b_sum);
    add_fn(vm, "sorted", b_sorted);
    add_fn(vm, "iter", b_iter);
    add_fn(vm, "next", b_next);
    add_fn(vm, "hash", b_hash);
    add_fn(vm, "id", b_id);
    add_fn(vm, "chr", b_chr);
    add_fn(vm, "ord", b_ord);
    add_fn(vm, "bin", b_bin);
    add_fn(vm, "hex", b_hex);
    add_fn(vm, "oct", b_oct);
    add_fn(vm, "divmod", b_divmod);
    add_fn(vm, "pow", b_pow);
    add_fn(vm, "round", b_round);
    add_fn(vm, "any", b_any);
    add_fn(vm, "all", b_all);
    add_fn(vm, "getattr", b_getattr);
    add_fn(vm, "setattr", b_setattr);
    add_fn(vm, "hasattr", b_hasattr);
    add_fn(vm, "delattr", b_delattr);
    add_fn(vm, "callable", b_callable);
    add_fn(vm, "format", b_format);
    add_fn(vm, "vars", b_vars);
    add_fn(vm, "dir", introspect::b_dir);
    add_fn(vm, "locals", b_vars);
    add_fn(vm, "globals", b_globals);
    add_fn(vm, "__build_class__", b_build_class);
    add_fn(vm, "__import__", b_import);
    add_fn(vm, "input", b_input);
    add_fn(vm, "open", file::b_open);
    add_fn(vm, "exec", exec::b_exec);
    add_fn(vm, "eval", exec::b_eval);
    add_fn(vm, "compile", exec::b_compile);
    file::install(vm);
    excgroup::install(vm);
    add_fn(vm, "exit", b_exit);
    add_fn(vm, "quit", b_exit);
    types::install_type_methods(vm);
    methods::install(vm);
    numbers::install(vm);
    strmethods::install(vm);
    dictviews::install(vm);
    setops::install(vm);
    range::install(vm);
    mappingproxy::install(vm);
    typing::install(vm);
    complex::install(vm);
    byteslike::install(vm);
    bytesext::install(vm);
    memview::install(vm);
    slots::install(vm);
}

// ---- argument helpers ----------------------------------------------------------------------

/// Splits vectorcall arguments into positional and (name, value) keyword pairs.
pub fn split_args<'a>(
    args: &'a [ObjRef],
    kwnames: &'a [ObjRef],
) -> (&'a [ObjRef], Vec<(&'a str, &'a ObjRef)>) {
    let npos = args.len() - kwnames.len();
    let kws = kwnames.iter().zip(&args[npos..]).map(|(k, v)| (&*k.expect::<StrObj>().s, v)).collect();
    (&args[..npos], kws)
}

pub fn check_args(vm: &mut Vm, name: &str, args: &[ObjRef], min: usize, max: usize) -> PyResult<()> {
    if args.len() < min || args.len() > max {
        if min == 1 && max == 1 {
            return vm.type_error(format!("{}() takes exactly one argument ({} given)", name, args.len()));
        }
        if min == max {
            return vm.type_error(format!(
                "{}() takes exactly {} argument{} ({} given)",
                name,
                min,
                if min == 1 { "" } else { "s" },
                args.len()
            ));
        }
        if args.len() < min {
            return vm.type_error(format!(
                "{} expected at least {} argument{}, got {}",
                name,
                min,
                if min == 1 { "" } else { "s" },
                args.len()
            ));
        }
        return vm.type_error(format!(
            "{} expected at most {} argument{}, got {}",
            name,
            max,
            if max == 1 { "" } else { "s" },
            args.len()
        ));
    }
    Ok(())
}

fn no_kwargs(vm: &mut Vm, name: &str, kwnames: &[ObjRef]) -> PyResult<()> {
    if !kwnames.is_empty() {
        return vm.type_error(format!("{name}() takes no keyword arguments"));
    }
    Ok(())
}

pub fn ascii_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n <= 0xff {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n <= 0xffff {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

/// `len(o)`.
/// What `__len__` returned, checked as CPython does: an index, non-negative, within Py_ssize_t
/// (OverflowError beyond).
fn len_result(vm: &mut Vm, r: &ObjRef) -> PyResult<usize> {
    let n = match vm.to_i64(r) {
        Ok(n) => n,
        Err(e) if e.ty().is(&vm.t.exc.index_error) => {
            let ty = vm.t.exc.overflow_error.clone();
            return vm.err(&ty, format!("cannot fit '{}' into an index-sized integer", vm.type_name(r)));
        }
        Err(e) => return Err(e),
    };
    if n < 0 {
        return vm.value_error("__len__() should return >= 0");
    }
    Ok(n as usize)
}

pub fn len(vm: &mut Vm, o: &ObjRef) -> PyResult<usize> {
    if o.ty().expect::<TypeObj>().heap_type {
        if let Some(f) = lookup_type(&o.ty().clone(), &vm.n.len.clone()) {
            if f.kind() == Kind::Function {
                let r = vm.call(&f, &[o.clone()], &[])?;
                return len_result(vm, &r);
            }
        }
    }
    Ok(match o.kind() {
        Kind::Str => o.expect::<StrObj>().nchars,
        Kind::List => o.expect::<ListObj>().len(),
        Kind::Tuple => o.expect::<TupleObj>().0.len(),
        Kind::Dict => o.expect::<DictObj>().0.with(|t| t.len()),
        Kind::Set => o.expect::<SetObj>().0.with(|t| t.len()),
        Kind::Bytes => o.expect::<BytesObj>().b.len(),
        Kind::Range => range::len(vm, o)?,
        Kind::Wrapper
            if o.ty().is(&vm.t.dict_keys) || o.ty().is(&vm.t.dict_values) || o.ty().is(&vm.t.dict_items) =>
        {
            o.expect::<WrapperObj>().0.expect::<DictObj>().0.with(|t| t.len())
        }
        _ => {
            if let Some(f) = lookup_type(&o.ty().clone(), &vm.n.len.clone()) {
                let r = vm.call(&f, &[o.clone()], &[])?;
                return len_result(vm, &r);
            }
            return vm.type_error(format!("object of type '{}' has no len()", vm.type_name(o)));
        }
    })
}

/// (key, value) pairs of a mapping (dict or anything with keys() and __getitem__).
pub fn mapping_items(vm: &mut Vm, m: &ObjRef) -> PyResult<Vec<(ObjRef, ObjRef)>> {
    if m.kind() == Kind::Dict {
        return Ok(vm.dict_items(m));
    }
    let keys_name = vm.intern("keys");
    let keys = vm.getattr(m, &keys_name)?;
    let keys = vm.call(&keys, &[], &[])?;
    let keys = vm.collect(&keys)?;
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        let v = vm.getitem(m, &k)?;
        out.push((k, v));
    }
    Ok(out)
}

pub fn new_super(vm: &mut Vm, cls: ObjRef, obj: ObjRef) -> ObjRef {
    ObjRef::new(&vm.t.super_, TupleObj(Box::new([cls, obj])))
}

// ---- builtin functions ---------------------------------------------------------------------

fn b_print(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    let mut sep = " ".to_string();
    let mut end = "\n".to_string();
    let mut flush = false;
    let mut file: Option<ObjRef> = None;
    for (k, v) in kws {
        match k {
            "sep" | "end" if !v.is(&vm.none) => {
                let Some(text) = v.get::<StrObj>().map(|s| s.s.to_string()) else {
                    return vm.type_error(format!("{k} must be None or a string, not {}", vm.type_name(v)));
                };
                if k == "sep" {
                    sep = text
                } else {
                    end = text
                }
            }
            "file" if !v.is(&vm.none) => file = Some(v.clone()),
            "flush" => flush = vm.truthy(v)?,
            "sep" | "end" | "file" => {}
            _ => return vm.type_error(format!("'{k}' is an invalid keyword argument for print()")),
        }
    }
    // The default is whatever sys.stdout is now (a program may have replaced it).
    let file = match file {
        Some(f) => f,
        None => {
            let sys = modules::sys_module(vm);
            let key = vm.intern("stdout");
            match crate::runtime::attr::instance_dict(&sys)
                .and_then(|d| crate::runtime::attr::dict_get_str(&d, &key))
            {
                Some(f) if !f.is(&vm.none) => f,
                Some(_) => {
                    let ty = vm.t.exc.runtime_error.clone();
                    return vm.err(&ty, "lost sys.stdout");
                }
                // While the VM tears down (finalizers at exit) the sys namespace may be gone:
                // the process's stdout is still there.
                None => vm.none.clone(),
            }
        }
    };
    // The VM's own streams are written directly; any other object gets write() calls, one per
    // piece, as CPython makes them.
    let native = file.get::<crate::object::misc::ModuleObj>().map(|m| m.name.clone());
    let to_stderr = match native.as_deref() {
        _ if file.is(&vm.none) => false,
        Some("stdout") => false,
        Some("stderr") => true,
        _ => {
            let w = vm.intern("write");
            for (i, a) in pos.iter().enumerate() {
                if i > 0 {
                    let m = vm.getattr(&file, &w)?;
                    let piece = vm.new_str(&sep);
                    vm.call(&m, &[piece], &[])?;
                }
                let text = vm.str(a)?;
                let m = vm.getattr(&file, &w)?;
                let piece = vm.new_string(text);
                vm.call(&m, &[piece], &[])?;
            }
            let m = vm.getattr(&file, &w)?;
            let piece = vm.new_str(&end);
            vm.call(&m, &[piece], &[])?;
            if flush {
                let fl = vm.intern("flush");
                let m = vm.getattr(&file, &fl)?;
                vm.call(&m, &[], &[])?;
            }
            return Ok(vm.none.clone());
        }
    };
    let mut s = String::new();
    for (i, a) in pos.iter().enumerate() {
        if i > 0 {
            s.push_str(&sep);
        }
        s.push_str(&vm.str(a)?);
    }
    s.push_str(&end);
    if to_stderr {
        vm.flush();
        let _ = std::io::stderr().write_all(s.as_bytes());
    } else {
        let _ = vm.out.write_all(s.as_bytes());
        if flush {
            vm.flush();
        }
    }
    Ok(vm.none.clone())
}

fn b_len(vm: &mut Vm, args: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    no_kwargs(vm, "len", kw)?;
    check_args(vm, "len", args, 1, 1)?;
    let n = len(vm, &args[0])?;
    Ok(vm.new_int(n as i64))
}

fn b_repr(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "repr", args, 1, 1)?;
    // A METH_O builtin: its call counts towards the recursion limit (cfunction_vectorcall_O).
    vm.enter_recursive(" while calling a Python object")?;
    let r = vm.repr_obj(&args[0]);
    vm.depth -= 1;
    r
}

fn b_ascii(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "ascii", args, 1, 1)?;
    let s = vm.repr(&args[0])?;
    Ok(vm.new_string(ascii_escape(&s)))
}

fn class_check(vm: &mut Vm, ty: &ObjRef, cls: &ObjRef, what: &str) -> PyResult<bool> {
    match cls.kind() {
        Kind::Type => Ok(is_subtype(ty, cls)),
        Kind::Tuple => {
            for c in cls.expect::<TupleObj>().0.iter() {
                if class_check(vm, ty, c, what)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Kind::Wrapper if typing::is_union(vm, cls) => {
            let members = typing::union_args(cls);
            class_check(vm, ty, &members, what)
        }
        Kind::Wrapper if typing::is_alias(vm, cls) => {
            vm.type_error(format!("{what}() argument 2 cannot be a parameterized generic"))
        }
        _ if what == "issubclass" => {
            vm.type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union")
        }
        _ => vm.type_error(format!("{what}() arg 2 must be a type, a tuple of types, or a union")),
    }
}

/// `__instancecheck__`/`__subclasscheck__` defined by a Python metaclass of `cls`.
fn meta_check(vm: &mut Vm, cls: &ObjRef, hook: &str, arg: &ObjRef) -> PyResult<Option<bool>> {
    if cls.kind() != Kind::Type || !cls.ty().expect::<crate::object::typeobj::TypeObj>().heap_type {
        return Ok(None);
    }
    let name = vm.intern(hook);
    match lookup_type(&cls.ty().clone(), &name).filter(|f| f.kind() == Kind::Function) {
        Some(f) => {
            let r = vm.call(&f, &[cls.clone(), arg.clone()], &[])?;
            vm.truthy(&r).map(Some)
        }
        None => Ok(None),
    }
}

fn b_isinstance(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "isinstance", args, 2, 2)?;
    if let Some(r) = meta_check(vm, &args[1], "__instancecheck__", &args[0])? {
        return Ok(vm.new_bool(r));
    }
    let ty = args[0].ty().clone();
    let r = class_check(vm, &ty, &args[1], "isinstance")?;
    Ok(vm.new_bool(r))
}

fn b_issubclass(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "issubclass", args, 2, 2)?;
    if args[0].kind() != Kind::Type {
        return vm.type_error("issubclass() arg 1 must be a class");
    }
    if let Some(r) = meta_check(vm, &args[1], "__subclasscheck__", &args[0])? {
        return Ok(vm.new_bool(r));
    }
    let r = class_check(vm, &args[0], &args[1], "issubclass")?;
    Ok(vm.new_bool(r))
}

fn b_abs(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "abs", args, 1, 1)?;
    let a = &args[0];
    match a.kind() {
        Kind::Int => Ok(vm.new_bigint(a.expect::<IntObj>().0.abs())),
        Kind::Float => Ok(vm.new_float(a.expect::<FloatObj>().0.abs())),
        _ => {
            let n = vm.n.abs.clone();
            match lookup_type(&a.ty().clone(), &n) {
                Some(f) => vm.call(&f, &[a.clone()], &[]),
                None => vm.type_error(format!("bad operand type for abs(): '{}'", vm.type_name(a))),
            }
        }
    }
}

fn min_max(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef], is_max: bool) -> PyResult {
    let name = if is_max { "max" } else { "min" };
    let (pos, kws) = split_args(args, kwnames);
    // The count is checked before the keywords are parsed.
    if pos.is_empty() {
        return vm.type_error(format!("{name} expected at least 1 argument, got 0"));
    }
    let mut key = None;
    let mut default = None;
    for (k, v) in kws {
        match k {
            "key" if !v.is(&vm.none) => key = Some(v.clone()),
            "key" => {}
            "default" => default = Some(v.clone()),
            _ => return vm.type_error(format!("'{k}' is an invalid keyword argument for {name}()")),
        }
    }
    if default.is_some() && pos.len() > 1 {
        return vm
            .type_error(format!("Cannot specify a default for {name}() with multiple positional arguments"));
    }
    let items = if pos.len() == 1 { vm.collect(&pos[0])? } else { pos.to_vec() };
    let mut best: Option<(ObjRef, ObjRef)> = None;
    let op = if is_max { crate::runtime::ops::CmpOp::Gt } else { crate::runtime::ops::CmpOp::Lt };
    for it in items {
        let k = match &key {
            Some(f) => vm.call(f, &[it.clone()], &[])?,
            None => it.clone(),
        };
        best = Some(match best {
            None => (k, it),
            Some((bk, bv)) => {
                let r = vm.compare(&k, &bk, op)?;
                if vm.truthy(&r)? {
                    (k, it)
                } else {
                    (bk, bv)
                }
            }
        });
    }
    match best {
        Some((_, v)) => Ok(v),
        None => match default {
            Some(d) => Ok(d),
            None => vm.value_error(format!("{name}() arg is an empty sequence")),
        },
    }
}

fn b_min(vm: &mut Vm, args: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    min_max(vm, args, kw, false)
}

fn b_max(vm: &mut Vm, args: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    min_max(vm, args, kw, true)
}

fn b_sum(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    let mut acc = if pos.len() > 1 { pos[1].clone() } else { vm.new_int(0) };
    for (k, v) in kws {
        if k == "start" {
            acc = v.clone();
        }
    }
    if pos.is_empty() {
        return vm.type_error("sum() takes at least 1 positional argument (0 given)");
    }
    match acc.kind() {
        Kind::Str => return vm.type_error("sum() can't sum strings [use ''.join(seq) instead]"),
        Kind::Bytes | Kind::ByteArray => {
            let t = vm.type_name(&acc);
            return vm.type_error(format!("sum() can't sum {t} [use b''.join(seq) instead]"));
        }
        _ => {}
    }
    let it = vm.iter(&pos[0])?;
    while let Some(x) = vm.next(&it)? {
        acc = vm.binary_op(&acc, &x, 0)?;
    }
    Ok(acc)
}

/// Sorts values in place with Python's semantics (stable; `key`, `reverse`).
pub fn sort_values(
    vm: &mut Vm,
    items: Vec<ObjRef>,
    key: Option<ObjRef>,
    reverse: bool,
) -> PyResult<Vec<ObjRef>> {
    let mut keyed: Vec<(ObjRef, ObjRef)> = Vec::with_capacity(items.len());
    for it in items {
        let k = match &key {
            Some(f) => vm.call(f, &[it.clone()], &[])?,
            None => it.clone(),
        };
        keyed.push((k, it));
    }
    if reverse {
        keyed.reverse();
    }
    let mut err = None;
    // Merge sort with a fallible "less than" (stable, like CPython's timsort).
    let lt = |vm: &mut Vm, a: &ObjRef, b: &ObjRef, err: &mut Option<ObjRef>| -> bool {
        if err.is_some() {
            return false;
        }
        if let (Some(x), Some(y)) = (a.get::<IntObj>(), b.get::<IntObj>()) {
            return x.0.compare(&y.0) == std::cmp::Ordering::Less;
        }
        if let (Some(x), Some(y)) = (a.get::<StrObj>(), b.get::<StrObj>()) {
            if !a.ty().expect::<TypeObj>().heap_type {
                return x.s < y.s;
            }
        }
        match vm.compare(a, b, crate::runtime::ops::CmpOp::Lt).and_then(|r| vm.truthy(&r)) {
            Ok(v) => v,
            Err(e) => {
                *err = Some(e);
                false
            }
        }
    };
    let n = keyed.len();
    let mut buf: Vec<(ObjRef, ObjRef)> = Vec::with_capacity(n);
    let mut width = 1;
    let mut src = keyed;
    while width < n {
        buf.clear();
        let mut i = 0;
        while i < n {
            let mid = (i + width).min(n);
            let end = (i + 2 * width).min(n);
            let (mut a, mut b) = (i, mid);
            while a < mid && b < end {
                // Take from the right only if strictly less (stability).
                if lt(vm, &src[b].0, &src[a].0, &mut err) {
                    buf.push(src[b].clone());
                    b += 1;
                } else {
                    buf.push(src[a].clone());
                    a += 1;
                }
            }
            buf.extend(src[a..mid].iter().cloned());
            buf.extend(src[b..end].iter().cloned());
            i = end;
        }
        std::mem::swap(&mut src, &mut buf);
        width *= 2;
    }
    if let Some(e) = err {
        return Err(e);
    }
    let mut out: Vec<ObjRef> = src.into_iter().map(|(_, v)| v).collect();
    if reverse {
        out.reverse();
    }
    Ok(out)
}

pub fn sort_kwargs(vm: &mut Vm, name: &str, kws: Vec<(&str, &ObjRef)>) -> PyResult<(Option<ObjRef>, bool)> {
    let mut key = None;
    let mut reverse = false;
    for (k, v) in kws {
        match k {
            "key" if !v.is(&vm.none) => key = Some(v.clone()),
            "key" => {}
            "reverse" => reverse = vm.truthy(v)?,
            _ => return vm.type_error(format!("'{k}' is an invalid keyword argument for {name}()")),
        }
    }
    Ok((key, reverse))
}

fn b_sorted(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    if pos.len() != 1 {
        return vm.type_error(format!("sorted expected 1 argument, got {}", pos.len()));
    }
    let (key, reverse) = sort_kwargs(vm, "sort", kws)?;
    let items = vm.collect(&pos[0])?;
    let v = sort_values(vm, items, key, reverse)?;
    Ok(vm.new_list(v))
}

fn b_iter(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "iter", args, 1, 2)?;
    if args.len() == 2 {
        let c = b_callable(vm, &args[..1], &[])?;
        if !c.is(&vm.true_) {
            return vm.type_error("iter(v, w): v must be callable");
        }
        let ty = vm.t.callable_iterator.clone();
        return Ok(vm.new_iter(&ty, IterState::Callable { f: args[0].clone(), sentinel: args[1].clone() }));
    }
    vm.iter(&args[0])
}

fn b_next(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "next", args, 1, 2)?;
    let it = &args[0];
    if !matches!(it.kind(), Kind::Iter | Kind::Generator)
        && lookup_type(&it.ty().clone(), &vm.n.next.clone()).is_none()
    {
        return vm.type_error(format!("'{}' object is not an iterator", vm.type_name(it)));
    }
    if it.kind() == Kind::Generator {
        let none = vm.none.clone();
        return match crate::eval::gen::resume(vm, it, none, None)? {
            crate::eval::gen::SendResult::Yield(v) => Ok(v),
            crate::eval::gen::SendResult::Return(v) => match args.get(1) {
                Some(d) => Ok(d.clone()),
                None => Err(crate::eval::gen::return_to_stop(vm, v)),
            },
        };
    }
    if it.kind() != Kind::Iter && args.len() == 1 {
        // The iterator's own StopIteration (and its value) reaches the caller unchanged.
        if let Some(f) = lookup_type(&it.ty().clone(), &vm.n.next.clone()) {
            return vm.call(&f, &[it.clone()], &[]);
        }
    }
    match vm.next(it)? {
        Some(v) => Ok(v),
        None => match args.get(1) {
            Some(d) => Ok(d.clone()),
            None => {
                let ty = vm.t.exc.stop_iteration.clone();
                Err(vm.new_exc(&ty, ""))
            }
        },
    }
}

fn b_hash(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "hash", args, 1, 1)?;
    let h = vm.hash(&args[0])?;
    Ok(vm.new_int(h))
}

fn b_id(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "id", args, 1, 1)?;
    Ok(vm.new_int(args[0].id() as i64))
}

fn b_chr(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "chr", args, 1, 1)?;
    if args[0].get::<IntObj>().is_some_and(|i| i.0.as_i64().is_none_or(|v| i32::try_from(v).is_err())) {
        return vm.overflow("Python int too large to convert to C int");
    }
    let i = vm.to_i64(&args[0])?;
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => Ok(vm.new_string(c.to_string())),
        None => vm.value_error("chr() arg not in range(0x110000)"),
    }
}

fn b_ord(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "ord", args, 1, 1)?;
    match args[0].get::<StrObj>() {
        Some(s) if s.nchars == 1 => Ok(vm.new_int(s.s.chars().next().expect("one char") as i64)),
        Some(s) => {
            vm.type_error(format!("ord() expected a character, but string of length {} found", s.nchars))
        }
        None => match byteslike::data(&args[0])
            .filter(|_| matches!(args[0].kind(), Kind::Bytes | Kind::ByteArray))
        {
            Some(b) if b.len() == 1 => Ok(vm.new_int(b[0] as i64)),
            Some(b) => {
                vm.type_error(format!("ord() expected a character, but string of length {} found", b.len()))
            }
            None => vm.type_error(format!(
                "ord() expected string of length 1, but {} found",
                vm.type_name(&args[0])
            )),
        },
    }
}

fn radix_str(vm: &mut Vm, o: &ObjRef, radix: u32, prefix: &str) -> PyResult {
    let i = match o.get::<IntObj>() {
        Some(i) => i.0.clone(),
        None => {
            let v = vm.to_i64(o)?;
            Int::Small(v)
        }
    };
    let s = i.abs().to_str_radix(radix);
    let sign = if i.is_negative() { "-" } else { "" };
    Ok(vm.new_string(format!("{sign}{prefix}{s}")))
}

fn b_bin(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "bin", args, 1, 1)?;
    radix_str(vm, &args[0], 2, "0b")
}

fn b_hex(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "hex", args, 1, 1)?;
    radix_str(vm, &args[0], 16, "0x")
}

fn b_oct(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "oct", args, 1, 1)?;
    radix_str(vm, &args[0], 8, "0o")
}

fn b_divmod(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "divmod", args, 2, 2)?;
    if args.iter().any(|a| a.kind() == Kind::Complex) {
        return vm.type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            vm.type_name(&args[0]),
            vm.type_name(&args[1])
        ));
    }
    let plain = |o: &ObjRef| !o.ty().expect::<TypeObj>().heap_type;
    let numeric = |o: &ObjRef| matches!(o.kind(), Kind::Int | Kind::Float);
    if plain(&args[0]) && plain(&args[1]) && !(numeric(&args[0]) && numeric(&args[1])) {
        return vm.type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            vm.type_name(&args[0]),
            vm.type_name(&args[1])
        ));
    }
    let float_zero = |o: &ObjRef| o.get::<FloatObj>().is_some_and(|f| f.0 == 0.0);
    let int_zero = |o: &ObjRef| o.get::<IntObj>().is_some_and(|i| i.0.is_zero());
    let floats = args.iter().any(|a| a.kind() == Kind::Float)
        && args.iter().all(|a| matches!(a.kind(), Kind::Float | Kind::Int));
    if floats && (float_zero(&args[1]) || int_zero(&args[1])) {
        return vm.zero_div("float divmod()");
    }
    let q = vm.binary_op(&args[0], &args[1], 2)?;
    let r = vm.binary_op(&args[0], &args[1], 6)?;
    Ok(vm.new_tuple(vec![q, r]))
}

/// Three-argument pow() of operands that are not all ints: CPython's ternary_op offers the
/// call to the power slot of each operand's type in turn. int's declines; float's and complex's
/// take any two numbers they can convert and then refuse the modulus.
fn pow_modulus_refused(vm: &mut Vm, ops: [&ObjRef; 3]) -> PyResult {
    let real = |o: &ObjRef| matches!(o.kind(), Kind::Int | Kind::Float);
    let num = |o: &ObjRef| real(o) || o.kind() == Kind::Complex;
    let mut tried: Vec<Kind> = Vec::new();
    for o in ops {
        if tried.contains(&o.kind()) {
            continue;
        }
        tried.push(o.kind());
        match o.kind() {
            Kind::Float if real(ops[0]) && real(ops[1]) => {
                return vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")
            }
            Kind::Complex if num(ops[0]) && num(ops[1]) => return vm.value_error("complex modulo"),
            _ => {}
        }
    }
    let names: Vec<String> = ops.iter().map(|o| format!("'{}'", vm.type_name(o))).collect();
    vm.type_error(format!("unsupported operand type(s) for ** or pow(): {}", names.join(", ")))
}

fn b_pow(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    let mut a: Vec<Option<ObjRef>> = (0..3).map(|i| pos.get(i).cloned()).collect();
    if pos.len() > 3 {
        return vm.type_error(format!("pow expected at most 3 arguments, got {}", pos.len()));
    }
    for (k, v) in kws {
        let Some(i) = ["base", "exp", "mod"].iter().position(|n| *n == k) else {
            return vm.type_error(format!("pow() got an unexpected keyword argument '{k}'"));
        };
        a[i] = Some(v.clone());
    }
    let (Some(base), Some(exp)) = (a[0].clone(), a[1].clone()) else {
        let missing = if a[0].is_none() { "base" } else { "exp" };
        let n = if a[0].is_none() { 1 } else { 2 };
        return vm.type_error(format!("pow() missing required argument '{missing}' (pos {n})"));
    };
    if let Some(m) = a[2].clone().filter(|m| !m.is(&vm.none)) {
        let (Some(b), Some(e), Some(m)) = (base.get::<IntObj>(), exp.get::<IntObj>(), m.get::<IntObj>())
        else {
            return pow_modulus_refused(vm, [&base, &exp, &m]);
        };
        if m.0.is_zero() {
            return vm.value_error("pow() 3rd argument cannot be 0");
        }
        if e.0.is_negative() {
            // b ** -e == (b's inverse) ** e, modulo m.
            let Some(inv) = numbers::mod_inverse(&b.0.to_big(), &m.0.to_big()) else {
                return vm.value_error("base is not invertible for the given modulus");
            };
            let r = Int::from_big(inv).powmod(&e.0.neg(), &m.0);
            return Ok(vm.new_bigint(r));
        }
        let r = b.0.powmod(&e.0, &m.0);
        return Ok(vm.new_bigint(r));
    }
    vm.binary_op(&base, &exp, 8)
}

fn b_round(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    let mut nd = pos.get(1).cloned();
    for (k, v) in kws {
        if k == "ndigits" {
            nd = Some(v.clone());
        }
    }
    check_args(vm, "round", pos, 1, 2)?;
    let x = &pos[0];
    let nd = match nd {
        Some(n) if !n.is(&vm.none) => Some(vm.to_i64(&n)?),
        _ => None,
    };
    match x.kind() {
        Kind::Int => match nd {
            None => Ok(vm.new_bigint(x.expect::<IntObj>().0.clone())),
            Some(n) if n >= 0 => Ok(vm.new_bigint(x.expect::<IntObj>().0.clone())),
            Some(n) => {
                let v = &x.expect::<IntObj>().0;
                let p = Int::Small(10).pow((-n) as u64);
                let (q, r) = v.divmod(&p).expect("nonzero");
                let twice = r.mul(&Int::Small(2));
                let q = match twice.compare(&p) {
                    std::cmp::Ordering::Greater => q.add(&Int::Small(1)),
                    std::cmp::Ordering::Equal if q.modulo(&Int::Small(2)) == Some(Int::Small(1)) => {
                        q.add(&Int::Small(1))
                    }
                    _ => q,
                };
                Ok(vm.new_bigint(q.mul(&p)))
            }
        },
        Kind::Float => {
            let f = x.expect::<FloatObj>().0;
            match nd {
                None => {
                    if !f.is_finite() {
                        return if f.is_nan() {
                            vm.value_error("cannot convert float NaN to integer")
                        } else {
                            vm.overflow("cannot convert float infinity to integer")
                        };
                    }
                    let r = round_half_even(f);
                    Ok(float_to_int(vm, r))
                }
                Some(n) => Ok(vm.new_float(round_float_digits(f, n))),
            }
        }
        _ => {
            let name = vm.intern("__round__");
            match lookup_type(&x.ty().clone(), &name) {
                Some(f) => {
                    let mut a = vec![x.clone()];
                    if let Some(n) = nd {
                        a.push(vm.new_int(n));
                    }
                    vm.call(&f, &a, &[])
                }
                None => vm.type_error(format!("type {} doesn't define __round__ method", vm.type_name(x))),
            }
        }
    }
}

pub fn round_half_even(f: f64) -> f64 {
    let r = f.round();
    if (f - f.trunc()).abs() == 0.5 {
        2.0 * (f / 2.0).round()
    } else {
        r
    }
}

/// round(x, n) for floats: correctly rounded via the shortest decimal string, like CPython.
fn round_float_digits(f: f64, n: i64) -> f64 {
    if !f.is_finite() || n > 323 {
        return f;
    }
    if n < -308 {
        return 0.0f64.copysign(f);
    }
    // Format with enough digits exactly, then round half-even on the decimal digits.
    let s = format!("{:.*e}", 17, f);
    let _ = s;
    let exact = format!("{:.*}", (n.max(0) as usize) + 30, f);
    let (int_part, frac_part) = exact.split_once('.').unwrap_or((&exact, ""));
    let neg = int_part.starts_with('-');
    let int_digits: String = int_part.trim_start_matches('-').to_string();
    let mut digits: Vec<u8> = int_digits.bytes().chain(frac_part.bytes()).map(|b| b - b'0').collect();
    let point = int_digits.len() as i64;
    let keep = point + n;
    if keep < 0 {
        return 0.0f64.copysign(f);
    }
    let keep = keep as usize;
    if keep >= digits.len() {
        return f;
    }
    let rest = &digits[keep..];
    let first = rest[0];
    let tail_nonzero = rest[1..].iter().any(|&d| d != 0);
    let last_odd = keep > 0 && digits[keep - 1] % 2 == 1;
    let round_up = first > 5 || (first == 5 && (tail_nonzero || last_odd));
    digits.truncate(keep);
    if round_up {
        let mut i = keep;
        loop {
            if i == 0 {
                digits.insert(0, 1);
                break;
            }
            i -= 1;
            if digits[i] == 9 {
                digits[i] = 0;
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let extra = digits.len() - keep;
    let point = point as usize + extra;
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    for (i, d) in digits.iter().enumerate() {
        if i == point {
            s.push('.');
        }
        s.push((b'0' + d) as char);
    }
    if digits.len() < point {
        for _ in digits.len()..point {
            s.push('0');
        }
    }
    if s.is_empty() || s == "-" {
        return 0.0f64.copysign(f);
    }
    s.parse::<f64>().unwrap_or(f)
}

pub fn float_to_int(vm: &mut Vm, f: f64) -> ObjRef {
    if f.abs() < 9.2e18 {
        vm.new_int(f as i64)
    } else {
        use num_traits::FromPrimitive;
        let b = num_bigint::BigInt::from_f64(f).unwrap_or_default();
        vm.new_bigint(Int::from_big(b))
    }
}

fn b_any(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "any", args, 1, 1)?;
    let it = vm.iter(&args[0])?;
    while let Some(x) = vm.next(&it)? {
        if vm.truthy(&x)? {
            return Ok(vm.true_.clone());
        }
    }
    Ok(vm.false_.clone())
}

fn b_all(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "all", args, 1, 1)?;
    let it = vm.iter(&args[0])?;
    while let Some(x) = vm.next(&it)? {
        if !vm.truthy(&x)? {
            return Ok(vm.false_.clone());
        }
    }
    Ok(vm.true_.clone())
}

fn attr_name(vm: &mut Vm, o: &ObjRef) -> PyResult<ObjRef> {
    match o.get::<StrObj>() {
        Some(s) => {
            let s = s.s.to_string();
            Ok(vm.intern(&s))
        }
        None => vm.type_error(format!("attribute name must be string, not '{}'", vm.type_name(o))),
    }
}

fn b_getattr(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "getattr", args, 2, 3)?;
    let name = attr_name(vm, &args[1])?;
    match vm.getattr_opt(&args[0], &name)? {
        Some(v) => Ok(v),
        None => match args.get(2) {
            Some(d) => Ok(d.clone()),
            None => vm.attr_error(&args[0], &name),
        },
    }
}

fn b_setattr(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "setattr", args, 3, 3)?;
    let name = attr_name(vm, &args[1])?;
    vm.setattr(&args[0], &name, args[2].clone())?;
    Ok(vm.none.clone())
}

fn b_hasattr(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "hasattr", args, 2, 2)?;
    let name = attr_name(vm, &args[1])?;
    let r = vm.getattr_opt(&args[0], &name)?.is_some();
    Ok(vm.new_bool(r))
}

fn b_delattr(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "delattr", args, 2, 2)?;
    let name = attr_name(vm, &args[1])?;
    vm.delattr(&args[0], &name)?;
    Ok(vm.none.clone())
}

fn b_callable(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "callable", args, 1, 1)?;
    let o = &args[0];
    let r = matches!(o.kind(), Kind::Function | Kind::Builtin | Kind::Method | Kind::Type)
        || lookup_type(&o.ty().clone(), &vm.n.call.clone()).is_some();
    Ok(vm.new_bool(r))
}

fn b_format(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "format", args, 1, 2)?;
    let spec = match args.get(1) {
        Some(s) => match s.get::<StrObj>() {
            Some(s) => s.s.to_string(),
            None => {
                return vm.type_error(format!("format() argument 2 must be str, not {}", vm.type_name(s)))
            }
        },
        None => String::new(),
    };
    format::format(vm, &args[0], &spec)
}

fn b_vars(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "vars", args, 1, 1)?;
    match crate::runtime::attr::expose_dict(&args[0]) {
        Some(d) => Ok(d),
        None => {
            let dn = vm.n.dict.clone();
            match vm.getattr_opt(&args[0], &dn)? {
                Some(d) => Ok(d),
                None => vm.type_error("vars() argument must have __dict__ attribute"),
            }
        }
    }
}

fn b_globals(vm: &mut Vm, _: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let ty = vm.t.exc.system_error.clone();
    vm.err(&ty, "globals() called outside a frame")
}

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`, as IMPORT_NAME.
fn b_import(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    let mut slots: [Option<ObjRef>; 5] = Default::default();
    for (i, a) in pos.iter().enumerate().take(5) {
        slots[i] = Some(a.clone());
    }
    if pos.len() > 5 {
        return vm.type_error(format!("__import__() takes at most 5 arguments ({} given)", args.len()));
    }
    for (k, v) in kws {
        let i = match k {
            "name" => 0,
            "globals" => 1,
            "locals" => 2,
            "fromlist" => 3,
            "level" => 4,
            _ => return vm.type_error(format!("__import__() got an unexpected keyword argument '{k}'")),
        };
        slots[i] = Some(v.clone());
    }
    let Some(name) = slots[0].clone() else {
        return vm.type_error("__import__() missing required argument 'name' (pos 1)");
    };
    if name.kind() != Kind::Str {
        return vm.type_error(format!("module name must be str, not {}", vm.type_name(&name)));
    }
    let none = vm.none.clone();
    let globals = slots[1].clone().filter(|g| g.kind() == Kind::Dict).unwrap_or_else(|| vm.new_dict());
    let fromlist = slots[3].clone().unwrap_or(none);
    let level = match &slots[4] {
        Some(l) => vm.to_i64(l)?,
        None => 0,
    };
    if level < 0 {
        return vm.value_error("level must be >= 0");
    }
    import::import_name(vm, &name, &fromlist, level, &globals)
}

fn b_input(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "input", args, 0, 1)?;
    if let Some(p) = args.first() {
        let s = vm.str(p)?;
        let _ = vm.out.write_all(s.as_bytes());
    }
    vm.flush();
    let mut line = String::new();
    match std::io::stdin().read_line(&mut line) {
        Ok(0) => {
            let ty = vm.t.exc.eof_error.clone();
            vm.err(&ty, "EOF when reading a line")
        }
        Ok(_) => {
            if line.ends_with('\n') {
                line.pop();
            }
            Ok(vm.new_string(line))
        }
        Err(e) => {
            let ty = vm.t.exc.os_error.clone();
            vm.err(&ty, e.to_string())
        }
    }
}

fn b_exit(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let ty = vm.t.exc.system_exit.clone();
    Err(vm.new_exc_args(&ty, args.to_vec()))
}

/// `__build_class__(func, name, *bases, metaclass=None, **kwds)`.
fn is_mapping_like(vm: &mut Vm, o: &ObjRef) -> bool {
    let gi = vm.intern("__getitem__");
    o.kind() == Kind::Dict || lookup_type(o.ty(), &gi).is_some()
}

fn b_build_class(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    if pos.len() < 2 {
        return vm.type_error("__build_class__: not enough arguments");
    }
    let func = pos[0].clone();
    let name = pos[1].clone();
    let orig_bases: Vec<ObjRef> = pos[2..].to_vec();
    // PEP 560: a base that is not a class may stand for others through __mro_entries__.
    let mut bases = Vec::with_capacity(orig_bases.len());
    let mut substituted = false;
    let mro_entries = vm.intern("__mro_entries__");
    for b in &orig_bases {
        if b.kind() != Kind::Type {
            if let Some(me) = vm.getattr_opt(b, &mro_entries)? {
                let t = vm.new_tuple(orig_bases.clone());
                let r = vm.call(&me, &[t], &[])?;
                if r.kind() != Kind::Tuple {
                    return vm.type_error("__mro_entries__ must return a tuple");
                }
                bases.extend(r.expect::<TupleObj>().0.iter().cloned());
                substituted = true;
                continue;
            }
        }
        bases.push(b.clone());
    }
    let mut meta: Option<ObjRef> = None;
    let mut extra_names = Vec::new();
    let mut extra_vals = Vec::new();
    for (k, v) in kws {
        if k == "metaclass" {
            meta = Some(v.clone());
        } else {
            extra_names.push(vm.intern(k));
            extra_vals.push(v.clone());
        }
    }
    // CPython's rule: the explicit metaclass, else the first base's type; when that is a class,
    // the most derived metaclass among it and the bases' types (which must form a chain).
    let meta =
        meta.unwrap_or_else(|| bases.first().map(|b| b.ty().clone()).unwrap_or_else(|| vm.t.type_.clone()));
    let meta =
        if meta.kind() == Kind::Type { types::calculate_metaclass(vm, meta, bases.iter())? } else { meta };
    // The namespace comes from the metaclass's __prepare__ when it has one.
    let prepare = vm.intern("__prepare__");
    let ns = match vm.getattr_opt(&meta, &prepare)? {
        Some(p) => {
            let bases_t = vm.new_tuple(bases.clone());
            let mut pargs = vec![name.clone(), bases_t];
            pargs.extend(extra_vals.iter().cloned());
            let ns = vm.call(&p, &pargs, &extra_names)?;
            if !is_mapping_like(vm, &ns) {
                let (m, t) = (
                    if meta.kind() == Kind::Type { type_name(&meta) } else { "<metaclass>".into() },
                    vm.type_name(&ns),
                );
                return vm.type_error(format!("{m}.__prepare__() must return a mapping, not {t}"));
            }
            ns
        }
        None => vm.new_dict(),
    };
    if substituted {
        let k = vm.intern("__orig_bases__");
        let t = vm.new_tuple(orig_bases.clone());
        vm.setitem(&ns, &k, t)?;
    }
    let Some(f) = func.get::<FuncObj>() else {
        return vm.type_error("__build_class__: func must be a function");
    };
    let mut frame = Box::new(crate::eval::frame::Frame::new(
        f.code.clone(),
        f.globals.clone(),
        f.builtins.clone(),
        Some(ns.clone()),
    ));
    frame.func = Some(func.clone());
    let body = crate::eval::run_frame(vm, frame)?;
    let bases_t = vm.new_tuple(bases);
    let mut cargs = vec![name, bases_t, ns.clone()];
    cargs.extend(extra_vals);
    let cls = vm.call(&meta, &cargs, &extra_names)?;
    // A body that used __class__/super() returns the cell; fill it with the new class.
    if let Some(cell) = body.get::<CellObj>() {
        cell.0.with(|c| *c = Some(cls.clone()));
    }
    Ok(cls)
}

#[allow(dead_code)]
fn _unused(_: Mut<()>) {}
