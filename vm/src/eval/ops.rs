//! The dispatch loop proper: one `match` arm per 3.11 instruction.

use super::frame::Frame;
use super::inline;
use super::{add_traceback, chain_context, find_handler, opcodes as op, Exit, CACHES, EXT_ARG};
use crate::heap::{Kind, Mut, ObjRef};
use crate::object::exc::ExcObj;
use crate::object::func::{CellObj, CodeObj, FuncObj, MethodObj};
use crate::object::int::IntObj;
use crate::object::misc::SliceObj;
use crate::object::seq::{ListObj, TupleObj};
use crate::object::str::StrObj;
use crate::runtime::attr::{dict_get_str, dict_set_str};
use crate::runtime::ops::CmpOp;
use crate::runtime::types::is_subtype;
use crate::{PyResult, Vm};
use pyrite_ir::code::{flags, kinds};

macro_rules! pop {
    ($f:expr) => {
        $f.stack.pop().expect("value stack underflow")
    };
}

macro_rules! top {
    ($f:expr) => {
        $f.stack.last().expect("value stack underflow")
    };
}

fn peek(f: &Frame, n: usize) -> &ObjRef {
    &f.stack[f.stack.len() - n]
}

/// Runs `f` (and the Python frames it calls) until the entry frame returns or yields.
///
/// The loop body is instantiated twice, with and without `--trace`, so the normal loop carries
/// no per-instruction trace check.
pub(super) fn execute(vm: &mut Vm, f: Box<Frame>, throw: Option<ObjRef>) -> PyResult<Exit> {
    if vm.opts.trace {
        execute_loop::<true>(vm, f, throw)
    } else {
        execute_loop::<false>(vm, f, throw)
    }
}

