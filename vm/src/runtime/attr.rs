//! Attribute lookup: type MRO walk, descriptors, instance dicts, bound methods.

use super::types::{mro, type_name};
use crate::heap::{Kind, ObjRef};
use crate::object::dict::{DictObj, DictTable, Probe};
use crate::object::exc::ExcObj;
use crate::object::func::{FuncObj, MethodObj};
use crate::object::misc::{ModuleObj, PropertyObj, WrapperObj};
use crate::object::str::StrObj;
use crate::object::typeobj::{InstanceObj, TypeObj};
use crate::runtime::ops::fast_eq;
use crate::{PyResult, Vm};

/// Looks a str key up in a table without running Python code (attribute names are str).
pub fn table_get_str(t: &DictTable, key: &ObjRef) -> Option<ObjRef> {
    let h = key.expect::<StrObj>().hash();
    match t.find(h, key, fast_eq) {
        Probe::Found(ix) => Some(t.value(ix)),
        _ => None,
    }
}

/// Where str `key` is in `t` (an entry index), for inline caches.
#[inline]
pub fn table_find_str(t: &DictTable, key: &ObjRef) -> Option<usize> {
    let h = key.expect::<StrObj>().hash();
    match t.find(h, key, fast_eq) {
        Probe::Found(ix) => Some(ix),
        _ => None,
    }
}

pub fn table_set_str(t: &mut DictTable, key: ObjRef, value: ObjRef) -> Option<ObjRef> {
    let h = key.expect::<StrObj>().hash();
    match t.find(h, &key, fast_eq) {
        Probe::Found(ix) => Some(t.replace_value(ix, value)),
        _ => {
            t.insert_new(h, key, value);
            None
        }
    }
}

pub fn table_del_str(t: &mut DictTable, key: &ObjRef) -> bool {
    let h = key.expect::<StrObj>().hash();
    match t.find(h, key, fast_eq) {
        Probe::Found(ix) => {
            drop(t.remove(ix));
            true
        }
        _ => false,
    }
}

/// A str-keyed lookup in a type's own namespace (no MRO walk).
pub fn dict_get_str_table(t: &TypeObj, key: &ObjRef) -> Option<ObjRef> {
    t.dict.with(|d| table_get_str(d, key))
}

pub fn dict_get_str(d: &ObjRef, key: &ObjRef) -> Option<ObjRef> {
    d.expect::<DictObj>().0.with(|t| table_get_str(t, key))
}

pub fn dict_set_str(d: &ObjRef, key: ObjRef, value: ObjRef) {
    let old = d.expect::<DictObj>().0.with(|t| table_set_str(t, key, value));
    drop(old);
}

/// One remembered MRO lookup: the type and the name (kept alive so that their addresses cannot
/// be reused while cached) and what the lookup found.
type CacheEntry = (ObjRef, ObjRef, Option<ObjRef>);

/// Slots of the attribute cache (a power of two, as CPython's 4096-entry method cache).
const CACHE_SLOTS: usize = 4096;

/// CPython's method cache, simplified: a direct-mapped table of MRO lookups indexed by the
/// (type, name) addresses, emptied whenever any class namespace changes.
#[derive(Default)]
struct TypeCache {
    slots: Vec<Option<CacheEntry>>,
    used: usize,
}

thread_local! {
    static TYPE_CACHE: std::cell::RefCell<TypeCache> = std::cell::RefCell::new(TypeCache::default());
}

#[inline]
fn cache_slot(ty: &ObjRef, name: &ObjRef) -> usize {
    // Objects are at least 8-byte aligned; mixing both addresses spreads (type, name) pairs
    // that share either one.
    let k = (ty.id() as u64 ^ (name.id() as u64).rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (k >> (64 - CACHE_SLOTS.trailing_zeros())) as usize
}

/// Forgets every cached MRO lookup (after a class namespace changed, or a class was created or
/// cleared) and moves the type epoch on, which invalidates the inline attribute caches.
pub fn invalidate_type_cache() {
    crate::eval::cache::bump_type_epoch();
    flush_type_cache();
}

/// Empties the MRO lookup cache without touching the type epoch: for the collector, which only
/// needs the cache's references gone (a class it frees cannot come back at the same address
/// without a class creation, which moves the epoch).
pub fn flush_type_cache() {
    // The entries are dropped after the borrow ends: freeing a type may look attributes up.
    let old = TYPE_CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.used == 0 {
            return Vec::new();
        }
        c.used = 0;
        std::mem::take(&mut c.slots)
    });
    drop(old);
}

/// Finds `name` along the MRO of `ty` (the class attribute, before descriptor binding).
#[inline]
pub fn lookup_type(ty: &ObjRef, name: &ObjRef) -> Option<ObjRef> {
    let slot = cache_slot(ty, name);
    let hit = TYPE_CACHE.with(|c| match c.borrow().slots.get(slot) {
        Some(Some((t, n, r))) if t.is(ty) && n.is(name) => Some(r.clone()),
        _ => None,
    });
    match hit {
        Some(r) => r,
        None => lookup_type_miss(ty, name, slot),
    }
}

