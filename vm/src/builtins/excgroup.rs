//! `BaseExceptionGroup` / `ExceptionGroup` (PEP 654) and the two instructions of `except*`:
//! CHECK_EG_MATCH splits the raised group by the clause's type, PREP_RERAISE_STAR combines what
//! the clauses raised or re-raised with what no clause matched.
//!
//! A group's `args` are `(message, exceptions)`; `exceptions` is exposed as a tuple.

use super::add_method;
use crate::heap::{Kind, ObjRef};
use crate::object::exc::ExcObj;
use crate::object::seq::TupleObj;
use crate::runtime::types::is_subtype;
use crate::{PyResult, Vm};

pub fn is_group(vm: &Vm, o: &ObjRef) -> bool {
    o.kind() == Kind::Exception && is_subtype(o.ty(), &vm.t.exc.base_exception_group)
}

fn args_of(o: &ObjRef) -> Vec<ObjRef> {
    let a = o.expect::<ExcObj>().args.with(|a| a.clone());
    a.expect::<TupleObj>().0.to_vec()
}

/// The group's message and sub-exceptions.
pub fn parts(vm: &mut Vm, o: &ObjRef) -> PyResult<(ObjRef, Vec<ObjRef>)> {
    let a = args_of(o);
    let msg = a.first().cloned().unwrap_or_else(|| vm.new_str(""));
    let excs = match a.get(1) {
        Some(e) => {
            let it = vm.iter(e)?;
            let mut v = Vec::new();
            while let Some(x) = vm.next(&it)? {
                v.push(x);
            }
            v
        }
        None => Vec::new(),
    };
    Ok((msg, excs))
}

/// Validates `(message, exceptions)` for a new group of class `cls`; returns the class to use
/// (`BaseExceptionGroup(...)` of Exceptions only is an ExceptionGroup).
pub fn check_new(vm: &mut Vm, cls: &ObjRef, args: &[ObjRef]) -> PyResult<ObjRef> {
    let name = crate::runtime::types::type_name(cls);
    if args.len() != 2 {
        return vm.type_error(format!("{name}() takes exactly 2 arguments ({} given)", args.len()));
    }
    if args[0].kind() != Kind::Str {
        return vm.type_error("argument 1 must be str");
    }
    if !matches!(args[1].kind(), Kind::List | Kind::Tuple) {
        return vm.type_error("second argument (exceptions) must be a sequence");
    }
    let excs = {
        let it = vm.iter(&args[1])?;
        let mut v = Vec::new();
        while let Some(x) = vm.next(&it)? {
            v.push(x);
        }
        v
    };
    if excs.is_empty() {
        return vm.value_error("second argument (exceptions) must be a non-empty sequence");
    }
    let base = vm.t.exc.base_exception.clone();
    let exception = vm.t.exc.exception.clone();
    let mut all_exceptions = true;
    for (i, e) in excs.iter().enumerate() {
        if e.kind() != Kind::Exception || !is_subtype(e.ty(), &base) {
            return vm.value_error(format!("Item {i} of second argument (exceptions) is not an exception"));
        }
        all_exceptions &= is_subtype(e.ty(), &exception);
    }
    if cls.is(&vm.t.exc.base_exception_group) && all_exceptions {
        return Ok(vm.t.exc.exception_group.clone());
    }
    if is_subtype(cls, &exception) && !all_exceptions {
        if cls.is(&vm.t.exc.exception_group) {
            return vm.type_error("Cannot nest BaseExceptions in an ExceptionGroup");
        }
        return vm.type_error(format!("Cannot nest BaseExceptions in '{name}'"));
    }
    Ok(cls.clone())
}

/// `str(group)`: "message (N sub-exceptions)".
pub fn to_str(vm: &mut Vm, o: &ObjRef) -> PyResult<String> {
    let (msg, excs) = parts(vm, o)?;
    let m = vm.str(&msg)?;
    let n = excs.len();
    Ok(format!("{m} ({n} sub-exception{})", if n == 1 { "" } else { "s" }))
}

