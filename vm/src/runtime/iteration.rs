//! Containment and iteration (CPython's PySequence_Contains, PyObject_GetIter, PyIter_Next and
//! the builtin iterators' `__next__`).

use super::attr::lookup_type;
use crate::heap::{Kind, ObjRef};
use crate::object::bytes::BytesObj;
use crate::object::dict::DictObj;
use crate::object::iter::{IterObj, IterState};
use crate::object::misc::{RangeObj, WrapperObj};
use crate::object::seq::{ListObj, TupleObj};
use crate::object::set::SetObj;
use crate::object::str::StrObj;
use crate::object::typeobj::TypeObj;
use crate::{PyResult, Vm};

impl Vm {
    /// `k in o`.
    pub fn contains(&mut self, o: &ObjRef, k: &ObjRef) -> PyResult<bool> {
        if o.ty().expect::<TypeObj>().heap_type {
            if let Some(f) = lookup_type(&o.ty().clone(), &self.n.contains.clone()) {
                let r = self.call(&f, &[o.clone(), k.clone()], &[])?;
                return self.truthy(&r);
            }
        }
        match o.kind() {
            Kind::Dict => Ok(self.dict_get(o, k)?.is_some()),
            Kind::Set => self.set_contains(o, k),
            Kind::Str => match k.get::<StrObj>() {
                Some(sub) => Ok(o.expect::<StrObj>().s.contains(&*sub.s)),
                None => self.type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    self.type_name(k)
                )),
            },
            Kind::Bytes | Kind::ByteArray => crate::builtins::byteslike::contains(self, o, k),
            Kind::Range => crate::builtins::range::contains(self, o, k),
            Kind::List | Kind::Tuple => {
                let items = self.collect(o)?;
                for i in items {
                    if i.is(k) || self.eq(&i, k)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => {
                // _PySequence_IterSearch: any TypeError from getting the iterator is reworded.
                let it = match self.iter(o) {
                    Ok(it) => it,
                    Err(e) if self.is_instance(&e, &self.t.exc.type_error) => {
                        let msg = format!("argument of type '{}' is not iterable", self.type_name(o));
                        return self.type_error(msg);
                    }
                    Err(e) => return Err(e),
                };
                while let Some(x) = self.next(&it)? {
                    if x.is(k) || self.eq(&x, k)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
        }
    }

    // ---- iteration ---------------------------------------------------------------------------

    pub fn new_iter(&self, ty: &ObjRef, st: IterState) -> ObjRef {
        ObjRef::new(ty, IterObj(crate::heap::Mut::new(st)))
    }

    /// `iter(o)`.
    pub fn iter(&mut self, o: &ObjRef) -> PyResult {
        let heap = o.ty().expect::<TypeObj>().heap_type;
        if heap {
            if let Some(f) = lookup_type(&o.ty().clone(), &self.n.iter.clone()) {
                return self.call_iter_slot(o, &f);
            }
        }
        let t = &self.t;
        Ok(match o.kind() {
            Kind::List => self.new_iter(&t.list_iterator, IterState::Seq { seq: o.clone(), idx: 0 }),
            Kind::Tuple => self.new_iter(&t.tuple_iterator, IterState::Seq { seq: o.clone(), idx: 0 }),
            Kind::Str => self.new_iter(&t.str_iterator, IterState::Seq { seq: o.clone(), idx: 0 }),
            Kind::Bytes => self.new_iter(&t.tuple_iterator, IterState::Seq { seq: o.clone(), idx: 0 }),
            Kind::Range => {
                let r = o.expect::<RangeObj>();
                match r.big {
                    None => self.new_iter(
                        &t.range_iterator,
                        IterState::Range { cur: r.start, step: r.step, left: r.len() },
                    ),
                    Some(_) => crate::builtins::range::iter(self, o),
                }
            }
            Kind::Dict => {
                let len = o.expect::<DictObj>().0.with(|t| t.len());
                self.new_iter(&t.dict_keyiterator, IterState::Dict { dict: o.clone(), pos: 0, what: 0, len })
            }
            Kind::Wrapper
                if o.ty().is(&t.dict_keys) || o.ty().is(&t.dict_values) || o.ty().is(&t.dict_items) =>
            {
                let d = o.expect::<WrapperObj>().0.clone();
                let len = d.expect::<DictObj>().0.with(|t| t.len());
                let (what, ty) = if o.ty().is(&t.dict_keys) {
                    (0, &t.dict_keyiterator)
                } else if o.ty().is(&t.dict_values) {
                    (1, &t.dict_valueiterator)
                } else {
                    (2, &t.dict_itemiterator)
                };
                self.new_iter(ty, IterState::Dict { dict: d, pos: 0, what, len })
            }
            Kind::Set => {
                let len = o.expect::<SetObj>().0.with(|t| t.len());
                self.new_iter(&t.set_iterator, IterState::Set { set: o.clone(), pos: 0, len })
            }
            Kind::Iter | Kind::Generator => o.clone(),
            _ => {
                if let Some(f) = lookup_type(&o.ty().clone(), &self.n.iter.clone()) {
                    return self.call_iter_slot(o, &f);
                }
                if lookup_type(&o.ty().clone(), &self.n.getitem.clone()).is_some() {
                    return Ok(self
                        .new_iter(&self.t.list_iterator.clone(), IterState::Seq { seq: o.clone(), idx: 0 }));
                }
                return self.type_error(format!("'{}' object is not iterable", self.type_name(o)));
            }
        })
    }

    /// `next(it)`: Some(item), or None when exhausted (StopIteration consumed).
    pub fn next(&mut self, it: &ObjRef) -> PyResult<Option<ObjRef>> {
        match it.kind() {
            Kind::Iter => self.iter_next(it),
            Kind::Generator => crate::eval::gen::gen_next(self, it),
            _ => {
                let f = match lookup_type(&it.ty().clone(), &self.n.next.clone()) {
                    Some(f) => f,
                    None => {
                        return self.type_error(format!("'{}' object is not an iterator", self.type_name(it)))
                    }
                };
                match self.call(&f, &[it.clone()], &[]) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if self.is_instance(&e, &self.t.exc.stop_iteration.clone()) => Ok(None),
                    Err(e) => Err(e),
                }
            }
        }
    }

    fn iter_next(&mut self, it: &ObjRef) -> PyResult<Option<ObjRef>> {
        enum Step {
            Item(ObjRef),
            Int(i64),
            StrAt(ObjRef, usize),
            Seq(ObjRef, usize),
            Pair(ObjRef, ObjRef),
            Done,
            Py,
        }
        let st = &it.expect::<IterObj>().0;
        let step = st.with(|s| match s {
            IterState::Range { cur, step, left } => {
                if *left == 0 {
                    Step::Done
                } else {
                    let v = *cur;
                    *cur = cur.wrapping_add(*step);
                    *left -= 1;
                    Step::Int(v)
                }
            }
            IterState::Seq { seq, idx } => match seq.kind() {
                Kind::List => match seq.get::<ListObj>() {
                    Some(l) => match l.get(*idx) {
                        Some(v) => {
                            *idx += 1;
                            Step::Item(v)
                        }
                        None => Step::Done,
                    },
                    None => Step::Done,
                },
                Kind::Tuple => match seq.expect::<TupleObj>().0.get(*idx) {
                    Some(v) => {
                        *idx += 1;
                        Step::Item(v.clone())
                    }
                    None => Step::Done,
                },
                Kind::Str => {
                    let i = *idx;
                    *idx += 1;
                    Step::StrAt(seq.clone(), i)
                }
                Kind::Bytes => {
                    let b = &seq.expect::<BytesObj>().b;
                    match b.get(*idx) {
                        Some(&c) => {
                            *idx += 1;
                            Step::Int(c as i64)
                        }
                        None => Step::Done,
                    }
                }
                _ => {
                    let i = *idx;
                    *idx += 1;
                    Step::Seq(seq.clone(), i)
                }
            },
            IterState::Reversed { seq, idx } => {
                if *idx == 0 {
                    Step::Done
                } else {
                    *idx -= 1;
                    Step::Seq(seq.clone(), *idx)
                }
            }
            IterState::Dict { dict, pos, what, len } => {
                let d = dict.expect::<DictObj>();
                let r = d.0.with(|t| {
                    if t.len() != *len {
                        return Err(());
                    }
                    Ok(t.next_entry(*pos).map(|(p, e)| (p, e.key.clone(), e.value.clone())))
                });
                match r {
                    Err(()) => {
                        *len = usize::MAX;
                        Step::Py
                    }
                    Ok(None) => Step::Done,
                    Ok(Some((p, k, v))) => {
                        *pos = p;
                        match what {
                            0 => Step::Item(k),
                            1 => Step::Item(v),
                            _ => Step::Pair(k, v),
                        }
                    }
                }
            }
            IterState::Set { set, pos, len } => {
                match set.expect::<SetObj>().0.with(|t| (t.len(), t.next_key(*pos))) {
                    (n, _) if n != *len => Step::Py,
                    (_, Some((p, k))) => {
                        *pos = p;
                        Step::Item(k)
                    }
                    (_, None) => Step::Done,
                }
            }
            IterState::Done => Step::Done,
            _ => Step::Py,
        });
        match step {
            Step::Item(v) => Ok(Some(v)),
            Step::Int(v) => Ok(Some(self.new_int(v))),
            Step::StrAt(s, i) => {
                let so = s.expect::<StrObj>();
                if i >= so.nchars {
                    return Ok(None);
                }
                let c = so.char_at(i);
                Ok(Some(self.new_string(c.to_string())))
            }
            Step::Seq(seq, i) => {
                let idx = self.new_int(i as i64);
                match self.getitem(&seq, &idx) {
                    Ok(v) => Ok(Some(v)),
                    Err(e)
                        if self.is_instance(&e, &self.t.exc.index_error.clone())
                            || self.is_instance(&e, &self.t.exc.stop_iteration.clone()) =>
                    {
                        it.expect::<IterObj>().0.with(|s| *s = IterState::Done);
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
            Step::Pair(k, v) => Ok(Some(self.new_tuple(vec![k, v]))),
            Step::Done => Ok(None),
            Step::Py => crate::builtins::iters::next_composite(self, it),
        }
    }

    /// `__iter__` found on the type: `None` there means "not iterable" (even with a
    /// `__getitem__`), and what it returns must be an iterator.
    fn call_iter_slot(&mut self, o: &ObjRef, f: &ObjRef) -> PyResult {
        if f.is(&self.none) {
            return self.type_error(format!("'{}' object is not iterable", self.type_name(o)));
        }
        let it = self.call(f, &[o.clone()], &[])?;
        let is_iter = matches!(it.kind(), Kind::Iter | Kind::Generator)
            || lookup_type(&it.ty().clone(), &self.n.next.clone()).is_some();
        if !is_iter {
            return self
                .type_error(format!("iter() returned non-iterator of type '{}'", self.type_name(&it)));
        }
        Ok(it)
    }
}
