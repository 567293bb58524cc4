//! The references each payload owns, for the cycle collector ([`crate::heap::Trace`]): `traverse`
//! visits every owned reference once; `clear` drops the ones that can go without leaving the
//! object invalid (enough to break any cycle: every cycle passes through a clearable object, as
//! in CPython where tuples, bound methods and slices have no tp_clear either).

use super::bytes::BytesObj;
use super::dict::{DictObj, DictTable};
use super::exc::{ExcObj, TracebackObj};
use super::float::FloatObj;
use super::func::{BuiltinObj, CellObj, CodeObj, FuncObj, MethodObj};
use super::gen::GenObj;
use super::int::IntObj;
use super::iter::{IterObj, IterState};
use super::misc::{ModuleObj, PropertyObj, RangeObj, SliceObj, UnitObj, WrapperObj};
use super::seq::{ListObj, TupleObj};
use super::set::{SetObj, SetTable};
use super::str::StrObj;
use super::typeobj::{InstanceObj, TypeObj};
use crate::eval::frame::Frame;
use crate::heap::{ObjRef, Trace};

type Visit<'a> = &'a mut dyn FnMut(&ObjRef);

impl Trace for IntObj {}
impl Trace for FloatObj {}
impl Trace for StrObj {}
impl Trace for BytesObj {}
impl Trace for RangeObj {}
impl Trace for UnitObj {}
impl Trace for CodeObj {}
impl Trace for super::file::FileObj {}

fn opt(o: &Option<ObjRef>, visit: Visit) {
    if let Some(o) = o {
        visit(o);
    }
}

fn table(t: &DictTable, visit: Visit) {
    for e in t.iter() {
        visit(&e.key);
        visit(&e.value);
    }
}

/// Empties a dict, dropping its entries after the borrow ends.
fn clear_dict(d: &DictObj) {
    let old = d.0.with(|t| t.clear());
    drop(old);
}

impl Trace for TupleObj {
    fn traverse(&self, visit: Visit) {
        self.0.iter().for_each(visit);
    }
}

impl Trace for ListObj {
    fn traverse(&self, visit: Visit) {
        self.0.with(|v| v.iter().for_each(visit));
    }

    fn clear(&self) {
        let old = self.0.with(std::mem::take);
        drop(old);
    }
}

impl Trace for DictObj {
    fn traverse(&self, visit: Visit) {
        self.0.with(|t| table(t, visit));
    }

    fn clear(&self) {
        clear_dict(self);
    }
}

impl Trace for SetObj {
    fn traverse(&self, visit: Visit) {
        self.0.with(|t| t.iter().for_each(|(_, k)| visit(k)));
    }

    fn clear(&self) {
        let old: SetTable = self.0.with(|t| t.clear());
        drop(old);
    }
}

impl Trace for SliceObj {
    fn traverse(&self, visit: Visit) {
        visit(&self.start);
        visit(&self.stop);
        visit(&self.step);
    }
}

impl Trace for FuncObj {
    fn traverse(&self, visit: Visit) {
        visit(&self.code_obj);
        visit(&self.globals);
        visit(&self.builtins);
        self.name.with(|x| visit(x));
        self.qualname.with(|x| visit(x));
        self.defaults.with(|x| opt(x, visit));
        self.kwdefaults.with(|x| opt(x, visit));
        opt(&self.closure, visit);
        self.annotations.with(|x| opt(x, visit));
        self.dict.with(|x| opt(x, visit));
        self.doc.with(|x| opt(x, visit));
        self.module.with(|x| opt(x, visit));
    }

    fn clear(&self) {
        let old = [
            self.defaults.with(Option::take),
            self.kwdefaults.with(Option::take),
            self.annotations.with(Option::take),
            self.dict.with(Option::take),
            self.doc.with(Option::take),
            self.module.with(Option::take),
        ];
        drop(old);
    }
}

impl Trace for CellObj {
    fn traverse(&self, visit: Visit) {
        self.0.with(|x| opt(x, visit));
    }

    fn clear(&self) {
        let old = self.0.with(Option::take);
        drop(old);
    }
}

impl Trace for BuiltinObj {
    fn traverse(&self, visit: Visit) {
        opt(&self.bound, visit);
        opt(&self.owner, visit);
    }
}

impl Trace for MethodObj {
    fn traverse(&self, visit: Visit) {
        visit(&self.func);
        visit(&self.receiver);
    }
}

impl Trace for TypeObj {
    fn traverse(&self, visit: Visit) {
        self.bases.with(|v| v.iter().for_each(&mut *visit));
        self.mro.with(|v| v.iter().for_each(&mut *visit));
        self.dict.with(|t| table(t, visit));
    }

