//! Coroutines and async generators, driven by `send` like CPython's: a coroutine is a generator
//! object of type `coroutine` whose `await`s are `yield from`s of awaitable iterators; an async
//! generator's `__anext__` returns an `async_generator_asend` awaitable that runs the generator to
//! its next `yield` (ASYNC_GEN_WRAP marks those values) and finishes with StopIteration(value), or
//! StopAsyncIteration when the generator returns. Values an `await` inside the async generator
//! yields pass through to whoever drives the awaitable.

use super::gen::{resume, return_to_stop, SendResult};
use crate::builtins::{add_method, check_args};
use crate::heap::{Kind, ObjRef};
use crate::object::gen::GenObj;
use crate::object::misc::WrapperObj;
use crate::runtime::attr::lookup_type;
use crate::{PyResult, Vm};

const CO_ITERABLE_COROUTINE: u32 = 0x100;

/// GET_AWAITABLE: the iterator an `await` delegates to.
pub fn awaitable_iter(vm: &mut Vm, o: &ObjRef) -> PyResult {
    let ty = o.ty().clone();
    if ty.is(&vm.t.coroutine) || ty.is(&vm.t.async_gen_asend) {
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
    let (Some(enter), Some(exit)) = (lookup_type(&ty, &enter_name), lookup_type(&ty, &exit_name)) else {
        return vm.type_error(format!(
            "'{}' object does not support the asynchronous context manager protocol",
            vm.type_name(mgr)
        ));
    };
    let exit = vm.bind(exit, mgr, &ty)?;
    let r = vm.call(&enter, &[mgr.clone()], &[])?;
    Ok((exit, r))
}

/// One step of an `async_generator_asend`: resume the generator with `v` (or throw into it).
pub fn asend_step(vm: &mut Vm, asend: &ObjRef, v: ObjRef, throw: Option<ObjRef>) -> PyResult<SendResult> {
    let gen = asend.expect::<WrapperObj>().0.clone();
    if gen.kind() != Kind::Generator {
        // The finished awaitable `aclose()` returns.
        return Ok(SendResult::Return(vm.none.clone()));
    }
    match resume(vm, &gen, v, throw) {
        Ok(SendResult::Yield(y)) => {
            if y.ty().is(&vm.t.async_gen_wrapped) {
                Ok(SendResult::Return(y.expect::<WrapperObj>().0.clone()))
            } else {
                Ok(SendResult::Yield(y))
            }
        }
        Ok(SendResult::Return(_)) => {
            let ty = vm.t.exc.stop_async_iteration.clone();
            Err(vm.new_exc(&ty, ""))
        }
        Err(e) => Err(e),
    }
}

fn step_result(vm: &mut Vm, r: PyResult<SendResult>) -> PyResult {
    match r? {
        SendResult::Yield(v) => Ok(v),
        SendResult::Return(v) => Err(return_to_stop(vm, v)),
    }
}

fn agen_anext(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__anext__", a, 1, 1)?;
    Ok(ObjRef::new(&vm.t.async_gen_asend, WrapperObj(a[0].clone())))
}

fn agen_aiter(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__aiter__", a, 1, 1)?;
    Ok(a[0].clone())
}

fn asend_send(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "send", a, 2, 2)?;
    let r = asend_step(vm, &a[0], a[1].clone(), None);
    step_result(vm, r)
}

fn asend_next(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__next__", a, 1, 1)?;
    let none = vm.none.clone();
    let r = asend_step(vm, &a[0], none, None);
    step_result(vm, r)
}

fn asend_throw(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "throw", a, 2, 4)?;
    let e = &a[1];
    let exc = if e.kind() == Kind::Type { vm.call(e, &[], &[])? } else { e.clone() };
    let none = vm.none.clone();
    let r = asend_step(vm, &a[0], none, Some(exc));
    step_result(vm, r)
}

fn asend_self(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__await__", a, 1, 1)?;
    Ok(a[0].clone())
}

fn asend_close(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "close", a, 1, 1)?;
    Ok(vm.none.clone())
}

fn agen_aclose(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "aclose", a, 1, 1)?;
    super::gen::close(vm, &a[0])?;
    // An awaitable that is already done: awaiting it returns None at once.
    let done = ObjRef::new(&vm.t.async_gen_asend, WrapperObj(vm.none.clone()));
    Ok(done)
}

/// Registers the native methods of coroutine-related types.
pub fn install(vm: &mut Vm) {
    let ag = vm.t.async_generator.clone();
    add_method(vm, &ag, "__anext__", agen_anext);
    add_method(vm, &ag, "__aiter__", agen_aiter);
    add_method(vm, &ag, "aclose", agen_aclose);
    let s = vm.t.async_gen_asend.clone();
    add_method(vm, &s, "send", asend_send);
    add_method(vm, &s, "throw", asend_throw);
    add_method(vm, &s, "close", asend_close);
    add_method(vm, &s, "__next__", asend_next);
    add_method(vm, &s, "__iter__", asend_self);
    add_method(vm, &s, "__await__", asend_self);
}