/// The dispatch loop.
///
/// Register discipline: the running frame's next-instruction index lives in the local `pc`, the
/// index of the instruction executing in `lasti`, and its code object in `code`; the frame's
/// `saved_pc`, `lasti` and `cur` are only meaningful for frames that are not running (and for
/// the unwinder). Every place that switches `f` to another frame writes the locals back first
/// (`park!()`) and reloads them after (`switched!()`): CALL, RETURN_VALUE, RETURN_GENERATOR,
/// YIELD_VALUE and the unwinder, which gets `lasti` through `raise!()`. Jumps change `pc`
/// directly.
fn execute_loop<const TRACE: bool>(vm: &mut Vm, mut f: Box<Frame>, throw: Option<ObjRef>) -> PyResult<Exit> {
    // An exception thrown in by `throw()` is not raised here: it keeps its own context.
    let mut thrown = throw.is_some();
    let mut pending: Option<ObjRef> = throw;
    let mut code = f.code.clone();
    let mut pc = f.saved_pc;
    let mut lasti = f.lasti;

    // Reloads the locals that mirror the running frame after `f` became another frame.
    macro_rules! switched {
        () => {
            pc = f.saved_pc;
            lasti = f.lasti;
            if !std::rc::Rc::ptr_eq(&code, &f.code) {
                code = f.code.clone();
            }
        };
    }
    // Writes the locals back into the running frame before it stops running.
    macro_rules! park {
        () => {
            f.saved_pc = pc;
            f.lasti = lasti;
            f.cur = lasti;
        };
    }
    // Unwinds to the handler of `exc`, whose traceback entry for this frame points at
    // `f.lasti` (set by the caller) and whose handler is looked up from `f.cur`.
    macro_rules! raise {
        ($exc:expr) => {
            unwind(vm, &mut f, $exc, thrown)?;
            thrown = false;
            switched!();
            continue;
        };
    }

    loop {
        // ---- exception unwinding -------------------------------------------------------------
        if let Some(exc) = pending.take() {
            f.lasti = lasti;
            f.cur = lasti;
            raise!(exc);
        }

        // ---- safe point: finalizers of objects that died, a collection that came due ----------
        if crate::heap::has_pending() {
            vm.run_pending();
        }

        // ---- fetch -------------------------------------------------------------------------
        let units = &code.units;
        let Some(&(mut opcode, arg)) = units.get(pc) else {
            let ty = vm.t.exc.system_error.clone();
            pending = Some(vm.new_exc(&ty, "bytecode ran past the end of the code object"));
            continue;
        };
        let mut oparg = arg as u32;
        lasti = pc;
        pc += 1;
        while opcode == EXT_ARG {
            let Some(&(o2, a2)) = units.get(pc) else { break };
            opcode = o2;
            oparg = (oparg << 8) | a2 as u32;
            lasti = pc;
            pc += 1;
        }
        pc += CACHES[opcode as usize] as usize;
        if TRACE {
            f.lasti = lasti;
            super::trace(vm, &f, opcode, oparg);
        }

        macro_rules! tri {
            ($e:expr) => {
                match $e {
                    Ok(v) => v,
                    Err(e) => {
                        pending = Some(e);
                        continue;
                    }
                }
            };
        }

        match opcode {
            op::NOP | op::RESUME | op::CACHE => {}
            op::POP_TOP => {
                pop!(f);
            }
            op::PUSH_NULL => f.stack.push(vm.null.clone()),
            op::LOAD_CONST => f.stack.push(code.consts[oparg as usize].clone()),
            op::LOAD_FAST => {
                match &f.fast[oparg as usize] {
                    Some(v) => {
                        let v = v.clone();
                        f.stack.push(v);
                    }
                    None => {
                        let name = code.localsplusnames[oparg as usize].expect::<StrObj>().s.to_string();
                        let ty = vm.t.exc.unbound_local_error.clone();
                        pending = Some(vm.new_exc(&ty, &format!("cannot access local variable '{name}' where it is not associated with a value")));
                    }
                }
            }
            op::STORE_FAST => {
                let v = pop!(f);
                let old = f.fast[oparg as usize].replace(v);
                drop(old);
            }
            op::DELETE_FAST => {
                if f.fast[oparg as usize].take().is_none() {
                    let name = code.localsplusnames[oparg as usize].expect::<StrObj>().s.to_string();
                    let ty = vm.t.exc.unbound_local_error.clone();
                    pending = Some(vm.new_exc(
                        &ty,
                        &format!(
                            "cannot access local variable '{name}' where it is not associated with a value"
                        ),
                    ));
                }
            }
            op::LOAD_GLOBAL => {
                let name = &code.names[(oparg >> 1) as usize];
                let Some(v) = inline::load_global(&f, &code, lasti, name) else {
                    pending = Some(name_error(vm, name));
                    continue;
                };
                if oparg & 1 != 0 {
                    f.stack.push(vm.null.clone());
                }
                f.stack.push(v);
            }
            op::STORE_GLOBAL => {
                let v = pop!(f);
                dict_set_str(&f.globals, code.names[oparg as usize].clone(), v);
            }
            op::DELETE_GLOBAL => {
                let name = code.names[oparg as usize].clone();
                if tri!(vm.dict_pop(&f.globals, &name)).is_none() {
                    pending = Some(name_error(vm, &name));
                }
            }
            op::LOAD_NAME => {
                let name = &code.names[oparg as usize];
                let mut v = None;
                if let Some(l) = &f.locals {
                    // Only an exact dict is read directly: a mapping (or a dict subclass with
                    // __missing__ or __getitem__) is subscripted, and KeyError means "not here".
                    v = if l.ty().is(&vm.t.dict) {
                        dict_get_str(l, name)
                    } else {
                        match vm.getitem(l, name) {
                            Ok(v) => Some(v),
                            Err(e) if is_subtype(e.ty(), &vm.t.exc.key_error) => None,
                            Err(e) => {
                                pending = Some(e);
                                continue;
                            }
                        }
                    };
                }
                let v =
                    v.or_else(|| dict_get_str(&f.globals, name)).or_else(|| dict_get_str(&f.builtins, name));
                match v {
                    Some(v) => f.stack.push(v),
                    None => pending = Some(name_error(vm, name)),
                }
            }
            op::STORE_NAME => {
                let v = pop!(f);
                let name = code.names[oparg as usize].clone();
                match &f.locals {
                    Some(l) if l.ty().is(&vm.t.dict) => dict_set_str(l, name, v),
                    Some(l) => {
                        let l = l.clone();
                        tri!(vm.setitem(&l, &name, v))
                    }
                    None => dict_set_str(&f.globals, name, v),
                }
            }
            op::DELETE_NAME => {
                let name = code.names[oparg as usize].clone();
                let l = f.locals.clone().unwrap_or_else(|| f.globals.clone());
                if tri!(vm.dict_pop(&l, &name)).is_none() {
                    pending = Some(name_error(vm, &name));
                }
            }
            op::LOAD_ATTR => {
                let o = pop!(f);
                let name = &code.names[oparg as usize];
                if let Some(v) = inline::load_attr(vm, &code, lasti, &o, name) {
                    f.stack.push(v);
                    continue;
                }
                let v = tri!(vm.getattr(&o, name));
                f.stack.push(v);
            }
            op::STORE_ATTR => {
                let o = pop!(f);
                let v = pop!(f);
                let name = &code.names[oparg as usize];
                if let Err(v) = inline::store_attr(vm, &code, lasti, &o, name, v) {
                    tri!(vm.setattr(&o, name, v));
                }
            }
            op::DELETE_ATTR => {
                let o = pop!(f);
                tri!(vm.delattr(&o, &code.names[oparg as usize]));
            }
            op::LOAD_METHOD => {
                let o = pop!(f);
                if let Some(m) = inline::load_method(vm, &code, lasti, &o, &code.names[oparg as usize]) {
                    f.stack.push(m);
                    f.stack.push(o);
                    continue;
                }
                let (m, recv) = tri!(vm.load_method(&o, &code.names[oparg as usize]));
                match recv {
                    Some(r) => {
                        f.stack.push(m);
                        f.stack.push(r);
                    }
                    None => {
                        f.stack.push(vm.null.clone());
                        f.stack.push(m);
                    }
                }
            }
            op::MAKE_CELL => {
                let v = f.fast[oparg as usize].take();
                let cell = ObjRef::new(&vm.t.cell, CellObj(Mut::new(v)));
                f.fast[oparg as usize] = Some(cell);
            }
            op::COPY_FREE_VARS => {
                let func = f.func.clone().expect("function frame");
                let closure = func.expect::<FuncObj>().closure.clone().expect("closure");
                let cells = &closure.expect::<TupleObj>().0;
                let n = oparg as usize;
                let start = code.nlocalsplus - n;
                for i in 0..n {
                    f.fast[start + i] = Some(cells[i].clone());
                }
            }
            op::LOAD_CLOSURE => {
                let c = f.fast[oparg as usize].clone().expect("cell");
                f.stack.push(c);
            }
            op::LOAD_DEREF => {
                let cell = f.fast[oparg as usize].clone().expect("cell");
                match cell.expect::<CellObj>().0.with(|c| c.clone()) {
                    Some(v) => f.stack.push(v),
                    None => pending = Some(free_var_error(vm, &code, oparg as usize)),
                }
            }
            op::LOAD_CLASSDEREF => {
                let name = code.localsplusnames[oparg as usize].clone();
                let from_locals = match &f.locals {
                    Some(l) => dict_get_str(l, &name),
                    None => None,
                };
                match from_locals {
                    Some(v) => f.stack.push(v),
                    None => {
                        let cell = f.fast[oparg as usize].clone().expect("cell");
                        match cell.expect::<CellObj>().0.with(|c| c.clone()) {
                            Some(v) => f.stack.push(v),
                            None => pending = Some(free_var_error(vm, &code, oparg as usize)),
                        }
                    }
                }
            }
            op::STORE_DEREF => {
                let v = pop!(f);
                let cell = f.fast[oparg as usize].clone().expect("cell");
                let old = cell.expect::<CellObj>().0.with(|c| c.replace(v));
                drop(old);
            }
            op::DELETE_DEREF => {
                let cell = f.fast[oparg as usize].clone().expect("cell");
                let old = cell.expect::<CellObj>().0.with(|c| c.take());
                if old.is_none() {
                    pending = Some(free_var_error(vm, &code, oparg as usize));
                }
            }
            op::UNARY_NEGATIVE => {
                let a = pop!(f);
                let r = tri!(vm.unary_neg(&a));
                f.stack.push(r);
            }
            op::UNARY_POSITIVE => {
                let a = pop!(f);
                let r = tri!(vm.unary_pos(&a));
                f.stack.push(r);
            }
            op::UNARY_INVERT => {
                let a = pop!(f);
                let r = tri!(vm.unary_invert(&a));
                f.stack.push(r);
            }
            op::UNARY_NOT => {
                let a = pop!(f);
                let b = tri!(vm.truthy(&a));
                f.stack.push(vm.new_bool(!b));
            }
            op::BINARY_OP => {
                let mut b = pop!(f);
                // The fast path leaves its result in the left operand's stack slot.
                if fast_binop(vm, f.stack.last_mut().expect("value stack underflow"), &mut b, oparg) {
                    continue;
                }
                let a = pop!(f);
                let r = tri!(vm.binary_op(&a, &b, oparg));
                f.stack.push(r);
            }
            op::COMPARE_OP => {
                let b = pop!(f);
                let a = pop!(f);
                if let Some(r) = fast_compare(&a, &b, oparg) {
                    // CPython 3.11's COMPARE_OP_*_JUMP: when the conditional jump after the
                    // comparison consumes its result, take (or skip) that jump here and never
                    // materialise the bool. (Not under --trace, which shows every instruction.)
                    if !TRACE {
                        if let Some(&(next, arg)) = code.units.get(pc) {
                            if let Some(jump_if) = jump_condition(next) {
                                pc += 1 + CACHES[next as usize] as usize;
                                if r == jump_if {
                                    jump(&mut pc, next, arg as u32);
                                }
                                continue;
                            }
                        }
                    }
                    f.stack.push(vm.new_bool(r));
                    continue;
                }
                let r = tri!(vm.compare(&a, &b, CmpOp::from_arg(oparg)));
                f.stack.push(r);
            }
            op::IS_OP => {
                let b = pop!(f);
                let a = pop!(f);
                f.stack.push(vm.new_bool(a.is(&b) != (oparg == 1)));
            }
            op::CONTAINS_OP => {
                let b = pop!(f);
                let a = pop!(f);
                let r = tri!(vm.contains(&b, &a));
                f.stack.push(vm.new_bool(r != (oparg == 1)));
            }
            op::BINARY_SUBSCR => {
                let k = pop!(f);
                let o = pop!(f);
                if let Some(r) = fast_subscr(vm, &o, &k) {
                    f.stack.push(r);
                    continue;
                }
                let r = tri!(vm.getitem(&o, &k));
                f.stack.push(r);
            }
            op::STORE_SUBSCR => {
                let k = pop!(f);
                let o = pop!(f);
                let v = pop!(f);
                let v = match fast_store_subscr(vm, &o, &k, v) {
                    Ok(()) => continue,
                    Err(v) => v,
                };
                tri!(vm.setitem(&o, &k, v));
            }
            op::DELETE_SUBSCR => {
                let k = pop!(f);
                let o = pop!(f);
                tri!(vm.delitem(&o, &k));
            }
            op::BUILD_SLICE => {
                let step = if oparg == 3 { pop!(f) } else { vm.none.clone() };
                let stop = pop!(f);
                let start = pop!(f);
                f.stack.push(ObjRef::new(&vm.t.slice, SliceObj { start, stop, step }));
            }
            op::BUILD_TUPLE => {
                let n = f.stack.len() - oparg as usize;
                let items = f.stack.split_off(n);
                f.stack.push(vm.new_tuple(items));
            }
            op::BUILD_LIST => {
                let n = f.stack.len() - oparg as usize;
                let items = f.stack.split_off(n);
                f.stack.push(vm.new_list(items));
            }
            op::BUILD_SET => {
                let n = f.stack.len() - oparg as usize;
                let items = f.stack.split_off(n);
                let s = tri!(vm.new_set(false, items));
                f.stack.push(s);
            }
            op::BUILD_MAP => {
                let n = f.stack.len() - 2 * oparg as usize;
                let items = f.stack.split_off(n);
                let d = vm.new_dict();
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    tri!(vm.dict_set(&d, k, v));
                }
                f.stack.push(d);
            }
            op::BUILD_CONST_KEY_MAP => {
                let keys = pop!(f);
                let n = f.stack.len() - oparg as usize;
                let values = f.stack.split_off(n);
                let d = vm.new_dict();
                for (k, v) in keys.expect::<TupleObj>().0.iter().zip(values) {
                    tri!(vm.dict_set(&d, k.clone(), v));
                }
                f.stack.push(d);
            }
            op::BUILD_STRING => {
                let n = f.stack.len() - oparg as usize;
                let parts = f.stack.split_off(n);
                let mut s = String::new();
                for p in &parts {
                    s.push_str(&p.expect::<StrObj>().s);
                }
                f.stack.push(vm.new_string(s));
            }
            op::LIST_APPEND => {
                let v = pop!(f);
                peek(&f, oparg as usize).expect::<ListObj>().push(v);
            }
            op::SET_ADD => {
                let v = pop!(f);
                let s = peek(&f, oparg as usize).clone();
                tri!(vm.set_add(&s, v));
            }
            op::MAP_ADD => {
                let v = pop!(f);
                let k = pop!(f);
                let d = peek(&f, oparg as usize).clone();
                tri!(vm.dict_set(&d, k, v));
            }
            op::LIST_EXTEND => {
                let it = pop!(f);
                let l = peek(&f, oparg as usize).clone();
                let items = match vm.collect(&it) {
                    Ok(v) => v,
                    Err(e) => {
                        let e = if e.ty().is(&vm.t.exc.type_error) && it.kind() != Kind::Iter {
                            let ty = vm.t.exc.type_error.clone();
                            let msg = format!("Value after * must be an iterable, not {}", vm.type_name(&it));
                            vm.new_exc(&ty, &msg)
                        } else {
                            e
                        };
                        pending = Some(e);
                        continue;
                    }
                };
                l.expect::<ListObj>().0.with(|v| v.extend(items));
            }
            op::SET_UPDATE => {
                let it = pop!(f);
                let s = peek(&f, oparg as usize).clone();
                tri!(vm.set_update(&s, &it));
            }
            op::DICT_UPDATE | op::DICT_MERGE => {
                let src = pop!(f);
                let d = peek(&f, oparg as usize).clone();
                if src.kind() != Kind::Dict {
                    let keys_name = vm.intern("keys");
                    if tri!(vm.getattr_opt(&src, &keys_name)).is_none() {
                        let ty = vm.t.exc.type_error.clone();
                        let msg = if opcode == op::DICT_MERGE {
                            let fname = callable_name_at(vm, &f, oparg as usize + 2);
                            format!(
                                "{} argument after ** must be a mapping, not {}",
                                fname,
                                vm.type_name(&src)
                            )
                        } else {
                            format!("'{}' object is not a mapping", vm.type_name(&src))
                        };
                        pending = Some(vm.new_exc(&ty, &msg));
                        continue;
                    }
                }
                let items = tri!(crate::builtins::mapping_items(vm, &src));
                for (k, v) in items {
                    if opcode == op::DICT_MERGE && tri!(vm.dict_get(&d, &k)).is_some() {
                        let ty = vm.t.exc.type_error.clone();
                        let fname = callable_name_at(vm, &f, oparg as usize + 2);
                        let ks = tri!(vm.str(&k));
                        pending = Some(vm.new_exc(
                            &ty,
                            &format!("{fname} got multiple values for keyword argument '{ks}'"),
                        ));
                        break;
                    }
                    tri!(vm.dict_set(&d, k, v));
                }
            }
            op::LIST_TO_TUPLE => {
                let l = pop!(f);
                let items = l.expect::<ListObj>().snapshot();
                f.stack.push(vm.new_tuple(items));
            }
            op::UNPACK_SEQUENCE => {
                let seq = pop!(f);
                if seq.kind() == Kind::Tuple {
                    let items = &seq.expect::<TupleObj>().0;
                    if items.len() == oparg as usize {
                        f.stack.extend(items.iter().rev().cloned());
                        continue;
                    }
                }
                let items = match seq.kind() {
                    Kind::Tuple => seq.expect::<TupleObj>().0.to_vec(),
                    Kind::List => seq.expect::<ListObj>().snapshot(),
                    _ => match vm.iter(&seq) {
                        Ok(it) => {
                            let mut v = Vec::new();
                            loop {
                                match vm.next(&it) {
                                    Ok(Some(x)) => {
                                        v.push(x);
                                        if v.len() > oparg as usize {
                                            break;
                                        }
                                    }
                                    Ok(None) => break,
                                    Err(e) => {
                                        pending = Some(e);
                                        break;
                                    }
                                }
                            }
                            if pending.is_some() {
                                continue;
                            }
                            v
                        }
                        Err(_) => {
                            let ty = vm.t.exc.type_error.clone();
                            let msg = format!("cannot unpack non-iterable {} object", vm.type_name(&seq));
                            pending = Some(vm.new_exc(&ty, &msg));
                            continue;
                        }
                    },
                };
                let n = oparg as usize;
                if items.len() != n {
                    let ty = vm.t.exc.value_error.clone();
                    let msg = if items.len() < n {
                        format!("not enough values to unpack (expected {}, got {})", n, items.len())
                    } else {
                        format!("too many values to unpack (expected {n})")
                    };
                    pending = Some(vm.new_exc(&ty, &msg));
                    continue;
                }
                f.stack.extend(items.into_iter().rev());
            }
            op::UNPACK_EX => {
                let seq = pop!(f);
                let items = tri!(vm.collect(&seq));
                let before = (oparg & 0xff) as usize;
                let after = (oparg >> 8) as usize;
                if items.len() < before + after {
                    let ty = vm.t.exc.value_error.clone();
                    let msg = format!(
                        "not enough values to unpack (expected at least {}, got {})",
                        before + after,
                        items.len()
                    );
                    pending = Some(vm.new_exc(&ty, &msg));
                    continue;
                }
                let mid_end = items.len() - after;
                let mut out: Vec<ObjRef> = Vec::with_capacity(before + after + 1);
                out.extend(items[..before].iter().cloned());
                out.push(vm.new_list(items[before..mid_end].to_vec()));
                out.extend(items[mid_end..].iter().cloned());
                f.stack.extend(out.into_iter().rev());
            }
            op::SWAP => {
                let n = f.stack.len();
                f.stack.swap(n - 1, n - oparg as usize);
            }
            op::COPY => {
                let v = peek(&f, oparg as usize).clone();
                f.stack.push(v);
            }
            op::GET_ITER => {
                let o = pop!(f);
                let it = tri!(vm.iter(&o));
                f.stack.push(it);
            }
            op::GET_YIELD_FROM_ITER => {
                let o = top!(f).clone();
                if o.kind() != Kind::Generator {
                    let it = tri!(vm.iter(&o));
                    pop!(f);
                    f.stack.push(it);
                }
            }
            op::FOR_ITER => {
                if let Some(v) = fast_next(vm, top!(f)) {
                    f.stack.push(v);
                    continue;
                }
                let it = top!(f).clone();
                match tri!(vm.next(&it)) {
                    Some(v) => f.stack.push(v),
                    None => {
                        pop!(f);
                        pc += oparg as usize;
                    }
                }
            }
            op::JUMP_FORWARD => pc += oparg as usize,
            op::JUMP_BACKWARD | op::JUMP_BACKWARD_NO_INTERRUPT => pc -= oparg as usize,
            op::POP_JUMP_FORWARD_IF_FALSE
            | op::POP_JUMP_BACKWARD_IF_FALSE
            | op::POP_JUMP_FORWARD_IF_TRUE
            | op::POP_JUMP_BACKWARD_IF_TRUE => {
                let v = pop!(f);
                let b = if v.is(&vm.true_) {
                    true
                } else if v.is(&vm.false_) {
                    false
                } else {
                    // `truthy`'s answers for None and ints, without the call.
                    match v.kind() {
                        Kind::Unit => !v.is(&vm.none),
                        Kind::Int => !v.expect::<IntObj>().0.is_zero(),
                        _ => tri!(vm.truthy(&v)),
                    }
                };
                let want = matches!(opcode, op::POP_JUMP_FORWARD_IF_TRUE | op::POP_JUMP_BACKWARD_IF_TRUE);
                if b == want {
                    jump(&mut pc, opcode, oparg);
                }
            }
            op::POP_JUMP_FORWARD_IF_NONE
            | op::POP_JUMP_BACKWARD_IF_NONE
            | op::POP_JUMP_FORWARD_IF_NOT_NONE
            | op::POP_JUMP_BACKWARD_IF_NOT_NONE => {
                let v = pop!(f);
                let want_none =
                    matches!(opcode, op::POP_JUMP_FORWARD_IF_NONE | op::POP_JUMP_BACKWARD_IF_NONE);
                if v.is(&vm.none) == want_none {
                    jump(&mut pc, opcode, oparg);
                }
            }
            op::JUMP_IF_FALSE_OR_POP | op::JUMP_IF_TRUE_OR_POP => {
                let v = top!(f).clone();
                let b = tri!(vm.truthy(&v));
                if b == (opcode == op::JUMP_IF_TRUE_OR_POP) {
                    pc += oparg as usize;
                } else {
                    pop!(f);
                }
            }
            op::KW_NAMES => f.kwnames = Some(code.consts[oparg as usize].clone()),
            op::PRECALL => {
                let n = f.stack.len();
                let is_meth = !f.stack[n - oparg as usize - 2].is(&vm.null);
                if !is_meth {
                    let callable = &f.stack[n - oparg as usize - 1];
                    if callable.kind() == Kind::Method {
                        let m = callable.expect::<MethodObj>();
                        let (func, recv) = (m.func.clone(), m.receiver.clone());
                        f.stack[n - oparg as usize - 2] = func;
                        f.stack[n - oparg as usize - 1] = recv;
                    }
                }
            }
            op::CALL => {
                let n = f.stack.len();
                let is_meth = !f.stack[n - oparg as usize - 2].is(&vm.null);
                let total = oparg as usize + is_meth as usize;
                let func = f.stack[n - total - 1].clone();
                let kwnames_obj = f.kwnames.take();
                let kwnames: &[ObjRef] = match &kwnames_obj {
                    Some(t) => &t.expect::<TupleObj>().0,
                    None => &[],
                };
                let newf = match func.kind() {
                    Kind::Function => {
                        if let Some(newf) = exact_positional_frame(vm, &func, &mut f.stack, total, kwnames) {
                            newf
                        } else {
                            let args = &f.stack[n - total..];
                            tri!(vm.make_frame(&func, args, kwnames))
                        }
                    }
                    Kind::Type if !func.is(&vm.t.super_) => {
                        match tri!(init_frame(vm, &func, &f.stack[n - total..], kwnames)) {
                            Some(newf) => newf,
                            None => {
                                let r = vm.call(&func, &f.stack[n - total..], kwnames);
                                f.stack.truncate(n - oparg as usize - 2);
                                let r = tri!(r);
                                f.stack.push(r);
                                continue;
                            }
                        }
                    }
                    _ => {
                        // The arguments stay on the value stack during the call, as in CPython.
                        let args = &f.stack[n - total..];
                        let r = if args.len() <= 1 && (func.kind() == Kind::Builtin || func.is(&vm.t.super_))
                        {
                            match frame_builtin(vm, &f, &func, args) {
                                Some(r) => r,
                                None => vm.call(&func, args, kwnames),
                            }
                        } else {
                            vm.call(&func, args, kwnames)
                        };
                        f.stack.truncate(n - oparg as usize - 2);
                        let r = tri!(r);
                        f.stack.push(r);
                        continue;
                    }
                };
                f.stack.truncate(n - oparg as usize - 2);
                if vm.depth >= vm.recursion_limit {
                    let ty = vm.t.exc.recursion_error.clone();
                    pending = Some(vm.new_exc(&ty, "maximum recursion depth exceeded"));
                    continue;
                }
                vm.depth += 1;
                park!();
                let caller = std::mem::replace(&mut f, newf);
                vm.frames.push(caller);
                switched!();
            }
            op::CALL_FUNCTION_EX => {
                let kwargs = if oparg & 1 != 0 { Some(pop!(f)) } else { None };
                let posargs = pop!(f);
                let func = pop!(f);
                let _null = pop!(f);
                let mut args = if posargs.kind() == Kind::Tuple {
                    posargs.expect::<TupleObj>().0.to_vec()
                } else {
                    match vm.collect(&posargs) {
                        Ok(v) => v,
                        Err(e) => {
                            pending = Some(star_args_error(vm, e, &posargs, &func));
                            continue;
                        }
                    }
                };
                let mut names = Vec::new();
                if let Some(kw) = kwargs {
                    for (k, v) in vm.dict_items(&kw) {
                        names.push(k);
                        args.push(v);
                    }
                }
                if names.iter().any(|k| k.kind() != Kind::Str) {
                    let ty = vm.t.exc.type_error.clone();
                    pending = Some(vm.new_exc(&ty, "keywords must be strings"));
                    continue;
                }
                let r = tri!(vm.call(&func, &args, &names));
                f.stack.push(r);
            }
            op::MAKE_FUNCTION => {
                let codeobj = pop!(f);
                let closure = if oparg & 0x08 != 0 { Some(pop!(f)) } else { None };
                let annotations = if oparg & 0x04 != 0 { Some(pop!(f)) } else { None };
                let kwdefaults = if oparg & 0x02 != 0 { Some(pop!(f)) } else { None };
                let defaults = if oparg & 0x01 != 0 { Some(pop!(f)) } else { None };
                let c = codeobj.expect::<CodeObj>().0.clone();
                let name = vm.intern(&c.name);
                let qualname = vm.new_str(&c.qualname);
                let doc = match c.consts.first() {
                    Some(d) if d.kind() == Kind::Str && c.flags & 0x20 == 0 => Some(d.clone()),
                    _ => None,
                };
                let module = dict_get_str(&f.globals, &vm.n.name.clone());
                let ann = annotations.map(|a| {
                    if a.kind() == Kind::Tuple {
                        let d = vm.new_dict();
                        let items = a.expect::<TupleObj>().0.to_vec();
                        for p in items.chunks(2) {
                            let _ = vm.dict_set(&d, p[0].clone(), p[1].clone());
                        }
                        d
                    } else {
                        a
                    }
                });
                let func = ObjRef::new(
                    &vm.t.function,
                    FuncObj {
                        code: c,
                        code_obj: codeobj,
                        globals: f.globals.clone(),
                        builtins: f.builtins.clone(),
                        name: Mut::new(name),
                        qualname: Mut::new(qualname),
                        defaults: Mut::new(defaults),
                        kwdefaults: Mut::new(kwdefaults),
                        closure,
                        annotations: Mut::new(ann),
                        dict: Mut::new(None),
                        doc: Mut::new(doc),
                        module: Mut::new(module),
                    },
                );
                f.stack.push(func);
            }
            op::RETURN_VALUE => {
                let mut v = pop!(f);
                vm.depth -= 1;
                let init_of = f.init_of.take();
                if f.entry {
                    f.recycle_into(&mut vm.frame_pool, &vm.blank_code, &vm.none);
                    return Ok(Exit::Return(v));
                }
                let done = std::mem::replace(&mut f, vm.frames.pop().expect("caller frame"));
                done.recycle_into(&mut vm.frame_pool, &vm.blank_code, &vm.none);
                switched!();
                if let Some(obj) = init_of {
                    if !v.is(&vm.none) {
                        let msg = format!("__init__() should return None, not '{}'", vm.type_name(&v));
                        let ty = vm.t.exc.type_error.clone();
                        pending = Some(vm.new_exc(&ty, &msg));
                        continue;
                    }
                    v = obj;
                }
                f.stack.push(v);
            }
            op::RETURN_GENERATOR => {
                park!();
                let g = super::gen::make_generator(vm, &mut f);
                vm.depth -= 1;
                if f.entry {
                    return Ok(Exit::Return(g));
                }
                f = vm.frames.pop().expect("caller frame");
                switched!();
                f.stack.push(g);
            }
            op::YIELD_VALUE => {
                let v = pop!(f);
                vm.depth -= 1;
                park!();
                return Ok(Exit::Yield(v, f));
            }
            op::SEND => {
                let v = pop!(f);
                let recv = top!(f).clone();
                match tri!(super::gen::send(vm, &recv, v)) {
                    super::gen::SendResult::Yield(y) => f.stack.push(y),
                    super::gen::SendResult::Return(r) => {
                        pop!(f);
                        f.stack.push(r);
                        pc += oparg as usize;
                    }
                }
            }
            op::GET_AWAITABLE => {
                let o = pop!(f);
                let it = tri!(super::coro::awaitable_iter(vm, &o));
                f.stack.push(it);
            }
            op::GET_AITER => {
                let o = pop!(f);
                let it = tri!(super::coro::aiter(vm, &o));
                f.stack.push(it);
            }
            op::GET_ANEXT => {
                let o = top!(f).clone();
                let it = tri!(super::coro::anext_awaitable(vm, &o));
                f.stack.push(it);
            }
            op::END_ASYNC_FOR => {
                let exc = pop!(f);
                if exc_matches(vm, &exc, &vm.t.exc.stop_async_iteration.clone()).unwrap_or(false) {
                    pop!(f);
                } else {
                    pending = Some(mark_reraise(vm, exc));
                }
            }
            op::BEFORE_ASYNC_WITH => {
                let mgr = pop!(f);
                let (exit, r) = tri!(super::coro::before_async_with(vm, &mgr));
                f.stack.push(exit);
                f.stack.push(r);
            }
            op::ASYNC_GEN_WRAP => {
                let v = pop!(f);
                let w = ObjRef::new(&vm.t.async_gen_wrapped, crate::object::misc::WrapperObj(v));
                f.stack.push(w);
            }
            op::RAISE_VARARGS => {
                let r = match oparg {
                    0 => match vm.exc_info.clone() {
                        Some(e) => {
                            pending = Some(mark_reraise(vm, e));
                            continue;
                        }
                        None => {
                            let ty = vm.t.exc.runtime_error.clone();
                            Err(vm.new_exc(&ty, "No active exception to reraise"))
                        }
                    },
                    1 => {
                        let e = pop!(f);
                        make_exception(vm, &e)
                    }
                    _ => {
                        let cause = pop!(f);
                        let e = pop!(f);
                        match make_exception(vm, &e) {
                            Ok(exc) => set_cause(vm, exc, &cause),
                            Err(x) => Err(x),
                        }
                    }
                };
                match r {
                    Ok(exc) => {
                        chain_context(vm, &exc);
                        pending = Some(exc);
                    }
                    Err(e) => pending = Some(e),
                }
            }
            op::RERAISE => {
                let exc = pop!(f);
                // The handler is looked up from this instruction, but the traceback keeps
                // pointing at the original raise site that the handler saved.
                f.cur = lasti;
                f.lasti = lasti;
                if oparg != 0 {
                    let li = peek(&f, oparg as usize).clone();
                    if let Some(i) = li.get::<IntObj>().and_then(|i| i.0.as_i64()) {
                        f.lasti = i as usize;
                    }
                }
                raise!(mark_reraise(vm, exc));
            }
            op::PUSH_EXC_INFO => {
                let exc = pop!(f);
                let prev = vm.exc_info.replace(exc.clone()).unwrap_or_else(|| vm.none.clone());
                f.stack.push(prev);
                f.stack.push(exc);
            }
            op::POP_EXCEPT => {
                let prev = pop!(f);
                vm.exc_info = if prev.is(&vm.none) { None } else { Some(prev) };
            }
            op::CHECK_EXC_MATCH => {
                let ty = pop!(f);
                let exc = top!(f).clone();
                let r = tri!(exc_matches(vm, &exc, &ty));
                f.stack.push(vm.new_bool(r));
            }
            op::CHECK_EG_MATCH => {
                let match_type = pop!(f);
                let exc = top!(f).clone();
                let (m, rest) = tri!(crate::builtins::excgroup::eg_match(vm, &exc, &match_type));
                if m.is(&vm.none) {
                    f.stack.push(m);
                } else {
                    // [exc] -> [rest, match]; the match is the exception being handled.
                    *f.stack.last_mut().expect("value stack underflow") = rest;
                    vm.exc_info = Some(m.clone());
                    f.stack.push(m);
                }
            }
            op::PREP_RERAISE_STAR => {
                let excs = pop!(f);
                let orig = top!(f).clone();
                let list = excs.expect::<ListObj>().snapshot();
                let r = tri!(crate::builtins::excgroup::prep_reraise(vm, &orig, &list));
                *f.stack.last_mut().expect("value stack underflow") = r;
            }
            op::LOAD_ASSERTION_ERROR => f.stack.push(vm.t.exc.assertion_error.clone()),
            op::BEFORE_WITH => {
                let mgr = pop!(f);
                let exit_name = vm.n.exit.clone();
                let enter_name = vm.n.enter.clone();
                let ty = mgr.ty().clone();
                let enter = crate::runtime::attr::lookup_type(&ty, &enter_name);
                let (Some(enter), Some(exit)) =
                    (enter.clone(), crate::runtime::attr::lookup_type(&ty, &exit_name))
                else {
                    let et = vm.t.exc.type_error.clone();
                    let missed = if enter.is_some() { " (missed __exit__ method)" } else { "" };
                    let msg = format!(
                        "'{}' object does not support the context manager protocol{missed}",
                        vm.type_name(&mgr)
                    );
                    pending = Some(vm.new_exc(&et, &msg));
                    continue;
                };
                let exit_bound = tri!(vm.bind(exit, &mgr, &ty));
                f.stack.push(exit_bound);
                let r = tri!(vm.call(&enter, &[mgr.clone()], &[]));
                f.stack.push(r);
            }
            op::WITH_EXCEPT_START => {
                // Stack: exit, lasti, prev_exc, exc
                let exc = top!(f).clone();
                let exit = peek(&f, 4).clone();
                let ty = exc.ty().clone();
                let tb = match exc.get::<ExcObj>() {
                    Some(e) => e.traceback.with(|t| t.clone()).unwrap_or_else(|| vm.none.clone()),
                    None => vm.none.clone(),
                };
                let r = tri!(vm.call(&exit, &[ty, exc, tb], &[]));
                f.stack.push(r);
            }
            op::GET_LEN => {
                let o = top!(f).clone();
                let n = tri!(crate::builtins::len(vm, &o));
                f.stack.push(vm.new_int(n as i64));
            }
            op::MATCH_MAPPING => {
                let r = vm.match_is_mapping(top!(f));
                f.stack.push(vm.new_bool(r));
            }
            op::MATCH_SEQUENCE => {
                let r = vm.match_is_sequence(top!(f));
                f.stack.push(vm.new_bool(r));
            }
            op::MATCH_KEYS => {
                let (keys, subj) = (top!(f).clone(), peek(&f, 2).clone());
                let r = tri!(vm.match_keys(&subj, &keys));
                f.stack.push(r);
            }
            op::MATCH_CLASS => {
                let names = pop!(f);
                let cls = pop!(f);
                let subj = pop!(f);
                let r = tri!(vm.match_class(&subj, &cls, oparg as usize, &names));
                f.stack.push(r);
            }
            op::FORMAT_VALUE => {
                let spec = if oparg & 0x04 != 0 { Some(pop!(f)) } else { None };
                let v = pop!(f);
                let v = match oparg & 3 {
                    1 => {
                        let s = tri!(vm.str(&v));
                        vm.new_string(s)
                    }
                    2 => tri!(vm.repr_obj(&v)),
                    3 => {
                        let s = tri!(vm.repr(&v));
                        vm.new_string(crate::builtins::ascii_escape(&s))
                    }
                    _ => v,
                };
                let spec_s = spec.map(|s| s.expect::<StrObj>().s.to_string()).unwrap_or_default();
                let r = tri!(crate::builtins::format::format(vm, &v, &spec_s));
                f.stack.push(r);
            }
            op::PRINT_EXPR => {
                let v = pop!(f);
                if !v.is(&vm.none) {
                    let s = tri!(vm.repr(&v));
                    use std::io::Write;
                    let _ = writeln!(vm.out, "{s}");
                }
            }
            op::LOAD_BUILD_CLASS => {
                let bc = vm.n.build_class.clone();
                match dict_get_str(&f.builtins, &bc) {
                    Some(v) => f.stack.push(v),
                    None => {
                        let ty = vm.t.exc.name_error.clone();
                        pending = Some(vm.new_exc(&ty, "__build_class__ not found"));
                    }
                }
            }
            op::SETUP_ANNOTATIONS => {
                let name = vm.n.annotations.clone();
                let l = f.locals.clone().unwrap_or_else(|| f.globals.clone());
                if dict_get_str(&l, &name).is_none() {
                    let d = vm.new_dict();
                    dict_set_str(&l, name, d);
                }
            }
            op::IMPORT_NAME => {
                let fromlist = pop!(f);
                let level = pop!(f);
                let level = tri!(vm.to_i64(&level));
                let name = code.names[oparg as usize].clone();
                let globals = f.globals.clone();
                let m = tri!(crate::builtins::import::import_name(vm, &name, &fromlist, level, &globals));
                f.stack.push(m);
            }
            op::IMPORT_FROM => {
                let m = top!(f).clone();
                let v = tri!(crate::builtins::import::import_from(vm, &m, &code.names[oparg as usize]));
                f.stack.push(v);
            }
            op::IMPORT_STAR => {
                let m = pop!(f);
                let l = f.locals.clone().unwrap_or_else(|| f.globals.clone());
                tri!(crate::builtins::import::import_star(vm, &m, &l));
            }
            _ => {
                let ty = vm.t.exc.system_error.clone();
                let name = pyrite_ir::target::py311::OPNAME[opcode as usize];
                pending = Some(vm.new_exc(&ty, &format!("unknown opcode {opcode} ({name})")));
            }
        }
    }
}

