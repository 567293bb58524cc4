//! Coroutines and async generators, driven by `send` like CPython's: a coroutine is a generator
//! object of type `coroutine` whose `await`s are `yield from`s of awaitable iterators; an async
//! generator's `__anext__` returns an `async_generator_asend` awaitable that runs the generator to
//! its next `yield` (ASYNC_GEN_WRAP marks those values) and finishes with StopIteration(value), or
//! StopAsyncIteration when the generator returns. Values an `await` inside the async generator
//! yields pass through to whoever drives the awaitable.

use super::gen::{resume, return_to_stop, SendResult};
use crate::builtins::{add_method, check_args};
use crate::heap::{Kind, Mut, ObjRef};
use crate::object::agen::{AsyncGenOp, OpKind, OpState};
use crate::object::gen::GenObj;
use crate::object::misc::WrapperObj;
use crate::runtime::attr::lookup_type;
use crate::{PyResult, Vm};
use std::cell::Cell;

const CO_ITERABLE_COROUTINE: u32 = 0x100;

/// GET_AWAITABLE: the iterator an `await` delegates to.
pub fn awaitable_iter(vm: &mut Vm, o: &ObjRef) -> PyResult {
    let ty = o.ty().clone();
    if ty.is(&vm.t.coroutine) || o.kind() == Kind::AsyncGenOp {
        return Ok(o.clone());
    }
    if o.kind() == Kind::Generator {
        let iterable = o.expect::<GenObj>().frame.with(|f| f.as_ref().map(|f| f.code.flags));
        if iterable.is_some_and(|fl| fl & CO_ITERABLE_COROUTINE != 0) {
            return Ok(o.clone());
        }
    }
    let name = vm.intern("__await__");
    let Some(aw) = lookup_type(&ty, &name) else {
        return vm.type_error(format!("object {} can't be used in 'await' expression", vm.type_name(o)));
    };
    let it = vm.call(&aw, &[o.clone()], &[])?;
    if it.ty().is(&vm.t.coroutine) {
        return vm.type_error("__await__() returned a coroutine");
    }
    let next = vm.n.next.clone();
    if it.kind() != Kind::Generator
        && it.kind() != Kind::Iter
        && lookup_type(&it.ty().clone(), &next).is_none()
    {
        return vm.type_error(format!("__await__() returned non-iterator of type '{}'", vm.type_name(&it)));
    }
    Ok(it)
}

/// GET_AITER: `type(o).__aiter__(o)`.
pub fn aiter(vm: &mut Vm, o: &ObjRef) -> PyResult {
    let name = vm.intern("__aiter__");
    match lookup_type(&o.ty().clone(), &name) {
        Some(f) => vm.call(&f, &[o.clone()], &[]),
        None => vm.type_error(format!(
            "'async for' requires an object with __aiter__ method, got {}",
            vm.type_name(o)
        )),
    }
}

/// GET_ANEXT: the awaitable iterator of `type(o).__anext__(o)`.
pub fn anext_awaitable(vm: &mut Vm, o: &ObjRef) -> PyResult {
    let name = vm.intern("__anext__");
    let Some(f) = lookup_type(&o.ty().clone(), &name) else {
        return vm.type_error(format!(
            "'async for' received an object from __aiter__ that does not implement __anext__: {}",
            vm.type_name(o)
        ));
    };
    let aw = vm.call(&f, &[o.clone()], &[])?;
    awaitable_iter(vm, &aw).map_err(|e| {
        let msg = format!("'async for' received an invalid object from __anext__: {}", vm.type_name(&aw));
        let ty = vm.t.exc.type_error.clone();
        let _ = e;
        vm.new_exc(&ty, &msg)
    })
}

/// BEFORE_ASYNC_WITH: the bound `__aexit__` and the result of `__aenter__()`.
pub fn before_async_with(vm: &mut Vm, mgr: &ObjRef) -> PyResult<(ObjRef, ObjRef)> {
    let ty = mgr.ty().clone();
    let enter_name = vm.intern("__aenter__");
    let exit_name = vm.intern("__aexit__");
    let enter = lookup_type(&ty, &enter_name);
    let (Some(enter), Some(exit)) = (enter.clone(), lookup_type(&ty, &exit_name)) else {
        let missed = if enter.is_some() { " (missed __aexit__ method)" } else { "" };
        return vm.type_error(format!(
            "'{}' object does not support the asynchronous context manager protocol{missed}",
            vm.type_name(mgr)
        ));
    };
    let exit = vm.bind(exit, mgr, &ty)?;
    let r = vm.call(&enter, &[mgr.clone()], &[])?;
    Ok((exit, r))
}