#[inline(never)]
fn lookup_type_miss(ty: &ObjRef, name: &ObjRef, slot: usize) -> Option<ObjRef> {
    let r = lookup_type_uncached(ty, name);
    let evicted = TYPE_CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.slots.is_empty() {
            c.slots.resize_with(CACHE_SLOTS, || None);
        }
        let old = c.slots[slot].replace((ty.clone(), name.clone(), r.clone()));
        if old.is_none() {
            c.used += 1;
        }
        old
    });
    drop(evicted);
    r
}

fn lookup_type_uncached(ty: &ObjRef, name: &ObjRef) -> Option<ObjRef> {
    let t = ty.get::<TypeObj>()?;
    if let Some(v) = t.dict.with(|d| table_get_str(d, name)) {
        return Some(v);
    }
    let rest = t.mro.with(|m| m.clone());
    for base in rest {
        if let Some(v) = base.expect::<TypeObj>().dict.with(|d| table_get_str(d, name)) {
            return Some(v);
        }
    }
    None
}

/// Whether an instance of `ty` may hold attribute `name` (always, unless `__slots__` took its
/// `__dict__` away).
pub(crate) fn slot_allowed(ty: &ObjRef, name: &ObjRef) -> bool {
    ty.expect::<TypeObj>().slots.with(|s| match s {
        None => true,
        Some(names) => name.get::<StrObj>().is_some_and(|n| names.iter().any(|x| *x == *n.s)),
    })
}

/// The `__dict__` of an object handed to Python code (`obj.__dict__`, `vars(obj)`): from now on
/// an instance's attribute dict is an object of its own for the cycle collector.
pub fn expose_dict(o: &ObjRef) -> Option<ObjRef> {
    if o.kind() == Kind::Instance && o.ty().expect::<TypeObj>().slots.with(|s| s.is_some()) {
        return None;
    }
    let d = instance_dict(o)?;
    if o.kind() == Kind::Instance {
        d.expect::<DictObj>().0.with(|t| t.inline = false);
    }
    Some(d)
}

/// The `__dict__` of an object, if it has one.
pub fn instance_dict(o: &ObjRef) -> Option<ObjRef> {
    match o.kind() {
        Kind::Instance => Some(o.expect::<InstanceObj>().dict.with(|d| d.clone())),
        Kind::Exception => Some(o.expect::<ExcObj>().dict.clone()),
        Kind::Module => Some(o.expect::<ModuleObj>().dict.clone()),
        Kind::Function => {
            let f = o.expect::<FuncObj>();
            Some(f.dict.with(|d| d.clone()).unwrap_or_else(|| {
                let nd = new_detached_dict();
                f.dict.with(|d| *d = Some(nd.clone()));
                nd
            }))
        }
        _ if owns_side_dict(o) => Some(crate::heap::sidedict::get_or_create(o, new_detached_dict)),
        _ => None,
    }
}

/// Whether `o` is an instance of a class created by Python code that derives from a builtin
/// with its own payload (`class N(int)`) and whose `__slots__` did not take the `__dict__` away:
/// such an instance keeps its dict in the heap's side table.
fn owns_side_dict(o: &ObjRef) -> bool {
    matches!(
        o.kind(),
        Kind::Int
            | Kind::Float
            | Kind::Str
            | Kind::Bytes
            | Kind::Tuple
            | Kind::List
            | Kind::Dict
            | Kind::Set
            | Kind::Complex
            | Kind::ByteArray
    ) && o.ty().get::<TypeObj>().is_some_and(|t| t.heap_type && t.slots.with(|s| s.is_none()))
}

/// `name` in the instance's own `__dict__` (plain instances' dicts are read in place).
#[inline]
fn instance_attr(o: &ObjRef, name: &ObjRef) -> Option<ObjRef> {
    match o.kind() {
        Kind::Instance => o.expect::<InstanceObj>().dict.with(|d| dict_get_str(d, name)),
        // Reading makes no dict where none was needed yet.
        _ if owns_side_dict(o) => crate::heap::sidedict::peek(o).and_then(|d| dict_get_str(&d, name)),
        _ => instance_dict(o).and_then(|d| dict_get_str(&d, name)),
    }
}

thread_local! {
    static DICT_TYPE: std::cell::RefCell<Option<ObjRef>> = const { std::cell::RefCell::new(None) };
}

/// Records the dict type for allocations that happen without a Vm at hand.
pub fn register_dict_type(ty: &ObjRef) {
    DICT_TYPE.with(|d| {
        let mut d = d.borrow_mut();
        if d.is_none() {
            *d = Some(ty.clone());
        }
    });
}

/// Drops the runtime's own references into the heap (at exit, before the heap is released).
pub fn forget_runtime_refs() {
    invalidate_type_cache();
    let d = DICT_TYPE.with(|d| d.borrow_mut().take());
    drop(d);
}