/// Moves `f` to the handler of `exc`: in `f` itself, or in a caller, popping the frames that
/// have none (the handler's target goes into `saved_pc`). Err when the exception leaves the
/// entry frame. Kept out of the dispatch loop, which it would otherwise bloat.
#[cold]
#[inline(never)]
fn unwind(vm: &mut Vm, f: &mut Box<Frame>, mut exc: ObjRef, thrown: bool) -> Result<(), ObjRef> {
    let mut add_tb = !reraise_marker(vm, &exc);
    if add_tb && !thrown {
        // Raised while another exception is handled (by an instruction or a native
        // call, not only `raise`): CPython's implicit chaining.
        chain_context(vm, &exc);
    }
    loop {
        if add_tb {
            add_traceback(vm, &exc, f);
        }
        add_tb = true;
        if let Some(h) = find_handler(&f.code, f.cur) {
            f.stack.truncate(h.depth as usize);
            if h.lasti {
                let li = vm.new_int(f.lasti as i64);
                f.stack.push(li);
            }
            f.stack.push(exc);
            f.saved_pc = h.target as usize;
            return Ok(());
        }
        // No handler here: the frame dies and the exception moves to the caller.
        vm.depth -= 1;
        if f.entry {
            return Err(exc);
        }
        *f = vm.frames.pop().expect("caller frame");
        exc = exc.clone();
    }
}

