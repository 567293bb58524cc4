//! Generators: RETURN_GENERATOR parks the frame in a generator object; `send`/`next`/`throw`
//! resume it as an entry frame until its next YIELD_VALUE or return.

use super::frame::Frame;
use super::Exit;
use crate::heap::{Kind, Mut, ObjRef};
use crate::object::exc::ExcObj;
use crate::object::gen::GenObj;
use crate::{PyResult, Vm};

const CO_COROUTINE: u32 = 0x80;
const CO_ASYNC_GENERATOR: u32 = 0x200;

/// RETURN_GENERATOR: moves the running frame into a new generator object.
pub fn make_generator(vm: &mut Vm, f: &mut Box<Frame>) -> ObjRef {
    let code = f.code.clone();
    let placeholder = Box::new(Frame::new(code.clone(), f.globals.clone(), f.builtins.clone(), None));
    let mut gen_frame = std::mem::replace(f, placeholder);
    f.entry = gen_frame.entry;
    gen_frame.entry = true;
    // The generator's first resume pushes the sent value, which the POP_TOP after
    // RETURN_GENERATOR discards.
    let name = vm.intern(&code.name);
    let qualname = vm.new_str(&code.qualname);
    let ty = if code.flags & CO_COROUTINE != 0 {
        &vm.t.coroutine
    } else if code.flags & CO_ASYNC_GENERATOR != 0 {
        &vm.t.async_generator
    } else {
        &vm.t.generator
    };
    ObjRef::new(
        ty,
        GenObj {
            frame: Mut::new(Some(gen_frame)),
            name,
            qualname,
            running: std::cell::Cell::new(false),
            running_async: std::cell::Cell::new(false),
        },
    )
}

pub enum SendResult {
    Yield(ObjRef),
    Return(ObjRef),
}

/// Resumes a generator with `value` (or raises `throw` into it).
pub fn resume(vm: &mut Vm, g: &ObjRef, value: ObjRef, throw: Option<ObjRef>) -> PyResult<SendResult> {
    let gen = g.expect::<GenObj>();
    let coroutine = g.ty().is(&vm.t.coroutine);
    if gen.running.get() {
        return vm.value_error(if coroutine {
            "coroutine already executing"
        } else {
            "generator already executing"
        });
    }
    let Some(mut frame) = gen.frame.with(|f| f.take()) else {
        if coroutine {
            let ty = vm.t.exc.runtime_error.clone();
            return vm.err(&ty, "cannot reuse already awaited coroutine");
        }
        if let Some(t) = throw {
            return Err(t);
        }
        return Ok(SendResult::Return(vm.none.clone()));
    };
    let mut value = value;
    let mut throw = throw;
    if let Some(exc) = throw.take() {
        match throw_into_delegate(vm, g, frame, exc)? {
            Delegated::Done(r) => return Ok(r),
            Delegated::Resume(f, v) => {
                frame = f;
                value = v;
            }
            Delegated::Raise(f, e) => {
                frame = f;
                throw = Some(e);
            }
        }
    }
    if throw.is_none() {
        frame.stack.push(value);
    }
    gen.running.set(true);
    let saved_exc = vm.exc_info.clone();
    let r = super::run(vm, frame, throw);
    vm.exc_info = saved_exc;
    gen.running.set(false);
    match r {
        Ok(Exit::Yield(v, frame)) => {
            gen.frame.with(|f| *f = Some(frame));
            Ok(SendResult::Yield(v))
        }
        Ok(Exit::Return(v)) => Ok(SendResult::Return(v)),
        Err(e) => {
            if e.ty().is(&vm.t.exc.stop_iteration) {
                let ty = vm.t.exc.runtime_error.clone();
                let what = if coroutine { "coroutine" } else { "generator" };
                let re = vm.new_exc(&ty, &format!("{what} raised StopIteration"));
                if let Some(x) = re.get::<ExcObj>() {
                    x.cause.with(|c| *c = Some(e.clone()));
                    x.context.with(|c| *c = Some(e));
                    x.suppress_context.set(true);
                }
                return Err(re);
            }
            Err(e)
        }
    }
}

/// What throwing into a generator suspended in `yield from`/`await` came to.
enum Delegated {
    /// The inner iterator yielded (the generator yields the same value) or the generator finished.
    Done(SendResult),
    /// The inner iterator returned: the generator resumes after its SEND loop with this value.
    Resume(Box<Frame>, ObjRef),
    /// Raise this exception in the generator itself.
    Raise(Box<Frame>, ObjRef),
}

/// The iterator a suspended frame delegates to: its frame stopped at YIELD_VALUE inside a SEND
/// loop (the next instruction is RESUME 2 or 3), with the iterator on top of its stack.
fn delegate_of(frame: &Frame) -> Option<(ObjRef, usize)> {
    let &(op, arg) = frame.code.units.get(frame.saved_pc)?;
    if op != super::opcodes::RESUME || arg < 2 || frame.saved_pc < 2 {
        return None;
    }
    let send = frame.saved_pc - 2;
    let &(sop, sarg) = frame.code.units.get(send)?;
    if sop != super::opcodes::SEND {
        return None;
    }
    Some((frame.stack.last()?.clone(), send + 1 + sarg as usize))
}

