//! `import` of Python modules and packages found on `sys.path` (the script's directory,
//! PYTHONPATH, and whatever the program adds), following CPython's cache flow:
//! `__pycache__/NAME.cpython-311.pyc` is used when the source's mtime and size recorded in its
//! header match; otherwise the source is compiled by the embedder's compiler (pyrite's pipeline
//! under the CLI) and the cache is written, as importlib's SourceFileLoader does.

use super::modules;
use crate::eval::frame::Frame;
use crate::heap::{Kind, ObjRef};
use crate::object::misc::ModuleObj;
use crate::object::str::StrObj;
use crate::runtime::attr::{dict_get_str, dict_set_str};
use crate::{PyResult, Vm};
use std::path::{Path, PathBuf};

/// Where a module's source was found.
struct Found {
    source: PathBuf,
    cache: PathBuf,
    /// The package directory, for packages (`NAME/__init__.py`).
    package_dir: Option<PathBuf>,
}

fn find(dir: &Path, name: &str) -> Option<Found> {
    let pkg = dir.join(name);
    let init = pkg.join("__init__.py");
    if init.is_file() {
        let cache = pkg.join("__pycache__").join("__init__.cpython-311.pyc");
        return Some(Found { source: init, cache, package_dir: Some(pkg) });
    }
    let src = dir.join(format!("{name}.py"));
    if src.is_file() {
        let cache = dir.join("__pycache__").join(format!("{name}.cpython-311.pyc"));
        return Some(Found { source: src, cache, package_dir: None });
    }
    None
}

/// The source's mtime and size as a .pyc header records them (modulo 2**32).
fn source_stamp(found: &Found) -> Option<(u32, u32)> {
    let meta = std::fs::metadata(&found.source).ok()?;
    let mtime = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as u32;
    Some((mtime, meta.len() as u32))
}

/// How an existing cache records its source (its header flags), so a rewrite keeps the mode.
#[derive(Clone, Copy)]
enum CacheMode {
    Timestamp,
    Hash { checked: bool },
}

/// `importlib.util.source_hash`: SipHash-1-3 keyed with the magic number.
fn source_hash(source: &[u8]) -> [u8; 8] {
    let k0 = u32::from_le_bytes(pyrite_ir::target::default_target().magic_bytes()) as u64;
    pyrite_ir::pyhash::siphash13(k0, 0, source).to_le_bytes()
}

/// The cache's bytes if it is valid for the source, as SourceLoader.get_code decides: a
/// timestamp pyc whose mtime and size match, a checked-hash pyc whose hash matches, or an
/// unchecked-hash pyc (used without looking at the source). Also the mode a new cache keeps.
fn fresh_cache(found: &Found) -> (Option<Vec<u8>>, CacheMode) {
    let Ok(data) = std::fs::read(&found.cache) else { return (None, CacheMode::Timestamp) };
    if data.len() < 16 {
        return (None, CacheMode::Timestamp);
    }
    let word = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
    match word(4) {
        0 => {
            let fresh = source_stamp(found).is_some_and(|(mtime, size)| word(8) == mtime && word(12) == size);
            (fresh.then_some(data), CacheMode::Timestamp)
        }
        1 => (Some(data), CacheMode::Hash { checked: false }),
        3 => {
            let fresh = std::fs::read(&found.source).is_ok_and(|src| source_hash(&src)[..] == data[8..16]);
            (fresh.then_some(data), CacheMode::Hash { checked: true })
        }
        _ => (None, CacheMode::Timestamp),
    }
}