/// `group.derive(excs)` then copies of `__traceback__`, `__cause__`, `__context__` (as CPython's
/// split does for every group it builds).
fn derive(vm: &mut Vm, o: &ObjRef, excs: Vec<ObjRef>) -> PyResult {
    let name = vm.intern("derive");
    let d = vm.getattr(o, &name)?;
    let list = vm.new_list(excs);
    let g = vm.call(&d, &[list], &[])?;
    if let (Some(src), Some(dst)) = (o.get::<ExcObj>(), g.get::<ExcObj>()) {
        let tb = src.traceback.with(|t| t.clone());
        dst.traceback.with(|t| *t = tb);
        let cause = src.cause.with(|t| t.clone());
        dst.cause.with(|t| *t = cause);
        let ctx = src.context.with(|t| t.clone());
        dst.context.with(|t| *t = ctx);
        dst.suppress_context.set(src.suppress_context.get());
    }
    let notes = vm.intern("__notes__");
    if let Some(n) = vm.getattr_opt(o, &notes)? {
        vm.setattr(&g, &notes, n)?;
    }
    Ok(g)
}

fn is_instance_of(vm: &mut Vm, e: &ObjRef, cls: &ObjRef) -> PyResult<bool> {
    if cls.kind() == Kind::Tuple {
        for c in cls.expect::<TupleObj>().0.iter() {
            if is_instance_of(vm, e, c)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if cls.kind() != Kind::Type {
        return vm.type_error("catching classes that do not inherit from BaseException is not allowed");
    }
    Ok(is_subtype(e.ty(), cls))
}

/// Whether `e` matches a split condition: a type, a tuple of types, or a predicate.
fn matches(vm: &mut Vm, e: &ObjRef, cond: &ObjRef) -> PyResult<bool> {
    if cond.kind() == Kind::Type || cond.kind() == Kind::Tuple {
        return is_instance_of(vm, e, cond);
    }
    let r = vm.call(cond, &[e.clone()], &[])?;
    vm.truthy(&r)
}

/// CPython's exceptiongroup_split_recursive: (match, rest), each a group or None.
pub fn split(vm: &mut Vm, o: &ObjRef, cond: &ObjRef) -> PyResult<(Option<ObjRef>, Option<ObjRef>)> {
    if matches(vm, o, cond)? {
        return Ok((Some(o.clone()), None));
    }
    if !is_group(vm, o) {
        return Ok((None, Some(o.clone())));
    }
    let (_, excs) = parts(vm, o)?;
    let (mut m, mut r) = (Vec::new(), Vec::new());
    for e in excs {
        let (em, er) = split(vm, &e, cond)?;
        m.extend(em);
        r.extend(er);
    }
    let m = if m.is_empty() { None } else { Some(derive(vm, o, m)?) };
    let r = if r.is_empty() { None } else { Some(derive(vm, o, r)?) };
    Ok((m, r))
}

fn g_split(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    super::check_args(vm, "split", a, 2, 2)?;
    let (m, r) = split(vm, &a[0], &a[1])?;
    let none = vm.none.clone();
    Ok(vm.new_tuple(vec![m.unwrap_or_else(|| none.clone()), r.unwrap_or(none)]))
}

fn g_subgroup(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    super::check_args(vm, "subgroup", a, 2, 2)?;
    let (m, _) = split(vm, &a[0], &a[1])?;
    Ok(m.unwrap_or_else(|| vm.none.clone()))
}

fn g_derive(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    super::check_args(vm, "derive", a, 2, 2)?;
    let (msg, _) = parts(vm, &a[0])?;
    let base = vm.t.exc.base_exception_group.clone();
    vm.call(&base, &[msg, a[1].clone()], &[])
}

/// `message` and `exceptions`.
pub fn attribute(vm: &mut Vm, o: &ObjRef, name: &str) -> PyResult<Option<ObjRef>> {
    Ok(match name {
        "message" => Some(parts(vm, o)?.0),
        "exceptions" => {
            let (_, e) = parts(vm, o)?;
            Some(vm.new_tuple(e))
        }
        _ => None,
    })
}

/// CHECK_EG_MATCH's split of the raised exception by an `except*` clause's type: (match, rest).
pub fn eg_match(vm: &mut Vm, exc: &ObjRef, ty: &ObjRef) -> PyResult<(ObjRef, ObjRef)> {
    let none = vm.none.clone();
    if exc.is(&none) {
        return Ok((none.clone(), none));
    }
    if is_instance_of(vm, exc, ty)? {
        if is_group(vm, exc) {
            return Ok((exc.clone(), none));
        }
        // A naked exception caught by except*: wrapped in a group with its traceback.
        let msg = vm.new_str("");
        let list = vm.new_list(vec![exc.clone()]);
        let egt = vm.t.exc.exception_group.clone();
        let bgt = vm.t.exc.base_exception_group.clone();
        let cls = if is_subtype(exc.ty(), &vm.t.exc.exception.clone()) { egt } else { bgt };
        let g = vm.call(&cls, &[msg, list], &[])?;
        let tb = exc.expect::<ExcObj>().traceback.with(|t| t.clone());
        g.expect::<ExcObj>().traceback.with(|t| *t = tb);
        return Ok((g, none));
    }
    if is_group(vm, exc) {
        let (m, r) = split(vm, exc, ty)?;
        return Ok((m.unwrap_or_else(|| none.clone()), r.unwrap_or(none)));
    }
    Ok((none.clone(), none))
}

/// The leaf exceptions of a group (by identity).
fn leaves(vm: &mut Vm, e: &ObjRef, out: &mut Vec<usize>) -> PyResult<()> {
    if is_group(vm, e) {
        for x in parts(vm, e)?.1 {
            leaves(vm, &x, out)?;
        }
    } else {
        out.push(e.id());
    }
    Ok(())
}

/// PREP_RERAISE_STAR: what leaves the `try ... except*` statement, given the original group and
/// what each clause raised (None for a clause that finished). Re-raised parts keep the original
/// group's structure; new exceptions are gathered with it into a new group.
pub fn prep_reraise(vm: &mut Vm, orig: &ObjRef, excs: &[ObjRef]) -> PyResult {
    let raised: Vec<ObjRef> = excs.iter().filter(|e| !e.is(&vm.none)).cloned().collect();
    if raised.is_empty() {
        return Ok(vm.none.clone());
    }
    if !is_group(vm, orig) {
        return Ok(raised[0].clone());
    }
    let mut orig_leaves = Vec::new();
    leaves(vm, orig, &mut orig_leaves)?;
    let (mut reraised, mut new) = (Vec::new(), Vec::new());
    for e in raised {
        let mut l = Vec::new();
        leaves(vm, &e, &mut l)?;
        if !l.is_empty() && l.iter().all(|x| orig_leaves.contains(x)) {
            reraised.extend(l);
        } else {
            new.push(e);
        }
    }
    let kept = if reraised.is_empty() { None } else { project(vm, orig, &reraised)? };
    if new.is_empty() {
        return Ok(kept.unwrap_or_else(|| vm.none.clone()));
    }
    new.extend(kept);
    if new.len() == 1 {
        return Ok(new.pop().expect("one exception"));
    }
    let msg = vm.new_str("");
    let list = vm.new_list(new);
    let cls = vm.t.exc.base_exception_group.clone();
    vm.call(&cls, &[msg, list], &[])
}

/// The part of `g` whose leaves are in `keep` (same structure, derived groups).
fn project(vm: &mut Vm, g: &ObjRef, keep: &[usize]) -> PyResult<Option<ObjRef>> {
    if !is_group(vm, g) {
        return Ok(keep.contains(&g.id()).then(|| g.clone()));
    }
    let (_, excs) = parts(vm, g)?;
    let mut kept = Vec::new();
    let mut all = true;
    for e in &excs {
        match project(vm, e, keep)? {
            Some(x) => {
                all &= x.is(e);
                kept.push(x);
            }
            None => all = false,
        }
    }
    if kept.is_empty() {
        return Ok(None);
    }
    if all {
        return Ok(Some(g.clone()));
    }
    derive(vm, g, kept).map(Some)
}

pub fn install(vm: &mut Vm) {
    let t = vm.t.exc.base_exception_group.clone();
    add_method(vm, &t, "split", g_split);
    add_method(vm, &t, "subgroup", g_subgroup);
    add_method(vm, &t, "derive", g_derive);
    let be = vm.t.exc.base_exception.clone();
    add_method(vm, &be, "add_note", add_note);
}

/// `BaseException.add_note(note)` (PEP 678): appends to `__notes__`, creating the list.
fn add_note(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    super::check_args(vm, "add_note", &a[1..], 1, 1)?;
    if a[1].kind() != Kind::Str {
        return vm.type_error(format!("note must be a str, not '{}'", vm.type_name(&a[1])));
    }
    let name = vm.intern("__notes__");
    let notes = match vm.getattr_opt(&a[0], &name)? {
        Some(n) => n,
        None => {
            let l = vm.new_list(vec![]);
            vm.setattr(&a[0], &name, l.clone())?;
            l
        }
    };
    match notes.get::<crate::object::seq::ListObj>() {
        Some(l) => l.0.with(|v| v.push(a[1].clone())),
        None => return vm.type_error("Cannot add note: __notes__ is not a list"),
    }
    Ok(vm.none.clone())
}
