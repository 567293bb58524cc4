//! Native modules (sys, math, time, gc) and `import` of them (Python modules: `import.rs`).

use super::{check_args, new_builtin};
use crate::heap::{Kind, Mut, ObjRef};
use crate::object::func::NativeFn;
use crate::object::misc::ModuleObj;
use crate::object::str::StrObj;
use crate::runtime::attr::{dict_get_str, dict_set_str};
use crate::{PyResult, Vm};
use std::io::Write;

fn new_module(vm: &mut Vm, name: &str) -> ObjRef {
    let d = vm.new_dict();
    let k = vm.n.name.clone();
    let v = vm.new_str(name);
    dict_set_str(&d, k, v);
    ObjRef::new(&vm.t.module, ModuleObj { name: name.into(), dict: d })
}

fn set(vm: &mut Vm, m: &ObjRef, name: &str, v: ObjRef) {
    let k = vm.intern(name);
    dict_set_str(&m.expect::<ModuleObj>().dict, k, v);
}

fn func(vm: &mut Vm, m: &ObjRef, name: &'static str, f: NativeFn) {
    let qualname = format!("{}.{name}", m.expect::<ModuleObj>().name);
    let v = super::new_checked_builtin(vm, &qualname, name, f, false);
    set(vm, m, name, v);
}

/// `import name`: a native module, or a Python module beside the script ([`super::import`]).
pub fn import(vm: &mut Vm, name: &ObjRef) -> PyResult {
    let none = vm.none.clone();
    let globals = vm.new_dict();
    super::import::import_name(vm, name, &none, 0, &globals)
}

/// The native module `name` (created and entered in sys.modules on first use).
pub fn native(vm: &mut Vm, n: &str) -> Option<ObjRef> {
    let mods = vm.sys_modules.clone();
    let key = vm.intern(n);
    if let Some(m) = dict_get_str(&mods, &key) {
        if !m.is(&vm.none) {
            return Some(m);
        }
    }
    let m = match n {
        "sys" => sys_module(vm),
        "math" => math_module(vm),
        "time" => time_module(vm),
        "gc" => gc_module(vm),
        "os" => os_module(vm),
        "builtins" => builtins_module(vm),
        _ => return None,
    };
    dict_set_str(&mods, key, m.clone());
    Some(m)
}

/// `builtins`: a module over the dict every frame resolves builtin names in, so that names a
/// program sets on it (`builtins.x = 1`) are seen as builtins, as in CPython.
fn builtins_module(vm: &mut Vm) -> ObjRef {
    let d = vm.builtins.clone();
    let k = vm.n.name.clone();
    if dict_get_str(&d, &k).is_none() {
        let v = vm.new_str("builtins");
        dict_set_str(&d, k, v);
    }
    ObjRef::new(&vm.t.module, ModuleObj { name: "builtins".into(), dict: d })
}

