//! `range` (Objects/rangeobject.c): bounds of any size. A range whose start, stop and step fit
//! in an i64 keeps them inline (the common case, iterated by the i64 fast path); any other
//! range keeps arbitrary-precision bounds and its length in `RangeObj::big`.

use super::{add_methods, check_args};
use crate::heap::{Kind, ObjRef};
use crate::object::int::{Int, IntObj};
use crate::object::iter::IterState;
use crate::object::misc::{BigRange, RangeObj};
use crate::runtime::attr::lookup_type;
use crate::{PyResult, Vm};
use std::cmp::Ordering;

pub fn install(vm: &mut Vm) {
    let r = vm.t.range.clone();
    add_methods(
        vm,
        &r,
        &[
            ("index", range_index),
            ("count", range_count),
            ("__getitem__", |vm, a, _| {
                check_args(vm, "__getitem__", a, 2, 2)?;
                getitem(vm, &a[0], &a[1])
            }),
            ("__contains__", |vm, a, _| {
                check_args(vm, "__contains__", a, 2, 2)?;
                let r = contains(vm, &a[0], &a[1])?;
                Ok(vm.new_bool(r))
            }),
            ("__reversed__", |vm, a, _| {
                check_args(vm, "__reversed__", a, 1, 1)?;
                reversed(vm, &a[0])
            }),
            ("__len__", |vm, a, _| {
                check_args(vm, "__len__", a, 1, 1)?;
                let n = len(vm, &a[0])?;
                Ok(vm.new_int(n as i64))
            }),
            ("__iter__", |vm, a, _| {
                check_args(vm, "__iter__", a, 1, 1)?;
                Ok(iter(vm, &a[0]))
            }),
        ],
    );
}

/// A range from arbitrary bounds: inline when all three fit in an i64.
pub fn make(vm: &Vm, start: Int, stop: Int, step: Int) -> ObjRef {
    let r = match (start.as_i64(), stop.as_i64(), step.as_i64()) {
        (Some(start), Some(stop), Some(step)) => RangeObj { start, stop, step, big: None },
        _ => {
            let len = length_of(&start, &stop, &step);
            RangeObj { start: 0, stop: 0, step: 0, big: Some(Box::new(BigRange { start, stop, step, len })) }
        }
    };
    ObjRef::new(&vm.t.range, r)
}

/// compute_range_length: the number of items, 0 for an empty range.
fn length_of(start: &Int, stop: &Int, step: &Int) -> Int {
    let (lo, hi, st) =
        if step.is_negative() { (stop, start, step.neg()) } else { (start, stop, step.clone()) };
    if lo.compare(hi) != Ordering::Less {
        return Int::Small(0);
    }
    // (hi - lo - 1) // step + 1
    let span = hi.sub(lo).sub(&Int::Small(1));
    span.floordiv(&st).expect("nonzero step").add(&Int::Small(1))
}

/// (start, stop, step, len) as ints.
fn parts(o: &ObjRef) -> (Int, Int, Int, Int) {
    let r = o.expect::<RangeObj>();
    match &r.big {
        Some(b) => (b.start.clone(), b.stop.clone(), b.step.clone(), b.len.clone()),
        None => {
            let len = Int::from_big((r.len() as u64).into());
            (Int::Small(r.start), Int::Small(r.stop), Int::Small(r.step), len)
        }
    }
}

pub fn truthy(o: &ObjRef) -> bool {
    let r = o.expect::<RangeObj>();
    match &r.big {
        Some(b) => !b.len.is_zero(),
        None => !r.is_empty(),
    }
}

/// `len(r)`: the length as a Py_ssize_t, else OverflowError.
pub fn len(vm: &mut Vm, o: &ObjRef) -> PyResult<usize> {
    let r = o.expect::<RangeObj>();
    let n = match &r.big {
        Some(b) => b.len.as_i64().filter(|n| *n >= 0).map(|n| n as usize),
        None => Some(r.len()).filter(|n| *n <= isize::MAX as usize),
    };
    match n {
        Some(n) => Ok(n),
        None => vm.overflow("Python int too large to convert to C ssize_t"),
    }
}

/// PyNumber_Index: an int, or what `__index__` returns.
fn index_of(vm: &mut Vm, o: &ObjRef) -> PyResult<Int> {
    if let Some(i) = o.get::<IntObj>() {
        return Ok(i.0.clone());
    }
    if let Some(f) = lookup_type(&o.ty().clone(), &vm.n.index.clone()) {
        let r = vm.call(&f, &[o.clone()], &[])?;
        return match r.get::<IntObj>() {
            Some(i) => Ok(i.0.clone()),
            None => vm.type_error(format!("__index__ returned non-int (type {})", vm.type_name(&r))),
        };
    }
    vm.type_error(format!("'{}' object cannot be interpreted as an integer", vm.type_name(o)))
}

