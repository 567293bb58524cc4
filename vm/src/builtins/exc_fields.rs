//! The extra fields of the builtin exception classes, set when an exception is constructed or
//! initialised (CPython's OSError_new/init, SyntaxError_init, SystemExit_init, ImportError_init,
//! NameError_init, AttributeError_init), and the `str()` forms that read them.

use crate::heap::ObjRef;
use crate::object::exc::ExcObj;
use crate::object::seq::TupleObj;
use crate::object::str::StrObj;
use crate::runtime::attr::{dict_get_str, dict_set_str};
use crate::runtime::types::is_subtype;
use crate::{PyResult, Vm};

/// The class `OSError(errno, ...)` really creates: CPython maps some errno values to subclasses.
pub fn oserror_subclass(vm: &Vm, cls: &ObjRef, pos: &[ObjRef]) -> ObjRef {
    if !cls.is(&vm.t.exc.os_error) || !(2..=5).contains(&pos.len()) {
        return cls.clone();
    }
    let errno = pos[0].get::<crate::object::int::IntObj>().and_then(|i| i.0.as_i64());
    // Linux errno values, as CPython's errnomap.
    let e = &vm.t.exc;
    match errno {
        Some(1 | 13) => e.permission_error.clone(),
        Some(2) => e.file_not_found_error.clone(),
        Some(3) => e.process_lookup_error.clone(),
        Some(4) => e.interrupted_error.clone(),
        Some(10) => e.child_process_error.clone(),
        Some(11 | 114 | 115) => e.blocking_io_error.clone(),
        Some(17) => e.file_exists_error.clone(),
        Some(20) => e.not_a_directory_error.clone(),
        Some(21) => e.is_a_directory_error.clone(),
        Some(32 | 108) => e.broken_pipe_error.clone(),
        Some(103) => e.connection_aborted_error.clone(),
        Some(104) => e.connection_reset_error.clone(),
        Some(110) => e.timeout_error.clone(),
        Some(111) => e.connection_refused_error.clone(),
        _ => cls.clone(),
    }
}

fn set(vm: &mut Vm, exc: &ObjRef, name: &str, v: ObjRef) {
    if let Some(e) = exc.get::<ExcObj>() {
        let k = vm.intern(name);
        dict_set_str(&e.dict, k, v);
    }
}

pub fn field(vm: &mut Vm, exc: &ObjRef, name: &str) -> Option<ObjRef> {
    let e = exc.get::<ExcObj>()?;
    let k = vm.intern(name);
    dict_get_str(&e.dict, &k).filter(|v| !v.is(&vm.none))
}

fn set_args(vm: &mut Vm, exc: &ObjRef, args: Vec<ObjRef>) {
    let t = vm.new_tuple(args);
    if let Some(e) = exc.get::<ExcObj>() {
        let old = e.args.with(|a| std::mem::replace(a, t));
        drop(old);
    }
}

