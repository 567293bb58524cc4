//! The cached forms of LOAD_GLOBAL, LOAD_ATTR, LOAD_METHOD and STORE_ATTR. Each returns `None`
//! (or `false`) when the general path must run: a miss fills the slot where the answer can be
//! cached, and the general path then does the work (and raises errors) as before.

use super::cache::{self, Slot};
use super::frame::Frame;
use crate::heap::{Kind, ObjRef};
use crate::object::dict::{DictObj, DictTable};
use crate::object::func::Code;
use crate::object::str::StrObj;
use crate::object::typeobj::{InstanceObj, TypeObj};
use crate::runtime::attr::{lookup_type, slot_allowed, table_find_str};
use crate::Vm;

#[inline]
fn entry_value(t: &DictTable, ix: u32) -> Option<ObjRef> {
    t.entries.get(ix as usize)?.as_ref().map(|e| e.value.clone())
}

/// Whether entry `ix` of `t` has key `name` (the same string object, or an equal string).
#[inline]
fn entry_has_key(t: &DictTable, ix: u32, name: &ObjRef) -> bool {
    match t.entries.get(ix as usize) {
        Some(Some(e)) => {
            e.key.is(name)
                || (e.key.kind() == Kind::Str && {
                    let (a, b) = (e.key.expect::<StrObj>(), name.expect::<StrObj>());
                    e.hash == b.hash() && a.s == b.s
                })
        }
        _ => false,
    }
}

/// LOAD_GLOBAL: the value, or None when the name is in neither dict (the caller raises).
#[inline]
pub(super) fn load_global(f: &Frame, code: &Code, at: usize, name: &ObjRef) -> Option<ObjRef> {
    let s = code.caches.get(at);
    let g = &f.globals.expect::<DictObj>().0;
    if s.name != name.id() {
        return load_global_miss(f, code, at, name);
    }
    match s.tag {
        cache::GLOBAL => {
            if let Some(v) = g.with(|t| if t.keys_version == s.version { entry_value(t, s.ix) } else { None })
            {
                return Some(v);
            }
        }
        cache::BUILTIN if g.with(|t| t.keys_version) == s.version => {
            let b = &f.builtins.expect::<DictObj>().0;
            let v = b.with(|t| if t.keys_version == s.aux { entry_value(t, s.ix) } else { None });
            if v.is_some() {
                return v;
            }
        }
        _ => {}
    }
    load_global_miss(f, code, at, name)
}

#[inline(never)]
fn load_global_miss(f: &Frame, code: &Code, at: usize, name: &ObjRef) -> Option<ObjRef> {
    let g = &f.globals.expect::<DictObj>().0;
    let (gv, found) = g.with(|t| {
        let ix = table_find_str(t, name);
        (t.keys_version, ix.and_then(|ix| entry_value(t, ix as u32).map(|v| (ix, v))))
    });
    if let Some((ix, v)) = found {
        code.caches.set(
            at,
            Slot { tag: cache::GLOBAL, ix: ix as u32, version: gv, name: name.id(), ..Slot::default() },
        );
        return Some(v);
    }
    let b = &f.builtins.expect::<DictObj>().0;
    let (bv, found) = b.with(|t| {
        let ix = table_find_str(t, name);
        (t.keys_version, ix.and_then(|ix| entry_value(t, ix as u32).map(|v| (ix, v))))
    });
    let (ix, v) = found?;
    let s = Slot { tag: cache::BUILTIN, ix: ix as u32, version: gv, aux: bv, name: name.id(), key: 0 };
    code.caches.set(at, s);
    Some(v)
}

/// Attribute caches are polymorphic: an instruction's slot and those of the CACHE units after
/// it (LOAD_ATTR and STORE_ATTR have 4, LOAD_METHOD 10) hold answers for up to this many types,
/// as a call site shared by sibling classes needs.
const WAYS: usize = 4;

/// The slot (index and contents) holding `tag`'s answer for the type of `o` under the current
/// type epoch.
#[inline]
fn find_way(code: &Code, at: usize, o: &ObjRef, name: &ObjRef, tag: u8) -> Option<(usize, Slot)> {
    if o.kind() != Kind::Instance {
        return None;
    }
    let id = o.ty().id();
    let s = code.caches.get(at);
    if s.key == id
        && s.tag & !cache::GENERAL == tag
        && s.name == name.id()
        && s.version == cache::type_epoch()
    {
        return Some((at, s));
    }
    let i = find_other_way(code, at, id, name.id(), tag)?;
    Some((i, code.caches.get(i)))
}

/// The ways after the first (polymorphic sites only).
#[inline(never)]
fn find_other_way(code: &Code, at: usize, id: usize, name: usize, tag: u8) -> Option<usize> {
    let epoch = cache::type_epoch();
    (at + 1..at + WAYS).find(|&i| {
        let s = code.caches.get(i);
        s.key == id && s.tag & !cache::GENERAL == tag && s.name == name && s.version == epoch
    })
}