/// Writes the compiled module to its cache as importlib does: into a temporary file renamed over
/// the cache (readers never see half a file), silently giving up when the directory is not
/// writable, and not at all under PYTHONDONTWRITEBYTECODE.
fn write_cache(vm: &Vm, found: &Found, code: &pyrite_ir::code::CodeObject, mode: CacheMode, source: &[u8]) {
    let Some(write) = vm.opts.write_pyc else { return };
    if std::env::var_os("PYTHONDONTWRITEBYTECODE").is_some_and(|v| !v.is_empty()) {
        return;
    }
    let bytes = match mode {
        CacheMode::Timestamp => {
            let Some((mtime, size)) = source_stamp(found) else { return };
            let mut stamp = [0u8; 8];
            stamp[..4].copy_from_slice(&mtime.to_le_bytes());
            stamp[4..].copy_from_slice(&size.to_le_bytes());
            write(code, 0, stamp)
        }
        CacheMode::Hash { checked } => write(code, if checked { 3 } else { 1 }, source_hash(source)),
    };
    let Some(dir) = found.cache.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = found.cache.with_extension(format!("pyc.{}", std::process::id()));
    if std::fs::write(&tmp, &bytes).is_err() || std::fs::rename(&tmp, &found.cache).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

fn import_error(vm: &mut Vm, ty_not_found: bool, msg: String) -> ObjRef {
    let ty =
        if ty_not_found { vm.t.exc.module_not_found_error.clone() } else { vm.t.exc.import_error.clone() };
    vm.new_exc(&ty, &msg)
}

/// An ImportError with its `name` (and `path`) attributes set, as CPython's import raises them.
fn import_error_for(
    vm: &mut Vm,
    ty_not_found: bool,
    msg: String,
    name: &str,
    path: Option<ObjRef>,
) -> ObjRef {
    let e = import_error(vm, ty_not_found, msg);
    let (name, path) = (vm.new_str(name), path.unwrap_or_else(|| vm.none.clone()));
    let kws = [(vm.intern("name"), name), (vm.intern("path"), path)];
    let msg = e.get::<crate::object::exc::ExcObj>().and_then(|x| {
        x.args.with(|a| a.get::<crate::object::seq::TupleObj>().and_then(|t| t.0.first().cloned()))
    });
    let pos: Vec<ObjRef> = msg.into_iter().collect();
    match crate::builtins::exc_fields::init_fields(vm, &e, &pos, &kws) {
        Ok(()) => e,
        Err(err) => err,
    }
}

/// IMPORT_STAR: the names in the module's `__all__`, or else its names not starting with `_`.
pub fn import_star(vm: &mut Vm, m: &ObjRef, ns: &ObjRef) -> PyResult<()> {
    let all_k = vm.intern("__all__");
    let names = match vm.getattr_opt(m, &all_k)? {
        Some(all) => vm.collect(&all)?,
        None => {
            let Some(d) = crate::runtime::attr::instance_dict(m) else {
                return vm.type_error("from-import-* object has no __dict__ and no __all__");
            };
            vm.dict_items(&d)
                .into_iter()
                .map(|(k, _)| k)
                .filter(|k| k.get::<StrObj>().is_some_and(|s| !s.s.starts_with('_')))
                .collect()
        }
    };
    for name in names {
        if name.kind() != Kind::Str {
            let t = vm.type_name(&name);
            return vm.type_error(format!("Item in __all__ must be str, not {t}"));
        }
        let v = vm.getattr(m, &name)?;
        if ns.ty().is(&vm.t.dict) {
            dict_set_str(ns, name, v);
        } else {
            vm.setitem(ns, &name, v)?;
        }
    }
    Ok(())
}

thread_local! {
    /// Modules whose body is running (CPython's `__spec__._initializing`).
    static INITIALIZING: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// IMPORT_FROM: `from m import name`; a submodule already in sys.modules also answers.
pub fn import_from(vm: &mut Vm, m: &ObjRef, name: &ObjRef) -> PyResult {
    if let Some(v) = vm.getattr_opt(m, name)? {
        return Ok(v);
    }
    let name_s = name.expect::<StrObj>().s.to_string();
    let name_k = vm.n.name.clone();
    let pkg = vm.getattr_opt(m, &name_k)?.filter(|p| p.kind() == Kind::Str);
    let pkg_s = pkg.as_ref().map(|p| p.expect::<StrObj>().s.to_string());
    if let Some(p) = &pkg_s {
        let key = vm.intern(&format!("{p}.{name_s}"));
        if let Some(sub) = dict_get_str(&vm.sys_modules.clone(), &key) {
            return Ok(sub);
        }
    }
    let pkg_s = pkg_s.unwrap_or_else(|| "<unknown module name>".into());
    let file_k = vm.n.file.clone();
    let path = crate::runtime::attr::instance_dict(m).and_then(|d| dict_get_str(&d, &file_k));
    let location = match &path {
        Some(p) => vm.str(p)?,
        None => "unknown location".into(),
    };
    let partial = INITIALIZING.with(|i| i.borrow().contains(&pkg_s));
    let (n, p) = (pyrite_ir::pyrepr::str_repr(&name_s), pyrite_ir::pyrepr::str_repr(&pkg_s));
    let msg = if partial {
        format!(
            "cannot import name {n} from partially initialized module {p} (most likely due to a circular import) ({location})"
        )
    } else {
        format!("cannot import name {n} from {p} ({location})")
    };
    Err(import_error_for(vm, false, msg, &pkg_s, path))
}

/// Loads module `fullname` from `dir` (None if there is no such source there).
fn load(vm: &mut Vm, fullname: &str, dir: &Path) -> PyResult<Option<ObjRef>> {
    let short = fullname.rsplit('.').next().unwrap_or(fullname);
    let Some(found) = find(dir, short) else { return Ok(None) };
    let (cache, mode) = fresh_cache(&found);
    let code = match cache {
        Some(data) => {
            let Some(loader) = vm.opts.load_pyc else {
                let msg = format!("cannot import '{fullname}': no .pyc reader configured");
                return Err(import_error(vm, false, msg));
            };
            match loader(&data) {
                Ok(c) => c,
                Err(e) => {
                    let msg = format!("cannot import '{fullname}': {}: {e}", found.cache.display());
                    return Err(import_error(vm, false, msg));
                }
            }
        }
        None => {
            let Some(compile) = vm.opts.compile_source else {
                let msg = format!(
                    "cannot import '{fullname}': {} has no up-to-date {} and no compiler is configured",
                    found.source.display(),
                    found.cache.display()
                );
                return Err(import_error(vm, false, msg));
            };
            let source = match std::fs::read(&found.source) {
                Ok(s) => s,
                Err(e) => {
                    let msg = format!("cannot import '{fullname}': {}: {e}", found.source.display());
                    return Err(import_error(vm, false, msg));
                }
            };
            let code = match compile(&source, &found.source.to_string_lossy(), "exec", 0) {
                Ok(c) => c,
                Err(d) => return Err(crate::builtins::exec::compile_error(vm, &d)),
            };
            write_cache(vm, &found, &code, mode, &source);
            code
        }
    };
    let code = vm.load_code(&code)?;
    let globals = vm.new_dict();
    let module = ObjRef::new(&vm.t.module, ModuleObj { name: fullname.into(), dict: globals.clone() });
    let set = |vm: &mut Vm, k: &str, v: ObjRef| {
        let k = vm.intern(k);
        dict_set_str(&globals, k, v);
    };
    let v = vm.new_str(fullname);
    set(vm, "__name__", v);
    let v = vm.none.clone();
    set(vm, "__doc__", v);
    let v = vm.new_str(&found.source.to_string_lossy());
    set(vm, "__file__", v);
    let v = vm.new_str(&found.cache.to_string_lossy());
    set(vm, "__cached__", v);
    let package = match &found.package_dir {
        Some(d) => {
            let p = vm.new_str(&d.to_string_lossy());
            let path = vm.new_list(vec![p]);
            set(vm, "__path__", path);
            fullname.to_string()
        }
        None => fullname.rsplit_once('.').map(|(p, _)| p.to_string()).unwrap_or_default(),
    };
    let v = vm.new_str(&package);
    set(vm, "__package__", v);
    let b = vm.builtins.clone();
    set(vm, "__builtins__", b);
    let mods = vm.sys_modules.clone();
    let key = vm.intern(fullname);
    dict_set_str(&mods, key.clone(), module.clone());
    let frame = Box::new(Frame::new(code, globals.clone(), vm.builtins.clone(), Some(globals)));
    INITIALIZING.with(|i| i.borrow_mut().push(fullname.to_string()));
    let r = crate::eval::run_frame(vm, frame);
    INITIALIZING.with(|i| i.borrow_mut().pop());
    if let Err(e) = r {
        let _ = vm.dict_pop(&mods, &key);
        return Err(e);
    }
    // The module may have replaced itself in sys.modules.
    Ok(Some(dict_get_str(&mods, &key).unwrap_or(module)))
}

/// The directories a submodule of `parent` is searched in (its `__path__`).
fn package_dirs(vm: &mut Vm, parent: &ObjRef) -> PyResult<Option<Vec<PathBuf>>> {
    let name = vm.intern("__path__");
    let Some(path) = vm.getattr_opt(parent, &name)? else { return Ok(None) };
    let mut dirs = Vec::new();
    let it = vm.iter(&path)?;
    while let Some(p) = vm.next(&it)? {
        dirs.push(PathBuf::from(vm.str(&p)?));
    }
    Ok(Some(dirs))
}

/// The directories of `sys.path`, read at each import (programs append to it); an empty entry
/// is the current directory.
fn search_path(vm: &mut Vm) -> PyResult<Vec<PathBuf>> {
    let sys = modules::sys_module(vm);
    let name = vm.intern("path");
    let Some(path) = vm.getattr_opt(&sys, &name)? else { return Ok(Vec::new()) };
    let mut dirs = Vec::new();
    for p in vm.collect(&path)? {
        if let Some(s) = p.get::<StrObj>() {
            dirs.push(if s.s.is_empty() { PathBuf::from(".") } else { PathBuf::from(&*s.s) });
        }
    }
    Ok(dirs)
}

/// Imports one dotted name (its parents first); returns the module itself.
fn import_one(vm: &mut Vm, fullname: &str) -> PyResult {
    let mods = vm.sys_modules.clone();
    let key = vm.intern(fullname);
    if let Some(m) = dict_get_str(&mods, &key) {
        if m.is(&vm.none) {
            let msg = format!("import of {fullname} halted; None in sys.modules");
            return Err(import_error_for(vm, true, msg, fullname, None));
        }
        return Ok(m);
    }
    let (dirs, parent) = match fullname.rsplit_once('.') {
        Some((p, _)) => {
            let parent = import_one(vm, p)?;
            match package_dirs(vm, &parent)? {
                Some(d) => (d, Some(parent)),
                None => {
                    let msg = format!("No module named '{fullname}'; '{p}' is not a package");
                    return Err(import_error_for(vm, true, msg, fullname, None));
                }
            }
        }
        None => {
            if let Some(m) = modules::native(vm, fullname) {
                return Ok(m);
            }
            (search_path(vm)?, None)
        }
    };
    for d in &dirs {
        if let Some(m) = load(vm, fullname, d)? {
            if let Some(parent) = parent {
                let child = vm.intern(fullname.rsplit('.').next().unwrap_or(fullname));
                vm.setattr(&parent, &child, m.clone())?;
            }
            return Ok(m);
        }
    }
    Err(import_error_for(vm, true, format!("No module named '{fullname}'"), fullname, None))
}

/// IMPORT_NAME: `__import__(name, globals, fromlist, level)`.
pub fn import_name(vm: &mut Vm, name: &ObjRef, fromlist: &ObjRef, level: i64, globals: &ObjRef) -> PyResult {
    let mut full = name.expect::<StrObj>().s.to_string();
    if full.is_empty() && level == 0 {
        return vm.value_error("Empty module name");
    }
    if level > 0 {
        let pk = vm.intern("__package__");
        let package = match dict_get_str(globals, &pk) {
            Some(p) if p.get::<StrObj>().is_some() => p.expect::<StrObj>().s.to_string(),
            _ => String::new(),
        };
        if package.is_empty() {
            let ty = vm.t.exc.import_error.clone();
            return vm.err(&ty, "attempted relative import with no known parent package");
        }
        let mut base: Vec<&str> = package.split('.').collect();
        for _ in 1..level {
            if base.pop().is_none() || base.is_empty() {
                let ty = vm.t.exc.import_error.clone();
                return vm.err(&ty, "attempted relative import beyond top-level package");
            }
        }
        let base = base.join(".");
        full = if full.is_empty() { base } else { format!("{base}.{full}") };
    }
    let m = import_one(vm, &full)?;
    let has_fromlist = !fromlist.is(&vm.none) && vm.truthy(fromlist)?;
    if !has_fromlist {
        if level > 0 && name.expect::<StrObj>().s.is_empty() {
            return Ok(m);
        }
        let top = full.split('.').next().unwrap_or(&full).to_string();
        return import_one(vm, &top);
    }
    // `from pkg import sub`: submodules named in the fromlist are imported too.
    if package_dirs(vm, &m)?.is_some() {
        let it = vm.iter(fromlist)?;
        while let Some(x) = vm.next(&it)? {
            let Some(s) = x.get::<StrObj>().map(|s| s.s.to_string()) else { continue };
            if s == "*" || vm.getattr_opt(&m, &x)?.is_some() {
                continue;
            }
            match import_one(vm, &format!("{full}.{s}")) {
                Ok(_) => {}
                Err(e) if e.ty().is(&vm.t.exc.module_not_found_error) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(m)
}