/// A new empty dict, for places that have no Vm at hand.
pub fn new_detached_dict() -> ObjRef {
    DICT_TYPE.with(|d| {
        ObjRef::new(d.borrow().as_ref().expect("dict type registered"), DictObj(Default::default()))
    })
}

impl Vm {
    /// `getattr(o, name)`: an AttributeError raised by a class's own `__getattribute__` or
    /// `__getattr__` reaches the caller as raised.
    pub fn getattr(&mut self, o: &ObjRef, name: &ObjRef) -> PyResult {
        if let Some(r) = self.getattr_hook(o, name) {
            return r;
        }
        match self.getattr_plain(o, name)? {
            Some(v) => Ok(v),
            None => self.attr_error(o, name),
        }
    }

    pub fn attr_error<T>(&mut self, o: &ObjRef, name: &ObjRef) -> PyResult<T> {
        let n = &name.expect::<StrObj>().s;
        let msg = if o.kind() == Kind::Type {
            format!("type object '{}' has no attribute '{}'", type_name(o), n)
        } else if o.kind() == Kind::Module {
            format!("module '{}' has no attribute '{}'", o.expect::<ModuleObj>().name, n)
        } else {
            format!("'{}' object has no attribute '{}'", self.type_name(o), n)
        };
        let ty = self.t.exc.attribute_error.clone();
        self.err(&ty, msg)
    }

    /// Attribute lookup returning None instead of raising AttributeError (CPython's
    /// `_PyObject_LookupAttr`).
    pub fn getattr_opt(&mut self, o: &ObjRef, name: &ObjRef) -> PyResult<Option<ObjRef>> {
        match self.getattr_hook(o, name) {
            None => self.getattr_plain(o, name),
            Some(Ok(v)) => Ok(Some(v)),
            Some(Err(e)) if self.is_instance(&e, &self.t.exc.attribute_error) => Ok(None),
            Some(Err(e)) => Err(e),
        }
    }

    /// The class's own `__getattribute__` (a Python function replacing object's), if any: such a
    /// class answers every instance attribute through it, so the inline caches step aside.
    pub fn own_getattribute(&self, ty: &ObjRef) -> Option<ObjRef> {
        if !ty.expect::<TypeObj>().heap_type {
            return None;
        }
        lookup_type(ty, &self.n.getattribute).filter(|f| f.kind() != Kind::Builtin)
    }

    /// CPython's slot_tp_getattr_hook, for instances of classes defining `__getattribute__` or
    /// `__getattr__`: None when the class defines neither (the plain lookup answers).
    fn getattr_hook(&mut self, o: &ObjRef, name: &ObjRef) -> Option<PyResult> {
        if o.kind() == Kind::Type {
            return None;
        }
        let ty = o.ty().clone();
        if !ty.expect::<TypeObj>().heap_type || ty.is(&self.t.super_) {
            return None;
        }
        let getattribute = self.own_getattribute(&ty);
        let fallback = lookup_type(&ty, &self.n.getattr.clone());
        if getattribute.is_none() && fallback.is_none() {
            return None;
        }
        let attr_err = self.t.exc.attribute_error.clone();
        let first = match getattribute {
            Some(f) => match self.call(&f, &[o.clone(), name.clone()], &[]) {
                Ok(v) => Ok(Some(v)),
                Err(e) if fallback.is_some() && self.is_instance(&e, &attr_err) => Ok(None),
                Err(e) => Err(e),
            },
            // object.__getattribute__; an AttributeError raised inside it (by a property, say)
            // also falls back to __getattr__.
            None => match self.getattr_plain(o, name) {
                Err(e) if self.is_instance(&e, &attr_err) => Ok(None),
                r => r,
            },
        };
        Some(match (first, fallback) {
            (Ok(Some(v)), _) => Ok(v),
            (Ok(None), Some(f)) => self.call(&f, &[o.clone(), name.clone()], &[]),
            (Ok(None), None) => self.attr_error(o, name),
            (Err(e), _) => Err(e),
        })
    }

    /// `object.__getattribute__(o, name)`: the lookup without the class's hooks.
    pub fn object_getattribute(&mut self, o: &ObjRef, name: &ObjRef) -> PyResult {
        match self.getattr_plain(o, name)? {
            Some(v) => Ok(v),
            None => self.attr_error(o, name),
        }
    }

    /// The lookup without `__getattribute__`/`__getattr__` hooks: computed attributes, then the
    /// generic descriptor protocol.
    fn getattr_plain(&mut self, o: &ObjRef, name: &ObjRef) -> PyResult<Option<ObjRef>> {
        if o.ty().is(&self.t.super_) {
            return crate::builtins::types::super_getattr(self, o, name);
        }
        if o.kind() == Kind::Type {
            return self.type_getattr(o, name);
        }
        let ty = o.ty().clone();
        // An instance's only computed attributes are dunders (`__class__`, `__dict__`).
        let plain_instance_attr = o.kind() == Kind::Instance && !name.expect::<StrObj>().s.starts_with("__");
        if !plain_instance_attr {
            if let Some(v) = self.special_attr(o, name)? {
                return Ok(Some(v));
            }
        }
        self.generic_getattr(o, &ty, name)
    }

