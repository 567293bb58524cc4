//! Composite iterators whose step runs Python code (enumerate, zip, map, filter, iter(f, s)).

use crate::heap::ObjRef;
use crate::object::iter::{IterObj, IterState};
use crate::{PyResult, Vm};

enum Plan {
    Enumerate(ObjRef, i64),
    Zip(Vec<ObjRef>),
    Map(ObjRef, Vec<ObjRef>),
    Filter(ObjRef, ObjRef),
    Callable(ObjRef, ObjRef),
    DictChanged,
    Done,
}

pub fn next_composite(vm: &mut Vm, it: &ObjRef) -> PyResult<Option<ObjRef>> {
    let st = &it.expect::<IterObj>().0;
    let plan = st.with(|s| match s {
        IterState::Enumerate { it, n } => {
            let p = Plan::Enumerate(it.clone(), *n);
            *n += 1;
            p
        }
        IterState::Zip { its } => Plan::Zip(its.clone()),
        IterState::Map { f, its } => Plan::Map(f.clone(), its.clone()),
        IterState::Filter { f, it } => Plan::Filter(f.clone(), it.clone()),
        IterState::Callable { f, sentinel } => Plan::Callable(f.clone(), sentinel.clone()),
        IterState::Dict { .. } => Plan::DictChanged,
        _ => Plan::Done,
    });
    match plan {
        Plan::Enumerate(inner, n) => match vm.next(&inner)? {
            Some(v) => {
                let i = vm.new_int(n);
                Ok(Some(vm.new_tuple(vec![i, v])))
            }
            None => Ok(None),
        },
        Plan::Zip(its) => {
            if its.is_empty() {
                return Ok(None);
            }
            let mut out = Vec::with_capacity(its.len());
            for i in &its {
                match vm.next(i)? {
                    Some(v) => out.push(v),
                    None => return Ok(None),
                }
            }
            Ok(Some(vm.new_tuple(out)))
        }
        Plan::Map(f, its) => {
            let mut args = Vec::with_capacity(its.len());
            for i in &its {
                match vm.next(i)? {
                    Some(v) => args.push(v),
                    None => return Ok(None),
                }
            }
            vm.call(&f, &args, &[]).map(Some)
        }
        Plan::Filter(f, inner) => loop {
            let Some(v) = vm.next(&inner)? else { return Ok(None) };
            let keep = if f.is(&vm.none) {
                vm.truthy(&v)?
            } else {
                let r = vm.call(&f, &[v.clone()], &[])?;
                vm.truthy(&r)?
            };
            if keep {
                return Ok(Some(v));
            }
        },
        Plan::Callable(f, sentinel) => {
            let v = vm.call(&f, &[], &[])?;
            if vm.eq(&v, &sentinel)? {
                st.with(|s| *s = IterState::Done);
                return Ok(None);
            }
            Ok(Some(v))
        }
        Plan::DictChanged => {
            st.with(|s| *s = IterState::Done);
            let ty = vm.t.exc.runtime_error.clone();
            vm.err(&ty, "dictionary changed size during iteration")
        }
        Plan::Done => Ok(None),
    }
}