    fn clear(&self) {
        // Like CPython's type_clear: the namespace goes, the MRO stays (instances being freed
        // later still find their type's layout).
        let old = self.dict.with(|t| t.clear());
        drop(old);
        crate::runtime::attr::invalidate_type_cache();
    }

    fn clear_at_exit(&self) {
        self.clear();
        let bases = self.bases.with(std::mem::take);
        let mro = self.mro.with(std::mem::take);
        drop((bases, mro));
    }
}

impl Trace for InstanceObj {
    fn traverse(&self, visit: Visit) {
        self.dict.with(|dict| {
            let d = dict.expect::<DictObj>();
            if d.0.with(|t| t.inline) {
                d.0.with(|t| table(t, visit));
            } else {
                visit(dict);
            }
        });
        self.slots.with(|s| {
            for (_, v) in s.iter() {
                visit(v);
            }
        });
    }

    fn clear(&self) {
        let d = self.dict.with(|d| d.clone());
        clear_dict(d.expect::<DictObj>());
        let slots = self.slots.with(std::mem::take);
        drop(slots);
    }
}

impl Trace for ExcObj {
    fn traverse(&self, visit: Visit) {
        self.args.with(|x| visit(x));
        self.traceback.with(|x| opt(x, visit));
        self.cause.with(|x| opt(x, visit));
        self.context.with(|x| opt(x, visit));
        visit(&self.dict);
    }

    fn clear(&self) {
        let old = [
            self.traceback.with(Option::take),
            self.cause.with(Option::take),
            self.context.with(Option::take),
        ];
        drop(old);
        // `args` must stay a tuple: an empty one breaks a cycle through it (`e.args = (e,)`).
        let empty = self.args.with(|a| ObjRef::new(a.ty(), TupleObj(Box::new([]))));
        let old = self.args.with(|a| std::mem::replace(a, empty));
        drop(old);
        clear_dict(self.dict.expect::<DictObj>());
    }
}

impl Trace for TracebackObj {
    fn traverse(&self, visit: Visit) {
        opt(&self.next, visit);
    }
}

impl Trace for IterObj {
    fn traverse(&self, visit: Visit) {
        self.0.with(|s| match s {
            IterState::Seq { seq, .. } | IterState::Reversed { seq, .. } => visit(seq),
            IterState::Dict { dict, .. } => visit(dict),
            IterState::Set { set, .. } => visit(set),
            IterState::Enumerate { it, .. } => visit(it),
            IterState::Zip { its, .. } => its.iter().for_each(&mut *visit),
            IterState::Map { f, its } => {
                visit(f);
                its.iter().for_each(&mut *visit);
            }
            IterState::Filter { f, it } => {
                visit(f);
                visit(it);
            }
            IterState::Callable { f, sentinel } => {
                visit(f);
                visit(sentinel);
            }
            IterState::Range { .. } | IterState::Done => {}
        });
    }

    fn clear(&self) {
        let old = self.0.with(|s| std::mem::replace(s, IterState::Done));
        drop(old);
    }
}

impl Trace for ModuleObj {
    fn traverse(&self, visit: Visit) {
        visit(&self.dict);
    }
}

impl Trace for WrapperObj {
    fn traverse(&self, visit: Visit) {
        visit(&self.0);
    }
}

impl Trace for PropertyObj {
    fn traverse(&self, visit: Visit) {
        self.fget.with(|x| opt(x, visit));
        self.fset.with(|x| opt(x, visit));
        self.fdel.with(|x| opt(x, visit));
        self.doc.with(|x| opt(x, visit));
    }

    fn clear(&self) {
        let old = [
            self.fget.with(Option::take),
            self.fset.with(Option::take),
            self.fdel.with(Option::take),
            self.doc.with(Option::take),
        ];
        drop(old);
    }
}

/// A suspended frame's references (a running frame is not in its generator: its references
/// count as external, which keeps everything it uses alive).
fn frame(f: &Frame, visit: Visit) {
    opt(&f.func, visit);
    visit(&f.globals);
    visit(&f.builtins);
    opt(&f.locals, visit);
    f.fast.iter().for_each(|x| opt(x, visit));
    f.stack.iter().for_each(&mut *visit);
    opt(&f.kwnames, visit);
}

impl Trace for GenObj {
    fn traverse(&self, visit: Visit) {
        visit(&self.name);
        visit(&self.qualname);
        self.frame.with(|f| {
            if let Some(f) = f {
                frame(f, visit);
            }
        });
    }

    fn clear(&self) {
        let old = self.frame.with(Option::take);
        drop(old);
    }
}