/// `range(stop)`, `range(start, stop[, step])`.
pub fn new(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    if !kwnames.is_empty() {
        return vm.type_error("range() takes no keyword arguments");
    }
    let a = &args[1..];
    match a.len() {
        0 => vm.type_error("range expected at least 1 argument, got 0"),
        1 => {
            let stop = index_of(vm, &a[0])?;
            Ok(make(vm, Int::Small(0), stop, Int::Small(1)))
        }
        2 | 3 => {
            let start = index_of(vm, &a[0])?;
            let stop = index_of(vm, &a[1])?;
            let step = match a.get(2) {
                Some(s) => index_of(vm, s)?,
                None => Int::Small(1),
            };
            if step.is_zero() {
                return vm.value_error("range() arg 3 must not be zero");
            }
            Ok(make(vm, start, stop, step))
        }
        n => vm.type_error(format!("range expected at most 3 arguments, got {n}")),
    }
}

pub fn repr(vm: &mut Vm, o: &ObjRef) -> PyResult<String> {
    let (start, stop, step, _) = parts(o);
    let s = |vm: &mut Vm, i: Int| {
        let v = vm.new_bigint(i);
        vm.repr(&v)
    };
    let (a, b) = (s(vm, start)?, s(vm, stop)?);
    if step == Int::Small(1) {
        return Ok(format!("range({a}, {b})"));
    }
    Ok(format!("range({a}, {b}, {})", s(vm, step)?))
}

/// range_equals: same length, and (when not empty) same start and (when longer than one) step.
pub fn equal(a: &ObjRef, b: &ObjRef) -> bool {
    if a.is(b) {
        return true;
    }
    let ((s1, _, st1, n1), (s2, _, st2, n2)) = (parts(a), parts(b));
    n1 == n2 && (n1.is_zero() || (s1 == s2 && (n1 == Int::Small(1) || st1 == st2)))
}

/// range_hash: the hash of (len, start, step), with None for what equality ignores.
pub fn hash(vm: &mut Vm, o: &ObjRef) -> PyResult<i64> {
    let (start, _, step, n) = parts(o);
    let none = vm.none.clone();
    let start = if n.is_zero() { none.clone() } else { vm.new_bigint(start) };
    let step = if n.is_zero() || n == Int::Small(1) { none } else { vm.new_bigint(step) };
    let t = vm.new_tuple(vec![vm.new_bigint(n), start, step]);
    vm.hash(&t)
}

pub fn attribute(vm: &mut Vm, o: &ObjRef, n: &str) -> Option<ObjRef> {
    let (start, stop, step, _) = parts(o);
    Some(vm.new_bigint(match n {
        "start" => start,
        "stop" => stop,
        "step" => step,
        _ => return None,
    }))
}

/// The item at a position known to be in range.
fn item(start: &Int, step: &Int, i: &Int) -> Int {
    start.add(&i.mul(step))
}

pub fn getitem(vm: &mut Vm, o: &ObjRef, k: &ObjRef) -> PyResult {
    if k.kind() == Kind::Slice {
        return slice(vm, o, k);
    }
    if k.kind() != Kind::Int && lookup_type(&k.ty().clone(), &vm.n.index.clone()).is_none() {
        return vm.type_error(format!("range indices must be integers or slices, not {}", vm.type_name(k)));
    }
    let i = index_of(vm, k)?;
    let r = o.expect::<RangeObj>();
    if r.big.is_none() {
        if let Some(i) = i.as_i64() {
            let n = r.len() as i128;
            let j = if i < 0 { i as i128 + n } else { i as i128 };
            if j < 0 || j >= n {
                return vm.index_error("range object index out of range");
            }
            let v = r.start as i128 + j * r.step as i128;
            return Ok(vm.new_bigint(Int::from_big(v.into())));
        }
    }
    let (start, _, step, n) = parts(o);
    let j = if i.is_negative() { i.add(&n) } else { i };
    if j.is_negative() || j.compare(&n) != Ordering::Less {
        return vm.index_error("range object index out of range");
    }
    Ok(vm.new_bigint(item(&start, &step, &j)))
}

/// _PySlice_GetLongIndices: a slice's start, stop and step clamped to a length, as ints.
fn slice_indices(vm: &mut Vm, k: &ObjRef, n: &Int) -> PyResult<(Int, Int, Int)> {
    let s = k.expect::<crate::object::misc::SliceObj>();
    let (a, b, c) = (s.start.clone(), s.stop.clone(), s.step.clone());
    let bound = |vm: &mut Vm, x: &ObjRef| -> PyResult<Option<Int>> {
        if x.is(&vm.none) {
            return Ok(None);
        }
        if x.kind() != Kind::Int && lookup_type(&x.ty().clone(), &vm.n.index.clone()).is_none() {
            return vm.type_error("slice indices must be integers or None or have an __index__ method");
        }
        index_of(vm, x).map(Some)
    };
    let step = bound(vm, &c)?.unwrap_or(Int::Small(1));
    if step.is_zero() {
        return vm.value_error("slice step cannot be zero");
    }
    let neg = step.is_negative();
    let (lower, upper) =
        if neg { (Int::Small(-1), n.sub(&Int::Small(1))) } else { (Int::Small(0), n.clone()) };
    let clamp = |v: Int| {
        let v = if v.is_negative() { v.add(n) } else { v };
        if v.compare(&lower) == Ordering::Less {
            lower.clone()
        } else if v.compare(&upper) == Ordering::Greater {
            upper.clone()
        } else {
            v
        }
    };
    let start = match bound(vm, &a)? {
        Some(v) => clamp(v),
        None => {
            if neg {
                upper.clone()
            } else {
                lower.clone()
            }
        }
    };
    let stop = match bound(vm, &b)? {
        Some(v) => clamp(v),
        None => {
            if neg {
                lower.clone()
            } else {
                upper.clone()
            }
        }
    };
    Ok((start, stop, step))
}

