//! The instruction loop for CPython 3.11 bytecode.
//!
//! Python-to-Python calls push a boxed [`Frame`] and continue in the same loop (the caller is
//! parked in `vm.frames`), so recursion depth is bounded by `sys.getrecursionlimit()`, not by the
//! native stack. Natives that call back into Python re-enter [`run_frame`] with an entry frame.

pub mod cache;
pub mod coro;
pub mod frame;
pub mod gen;
mod inline;
mod ops;
pub mod traceback;

use crate::heap::{Kind, ObjRef};
use crate::object::exc::{ExcObj, TracebackObj};
use crate::{PyResult, Vm};
use frame::Frame;
use pyrite_ir::target::py311::{CACHE_ENTRIES, EXTENDED_ARG, OPNAME};

/// How an entry frame left the loop.
pub enum Exit {
    Return(ObjRef),
    /// A generator frame suspended at YIELD_VALUE (the frame is handed back to its generator).
    Yield(ObjRef, Box<Frame>),
}

/// Runs a frame to completion (a function call from native code).
pub fn run_frame(vm: &mut Vm, frame: Box<Frame>) -> PyResult {
    match run(vm, frame, None)? {
        Exit::Return(v) => Ok(v),
        Exit::Yield(v, _) => Ok(v),
    }
}

/// Enters the loop with `frame` as entry frame; `throw` raises an exception at its current
/// instruction first (generator.throw).
pub fn run(vm: &mut Vm, mut frame: Box<Frame>, throw: Option<ObjRef>) -> PyResult<Exit> {
    frame.entry = true;
    if vm.depth >= vm.recursion_limit {
        let ty = vm.t.exc.recursion_error.clone();
        return vm.err(&ty, "maximum recursion depth exceeded");
    }
    vm.depth += 1;

    ops::execute(vm, frame, throw)
}

/// Finds the handler for the instruction at `lasti` in the exception table.
fn find_handler(code: &crate::object::func::Code, lasti: usize) -> Option<crate::object::func::ExcEntry> {
    let i = lasti as u32;
    code.exc_table.iter().find(|e| e.start <= i && i < e.end).copied()
}

/// Adds a traceback entry for `f` at its current instruction.
fn add_traceback(vm: &Vm, exc: &ObjRef, f: &Frame) {
    if let Some(e) = exc.get::<ExcObj>() {
        let next = e.traceback.with(|t| t.take());
        let tb = ObjRef::new(&vm.t.traceback, TracebackObj { code: f.code.clone(), lasti: f.lasti, next });
        e.traceback.with(|t| *t = Some(tb));
    }
}

/// Sets `__context__` of a newly raised exception to the one being handled (avoiding cycles).
pub fn chain_context(vm: &Vm, exc: &ObjRef) {
    let Some(handled) = vm.exc_info.clone() else { return };
    if handled.is(exc) {
        return;
    }
    let Some(e) = exc.get::<ExcObj>() else { return };
    if e.context.with(|c| c.is_some()) {
        return;
    }
    // Break a cycle: if exc is somewhere in handled's context chain, cut it there.
    let mut o = handled.clone();
    loop {
        let next = match o.get::<ExcObj>() {
            Some(x) => x.context.with(|c| c.clone()),
            None => None,
        };
        match next {
            Some(n) if n.is(exc) => {
                o.expect::<ExcObj>().context.with(|c| *c = None);
                break;
            }
            Some(n) => o = n,
            None => break,
        }
    }
    e.context.with(|c| *c = Some(handled));
}

/// `--trace` output: one line per instruction with the value stack.
fn trace(vm: &mut Vm, f: &Frame, opcode: u8, oparg: u32) {
    let mut parts = Vec::new();
    for v in &f.stack {
        if v.is(&vm.null) {
            parts.push("NULL".to_string());
        } else {
            let r = match v.kind() {
                Kind::Int | Kind::Float | Kind::Str | Kind::Unit => vm.repr(v).unwrap_or_else(|_| "?".into()),
                _ => format!("<{}>", vm.type_name(v)),
            };
            parts.push(if r.len() > 40 {
                format!("{}...", &r[..r.char_indices().nth(37).map(|x| x.0).unwrap_or(r.len())])
            } else {
                r
            });
        }
    }
    vm.flush();
    eprintln!(
        "{:>20} {:>4} {:<24} {:>5}  [{}]",
        f.code.qualname,
        f.lasti * 2,
        OPNAME[opcode as usize],
        if opcode >= pyrite_ir::target::py311::HAVE_ARGUMENT { oparg.to_string() } else { String::new() },
        parts.join(", ")
    );
}

pub(crate) use pyrite_ir::target::py311::op as opcodes;
pub(crate) const CACHES: &[u8; 256] = &CACHE_ENTRIES;
pub(crate) const EXT_ARG: u8 = EXTENDED_ARG;