/// Remembers that the general path answers `tag` for the type of `o` and `name`.
fn mark_general(code: &Code, at: usize, o: &ObjRef, name: &ObjRef, tag: u8) {
    let s = Slot {
        tag: tag | cache::GENERAL,
        key: o.ty().id(),
        version: cache::type_epoch(),
        name: name.id(),
        ..Slot::default()
    };
    insert_way(code, at, s);
}

/// Stores a new answer in the first way, moving the others down (the oldest falls out).
fn insert_way(code: &Code, at: usize, s: Slot) {
    for i in (at + 1..at + WAYS).rev() {
        code.caches.set(i, code.caches.get(i - 1));
    }
    code.caches.set(at, s);
}

/// Looks `name` up in an instance dict, trying the remembered entry index first; updates the
/// slot's hint when the name moved. (Always inlined: a call per LOAD_ATTR showed in profiles.)
#[inline(always)]
fn dict_get_hinted(code: &Code, at: usize, mut s: Slot, d: &ObjRef, name: &ObjRef) -> Option<ObjRef> {
    let t = &d.expect::<DictObj>().0;
    t.with(|t| {
        if entry_has_key(t, s.ix, name) {
            return entry_value(t, s.ix);
        }
        let ix = table_find_str(t, name)?;
        s.ix = ix as u32;
        code.caches.set(at, s);
        entry_value(t, s.ix)
    })
}

/// The type facts LOAD_ATTR/LOAD_METHOD/STORE_ATTR caches depend on; None for objects the
/// caches do not cover.
#[inline]
fn plain_instance_type<'a>(vm: &Vm, o: &'a ObjRef) -> Option<(&'a ObjRef, &'a TypeObj)> {
    if o.kind() != Kind::Instance || o.ty().is(&vm.t.super_) {
        return None;
    }
    let ty = o.ty();
    Some((ty, ty.get::<TypeObj>()?))
}

/// LOAD_ATTR of an instance attribute that only the instance dict can answer.
#[inline]
pub(super) fn load_attr(vm: &Vm, code: &Code, at: usize, o: &ObjRef, name: &ObjRef) -> Option<ObjRef> {
    if let Some((i, s)) = find_way(code, at, o, name, cache::INSTANCE_VALUE) {
        if s.tag & cache::GENERAL != 0 {
            return None;
        }
        return o.expect::<InstanceObj>().dict.with(|d| dict_get_hinted(code, i, s, d, name));
    }
    load_attr_miss(vm, code, at, o, name)
}

/// Whether a class attribute named `name` takes part in instance attribute access: any does,
/// since even a `__slots__` member keeps its value outside the instance dict the cache reads.
fn class_attr_intercepts(ty: &ObjRef, name: &ObjRef) -> bool {
    lookup_type(ty, name).is_some()
}

#[inline(never)]
fn load_attr_miss(vm: &Vm, code: &Code, at: usize, o: &ObjRef, name: &ObjRef) -> Option<ObjRef> {
    let (ty, t) = plain_instance_type(vm, o)?;
    // Dunders may be computed attributes (`__class__`, `__dict__`): the general path decides.
    if name.expect::<StrObj>().s.starts_with("__")
        || (t.heap_type && lookup_type(ty, &vm.n.getattr).is_some())
        || vm.own_getattribute(ty).is_some()
        || class_attr_intercepts(ty, name)
    {
        mark_general(code, at, o, name, cache::INSTANCE_VALUE);
        return None;
    }
    let s = Slot {
        tag: cache::INSTANCE_VALUE,
        key: ty.id(),
        version: cache::type_epoch(),
        name: name.id(),
        ..Slot::default()
    };
    insert_way(code, at, s);
    o.expect::<InstanceObj>().dict.with(|d| dict_get_hinted(code, at, s, d, name))
}

/// The dict of MRO entry `k` of `t` (0 is the type itself).
#[inline]
fn method_from(t: &TypeObj, k: u64, ix: u32, name: &ObjRef) -> Option<ObjRef> {
    let pick = |d: &mut DictTable| {
        if entry_has_key(d, ix, name) {
            entry_value(d, ix).filter(|v| v.kind() == Kind::Function)
        } else {
            None
        }
    };
    if k == 0 {
        return t.dict.with(pick);
    }
    let base = t.mro.with(|m| m.get(k as usize - 1).cloned())?;
    let r = base.get::<TypeObj>()?.dict.with(pick);
    r
}