/// compute_slice: the sub-range a slice selects.
fn slice(vm: &mut Vm, o: &ObjRef, k: &ObjRef) -> PyResult {
    let (start, _, step, n) = parts(o);
    let (a, b, c) = slice_indices(vm, k, &n)?;
    Ok(make(vm, item(&start, &step, &a), item(&start, &step, &b), step.mul(&c)))
}

/// Whether an int lies on the range (range_contains_long).
fn contains_int(o: &ObjRef, v: &Int) -> bool {
    let r = o.expect::<RangeObj>();
    if r.big.is_none() {
        let Some(v) = v.as_i64() else { return false };
        let inside = if r.step > 0 { v >= r.start && v < r.stop } else { v <= r.start && v > r.stop };
        return inside && (v as i128 - r.start as i128) % r.step as i128 == 0;
    }
    let (start, stop, step, _) = parts(o);
    let inside = if step.is_negative() {
        v.compare(&start) != Ordering::Greater && v.compare(&stop) == Ordering::Greater
    } else {
        v.compare(&start) != Ordering::Less && v.compare(&stop) == Ordering::Less
    };
    inside && v.sub(&start).modulo(&step).is_some_and(|m| m.is_zero())
}

/// Ints and bools are placed arithmetically; anything else is compared with each item.
fn exact_int(vm: &Vm, k: &ObjRef) -> bool {
    k.kind() == Kind::Int && (k.ty().is(&vm.t.int) || k.ty().is(&vm.t.bool_))
}

pub fn contains(vm: &mut Vm, o: &ObjRef, k: &ObjRef) -> PyResult<bool> {
    if exact_int(vm, k) {
        return Ok(contains_int(o, &k.expect::<IntObj>().0));
    }
    Ok(search(vm, o, k, true)?.is_some())
}

/// _PySequence_IterSearch: the position of the first item equal to `k` (or, with `first`
/// false, the number of equal items, in the same slot).
fn search(vm: &mut Vm, o: &ObjRef, k: &ObjRef, first: bool) -> PyResult<Option<usize>> {
    let it = iter(vm, o);
    let (mut i, mut count) = (0, 0);
    while let Some(x) = vm.next(&it)? {
        if x.is(k) || vm.eq(&x, k)? {
            if first {
                return Ok(Some(i));
            }
            count += 1;
        }
        i += 1;
    }
    Ok(if first { None } else { Some(count) })
}

fn range_index(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "index", a, 2, 2)?;
    let (o, k) = (&a[0], &a[1]);
    if exact_int(vm, k) {
        let v = k.expect::<IntObj>().0.clone();
        if !contains_int(o, &v) {
            let shown = vm.repr(k)?;
            return vm.value_error(format!("{shown} is not in range"));
        }
        let (start, _, step, _) = parts(o);
        let i = v.sub(&start).floordiv(&step).expect("nonzero step");
        return Ok(vm.new_bigint(i));
    }
    match search(vm, o, k, true)? {
        Some(i) => Ok(vm.new_int(i as i64)),
        None => vm.value_error("sequence.index(x): x not in sequence"),
    }
}

fn range_count(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "count", a, 2, 2)?;
    if exact_int(vm, &a[1]) {
        let inside = contains_int(&a[0], &a[1].expect::<IntObj>().0);
        return Ok(vm.new_int(inside as i64));
    }
    let n = search(vm, &a[0], &a[1], false)?.unwrap_or(0);
    Ok(vm.new_int(n as i64))
}

/// iter(range): the i64 iterator for an inline range; a big one walks its items by index
/// (CPython's longrange_iterator).
pub fn iter(vm: &mut Vm, o: &ObjRef) -> ObjRef {
    let r = o.expect::<RangeObj>();
    if r.big.is_none() {
        let st = IterState::Range { cur: r.start, step: r.step, left: r.len() };
        return vm.new_iter(&vm.t.range_iterator.clone(), st);
    }
    vm.new_iter(&vm.t.longrange_iterator.clone(), IterState::Seq { seq: o.clone(), idx: 0 })
}

/// range_reverse: an iterator over the range from its last item down, i.e. over the range
/// (last, first - step, -step).
pub fn reversed(vm: &mut Vm, o: &ObjRef) -> PyResult {
    let (start, _, step, n) = parts(o);
    let last = item(&start, &step, &n.sub(&Int::Small(1)));
    let back = make(vm, last, start.sub(&step), step.neg());
    let back = if n.is_zero() { make(vm, Int::Small(0), Int::Small(0), Int::Small(1)) } else { back };
    Ok(iter(vm, &back))
}
