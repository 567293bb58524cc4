//! Running a module code object as `__main__`: globals, uncaught exceptions, SystemExit, and
//! the allocator statistics report.

use crate::heap::{Kind, ObjRef};
use crate::object::exc::ExcObj;
use crate::object::int::IntObj;
use crate::object::misc::ModuleObj;
use crate::object::seq::TupleObj;
use crate::runtime::attr::dict_set_str;
use crate::runtime::types::is_subtype;
use crate::{Options, Vm};
use pyrite_ir::code::CodeObject;
use std::io::Write;

/// Runs `code` as the `__main__` module; returns the process exit code. Output written by the
/// program goes to stdout/stderr exactly as CPython would print it.
pub fn run_main(code: &CodeObject, opts: Options) -> i32 {
    let mut vm = Vm::new(opts);
    let status = run_in(&mut vm, code);
    finalize_modules(&mut vm);
    vm.flush();
    crate::heap::disable_finalizers();
    drop(vm);
    // What the VM held (builtin types and their tables, interned names) forms cycles that only
    // the collector frees; no Python code can run any more.
    crate::heap::gc::collect(2, &mut |_| {});
    status
}

/// Frees what is still allocated after `run_main` (the builtin types, their method tables, the
/// interned names: a cycle through `type`, its own type, that no collection frees); call it
/// after `stats_report`, whose figures describe the heap as the program left it. Returns the
/// number of objects still live afterwards (0 unless a reference is held outside the heap).
pub fn release_heap() -> u64 {
    crate::runtime::attr::forget_runtime_refs();
    crate::heap::release_all()
}

/// Interpreter shutdown as CPython's finalize_modules does it: modules leave `sys.modules`, then
/// a full collection finds the main module's namespace (kept in cycles by its functions and
/// classes) and runs the finalizers of what it holds.
fn finalize_modules(vm: &mut Vm) {
    vm.run_pending();
    let mods = vm.sys_modules.clone();
    let names: Vec<ObjRef> = vm.dict_items(&mods).into_iter().map(|(k, _)| k).collect();
    for k in names {
        let none = vm.none.clone();
        dict_set_str(&mods, k, none);
    }
    vm.run_pending();
    vm.collect_garbage(Some(2));
    vm.run_pending();
}

fn run_in(vm: &mut Vm, code: &CodeObject) -> i32 {
    let c = match vm.load_code(code) {
        Ok(c) => c,
        Err(e) => return report(vm, &e),
    };
    let globals = vm.new_dict();
    let name_k = vm.n.name.clone();
    let main = vm.new_str("__main__");
    dict_set_str(&globals, name_k, main);
    let file_k = vm.n.file.clone();
    // The script's path as given (pythonrun.c sets it from the file name, a .pyc's included).
    let file = match vm.opts.argv.first() {
        Some(p) => vm.new_str(&p.clone()),
        None => vm.new_str(&c.filename),
    };
    dict_set_str(&globals, file_k, file);
    let doc_k = vm.n.doc.clone();
    let none = vm.none.clone();
    dict_set_str(&globals, doc_k, none);
    // A script has no package and no import spec.
    for k in ["__package__", "__spec__"] {
        let (k, none) = (vm.intern(k), vm.none.clone());
        dict_set_str(&globals, k, none);
    }
    let builtins_mod = crate::builtins::modules::native(vm, "builtins").expect("builtins is a native module");
    let bk = vm.n.builtins.clone();
    dict_set_str(&globals, bk, builtins_mod);
    let main_mod = ObjRef::new(&vm.t.module, ModuleObj { name: "__main__".into(), dict: globals.clone() });
    let mods = vm.sys_modules.clone();
    let mk = vm.intern("__main__");
    dict_set_str(&mods, mk, main_mod);
    let frame =
        Box::new(crate::eval::frame::Frame::new(c, globals.clone(), vm.builtins.clone(), Some(globals)));
    let r = crate::eval::run_frame(vm, frame);
    match r {
        Ok(_) => 0,
        Err(e) => report(vm, &e),
    }
}

/// Prints an uncaught exception (or handles SystemExit) and returns the exit status.
fn report(vm: &mut Vm, e: &ObjRef) -> i32 {
    vm.flush();
    if is_subtype(e.ty(), &vm.t.exc.system_exit.clone()) {
        let args = e.get::<ExcObj>().map(|x| x.args.with(|a| a.clone()));
        let code = args.and_then(|a| a.expect::<TupleObj>().0.first().cloned());
        return match code {
            None => 0,
            Some(c) if c.is(&vm.none) => 0,
            Some(c) if c.kind() == Kind::Int => c.expect::<IntObj>().0.as_i64().unwrap_or(1) as i32,
            Some(c) => {
                let s = vm.str(&c).unwrap_or_default();
                let _ = writeln!(std::io::stderr(), "{s}");
                1
            }
        };
    }
    let text = crate::eval::traceback::format_exception(vm, e);
    let _ = std::io::stderr().write_all(text.as_bytes());
    1
}

/// The `--stats` report: allocator and object counters (printed to stderr at exit).
pub fn stats_report() -> String {
    let s = crate::heap::stats();
    let a = &s.alloc;
    let mut out = String::new();
    out.push_str("pyrite heap statistics\n");
    out.push_str(&format!(
        "  objects: {} allocated, {} freed, {} live\n",
        s.objects_allocated,
        s.objects_freed,
        s.objects_allocated - s.objects_freed
    ));
    out.push_str(&format!("  tracked containers (GC list): {}\n", s.gc_tracked));
    out.push_str(&format!(
        "  arenas: {} in use, {} allocated, {} freed ({} KiB each)\n",
        s.arenas_in_use,
        a.arenas_allocated,
        a.arenas_freed,
        crate::heap::alloc::ARENA_SIZE / 1024
    ));
    out.push_str(&format!(
        "  pools: {} in use, peak {} ({} KiB each)\n",
        a.pools_in_use,
        a.peak_pools,
        crate::heap::alloc::POOL_SIZE / 1024
    ));
    out.push_str(&format!("  bytes: {} in use, peak {}\n", a.bytes_in_use, a.peak_bytes));
    out.push_str(&format!(
        "  large (> {} bytes): {} allocated, {} freed\n",
        crate::heap::alloc::SMALL_LIMIT,
        a.large_allocs,
        a.large_frees
    ));
    out.push_str("  size class   allocated       freed        live\n");
    for c in 0..crate::heap::alloc::NUM_CLASSES {
        if a.allocs[c] == 0 {
            continue;
        }
        out.push_str(&format!(
            "  {:>10} {:>11} {:>11} {:>11}\n",
            (c + 1) * crate::heap::alloc::ALIGN,
            a.allocs[c],
            a.frees[c],
            a.allocs[c] - a.frees[c]
        ));
    }
    let sizes = crate::heap::gc::generation_sizes();
    let counts = crate::heap::gc::counts();
    let th = crate::heap::gc::thresholds();
    out.push_str(&format!(
        "  cycle collector: thresholds {}/{}/{}, counts {}/{}/{}\n",
        th[0], th[1], th[2], counts[0], counts[1], counts[2]
    ));
    out.push_str("  generation  tracked  collections   collected  uncollectable\n");
    for (g, s) in crate::heap::gc::gen_stats().iter().enumerate() {
        out.push_str(&format!(
            "  {:>10} {:>8} {:>12} {:>11} {:>14}\n",
            g, sizes[g], s.collections, s.collected, s.uncollectable
        ));
    }
    out
}