/// The frame of a call with exactly the positional parameters a plain function takes (the
/// common case): the arguments move from the value stack into the frame's locals.
#[inline]
fn exact_positional_frame(
    vm: &mut Vm,
    func: &ObjRef,
    stack: &mut Vec<ObjRef>,
    total: usize,
    kwnames: &[ObjRef],
) -> Option<Box<Frame>> {
    let fo = func.expect::<FuncObj>();
    let c = &fo.code;
    if !kwnames.is_empty()
        || total != c.argcount
        || c.kwonlyargcount != 0
        || c.flags & (flags::VARARGS | flags::VARKEYWORDS) != 0
    {
        return None;
    }
    let mut newf = Frame::boxed(&mut vm.frame_pool, c.clone(), fo.globals.clone(), fo.builtins.clone(), None);
    newf.func = Some(func.clone());
    // The arguments move from the top of the value stack, last first (cheaper than a `drain`);
    // the caller truncates the stack below the callable afterwards.
    for slot in newf.fast.iter_mut().take(total).rev() {
        *slot = stack.pop();
    }
    Some(newf)
}

/// `cls(...)` for a plain class with `object.__new__` and a Python `__init__`: the new instance
/// and the `__init__` frame, run by the eval loop itself (CPython 3.12's shim frame does the
/// same); None when `type.__call__`'s general path must run.
fn init_frame(
    vm: &mut Vm,
    cls: &ObjRef,
    args: &[ObjRef],
    kwnames: &[ObjRef],
) -> PyResult<Option<Box<Frame>>> {
    let Some(t) = cls.get::<crate::object::typeobj::TypeObj>() else { return Ok(None) };
    if !t.heap_type || t.layout != Kind::Instance || !cls.ty().is(&vm.t.type_) {
        return Ok(None);
    }
    let (new_name, init_name) = (vm.n.new.clone(), vm.n.init.clone());
    let object_new = crate::runtime::attr::lookup_type(&vm.t.object, &new_name);
    match (crate::runtime::attr::lookup_type(cls, &new_name), object_new) {
        (Some(a), Some(b)) if a.is(&b) => {}
        _ => return Ok(None),
    }
    let Some(init) = crate::runtime::attr::lookup_type(cls, &init_name) else { return Ok(None) };
    const NOT_PLAIN: u32 =
        flags::GENERATOR | flags::COROUTINE | flags::ASYNC_GENERATOR | flags::ITERABLE_COROUTINE;
    if init.kind() != Kind::Function || init.expect::<FuncObj>().code.flags & NOT_PLAIN != 0 {
        return Ok(None);
    }
    let obj = vm.alloc_instance(cls, &[])?;
    let mut full = Vec::with_capacity(args.len() + 1);
    full.push(obj.clone());
    full.extend_from_slice(args);
    let mut newf = vm.make_frame(&init, &full, kwnames)?;
    newf.init_of = Some(obj);
    Ok(Some(newf))
}