    /// object.__getattribute__: data descriptors, instance dict, non-data descriptors/class attrs.
    fn generic_getattr(&mut self, o: &ObjRef, ty: &ObjRef, name: &ObjRef) -> PyResult<Option<ObjRef>> {
        let cls_attr = lookup_type(ty, name);
        if let Some(a) = &cls_attr {
            match a.kind() {
                Kind::Property => return self.property_get(a, o).map(Some),
                // A slot without a value is a missing attribute (so `__getattr__` may answer).
                Kind::Wrapper if o.kind() == Kind::Instance && crate::builtins::slots::is_member(self, a) => {
                    return Ok(crate::builtins::slots::value(a, o));
                }
                Kind::Instance => {
                    let aty = a.ty().clone();
                    if let Some(get) = lookup_type(&aty, &self.n.get.clone()) {
                        if lookup_type(&aty, &self.n.set.clone()).is_some() {
                            return self.call(&get, &[a.clone(), o.clone(), ty.clone()], &[]).map(Some);
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(v) = instance_attr(o, name) {
            return Ok(Some(v));
        }
        match cls_attr {
            // A slot without a value.
            Some(a) if crate::builtins::slots::is_member(self, &a) => Ok(None),
            Some(a) => self.bind(a, o, ty).map(Some),
            None => Ok(None),
        }
    }

    /// Applies the descriptor protocol to a class attribute found for instance `o`.
    pub fn bind(&mut self, a: ObjRef, o: &ObjRef, ty: &ObjRef) -> PyResult {
        match a.kind() {
            Kind::Function | Kind::Builtin => {
                if a.kind() == Kind::Builtin && a.expect::<crate::object::func::BuiltinObj>().bound.is_some()
                {
                    return Ok(a);
                }
                Ok(ObjRef::new(&self.t.method, MethodObj { func: a, receiver: o.clone() }))
            }
            Kind::Wrapper if a.ty().is(&self.t.staticmethod) => Ok(a.expect::<WrapperObj>().0.clone()),
            Kind::Wrapper if a.ty().is(&self.t.classmethod) => Ok(ObjRef::new(
                &self.t.method,
                MethodObj { func: a.expect::<WrapperObj>().0.clone(), receiver: ty.clone() },
            )),
            Kind::Property => self.property_get(&a, o),
            Kind::Instance => {
                let aty = a.ty().clone();
                match lookup_type(&aty, &self.n.get.clone()) {
                    Some(get) => self.call(&get, &[a.clone(), o.clone(), ty.clone()], &[]),
                    None => Ok(a),
                }
            }
            _ => Ok(a),
        }
    }

    fn property_get(&mut self, p: &ObjRef, o: &ObjRef) -> PyResult {
        let fget = p.expect::<PropertyObj>().fget.with(|f| f.clone());
        match fget {
            Some(f) => self.call(&f, &[o.clone()], &[]),
            None => {
                let ty = self.t.exc.attribute_error.clone();
                self.err(&ty, "property has no getter")
            }
        }
    }

    /// Attribute lookup on a class: metatype data descriptors, then the class MRO (classmethods
    /// bind to the class, functions stay plain), then the metatype.
    fn type_getattr(&mut self, cls: &ObjRef, name: &ObjRef) -> PyResult<Option<ObjRef>> {
        if let Some(v) = self.special_attr(cls, name)? {
            return Ok(Some(v));
        }
        if let Some(a) = lookup_type(cls, name) {
            return match a.kind() {
                Kind::Wrapper if a.ty().is(&self.t.staticmethod) => {
                    Ok(Some(a.expect::<WrapperObj>().0.clone()))
                }
                Kind::Wrapper if a.ty().is(&self.t.classmethod) => Ok(Some(ObjRef::new(
                    &self.t.method,
                    MethodObj { func: a.expect::<WrapperObj>().0.clone(), receiver: cls.clone() },
                ))),
                Kind::Instance => {
                    let aty = a.ty().clone();
                    match lookup_type(&aty, &self.n.get.clone()) {
                        Some(get) => {
                            self.call(&get, &[a.clone(), self.none.clone(), cls.clone()], &[]).map(Some)
                        }
                        None => Ok(Some(a)),
                    }
                }
                _ => Ok(Some(a)),
            };
        }
        let meta = cls.ty().clone();
        if let Some(a) = lookup_type(&meta, name) {
            return self.bind(a, cls, &meta).map(Some);
        }
        Ok(None)
    }

    /// `setattr(o, name, v)`.
    pub fn setattr(&mut self, o: &ObjRef, name: &ObjRef, v: ObjRef) -> PyResult<()> {
        if o.kind() == Kind::Function && crate::builtins::introspect::set_function_attr(self, o, name, &v)? {
            return Ok(());
        }
        let ty = o.ty().clone();
        if o.kind() == Kind::Type {
            let t = o.expect::<TypeObj>();
            if !t.heap_type {
                let msg = format!(
                    "cannot set '{}' attribute of immutable type '{}'",
                    name.expect::<StrObj>().s,
                    type_name(o)
                );
                return self.type_error(msg);
            }
            let old = t.dict.with(|d| table_set_str(d, name.clone(), v));
            drop(old);
            invalidate_type_cache();
            if name.get::<StrObj>().is_some_and(|s| &*s.s == "__del__") {
                t.finalizer.set(true);
            }
            return Ok(());
        }
        if ty.expect::<TypeObj>().heap_type {
            if let Some(sa) = lookup_type(&ty, &self.n.setattr.clone()) {
                if sa.kind() == Kind::Function {
                    self.call(&sa, &[o.clone(), name.clone(), v], &[])?;
                    return Ok(());
                }
            }
            if let Some(a) = lookup_type(&ty, name) {
                if a.kind() == Kind::Property {
                    let fset = a.expect::<PropertyObj>().fset.with(|f| f.clone());
                    return match fset {
                        Some(f) => self.call(&f, &[o.clone(), v], &[]).map(drop),
                        None => {
                            let et = self.t.exc.attribute_error.clone();
                            let msg = format!(
                                "property '{}' of '{}' object has no setter",
                                name.expect::<StrObj>().s,
                                type_name(&ty)
                            );
                            self.err(&et, msg)
                        }
                    };
                }
                if crate::builtins::slots::is_member(self, &a) {
                    return crate::builtins::slots::set(self, &a, o, v);
                }
                if a.kind() == Kind::Instance {
                    if let Some(set) = lookup_type(&a.ty().clone(), &self.n.set.clone()) {
                        return self.call(&set, &[a.clone(), o.clone(), v], &[]).map(drop);
                    }
                    // A data descriptor through __delete__ alone refuses assignment.
                    let del = self.intern("__delete__");
                    if lookup_type(&a.ty().clone(), &del).is_some() {
                        let et = self.t.exc.attribute_error.clone();
                        return self.err(&et, "__set__");
                    }
                }
            }
        }
        if name.get::<StrObj>().is_some_and(|s| &*s.s == "__class__") {
            return self.assign_class(o, &ty, &v);
        }
        if o.kind() == Kind::Instance && name.get::<StrObj>().is_some_and(|s| &*s.s == "__dict__") {
            return self.assign_dict(o, v);
        }
        if o.kind() == Kind::Instance && !slot_allowed(&ty, name) {
            return self.read_only_error(o, &ty, name);
        }
        if o.kind() == Kind::Exception {
            let s = name.expect::<StrObj>().s.to_string();
            let e = o.expect::<ExcObj>();
            let none = self.none.clone();
            let opt = |v: ObjRef| if v.is(&none) { None } else { Some(v) };
            match s.as_str() {
                "__cause__" | "__context__"
                    if !v.is(&none) && !super::types::is_subtype(v.ty(), &self.t.exc.base_exception) =>
                {
                    let what = if s == "__cause__" { "cause" } else { "context" };
                    return self
                        .type_error(format!("exception {what} must be None or derive from BaseException"));
                }
                "__cause__" => {
                    e.suppress_context.set(true);
                    let old = e.cause.with(|c| std::mem::replace(c, opt(v)));
                    drop(old);
                    return Ok(());
                }
                "__context__" => {
                    let old = e.context.with(|c| std::mem::replace(c, opt(v)));
                    drop(old);
                    return Ok(());
                }
                "__traceback__" => {
                    let old = e.traceback.with(|c| std::mem::replace(c, opt(v)));
                    drop(old);
                    return Ok(());
                }
                "__suppress_context__" => {
                    e.suppress_context.set(self.truthy(&v)?);
                    return Ok(());
                }
                "args" => {
                    let t = self.to_tuple(&v)?;
                    let old = e.args.with(|a| std::mem::replace(a, t));
                    drop(old);
                    return Ok(());
                }
                _ => {}
            }
        }
        // Instances of builtin classes (`object()`) have no attribute dict.
        let has_dict = o.kind() != Kind::Instance || ty.expect::<TypeObj>().heap_type;
        if let Some(d) = instance_dict(o).filter(|_| has_dict) {
            dict_set_str(&d, name.clone(), v);
            return Ok(());
        }
        self.read_only_error(o, &ty, name)
    }

    /// Assigning an attribute of an object without an attribute dict: CPython's wording tells
    /// a method (a non-data descriptor on the type) from a computed attribute (a getset
    /// descriptor without a setter) from a missing one.
    fn read_only_error(&mut self, o: &ObjRef, ty: &ObjRef, name: &ObjRef) -> PyResult<()> {
        let n = name.expect::<StrObj>().s.to_string();
        let tn = type_name(ty);
        let msg = if lookup_type(ty, name).is_some() {
            format!("'{tn}' object attribute '{n}' is read-only")
        } else if self.special_attr(o, name)?.is_some() {
            format!("attribute '{n}' of '{tn}' objects is not writable")
        } else {
            format!("'{tn}' object has no attribute '{n}'")
        };
        let et = self.t.exc.attribute_error.clone();
        self.err(&et, msg)
    }

    /// `obj.__dict__ = d`: the instance's attribute dict becomes `d` itself.
    fn assign_dict(&mut self, o: &ObjRef, v: ObjRef) -> PyResult<()> {
        if !o.ty().expect::<TypeObj>().heap_type {
            return self.attr_error(o, &self.n.dict.clone());
        }
        if expose_dict(o).is_none() {
            return self.read_only_error(o, &o.ty().clone(), &self.n.dict.clone());
        }
        if !super::types::is_subtype(v.ty(), &self.t.dict) {
            let msg = format!("__dict__ must be set to a dictionary, not a '{}'", self.type_name(&v));
            return self.type_error(msg);
        }
        v.expect::<DictObj>().0.with(|t| t.inline = false);
        let old = o.expect::<InstanceObj>().dict.with(|d| std::mem::replace(d, v));
        drop(old);
        Ok(())
    }

    /// `obj.__class__ = cls` for plain instances: allowed between classes created by Python code
    /// whose instances have the same layout (CPython's object_set_class).
    fn assign_class(&mut self, o: &ObjRef, old: &ObjRef, new: &ObjRef) -> PyResult<()> {
        let Some(nt) = new.get::<TypeObj>() else {
            let msg = format!("__class__ must be set to a class, not '{}' object", self.type_name(new));
            return self.type_error(msg);
        };
        let ot = old.expect::<TypeObj>();
        if !nt.heap_type || !ot.heap_type {
            return self.type_error(
                "__class__ assignment only supported for mutable types or ModuleType subclasses",
            );
        }
        let same_slots = ot.slots.with(|a| nt.slots.with(|b| a == b));
        if nt.layout != ot.layout || o.kind() != nt.layout || !same_slots {
            let msg = format!(
                "__class__ assignment: '{}' object layout differs from '{}'",
                type_name(new),
                type_name(old)
            );
            return self.type_error(msg);
        }
        o.set_type(new);
        Ok(())
    }

    pub fn delattr(&mut self, o: &ObjRef, name: &ObjRef) -> PyResult<()> {
        if o.kind() == Kind::Instance && name.get::<StrObj>().is_some_and(|s| &*s.s == "__dict__") {
            // CPython drops the dict; the next access makes a new empty one.
            if o.ty().expect::<TypeObj>().heap_type && expose_dict(o).is_some() {
                let fresh = self.new_dict();
                fresh.expect::<DictObj>().0.with(|t| t.inline = true);
                let old = o.expect::<InstanceObj>().dict.with(|d| std::mem::replace(d, fresh));
                drop(old);
                return Ok(());
            }
        }
        if o.kind() != Kind::Type {
            let ty = o.ty().clone();
            // A class's own __delattr__ replaces the generic deletion.
            if ty.expect::<TypeObj>().heap_type {
                if let Some(h) =
                    lookup_type(&ty, &self.n.delattr.clone()).filter(|h| h.kind() == Kind::Function)
                {
                    self.call(&h, &[o.clone(), name.clone()], &[])?;
                    return Ok(());
                }
            }
            if crate::builtins::introspect::delete_descriptor(self, o, &ty, name)? {
                return Ok(());
            }
        }
        self.generic_delattr(o, name)
    }

    /// object.__delattr__ without descriptors: the instance dict, a class dict, a slot.
    pub fn generic_delattr(&mut self, o: &ObjRef, name: &ObjRef) -> PyResult<()> {
        if let Some(d) = instance_dict(o) {
            if d.expect::<DictObj>().0.with(|t| table_del_str(t, name)) {
                return Ok(());
            }
        }
        if o.kind() == Kind::Type && o.expect::<TypeObj>().dict.with(|d| table_del_str(d, name)) {
            invalidate_type_cache();
            return Ok(());
        }
        if let Some(m) = lookup_type(&o.ty().clone(), name) {
            if crate::builtins::slots::is_member(self, &m) {
                return crate::builtins::slots::unset_delete(self, &m);
            }
        }
        self.attr_error(o, name)
    }

    /// LOAD_METHOD: the unbound function and the receiver when the attribute is a plain method
    /// found on the type (avoiding a bound-method allocation), else the attribute itself.
    pub fn load_method(&mut self, o: &ObjRef, name: &ObjRef) -> PyResult<(ObjRef, Option<ObjRef>)> {
        if o.kind() != Kind::Type && !o.ty().is(&self.t.super_) {
            let ty = o.ty().clone();
            let t = ty.expect::<TypeObj>();
            let hooked = t.heap_type
                && (lookup_type(&ty, &self.n.getattr.clone()).is_some()
                    || self.own_getattribute(&ty).is_some());
            if !hooked {
                if let Some(a) = lookup_type(&ty, name) {
                    let plain = match a.kind() {
                        Kind::Function => true,
                        Kind::Builtin => a.expect::<crate::object::func::BuiltinObj>().bound.is_none(),
                        _ => false,
                    };
                    if plain {
                        let shadowed = instance_attr(o, name);
                        return Ok(match shadowed {
                            Some(v) => (v, None),
                            None => (a, Some(o.clone())),
                        });
                    }
                }
            }
        }
        Ok((self.getattr(o, name)?, None))
    }

    /// Attributes computed from the payload rather than stored in a dict.
    fn special_attr(&mut self, o: &ObjRef, name: &ObjRef) -> PyResult<Option<ObjRef>> {
        let n = &*name.expect::<StrObj>().s;
        if matches!(n, "message" | "exceptions") && crate::builtins::excgroup::is_group(self, o) {
            return crate::builtins::excgroup::attribute(self, o, n);
        }
        if o.kind() == Kind::Wrapper {
            if n == "mapping"
                && (o.ty().is(&self.t.dict_keys)
                    || o.ty().is(&self.t.dict_values)
                    || o.ty().is(&self.t.dict_items))
            {
                let d = o.expect::<WrapperObj>().0.clone();
                return Ok(Some(crate::builtins::mappingproxy::new(self, d)));
            }
            if o.ty().is(&self.t.union_type) || o.ty().is(&self.t.generic_alias) {
                if let Some(v) = crate::builtins::typing::attribute(self, o, n)? {
                    return Ok(Some(v));
                }
            }
        }
        if o.kind() == Kind::File {
            if let Some(v) = crate::builtins::file::attribute(self, o, n) {
                return Ok(Some(v));
            }
        }
        if o.kind() == Kind::MemoryView {
            return crate::builtins::memview::attribute(self, o, n);
        }
        if matches!(o.kind(), Kind::Code | Kind::Cell | Kind::Traceback | Kind::Generator | Kind::Property) {
            if let Some(v) = crate::builtins::introspect::attribute(self, o, n)? {
                return Ok(Some(v));
            }
        }
        if !n.starts_with("__")
            && !matches!(
                n,
                "args" | "value" | "real" | "imag" | "start" | "stop" | "step" | "numerator" | "denominator"
            )
        {
            return Ok(None);
        }
        if n == "__class__" {
            return Ok(Some(o.ty().clone()));
        }
        match o.kind() {
            Kind::Type => {
                let t = o.expect::<TypeObj>();
                return Ok(match n {
                    // A builtin type named `module.Name` (tp_name) shows only its last part.
                    "__name__" | "__qualname__" if !t.heap_type => {
                        let full = t.name.with(|s| s.clone());
                        Some(self.new_str(full.rsplit('.').next().unwrap_or_default()))
                    }
                    "__name__" => Some(self.new_string(t.name.with(|s| s.clone()))),
                    "__qualname__" => Some(self.new_string(t.qualname.with(|s| s.clone()))),
                    "__mro__" => Some(self.new_tuple(mro(o))),
                    "__bases__" => {
                        let b = t.bases.with(|b| b.clone());
                        Some(self.new_tuple(b))
                    }
                    "__base__" => {
                        Some(t.bases.with(|b| b.first().cloned()).unwrap_or_else(|| self.none.clone()))
                    }
                    "__dict__" => {
                        let d = self.new_dict();
                        let items: Vec<(ObjRef, ObjRef)> =
                            t.dict.with(|t| t.iter().map(|e| (e.key.clone(), e.value.clone())).collect());
                        for (k, v) in items {
                            self.dict_set(&d, k, v)?;
                        }
                        Some(d)
                    }
                    "__module__" if !t.heap_type => {
                        let full = t.name.with(|s| s.clone());
                        Some(self.new_str(full.rsplit_once('.').map_or("builtins", |(m, _)| m)))
                    }
                    _ => None,
                });
            }
            Kind::Exception => {
                let e = o.expect::<ExcObj>();
                let none = self.none.clone();
                return Ok(match n {
                    "args" => Some(e.args.with(|a| a.clone())),
                    "__traceback__" => Some(e.traceback.with(|t| t.clone()).unwrap_or(none)),
                    "__cause__" => Some(e.cause.with(|t| t.clone()).unwrap_or(none)),
                    "__context__" => Some(e.context.with(|t| t.clone()).unwrap_or(none)),
                    "__suppress_context__" => Some(self.new_bool(e.suppress_context.get())),
                    "__dict__" => Some(e.dict.clone()),
                    "value" if super::types::is_subtype(o.ty(), &self.t.exc.stop_iteration) => {
                        let a = e.args.with(|a| a.clone());
                        Some(a.expect::<crate::object::seq::TupleObj>().0.first().cloned().unwrap_or(none))
                    }
                    _ => None,
                });
            }
            Kind::Function => {
                let f = o.expect::<FuncObj>();
                return Ok(match n {
                    "__name__" => Some(f.name.with(|x| x.clone())),
                    "__qualname__" => Some(f.qualname.with(|x| x.clone())),
                    "__doc__" => Some(f.doc.with(|x| x.clone()).unwrap_or_else(|| self.none.clone())),
                    "__defaults__" => {
                        Some(f.defaults.with(|x| x.clone()).unwrap_or_else(|| self.none.clone()))
                    }
                    "__kwdefaults__" => {
                        Some(f.kwdefaults.with(|x| x.clone()).unwrap_or_else(|| self.none.clone()))
                    }
                    "__code__" => Some(f.code_obj.clone()),
                    "__globals__" => Some(f.globals.clone()),
                    "__closure__" => Some(f.closure.clone().unwrap_or_else(|| self.none.clone())),
                    "__module__" => Some(f.module.with(|x| x.clone()).unwrap_or_else(|| self.none.clone())),
                    "__dict__" => instance_dict(o),
                    "__annotations__" => {
                        let a = f.annotations.with(|x| x.clone());
                        Some(match a {
                            Some(a) => a,
                            None => {
                                let d = self.new_dict();
                                f.annotations.with(|x| *x = Some(d.clone()));
                                d
                            }
                        })
                    }
                    _ => None,
                });
            }
            Kind::Method => {
                let m = o.expect::<MethodObj>();
                return Ok(match n {
                    "__self__" => Some(m.receiver.clone()),
                    "__func__" => Some(m.func.clone()),
                    "__name__" | "__qualname__" | "__doc__" => {
                        let f = m.func.clone();
                        self.getattr_opt(&f, name)?
                    }
                    _ => None,
                });
            }
            Kind::Builtin => {
                let b = o.expect::<crate::object::func::BuiltinObj>();
                return Ok(match n {
                    "__name__" => Some(self.new_str(b.name)),
                    // A method's qualified name includes its class (a classmethod's too).
                    "__qualname__" => Some(match (&b.owner, b.clinic) {
                        (Some(owner), _) => self.new_string(format!("{}.{}", type_name(owner), b.name)),
                        (None, Some(c)) if c.receiver => self.new_str(c.spec.qualname),
                        _ => self.new_str(b.name),
                    }),
                    "__self__" => Some(b.bound.clone().unwrap_or_else(|| self.none.clone())),
                    _ => None,
                });
            }
            Kind::Instance if n == "__dict__" => return Ok(expose_dict(o)),
            // Instances of Python classes take weak references unless `__slots__` left the
            // slot out (no weak references are kept, so none is ever registered).
            Kind::Instance if n == "__weakref__" => {
                let weak = o.ty().expect::<TypeObj>().heap_type && slot_allowed(o.ty(), name);
                return Ok(weak.then(|| self.none.clone()));
            }
            Kind::Module if n == "__dict__" => return Ok(instance_dict(o)),
            _ if n == "__dict__" && owns_side_dict(o) => return Ok(instance_dict(o)),
            Kind::Int => {
                let v = self.new_bigint(o.expect::<crate::object::int::IntObj>().0.clone());
                return Ok(match n {
                    "real" | "numerator" => Some(v),
                    "imag" => Some(self.new_int(0)),
                    "denominator" => Some(self.new_int(1)),
                    _ => None,
                });
            }
            Kind::Complex => return Ok(crate::builtins::complex::attribute(self, o, n)),
            Kind::Float => {
                let v = o.expect::<crate::object::float::FloatObj>().0;
                return Ok(match n {
                    "real" => Some(self.new_float(v)),
                    "imag" => Some(self.new_float(0.0)),
                    _ => None,
                });
            }
            Kind::Range => return Ok(crate::builtins::range::attribute(self, o, n)),
            Kind::Slice => {
                let r = o.expect::<crate::object::misc::SliceObj>();
                return Ok(match n {
                    "start" => Some(r.start.clone()),
                    "stop" => Some(r.stop.clone()),
                    "step" => Some(r.step.clone()),
                    _ => None,
                });
            }
            Kind::Property => {
                let p = o.expect::<PropertyObj>();
                let none = self.none.clone();
                return Ok(match n {
                    "fget" => Some(p.fget.with(|f| f.clone()).unwrap_or(none)),
                    "fset" => Some(p.fset.with(|f| f.clone()).unwrap_or(none)),
                    "__doc__" => Some(p.doc.with(|f| f.clone()).unwrap_or(none)),
                    _ => None,
                });
            }
            Kind::Wrapper if crate::builtins::slots::is_member(self, o) => {
                return Ok(crate::builtins::slots::attribute(self, o, n))
            }
            Kind::Wrapper if n == "__func__" => return Ok(Some(o.expect::<WrapperObj>().0.clone())),
            _ => {}
        }
        Ok(None)
    }
}