/// CPython's `_gen_throw` with a delegate: GeneratorExit closes the inner iterator and is then
/// raised here; another exception goes to the inner iterator's `throw`, whose yield is this
/// generator's yield, whose return resumes this generator after the loop, and whose error is
/// raised here.
fn throw_into_delegate(vm: &mut Vm, g: &ObjRef, frame: Box<Frame>, exc: ObjRef) -> PyResult<Delegated> {
    let Some((yf, after)) = delegate_of(&frame) else { return Ok(Delegated::Raise(frame, exc)) };
    let gen = g.expect::<GenObj>();
    gen.frame.with(|f| *f = Some(frame));
    gen.running.set(true);
    let is_exit = crate::runtime::types::is_subtype(exc.ty(), &vm.t.exc.generator_exit);
    let r: Option<PyResult<SendResult>> = if is_exit {
        match close_iter(vm, &yf) {
            Ok(()) => None,
            Err(e) => Some(Err(e)),
        }
    } else if yf.kind() == Kind::Generator {
        let none = vm.none.clone();
        Some(resume(vm, &yf, none, Some(exc.clone())))
    } else if yf.kind() == Kind::AsyncGenOp {
        let none = vm.none.clone();
        Some(super::coro::op_step(vm, &yf, none, Some(exc.clone())))
    } else {
        let name = vm.intern("throw");
        match vm.getattr_opt(&yf, &name) {
            Ok(Some(t)) => Some(match vm.call(&t, &[exc.clone()], &[]) {
                Ok(v) => Ok(SendResult::Yield(v)),
                Err(e) if crate::runtime::types::is_subtype(e.ty(), &vm.t.exc.stop_iteration) => {
                    Ok(SendResult::Return(stop_value(vm, &e)))
                }
                Err(e) => Err(e),
            }),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    };
    gen.running.set(false);
    let mut frame = gen.frame.with(|f| f.take()).expect("suspended frame");
    Ok(match r {
        None => Delegated::Raise(frame, exc),
        Some(Ok(SendResult::Yield(v))) => {
            gen.frame.with(|f| *f = Some(frame));
            Delegated::Done(SendResult::Yield(v))
        }
        Some(Ok(SendResult::Return(v))) => {
            frame.stack.pop();
            frame.saved_pc = after;
            Delegated::Resume(frame, v)
        }
        Some(Err(e)) => {
            frame.stack.pop();
            Delegated::Raise(frame, e)
        }
    })
}

/// Closes an iterator a generator delegates to: `close()` for generators, else its `close`
/// method if it has one.
fn close_iter(vm: &mut Vm, yf: &ObjRef) -> PyResult<()> {
    if yf.kind() == Kind::Generator {
        return close(vm, yf).map(drop);
    }
    let name = vm.intern("close");
    if let Some(c) = vm.getattr_opt(yf, &name)? {
        vm.call(&c, &[], &[])?;
    }
    Ok(())
}

/// `next(gen)`.
pub fn gen_next(vm: &mut Vm, g: &ObjRef) -> PyResult<Option<ObjRef>> {
    let none = vm.none.clone();
    match resume(vm, g, none, None)? {
        SendResult::Yield(v) => Ok(Some(v)),
        SendResult::Return(_) => Ok(None),
    }
}

/// SEND / `yield from`: one step of delegation to a sub-iterator.
pub fn send(vm: &mut Vm, recv: &ObjRef, v: ObjRef) -> PyResult<SendResult> {
    if recv.kind() == Kind::AsyncGenOp {
        return super::coro::op_step(vm, recv, v, None);
    }
    if recv.kind() == Kind::Generator {
        return resume(vm, recv, v, None);
    }
    if v.is(&vm.none) {
        return Ok(match vm.next(recv)? {
            Some(x) => SendResult::Yield(x),
            None => SendResult::Return(vm.none.clone()),
        });
    }
    let name = vm.intern("send");
    let m = vm.getattr(recv, &name)?;
    match vm.call(&m, &[v], &[]) {
        Ok(x) => Ok(SendResult::Yield(x)),
        Err(e) if e.ty().is(&vm.t.exc.stop_iteration) => Ok(SendResult::Return(stop_value(vm, &e))),
        Err(e) => Err(e),
    }
}

/// The `value` of a StopIteration.
pub fn stop_value(vm: &Vm, e: &ObjRef) -> ObjRef {
    match e.get::<ExcObj>() {
        Some(x) => {
            let args = x.args.with(|a| a.clone());
            args.expect::<crate::object::seq::TupleObj>()
                .0
                .first()
                .cloned()
                .unwrap_or_else(|| vm.none.clone())
        }
        None => vm.none.clone(),
    }
}

/// Turns a generator return into StopIteration(value) for `send()` callers.
pub fn return_to_stop(vm: &mut Vm, v: ObjRef) -> ObjRef {
    let ty = vm.t.exc.stop_iteration.clone();
    let args = if v.is(&vm.none) { vec![] } else { vec![v] };
    vm.new_exc_args(&ty, args)
}

/// `gen.close()`.
pub fn close(vm: &mut Vm, g: &ObjRef) -> PyResult {
    let gen = g.expect::<GenObj>();
    if gen.frame.with(|f| f.is_none()) {
        return Ok(vm.none.clone());
    }
    let ty = vm.t.exc.generator_exit.clone();
    let exc = vm.new_exc(&ty, "");
    let none = vm.none.clone();
    match resume(vm, g, none, Some(exc)) {
        Ok(SendResult::Yield(_)) => {
            let ty = vm.t.exc.runtime_error.clone();
            let what = if g.ty().is(&vm.t.coroutine) { "coroutine" } else { "generator" };
            vm.err(&ty, format!("{what} ignored GeneratorExit"))
        }
        Ok(SendResult::Return(_)) => Ok(vm.none.clone()),
        Err(e) if e.ty().is(&vm.t.exc.generator_exit) || e.ty().is(&vm.t.exc.stop_iteration) => {
            Ok(vm.none.clone())
        }
        Err(e) => Err(e),
    }
}