/// `k` as an index into a sequence of `len` items (negative counts from the end), when it is
/// an int in range; None sends the general path to raise or handle big ints.
#[inline]
fn seq_index(k: &ObjRef, len: usize) -> Option<usize> {
    use crate::object::int::Int;
    let IntObj(Int::Small(i)) = k.get::<IntObj>()? else { return None };
    let i = if *i < 0 { i.checked_add(len as i64)? } else { *i };
    (0..len as i64).contains(&i).then_some(i as usize)
}

/// The next item of a range or list iterator that has one; exhaustion and other iterators take
/// the general path.
#[inline]
fn fast_next(vm: &Vm, it: &ObjRef) -> Option<ObjRef> {
    use crate::object::iter::{IterObj, IterState};
    enum Next {
        Int(i64),
        Item(ObjRef),
    }
    let next = it.get::<IterObj>()?.0.with(|s| match s {
        IterState::Range { cur, step, left } if *left > 0 => {
            let v = *cur;
            *cur = cur.wrapping_add(*step);
            *left -= 1;
            Some(Next::Int(v))
        }
        IterState::Seq { seq, idx } => {
            let v = seq.get::<ListObj>()?.get(*idx)?;
            *idx += 1;
            Some(Next::Item(v))
        }
        _ => None,
    })?;
    Some(match next {
        Next::Int(i) => vm.new_int(i),
        Next::Item(v) => v,
    })
}

