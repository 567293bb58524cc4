//! Composite iterators whose step runs Python code (enumerate, zip, map, filter, iter(f, s)).

use crate::heap::ObjRef;
use crate::object::iter::{IterObj, IterState};
use crate::{PyResult, Vm};

enum Plan {
    Enumerate(ObjRef, crate::object::int::Int),
    Zip(Vec<ObjRef>, bool),
    Map(ObjRef, Vec<ObjRef>),
    Filter(ObjRef, ObjRef),
    Callable(ObjRef, ObjRef),
    DictChanged,
    SetChanged,
    Done,
}

pub fn next_composite(vm: &mut Vm, it: &ObjRef) -> PyResult<Option<ObjRef>> {
    let st = &it.expect::<IterObj>().0;
    let plan = st.with(|s| match s {
        IterState::Enumerate { it, n } => {
            let p = Plan::Enumerate(it.clone(), n.clone());
            *n = n.add(&crate::object::int::Int::Small(1));
            p
        }
        IterState::Zip { its, strict } => Plan::Zip(its.clone(), *strict),
        IterState::Map { f, its } => Plan::Map(f.clone(), its.clone()),
        IterState::Filter { f, it } => Plan::Filter(f.clone(), it.clone()),
        IterState::Callable { f, sentinel } => Plan::Callable(f.clone(), sentinel.clone()),
        IterState::Dict { .. } => Plan::DictChanged,
        IterState::Set { .. } => Plan::SetChanged,
        _ => Plan::Done,
    });
    match plan {
        Plan::Enumerate(inner, n) => match vm.next(&inner)? {
            Some(v) => {
                let i = vm.new_bigint(n);
                Ok(Some(vm.new_tuple(vec![i, v])))
            }
            None => Ok(None),
        },
        Plan::Zip(its, strict) => {
            if its.is_empty() {
                return Ok(None);
            }
            let mut out = Vec::with_capacity(its.len());
            for (n, i) in its.iter().enumerate() {
                match vm.next(i)? {
                    Some(v) => out.push(v),
                    None if !strict => return Ok(None),
                    None if n > 0 => {
                        let which =
                            if n == 1 { "argument 1".to_string() } else { format!("arguments 1-{n}") };
                        return vm.value_error(format!("zip() argument {} is shorter than {which}", n + 1));
                    }
                    None => {
                        // The first ran out: every other one must be exhausted too.
                        for (m, j) in its.iter().enumerate().skip(1) {
                            if vm.next(j)?.is_some() {
                                let which = if m == 1 {
                                    "argument 1".to_string()
                                } else {
                                    format!("arguments 1-{m}")
                                };
                                return vm
                                    .value_error(format!("zip() argument {} is longer than {which}", m + 1));
                            }
                        }
                        return Ok(None);
                    }
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
        Plan::SetChanged => {
            st.with(|s| *s = IterState::Done);
            let ty = vm.t.exc.runtime_error.clone();
            vm.err(&ty, "Set changed size during iteration")
        }
        Plan::Done => Ok(None),
    }
}