/// `sys.version_info`: a tuple subclass whose fields are also attributes (CPython's structseq).
fn version_info(vm: &mut Vm) -> ObjRef {
    let meta = vm.t.type_.clone();
    let ty =
        crate::runtime::types::new_type(&meta, "version_info", vec![vm.t.tuple.clone()], Kind::Tuple, false);
    let fields: [(&'static str, NativeFn); 5] = [
        ("major", |vm, a, _| vi_field(vm, a, 0)),
        ("minor", |vm, a, _| vi_field(vm, a, 1)),
        ("micro", |vm, a, _| vi_field(vm, a, 2)),
        ("releaselevel", |vm, a, _| vi_field(vm, a, 3)),
        ("serial", |vm, a, _| vi_field(vm, a, 4)),
    ];
    for (name, f) in fields {
        let fget = new_builtin(vm, name, f);
        let p = crate::object::misc::PropertyObj {
            fget: Mut::new(Some(fget)),
            fset: Mut::new(None),
            fdel: Mut::new(None),
            doc: Mut::new(None),
        };
        let p = ObjRef::new(&vm.t.property, p);
        crate::builtins::add_attr(vm, &ty, name, p);
    }
    let items = vec![vm.new_int(3), vm.new_int(11), vm.new_int(7), vm.new_str("final"), vm.new_int(0)];
    ObjRef::new(&ty, crate::object::seq::TupleObj(items.into_boxed_slice()))
}

fn vi_field(vm: &mut Vm, a: &[ObjRef], i: usize) -> PyResult {
    check_args(vm, "version_info field", a, 1, 1)?;
    match a[0].get::<crate::object::seq::TupleObj>() {
        Some(t) if t.0.len() > i => Ok(t.0[i].clone()),
        _ => vm.type_error("descriptor requires a 'sys.version_info' object"),
    }
}

pub fn sys_module(vm: &mut Vm) -> ObjRef {
    let key = vm.intern("sys");
    let mods = vm.sys_modules.clone();
    if let Some(m) = dict_get_str(&mods, &key) {
        return m;
    }
    let m = new_module(vm, "sys");
    dict_set_str(&mods, key, m.clone());
    let argv: Vec<ObjRef> = vm.opts.argv.clone().iter().map(|a| vm.new_str(a)).collect();
    let argv = vm.new_list(argv);
    set(vm, &m, "argv", argv);
    // sys.path: the script's directory, then PYTHONPATH's entries (the standard library's
    // directories are not searched: its modules are native or missing).
    let mut path = vec![match &vm.opts.script_dir {
        Some(d) => d.to_string_lossy().into_owned(),
        None => String::new(),
    }];
    if let Ok(pp) = std::env::var("PYTHONPATH") {
        path.extend(pp.split(':').filter(|p| !p.is_empty()).map(str::to_string));
    }
    let path: Vec<ObjRef> = path.iter().map(|p| vm.new_str(p)).collect();
    let path = vm.new_list(path);
    set(vm, &m, "path", path);
    let v = vm.new_int(i64::MAX);
    set(vm, &m, "maxsize", v);
    let v = vm.new_str("3.11.7 (pyrite reference VM)");
    set(vm, &m, "version", v);
    let vi = version_info(vm);
    set(vm, &m, "version_info", vi);
    let mods_dict = vm.sys_modules.clone();
    set(vm, &m, "modules", mods_dict);
    let v = vm.new_str("little");
    set(vm, &m, "byteorder", v);
    func(vm, &m, "getrecursionlimit", sys_getrecursionlimit);
    func(vm, &m, "setrecursionlimit", sys_setrecursionlimit);
    func(vm, &m, "getrefcount", sys_getrefcount);
    func(vm, &m, "exit", sys_exit);
    func(vm, &m, "exc_info", sys_exc_info);
    func(vm, &m, "intern", sys_intern);
    for (name, w, fl) in [
        ("stdout", stdout_write as NativeFn, stdout_flush as NativeFn),
        ("stderr", stderr_write, stdout_flush),
    ] {
        let s = new_module(vm, name);
        func(vm, &s, "write", w);
        func(vm, &s, "flush", fl);
        set(vm, &m, name, s.clone());
        set(vm, &m, if name == "stdout" { "__stdout__" } else { "__stderr__" }, s);
    }
    m
}

fn sys_getrecursionlimit(vm: &mut Vm, _: &[ObjRef], _: &[ObjRef]) -> PyResult {
    Ok(vm.new_int(vm.recursion_limit as i64))
}

fn sys_setrecursionlimit(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "setrecursionlimit", a, 1, 1)?;
    let n = vm.to_i64(&a[0])?;
    if n < 1 {
        return vm.value_error("recursion limit must be greater or equal than 1");
    }
    vm.recursion_limit = n as usize;
    Ok(vm.none.clone())
}

fn sys_getrefcount(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "getrefcount", a, 1, 1)?;
    // The argument slot holds one extra reference, as in CPython.
    Ok(vm.new_int(a[0].refcount() as i64))
}

fn sys_exit(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "exit", a, 0, 1)?;
    let ty = vm.t.exc.system_exit.clone();
    let e = vm.new_exc_args(&ty, a.to_vec());
    crate::builtins::exc_fields::init_fields(vm, &e, a, &[])?;
    Err(e)
}

fn sys_exc_info(vm: &mut Vm, _: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let v = match vm.exc_info.clone() {
        Some(e) => {
            let tb = e
                .get::<crate::object::exc::ExcObj>()
                .and_then(|x| x.traceback.with(|t| t.clone()))
                .unwrap_or_else(|| vm.none.clone());
            vec![e.ty().clone(), e, tb]
        }
        None => vec![vm.none.clone(), vm.none.clone(), vm.none.clone()],
    };
    Ok(vm.new_tuple(v))
}

fn sys_intern(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "intern", a, 1, 1)?;
    let s = vm.str(&a[0])?;
    Ok(vm.intern(&s))
}