/// `list[i]` and `tuple[i]` for exact lists and tuples.
#[inline]
fn fast_subscr(vm: &Vm, o: &ObjRef, k: &ObjRef) -> Option<ObjRef> {
    match o.kind() {
        Kind::List if o.ty().is(&vm.t.list) => {
            o.expect::<ListObj>().0.with(|v| seq_index(k, v.len()).map(|i| v[i].clone()))
        }
        Kind::Tuple if o.ty().is(&vm.t.tuple) => {
            let items = &o.expect::<TupleObj>().0;
            seq_index(k, items.len()).map(|i| items[i].clone())
        }
        _ => None,
    }
}

/// `list[i] = v` for an exact list and an index in range; gives `v` back otherwise.
#[inline]
fn fast_store_subscr(vm: &Vm, o: &ObjRef, k: &ObjRef, v: ObjRef) -> Result<(), ObjRef> {
    if o.kind() != Kind::List || !o.ty().is(&vm.t.list) {
        return Err(v);
    }
    let old = o.expect::<ListObj>().0.with(|items| match seq_index(k, items.len()) {
        Some(i) => Ok(std::mem::replace(&mut items[i], v)),
        None => Err(v),
    })?;
    // Released outside the list's borrow.
    drop(old);
    Ok(())
}

/// Arithmetic on two exact floats or two exact small ints, leaving the result in `a`; false
/// when the general path must run (other types, overflow, division by zero). An operand the
/// value stack held the only reference to is reused for the result instead of freeing one
/// object and allocating another.
#[inline(always)]
fn fast_binop(vm: &Vm, a: &mut ObjRef, b: &mut ObjRef, oparg: u32) -> bool {
    // The in-place forms (`+=`) number 13 after their binary ones; on floats and ints they are
    // the same operation.
    let op = if oparg >= 13 { oparg - 13 } else { oparg };
    match (a.kind(), b.kind()) {
        (Kind::Float, Kind::Float) => fast_float_binop(vm, a, b, op),
        (Kind::Int, Kind::Int) => fast_int_binop(vm, a, b, op),
        (Kind::Float, Kind::Int) | (Kind::Int, Kind::Float) => fast_mixed_binop(vm, a, b, op),
        _ => false,
    }
}

