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
        GenObj { frame: Mut::new(Some(gen_frame)), name, qualname, running: std::cell::Cell::new(false) },
    )
}

pub enum SendResult {
    Yield(ObjRef),
    Return(ObjRef),
}

/// Resumes a generator with `value` (or raises `throw` into it).
pub fn resume(vm: &mut Vm, g: &ObjRef, value: ObjRef, throw: Option<ObjRef>) -> PyResult<SendResult> {
    let gen = g.expect::<GenObj>();
    if gen.running.get() {
        return vm.value_error("generator already executing");
    }
    let Some(mut frame) = gen.frame.with(|f| f.take()) else {
        if let Some(t) = throw {
            return Err(t);
        }
        return Ok(SendResult::Return(vm.none.clone()));
    };
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
                let re = vm.new_exc(&ty, "generator raised StopIteration");
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
            vm.err(&ty, "generator ignored GeneratorExit")
        }
        Ok(SendResult::Return(_)) => Ok(vm.none.clone()),
        Err(e) if e.ty().is(&vm.t.exc.generator_exit) || e.ty().is(&vm.t.exc.stop_iteration) => {
            Ok(vm.none.clone())
        }
        Err(e) => Err(e),
    }
}