fn new_op(vm: &Vm, gen: &ObjRef, kind: OpKind, arg: Option<ObjRef>) -> ObjRef {
    let ty = if kind == OpKind::Send { &vm.t.async_gen_asend } else { &vm.t.async_gen_athrow };
    ObjRef::new(
        ty,
        AsyncGenOp { gen: gen.clone(), kind, arg: Mut::new(arg), state: Cell::new(OpState::Init) },
    )
}

fn runtime_error<T>(vm: &mut Vm, msg: &str) -> PyResult<T> {
    let ty = vm.t.exc.runtime_error.clone();
    vm.err(&ty, msg)
}

/// What a step of the generator means to the awaitable: a value the generator yielded
/// (ASYNC_GEN_WRAP) finishes the awaitable with StopIteration(value); a plain yield is an
/// `await` inside the generator passing through; a return is StopAsyncIteration.
fn unwrap(vm: &mut Vm, r: PyResult<SendResult>) -> PyResult<SendResult> {
    match r? {
        SendResult::Yield(y) if y.ty().is(&vm.t.async_gen_wrapped) => {
            Ok(SendResult::Return(y.expect::<WrapperObj>().0.clone()))
        }
        SendResult::Yield(y) => Ok(SendResult::Yield(y)),
        SendResult::Return(_) => {
            let ty = vm.t.exc.stop_async_iteration.clone();
            Err(vm.new_exc(&ty, ""))
        }
    }
}

/// One step of an asend/athrow/aclose awaitable: `v` is what its driver sent, `throw` what it
/// threw (CPython's async_gen_asend_send/throw and async_gen_athrow_send/throw).
pub fn op_step(vm: &mut Vm, op: &ObjRef, v: ObjRef, throw: Option<ObjRef>) -> PyResult<SendResult> {
    let o = op.expect::<AsyncGenOp>();
    let gen = o.gen.clone();
    let r = match o.kind {
        OpKind::Send => {
            if o.state.get() == OpState::Closed {
                return runtime_error(vm, "cannot reuse already awaited __anext__()/asend()");
            }
            let mut v = v;
            if o.state.get() == OpState::Init {
                if gen.expect::<GenObj>().running_async.get() {
                    return runtime_error(vm, "anext(): asynchronous generator is already running");
                }
                o.state.set(OpState::Iter);
                if v.is(&vm.none) {
                    if let Some(first) = o.arg.with(|a| a.take()) {
                        v = first;
                    }
                }
            }
            let r = resume(vm, &gen, v, throw);
            unwrap(vm, r)
        }
        OpKind::Throw | OpKind::Close => {
            let close = o.kind == OpKind::Close;
            if o.state.get() == OpState::Closed {
                return runtime_error(vm, "cannot reuse already awaited aclose()/athrow()");
            }
            if o.state.get() == OpState::Init && gen.expect::<GenObj>().running_async.get() {
                o.state.set(OpState::Closed);
                let what = if close { "aclose" } else { "athrow" };
                return runtime_error(vm, &format!("{what}(): asynchronous generator is already running"));
            }
            if gen.expect::<GenObj>().frame.with(|f| f.is_none()) {
                o.state.set(OpState::Closed);
                return Ok(SendResult::Return(vm.none.clone()));
            }
            let r = if o.state.get() == OpState::Init {
                if !v.is(&vm.none) {
                    return runtime_error(vm, "can't send non-None value to a just-started coroutine");
                }
                o.state.set(OpState::Iter);
                let exc = match o.arg.with(|a| a.take()) {
                    Some(args) if !close => {
                        let mut v = vec![op.clone()];
                        v.extend(args.expect::<crate::object::seq::TupleObj>().0.iter().cloned());
                        match exception_arg(vm, &v, "athrow") {
                            Ok(e) => e,
                            Err(e) => {
                                o.state.set(OpState::Closed);
                                return Err(e);
                            }
                        }
                    }
                    _ => {
                        let ty = vm.t.exc.generator_exit.clone();
                        vm.new_exc(&ty, "")
                    }
                };
                let none = vm.none.clone();
                resume(vm, &gen, none, Some(exc))
            } else {
                resume(vm, &gen, v, throw)
            };
            if close {
                match r {
                    Ok(SendResult::Yield(y)) if y.ty().is(&vm.t.async_gen_wrapped) => {
                        Err(runtime_error::<()>(vm, "async generator ignored GeneratorExit").unwrap_err())
                    }
                    Ok(SendResult::Yield(y)) => Ok(SendResult::Yield(y)),
                    Ok(SendResult::Return(_)) => Ok(SendResult::Return(vm.none.clone())),
                    Err(e)
                        if e.ty().is(&vm.t.exc.generator_exit)
                            || crate::runtime::types::is_subtype(e.ty(), &vm.t.exc.stop_async_iteration) =>
                    {
                        Ok(SendResult::Return(vm.none.clone()))
                    }
                    Err(e) => Err(e),
                }
            } else {
                unwrap(vm, r)
            }
        }
    };
    // Anything but a pass-through yield finishes the awaitable.
    let pending = matches!(r, Ok(SendResult::Yield(_)));
    if !pending {
        o.state.set(OpState::Closed);
    }
    gen.expect::<GenObj>().running_async.set(pending);
    r
}