/// `+ - * /` of an exact float and an exact int small enough to be exact as a double (what
/// float's methods do with it first), e.g. `1.0 / n`.
#[inline]
fn fast_mixed_binop(vm: &Vm, a: &mut ObjRef, b: &mut ObjRef, op: u32) -> bool {
    use crate::object::float::FloatObj;
    use crate::object::int::Int;
    let as_f64 = |o: &ObjRef| -> Option<f64> {
        if o.ty().is(&vm.t.float) {
            return Some(o.expect::<FloatObj>().0);
        }
        if !o.ty().is(&vm.t.int) {
            return None;
        }
        match o.expect::<IntObj>().0 {
            Int::Small(i) if i.unsigned_abs() <= 1 << 53 => Some(i as f64),
            _ => None,
        }
    };
    let (Some(x), Some(y)) = (as_f64(a), as_f64(b)) else { return false };
    let Some(r) = float_arith(x, y, op) else { return false };
    store_float(vm, a, b, r);
    true
}

/// The float operations with fast paths; None for the others and for division by zero.
#[inline(always)]
fn float_arith(x: f64, y: f64, op: u32) -> Option<f64> {
    Some(match op {
        0 => x + y,
        10 => x - y,
        5 => x * y,
        11 if y != 0.0 => x / y,
        _ => return None,
    })
}

/// Puts float `r` into `a`, reusing whichever operand float the value stack held the only
/// reference to.
#[inline(always)]
fn store_float(vm: &Vm, a: &mut ObjRef, b: &mut ObjRef, r: f64) {
    use crate::object::float::FloatObj;
    if let Some(p) = a.get_mut_unique::<FloatObj>() {
        p.0 = r;
    } else if let Some(p) = b.get_mut_unique::<FloatObj>() {
        p.0 = r;
        std::mem::swap(a, b);
    } else {
        *a = vm.new_float(r);
    }
}

#[inline(always)]
fn fast_float_binop(vm: &Vm, a: &mut ObjRef, b: &mut ObjRef, op: u32) -> bool {
    use crate::object::float::FloatObj;
    if !a.ty().is(&vm.t.float) || !b.ty().is(&vm.t.float) {
        return false;
    }
    let (x, y) = (a.expect::<FloatObj>().0, b.expect::<FloatObj>().0);
    let Some(r) = float_arith(x, y, op) else { return false };
    store_float(vm, a, b, r);
    true
}

#[inline]
fn fast_int_binop(vm: &Vm, a: &mut ObjRef, b: &mut ObjRef, op: u32) -> bool {
    use crate::object::int::Int;
    let (x, y) = match (&a.expect::<IntObj>().0, &b.expect::<IntObj>().0) {
        (Int::Small(x), Int::Small(y)) => (*x, *y),
        _ => return false,
    };
    if !a.ty().is(&vm.t.int) || !b.ty().is(&vm.t.int) {
        return false;
    }
    let r = match op {
        0 => x.checked_add(y),
        10 => x.checked_sub(y),
        5 => x.checked_mul(y),
        1 => Some(x & y),
        7 => Some(x | y),
        12 => Some(x ^ y),
        // Python rounds the quotient down and gives the remainder the divisor's sign.
        2 if y != 0 => x.checked_div(y).map(|q| if x % y != 0 && (x < 0) != (y < 0) { q - 1 } else { q }),
        6 if y != 0 => x.checked_rem(y).map(|m| if m != 0 && (m < 0) != (y < 0) { m + y } else { m }),
        9 if y >= 0 => Some(x >> y.min(63)),
        3 if (0..63).contains(&y) => Some(x << y).filter(|r| r >> y == x),
        11 if y != 0 && x.unsigned_abs() <= 1 << 53 && y.unsigned_abs() <= 1 << 53 => {
            // Both are exact as doubles, so one division rounds correctly (CPython's fast path).
            *a = vm.new_float(x as f64 / y as f64);
            return true;
        }
        _ => None,
    };
    let Some(r) = r else { return false };
    if Vm::is_small_int(r) {
        // Small ints are shared objects, as in CPython.
        *a = vm.new_int(r);
    } else if let Some(p) = a.get_mut_unique::<IntObj>() {
        p.0 = Int::Small(r);
    } else if let Some(p) = b.get_mut_unique::<IntObj>() {
        p.0 = Int::Small(r);
        std::mem::swap(a, b);
    } else {
        *a = vm.new_int(r);
    }
    true
}

/// Comparisons of two exact floats or two exact small ints.
#[inline]
fn fast_compare(a: &ObjRef, b: &ObjRef, oparg: u32) -> Option<bool> {
    use crate::object::float::FloatObj;
    use crate::object::int::Int;
    let ord = match (a.kind(), b.kind()) {
        (Kind::Int, Kind::Int) => match (&a.expect::<IntObj>().0, &b.expect::<IntObj>().0) {
            (Int::Small(x), Int::Small(y)) => x.cmp(y),
            _ => return None,
        },
        (Kind::Float, Kind::Float) => a.expect::<FloatObj>().0.partial_cmp(&b.expect::<FloatObj>().0)?,
        // UTF-8 byte order is code point order, which is how str compares.
        (Kind::Str, Kind::Str) => a.expect::<StrObj>().s.as_bytes().cmp(b.expect::<StrObj>().s.as_bytes()),
        // None and the other singletons compare by identity with these types (`x == None`).
        (Kind::Unit, Kind::Unit | Kind::Str | Kind::Int | Kind::Float)
        | (Kind::Str | Kind::Int | Kind::Float, Kind::Unit)
            if matches!(oparg % 6, 2 | 3) =>
        {
            if a.is(b) {
                std::cmp::Ordering::Equal
            } else {
                std::cmp::Ordering::Less
            }
        }
        _ => return None,
    };
    // Subclasses may override comparisons: only builtin types take this path.
    if a.ty().get::<crate::object::typeobj::TypeObj>()?.heap_type
        || b.ty().get::<crate::object::typeobj::TypeObj>()?.heap_type
    {
        return None;
    }
    use std::cmp::Ordering::*;
    Some(match oparg % 6 {
        0 => ord == Less,
        1 => ord != Greater,
        2 => ord == Equal,
        3 => ord != Equal,
        4 => ord == Greater,
        _ => ord != Less,
    })
}

/// For POP_JUMP_*_IF_TRUE/FALSE, the truth value that makes it jump.
#[inline]
fn jump_condition(opcode: u8) -> Option<bool> {
    match opcode {
        op::POP_JUMP_FORWARD_IF_FALSE | op::POP_JUMP_BACKWARD_IF_FALSE => Some(false),
        op::POP_JUMP_FORWARD_IF_TRUE | op::POP_JUMP_BACKWARD_IF_TRUE => Some(true),
        _ => None,
    }
}

fn jump(pc: &mut usize, opcode: u8, oparg: u32) {
    if matches!(
        opcode,
        op::POP_JUMP_BACKWARD_IF_FALSE
            | op::POP_JUMP_BACKWARD_IF_TRUE
            | op::POP_JUMP_BACKWARD_IF_NONE
            | op::POP_JUMP_BACKWARD_IF_NOT_NONE
    ) {
        *pc -= oparg as usize;
    } else {
        *pc += oparg as usize;
    }
}

fn name_error(vm: &mut Vm, name: &ObjRef) -> ObjRef {
    let ty = vm.t.exc.name_error.clone();
    let e = vm.new_exc(&ty, &format!("name '{}' is not defined", name.expect::<StrObj>().s));
    if let Some(x) = e.get::<ExcObj>() {
        let key = vm.intern("name");
        dict_set_str(&x.dict, key, name.clone());
    }
    e
}