/// LOAD_METHOD of a plain function defined on the class (not shadowed by the instance dict):
/// the function, with the instance as receiver.
#[inline]
pub(super) fn load_method(vm: &Vm, code: &Code, at: usize, o: &ObjRef, name: &ObjRef) -> Option<ObjRef> {
    if let Some((_, s)) = find_way(code, at, o, name, cache::METHOD) {
        if s.tag & cache::GENERAL != 0 {
            return None;
        }
        // An instance attribute of that name would shadow the method: the general path decides
        // whenever the instance dict might hold it (a probe that meets an equal hash).
        let h = name.expect::<StrObj>().hash();
        if !o.expect::<InstanceObj>().dict.with(|d| d.expect::<DictObj>().0.with(|t| t.lacks_hash(h))) {
            return None;
        }
        return method_from(o.ty().expect::<TypeObj>(), s.aux, s.ix, name);
    }
    load_method_miss(vm, code, at, o, name)
}

#[inline(never)]
fn load_method_miss(vm: &Vm, code: &Code, at: usize, o: &ObjRef, name: &ObjRef) -> Option<ObjRef> {
    let (ty, t) = plain_instance_type(vm, o)?;
    if t.heap_type && (lookup_type(ty, &vm.n.getattr).is_some() || vm.own_getattribute(ty).is_some()) {
        mark_general(code, at, o, name, cache::METHOD);
        return None;
    }
    // Where along the MRO the function is defined, as (position, entry index).
    let at_mro = match t.dict.with(|d| table_find_str(d, name)) {
        Some(ix) => Some((0u64, ix)),
        None => t.mro.with(|m| {
            m.iter().enumerate().find_map(|(k, base)| {
                let ix = base.get::<TypeObj>()?.dict.with(|d| table_find_str(d, name))?;
                Some((k as u64 + 1, ix))
            })
        }),
    };
    let Some(m) = at_mro.and_then(|(k, ix)| Some((k, ix, method_from(t, k, ix as u32, name)?))) else {
        mark_general(code, at, o, name, cache::METHOD);
        return None;
    };
    let (k, ix, m) = m;
    let s = Slot {
        tag: cache::METHOD,
        key: ty.id(),
        version: cache::type_epoch(),
        ix: ix as u32,
        aux: k,
        name: name.id(),
    };
    insert_way(code, at, s);
    let shadowed = o
        .expect::<InstanceObj>()
        .dict
        .with(|d| d.expect::<DictObj>().0.with(|t| table_find_str(t, name).is_some()));
    if shadowed {
        return None;
    }
    Some(m)
}

/// STORE_ATTR into the instance dict when nothing on the class intercepts the store. Gives the
/// value back when the general path must run.
#[inline]
pub(super) fn store_attr(
    vm: &Vm,
    code: &Code,
    at: usize,
    o: &ObjRef,
    name: &ObjRef,
    v: ObjRef,
) -> Result<(), ObjRef> {
    let (i, mut s) = match find_way(code, at, o, name, cache::INSTANCE_STORE) {
        Some((_, s)) if s.tag & cache::GENERAL != 0 => return Err(v),
        Some(hit) => hit,
        None => match store_attr_miss(vm, o, name) {
            Some(filled) => {
                insert_way(code, at, filled);
                (at, filled)
            }
            None => {
                if o.kind() == Kind::Instance {
                    mark_general(code, at, o, name, cache::INSTANCE_STORE);
                }
                return Err(v);
            }
        },
    };
    let old = o.expect::<InstanceObj>().dict.with(|d| {
        d.expect::<DictObj>().0.with(|t| {
            if entry_has_key(t, s.ix, name) {
                return Some(t.replace_value(s.ix as usize, v));
            }
            match table_find_str(t, name) {
                Some(ix) => {
                    s.ix = ix as u32;
                    Some(t.replace_value(ix, v))
                }
                None => {
                    let h = name.expect::<StrObj>().hash();
                    t.insert_new(h, name.clone(), v);
                    s.ix = (t.entries.len() - 1) as u32;
                    None
                }
            }
        })
    });
    code.caches.set(i, s);
    // Dropped outside the dict borrow: a finalizer may run.
    drop(old);
    Ok(())
}

#[inline(never)]
fn store_attr_miss(vm: &Vm, o: &ObjRef, name: &ObjRef) -> Option<Slot> {
    let (ty, t) = plain_instance_type(vm, o)?;
    if !t.heap_type || name.expect::<StrObj>().s.starts_with("__") {
        return None;
    }
    if lookup_type(ty, &vm.n.setattr).is_some_and(|sa| sa.kind() == Kind::Function) {
        return None;
    }
    if class_attr_intercepts(ty, name) || !slot_allowed(ty, name) {
        return None;
    }
    Some(Slot {
        tag: cache::INSTANCE_STORE,
        key: ty.id(),
        version: cache::type_epoch(),
        name: name.id(),
        ..Slot::default()
    })
}