/// Sets the class-specific fields of `exc` from its constructor arguments; rejects keyword
/// arguments the class does not take.
pub fn init_fields(vm: &mut Vm, exc: &ObjRef, pos: &[ObjRef], kws: &[(ObjRef, ObjRef)]) -> PyResult<()> {
    let ty = exc.ty().clone();
    let t = |vm: &Vm, f: fn(&crate::runtime::types::ExcTypes) -> &ObjRef| is_subtype(&ty, f(&vm.t.exc));
    let none = vm.none.clone();
    let allowed: &[&str] = if t(vm, |e| &e.import_error) {
        &["name", "path"]
    } else if t(vm, |e| &e.attribute_error) {
        &["name", "obj"]
    } else if t(vm, |e| &e.name_error) {
        &["name"]
    } else {
        &[]
    };
    for name in allowed {
        set(vm, exc, name, none.clone());
    }
    for (k, v) in kws {
        let k = k.expect::<StrObj>().s.to_string();
        if !allowed.contains(&k.as_str()) {
            let name = crate::runtime::types::type_name(&ty);
            if allowed.is_empty() {
                return vm.type_error(format!("{name}() takes no keyword arguments"));
            }
            return vm.type_error(format!("{name}() got an unexpected keyword argument '{k}'"));
        }
        set(vm, exc, &k, v.clone());
    }
    if t(vm, |e| &e.system_exit) {
        let code = match pos.len() {
            0 => none.clone(),
            1 => pos[0].clone(),
            _ => vm.new_tuple(pos.to_vec()),
        };
        set(vm, exc, "code", code);
    } else if t(vm, |e| &e.import_error) {
        let msg = if pos.len() == 1 { pos[0].clone() } else { none.clone() };
        set(vm, exc, "msg", msg);
    } else if t(vm, |e| &e.os_error) {
        let get = |i: usize| if (2..=5).contains(&pos.len()) { pos.get(i).cloned() } else { None };
        for (i, name) in [(0, "errno"), (1, "strerror"), (2, "filename"), (4, "filename2")] {
            let v = get(i).unwrap_or_else(|| none.clone());
            set(vm, exc, name, v);
        }
        if (3..=5).contains(&pos.len()) {
            set_args(vm, exc, pos[..2].to_vec());
        }
    } else if t(vm, |e| &e.syntax_error) {
        let msg = pos.first().cloned().unwrap_or_else(|| none.clone());
        set(vm, exc, "msg", msg);
        let names = ["filename", "lineno", "offset", "text", "end_lineno", "end_offset"];
        let info = match pos {
            [_, info] => info.get::<TupleObj>().map(|t| t.0.to_vec()),
            _ => None,
        };
        if let Some(info) = &info {
            if !(4..=6).contains(&info.len()) {
                return vm.index_error("tuple index out of range");
            }
        }
        for (i, name) in names.iter().enumerate() {
            let v = info.as_ref().and_then(|t| t.get(i).cloned()).unwrap_or_else(|| none.clone());
            set(vm, exc, name, v);
        }
        set(vm, exc, "print_file_and_line", none);
    }
    Ok(())
}

/// `str()` of the classes whose text comes from their fields; None for the others.
pub fn field_str(vm: &mut Vm, exc: &ObjRef) -> PyResult<Option<String>> {
    let ty = exc.ty().clone();
    if is_subtype(&ty, &vm.t.exc.os_error) {
        let (Some(errno), Some(strerror)) = (field(vm, exc, "errno"), field(vm, exc, "strerror")) else {
            return Ok(None);
        };
        let (errno, strerror) = (vm.str(&errno)?, vm.str(&strerror)?);
        let mut s = format!("[Errno {errno}] {strerror}");
        if let Some(f) = field(vm, exc, "filename") {
            s += &format!(": {}", vm.repr(&f)?);
            if let Some(f2) = field(vm, exc, "filename2") {
                s += &format!(" -> {}", vm.repr(&f2)?);
            }
        }
        return Ok(Some(s));
    }
    if is_subtype(&ty, &vm.t.exc.syntax_error) {
        let Some(msg) = field(vm, exc, "msg") else { return Ok(None) };
        let msg = vm.str(&msg)?;
        let file = field(vm, exc, "filename")
            .and_then(|f| f.get::<StrObj>().map(|s| s.s.rsplit('/').next().unwrap_or("").to_string()));
        let line = field(vm, exc, "lineno").filter(|l| l.kind() == crate::heap::Kind::Int);
        let line = match line {
            Some(l) => Some(vm.str(&l)?),
            None => None,
        };
        return Ok(Some(match (file, line) {
            (Some(f), Some(l)) => format!("{msg} ({f}, line {l})"),
            (Some(f), None) => format!("{msg} ({f})"),
            (None, Some(l)) => format!("{msg} (line {l})"),
            (None, None) => msg,
        }));
    }
    if is_subtype(&ty, &vm.t.exc.import_error) {
        if let Some(msg) = field(vm, exc, "msg") {
            return Ok(Some(vm.str(&msg)?));
        }
    }
    Ok(None)
}