fn stdout_write(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "write", a, 1, 1)?;
    let s = match a[0].get::<StrObj>() {
        Some(s) => s.s.to_string(),
        None => return vm.type_error(format!("write() argument must be str, not {}", vm.type_name(&a[0]))),
    };
    let _ = vm.out.write_all(s.as_bytes());
    Ok(vm.new_int(a[0].expect::<StrObj>().nchars as i64))
}

fn stderr_write(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "write", a, 1, 1)?;
    let s = vm.str(&a[0])?;
    vm.flush();
    let _ = std::io::stderr().write_all(s.as_bytes());
    Ok(vm.new_int(s.chars().count() as i64))
}

fn stdout_flush(vm: &mut Vm, _: &[ObjRef], _: &[ObjRef]) -> PyResult {
    vm.flush();
    Ok(vm.none.clone())
}

fn math_module(vm: &mut Vm) -> ObjRef {
    let m = new_module(vm, "math");
    for (n, v) in [
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        let f = vm.new_float(v);
        set(vm, &m, n, f);
    }
    for (n, f) in super::math::functions() {
        func(vm, &m, n, f);
    }
    m
}

fn time_module(vm: &mut Vm) -> ObjRef {
    let m = new_module(vm, "time");
    func(vm, &m, "time", t_time);
    func(vm, &m, "perf_counter", t_perf);
    func(vm, &m, "monotonic", t_perf);
    func(vm, &m, "process_time", t_perf);
    func(vm, &m, "time_ns", t_time_ns);
    func(vm, &m, "perf_counter_ns", t_perf_ns);
    func(vm, &m, "monotonic_ns", t_perf_ns);
    func(vm, &m, "process_time_ns", t_perf_ns);
    func(vm, &m, "sleep", t_sleep);
    m
}

fn no_args(vm: &mut Vm, name: &str, a: &[ObjRef]) -> PyResult<()> {
    if !a.is_empty() {
        return vm.type_error(format!("time.{name}() takes no arguments ({} given)", a.len()));
    }
    Ok(())
}

fn t_time_ns(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    no_args(vm, "time_ns", a)?;
    let t =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    Ok(vm.new_int(t as i64))
}

fn t_perf_ns(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    no_args(vm, "perf_counter_ns", a)?;
    let t = PERF_START.with(|s| s.elapsed().as_nanos());
    Ok(vm.new_int(t as i64))
}

fn t_sleep(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    if a.len() != 1 {
        return vm.type_error(format!("time.sleep() takes exactly one argument ({} given)", a.len()));
    }
    // Floats as they are; anything else through __index__ (as CPython's _PyTime conversion).
    let secs = match a[0].kind() {
        Kind::Float => {
            let f = a[0].expect::<crate::object::float::FloatObj>().0;
            if f.is_nan() {
                return vm.value_error("Invalid value NaN (not a number)");
            }
            f
        }
        _ => vm.to_i64(&a[0])? as f64,
    };
    if secs < 0.0 {
        return vm.value_error("sleep length must be non-negative");
    }
    if secs > 0.0 {
        vm.flush();
        std::thread::sleep(std::time::Duration::from_secs_f64(secs.min(1e9)));
    }
    Ok(vm.none.clone())
}

thread_local! {
    static PERF_START: std::time::Instant = std::time::Instant::now();
}

fn t_time(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    no_args(vm, "time", a)?;
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    Ok(vm.new_float(t))
}

fn t_perf(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    no_args(vm, "perf_counter", a)?;
    let t = PERF_START.with(|s| s.elapsed().as_secs_f64());
    Ok(vm.new_float(t))
}

/// `gc`: the cycle collector's interface (see heap::gc).
fn gc_module(vm: &mut Vm) -> ObjRef {
    let m = new_module(vm, "gc");
    func(vm, &m, "collect", gc_collect);
    func(vm, &m, "isenabled", gc_isenabled);
    func(vm, &m, "enable", gc_enable);
    func(vm, &m, "disable", gc_disable);
    func(vm, &m, "get_threshold", gc_get_threshold);
    func(vm, &m, "set_threshold", gc_set_threshold);
    func(vm, &m, "get_count", gc_get_count);
    func(vm, &m, "get_stats", gc_get_stats);
    func(vm, &m, "is_tracked", gc_is_tracked);
    func(vm, &m, "is_finalized", gc_is_finalized);
    func(vm, &m, "get_referents", gc_get_referents);
    let garbage = vm.new_list(vec![]);
    set(vm, &m, "garbage", garbage);
    let callbacks = vm.new_list(vec![]);
    set(vm, &m, "callbacks", callbacks);
    m
}