fn step_result(vm: &mut Vm, r: PyResult<SendResult>) -> PyResult {
    match r? {
        SendResult::Yield(v) => Ok(v),
        SendResult::Return(v) => Err(return_to_stop(vm, v)),
    }
}

fn agen_anext(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__anext__", a, 1, 1)?;
    Ok(new_op(vm, &a[0], OpKind::Send, None))
}

fn agen_asend(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "asend", &a[1..], 1, 1)?;
    Ok(new_op(vm, &a[0], OpKind::Send, Some(a[1].clone())))
}

/// The exception `throw(typ[, val[, tb]])` raises: an instance, or the class called with `val`.
pub(crate) fn exception_arg(vm: &mut Vm, a: &[ObjRef], name: &str) -> PyResult {
    check_args(vm, name, &a[1..], 1, 3)?;
    let e = &a[1];
    if e.kind() == Kind::Type {
        if !crate::runtime::types::is_subtype(e, &vm.t.exc.base_exception) {
            return vm.type_error(format!(
                "exceptions must be classes or instances deriving from BaseException, not {}",
                vm.type_name(e)
            ));
        }
        if let Some(v) = a.get(2).filter(|v| crate::runtime::types::is_subtype(v.ty(), e)) {
            return Ok(v.clone());
        }
        let args: Vec<ObjRef> = a.get(2).filter(|v| !v.is(&vm.none)).cloned().into_iter().collect();
        return vm.call(e, &args, &[]);
    }
    if e.kind() != Kind::Exception {
        return vm.type_error(format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            vm.type_name(e)
        ));
    }
    Ok(e.clone())
}

fn agen_athrow(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "athrow", &a[1..], 1, 3)?;
    // The arguments are checked when the awaitable runs, as CPython does.
    let args = vm.new_tuple(a[1..].to_vec());
    Ok(new_op(vm, &a[0], OpKind::Throw, Some(args)))
}

fn agen_aclose(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "aclose", a, 1, 1)?;
    Ok(new_op(vm, &a[0], OpKind::Close, None))
}

fn agen_aiter(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__aiter__", a, 1, 1)?;
    Ok(a[0].clone())
}

fn op_send(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "send", &a[1..], 1, 1)?;
    let r = op_step(vm, &a[0], a[1].clone(), None);
    step_result(vm, r)
}

fn op_next(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__next__", a, 1, 1)?;
    let none = vm.none.clone();
    let r = op_step(vm, &a[0], none, None);
    step_result(vm, r)
}

fn op_throw(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let exc = exception_arg(vm, a, "throw")?;
    let o = a[0].expect::<AsyncGenOp>();
    if o.state.get() == OpState::Closed {
        let what = if o.kind == OpKind::Send { "__anext__()/asend()" } else { "aclose()/athrow()" };
        return runtime_error(vm, &format!("cannot reuse already awaited {what}"));
    }
    // A throw before the first send goes to the generator as it is.
    o.state.set(OpState::Iter);
    let none = vm.none.clone();
    let r = op_step(vm, &a[0], none, Some(exc));
    step_result(vm, r)
}

fn op_self(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__await__", a, 1, 1)?;
    Ok(a[0].clone())
}

fn op_close(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "close", a, 1, 1)?;
    a[0].expect::<AsyncGenOp>().state.set(OpState::Closed);
    Ok(vm.none.clone())
}

/// Registers the native methods of coroutine-related types.
pub fn install(vm: &mut Vm) {
    let ag = vm.t.async_generator.clone();
    add_method(vm, &ag, "__anext__", agen_anext);
    add_method(vm, &ag, "__aiter__", agen_aiter);
    add_method(vm, &ag, "asend", agen_asend);
    add_method(vm, &ag, "athrow", agen_athrow);
    add_method(vm, &ag, "aclose", agen_aclose);
    for ty in [vm.t.async_gen_asend.clone(), vm.t.async_gen_athrow.clone()] {
        add_method(vm, &ty, "send", op_send);
        add_method(vm, &ty, "throw", op_throw);
        add_method(vm, &ty, "close", op_close);
        add_method(vm, &ty, "__next__", op_next);
        add_method(vm, &ty, "__iter__", op_self);
        add_method(vm, &ty, "__await__", op_self);
    }
}