fn free_var_error(vm: &mut Vm, code: &crate::object::func::Code, i: usize) -> ObjRef {
    let name = code.localsplusnames[i].expect::<StrObj>().s.to_string();
    if code.localspluskinds[i] & kinds::FREE != 0 {
        let ty = vm.t.exc.name_error.clone();
        vm.new_exc(&ty, &format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"))
    } else {
        let ty = vm.t.exc.unbound_local_error.clone();
        vm.new_exc(
            &ty,
            &format!("cannot access local variable '{name}' where it is not associated with a value"),
        )
    }
}

/// The display name of the callable sitting `depth` below the top (for `**` errors).
fn callable_name_at(vm: &mut Vm, f: &Frame, depth: usize) -> String {
    if f.stack.len() < depth {
        return "function".into();
    }
    let c = peek(f, depth).clone();
    function_str(vm, &c)
}

/// How CPython names a callable in call errors (its _PyObject_FunctionStr).
fn function_str(vm: &mut Vm, c: &ObjRef) -> String {
    let mut c = c.clone();
    if c.kind() == Kind::Method {
        c = c.expect::<crate::object::func::MethodObj>().func.clone();
    }
    match c.kind() {
        // CPython's _PyObject_FunctionStr: the module prefixes the qualified name.
        Kind::Function => {
            let func = c.expect::<FuncObj>();
            let q = func.qualname.with(|q| q.expect::<StrObj>().s.to_string());
            match func.module.with(|m| m.clone()) {
                Some(m) if m.kind() == Kind::Str && &*m.expect::<StrObj>().s != "builtins" => {
                    format!("{}.{q}()", m.expect::<StrObj>().s)
                }
                _ => format!("{q}()"),
            }
        }
        Kind::Type if c.expect::<crate::object::typeobj::TypeObj>().heap_type => {
            let module = vm.intern("__module__");
            match crate::runtime::attr::lookup_type(&c, &module) {
                Some(m) if m.kind() == Kind::Str && &*m.expect::<StrObj>().s != "builtins" => {
                    format!("{}.{}()", m.expect::<StrObj>().s, crate::runtime::types::type_name(&c))
                }
                _ => format!("{}()", crate::runtime::types::type_name(&c)),
            }
        }
        Kind::Builtin => format!("{}()", c.expect::<crate::object::func::BuiltinObj>().name),
        Kind::Type => format!("{}()", crate::runtime::types::type_name(&c)),
        _ => format!("{} object", vm.type_name(&c)),
    }
}

/// A failed `f(*x)`: when `x` is not iterable at all, CPython names the callee.
fn star_args_error(vm: &mut Vm, e: ObjRef, it: &ObjRef, func: &ObjRef) -> ObjRef {
    let iterable = [vm.n.iter.clone(), vm.intern("__getitem__")]
        .iter()
        .any(|n| crate::runtime::attr::lookup_type(it.ty(), n).is_some());
    if !e.ty().is(&vm.t.exc.type_error) || iterable || matches!(it.kind(), Kind::Iter | Kind::Generator) {
        return e;
    }
    let name = function_str(vm, func);
    let ty = vm.t.exc.type_error.clone();
    let msg = format!("{name} argument after * must be an iterable, not {}", vm.type_name(it));
    vm.new_exc(&ty, &msg)
}

/// `raise X`: instantiate classes, validate instances.
fn make_exception(vm: &mut Vm, e: &ObjRef) -> PyResult {
    let base = vm.t.exc.base_exception.clone();
    if e.kind() == Kind::Type && is_subtype(e, &base) {
        let exc = vm.call(e, &[], &[])?;
        return Ok(exc);
    }
    if is_subtype(e.ty(), &base) {
        return Ok(e.clone());
    }
    vm.type_error("exceptions must derive from BaseException")
}

fn set_cause(vm: &mut Vm, exc: ObjRef, cause: &ObjRef) -> PyResult {
    let base = vm.t.exc.base_exception.clone();
    let c = if cause.is(&vm.none) {
        None
    } else if cause.kind() == Kind::Type && is_subtype(cause, &base) {
        Some(vm.call(cause, &[], &[])?)
    } else if is_subtype(cause.ty(), &base) {
        Some(cause.clone())
    } else {
        return vm.type_error("exception causes must derive from BaseException");
    };
    if let Some(e) = exc.get::<ExcObj>() {
        e.cause.with(|x| *x = c);
        e.suppress_context.set(true);
    }
    Ok(exc)
}

/// `except T:` matching (T may be a tuple of classes).
fn exc_matches(vm: &mut Vm, exc: &ObjRef, ty: &ObjRef) -> PyResult<bool> {
    if ty.kind() == Kind::Tuple {
        for t in ty.expect::<TupleObj>().0.iter() {
            if exc_matches(vm, exc, t)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if ty.kind() != Kind::Type || !is_subtype(ty, &vm.t.exc.base_exception.clone()) {
        return vm.type_error("catching classes that do not inherit from BaseException is not allowed");
    }
    Ok(is_subtype(exc.ty(), ty))
}

thread_local! {
    static RERAISE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Re-raised exceptions do not get a new traceback entry for the frame re-raising them.
fn mark_reraise(_vm: &Vm, e: ObjRef) -> ObjRef {
    RERAISE.with(|r| r.set(e.id()));
    e
}

fn reraise_marker(_vm: &Vm, e: &ObjRef) -> bool {
    RERAISE.with(|r| {
        let hit = r.get() == e.id();
        r.set(0);
        hit
    })
}

/// Builtins that need the calling frame: super(), locals(), globals(), vars(), dir() without arguments,
/// and exec(code)/eval(code), which run in the caller's namespaces.
fn frame_builtin(vm: &mut Vm, f: &Frame, func: &ObjRef, args: &[ObjRef]) -> Option<PyResult> {
    let name =
        if func.is(&vm.t.super_) { "super" } else { func.expect::<crate::object::func::BuiltinObj>().name };
    if args.len() == 1 {
        if !matches!(name, "exec" | "eval") {
            return None;
        }
        let locals = match frame_builtin(vm, f, func, &[]) {
            Some(Ok(l)) => l,
            _ => f.globals.clone(),
        };
        let locals = if f.locals.is_some() { locals } else { locals_snapshot(vm, f) };
        return Some(crate::builtins::exec::run_code(
            vm,
            name == "eval",
            &args[0],
            f.globals.clone(),
            locals,
        ));
    }
    match name {
        "exec" | "eval" => None,
        "super" => {
            let code = &f.code;
            // CPython: a code object without arguments has no first argument to bind.
            let first = if code.argcount > 0 { f.fast.first().cloned().flatten() } else { None };
            let class_cell =
                code.localsplusnames.iter().position(|n| &*n.expect::<StrObj>().s == "__class__");
            let cls = class_cell
                .and_then(|i| f.fast[i].clone())
                .and_then(|c| c.get::<CellObj>().and_then(|c| c.0.with(|x| x.clone())));
            if func.kind() == Kind::Builtin {
                return None;
            }
            Some(match (cls, first) {
                (Some(cls), Some(obj)) => {
                    let obj = match obj.get::<CellObj>() {
                        Some(c) => c.0.with(|x| x.clone()).unwrap_or(obj),
                        None => obj,
                    };
                    crate::builtins::types::make_super(vm, cls, obj)
                }
                _ => {
                    let ty = vm.t.exc.runtime_error.clone();
                    vm.err(&ty, "super(): no arguments")
                }
            })
        }
        "locals" | "vars" => Some(Ok(match &f.locals {
            Some(l) => l.clone(),
            None => locals_snapshot(vm, f),
        })),
        "globals" => Some(Ok(f.globals.clone())),
        "dir" => {
            let locals = f.locals.clone().unwrap_or_else(|| locals_snapshot(vm, f));
            let names = vm.dict_items(&locals).into_iter().map(|(k, _)| k).collect();
            Some(crate::builtins::introspect::sorted_names(vm, names))
        }
        _ => None,
    }
}

/// A dict of a function frame's local variables (what `locals()` returns there).
fn locals_snapshot(vm: &mut Vm, f: &Frame) -> ObjRef {
    if let Some(l) = &f.locals {
        return l.clone();
    }
    {
        {
            let d = vm.new_dict();
            for (i, n) in f.code.localsplusnames.iter().enumerate() {
                if let Some(v) = &f.fast[i] {
                    let v = match v.get::<CellObj>() {
                        Some(c) if f.code.localspluskinds[i] & (kinds::CELL | kinds::FREE) != 0 => {
                            match c.0.with(|x| x.clone()) {
                                Some(x) => x,
                                None => continue,
                            }
                        }
                        _ => v.clone(),
                    };
                    dict_set_str(&d, n.clone(), v);
                }
            }
            d
        }
    }
}