fn gc_collect(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    check_args(vm, "collect", a, 0, 1)?;
    let generation = match a.first() {
        Some(g) => vm.to_i64(g)?,
        None => 2,
    };
    if kw.iter().any(|k| k.get::<StrObj>().is_none_or(|s| &*s.s != "generation")) {
        return vm.type_error("collect() got an unexpected keyword argument");
    }
    if !(0..=2).contains(&generation) {
        return vm.value_error("invalid generation");
    }
    let n = vm.collect_garbage(Some(generation as usize));
    Ok(vm.new_int(n as i64))
}

fn gc_isenabled(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "isenabled", a, 0, 0)?;
    Ok(vm.new_bool(crate::heap::gc::is_enabled()))
}

fn gc_enable(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "enable", a, 0, 0)?;
    crate::heap::gc::enable(true);
    Ok(vm.none.clone())
}

fn gc_disable(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "disable", a, 0, 0)?;
    crate::heap::gc::enable(false);
    Ok(vm.none.clone())
}

fn gc_get_threshold(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "get_threshold", a, 0, 0)?;
    let v = crate::heap::gc::thresholds().iter().map(|&t| vm.new_int(t)).collect();
    Ok(vm.new_tuple(v))
}

fn gc_set_threshold(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "set_threshold", a, 1, 3)?;
    let mut t = Vec::new();
    for x in a {
        t.push(vm.to_i64(x)?);
    }
    crate::heap::gc::set_thresholds(&t);
    Ok(vm.none.clone())
}

fn gc_get_count(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "get_count", a, 0, 0)?;
    let v = crate::heap::gc::counts().iter().map(|&c| vm.new_int(c)).collect();
    Ok(vm.new_tuple(v))
}

fn gc_get_stats(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "get_stats", a, 0, 0)?;
    let mut out = Vec::new();
    for s in crate::heap::gc::gen_stats() {
        let d = vm.new_dict();
        for (k, v) in
            [("collections", s.collections), ("collected", s.collected), ("uncollectable", s.uncollectable)]
        {
            let k = vm.new_str(k);
            let v = vm.new_int(v as i64);
            vm.setitem(&d, &k, v)?;
        }
        out.push(d);
    }
    Ok(vm.new_list(out))
}

fn gc_is_tracked(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "is_tracked", a, 1, 1)?;
    Ok(vm.new_bool(crate::heap::gc::is_tracked(&a[0])))
}

fn gc_is_finalized(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "is_finalized", a, 1, 1)?;
    Ok(vm.new_bool(crate::heap::gc::is_finalized(&a[0])))
}

fn gc_get_referents(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let mut out = Vec::new();
    for o in a {
        out.extend(crate::heap::gc::referents(o));
    }
    Ok(vm.new_list(out))
}

/// `os`: the few file-system functions programs using `open()` reach for.
fn os_module(vm: &mut Vm) -> ObjRef {
    let m = new_module(vm, "os");
    func(vm, &m, "remove", os_remove);
    func(vm, &m, "unlink", os_remove);
    func(vm, &m, "getcwd", os_getcwd);
    let sep = vm.new_str("/");
    set(vm, &m, "sep", sep);
    let nl = vm.new_str("\n");
    set(vm, &m, "linesep", nl);
    m
}

fn os_remove(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "remove", a, 1, 1)?;
    let p = vm.str(&a[0])?;
    match std::fs::remove_file(&p) {
        Ok(()) => Ok(vm.none.clone()),
        Err(e) => {
            let ty = if e.kind() == std::io::ErrorKind::NotFound {
                vm.t.exc.file_not_found_error.clone()
            } else {
                vm.t.exc.os_error.clone()
            };
            let errno = e.raw_os_error().unwrap_or(0);
            let msg = if errno == 2 { "No such file or directory".to_string() } else { e.to_string() };
            vm.err(&ty, format!("[Errno {errno}] {msg}: {}", pyrite_ir::pyrepr::str_repr(&p)))
        }
    }
}

fn os_getcwd(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "getcwd", a, 0, 0)?;
    let d = std::env::current_dir().map(|d| d.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(vm.new_string(d))
}
