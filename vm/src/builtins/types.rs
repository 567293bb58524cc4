//! Constructors (`__new__`) of builtin types, `type(name, bases, ns)` class creation, `object`,
//! `super`, `property`, `classmethod`, `staticmethod` and exceptions.

use super::{add_method, check_args, split_args};
use crate::heap::{Kind, Mut, ObjRef};
use crate::object::bytes::BytesObj;
use crate::object::exc::ExcObj;
use crate::object::float::FloatObj;
use crate::object::int::{Int, IntObj};
use crate::object::iter::IterState;
use crate::object::misc::{PropertyObj, SliceObj, WrapperObj};
use crate::object::seq::{ListObj, TupleObj};
use crate::object::str::StrObj;
use crate::object::typeobj::TypeObj;
use crate::runtime::attr::{lookup_type, table_get_str, table_set_str};
use crate::runtime::types::{c3_rest, is_subtype, type_name};
use crate::{PyResult, Vm};

pub fn install_type_methods(vm: &mut Vm) {
    let t = |vm: &Vm, f: fn(&crate::runtime::types::Types) -> &ObjRef| f(&vm.t).clone();
    let object = t(vm, |t| &t.object);
    add_method(vm, &object, "__new__", object_new);
    add_method(vm, &object, "__init__", object_init);
    add_method(vm, &object, "__setattr__", object_setattr);
    add_method(vm, &object, "__delattr__", super::introspect::object_delattr);
    add_method(vm, &object, "__getattribute__", object_getattribute);
    add_method(vm, &object, "__eq__", object_eq);
    add_method(vm, &object, "__ne__", object_ne);
    add_method(vm, &object, "__hash__", object_hash);
    add_method(vm, &object, "__repr__", object_repr);
    add_method(vm, &object, "__str__", object_str);
    add_method(vm, &object, "__init_subclass__", object_init_subclass);
    add_method(vm, &object, "__format__", object_format);
    let ty = t(vm, |t| &t.type_);
    add_method(vm, &ty, "__new__", type_new);
    add_method(vm, &ty, "__init__", object_init);
    add_method(vm, &ty, "mro", type_mro);
    add_method(vm, &ty, "__call__", type_call);
    add_method(vm, &ty, "__subclasscheck__", type_subclasscheck);
    let pairs: [(fn(&crate::runtime::types::Types) -> &ObjRef, crate::object::func::NativeFn); 16] = [
        (|t| &t.int, int_new),
        (|t| &t.bool_, bool_new),
        (|t| &t.float, float_new),
        (|t| &t.str_, str_new),
        (|t| &t.bytes, bytes_new),
        (|t| &t.tuple, tuple_new),
        (|t| &t.list, list_new),
        (|t| &t.dict, dict_new),
        (|t| &t.set, set_new),
        (|t| &t.frozenset, frozenset_new),
        (|t| &t.range, super::range::new),
        (|t| &t.slice, slice_new),
        (|t| &t.property, property_new),
        (|t| &t.classmethod, classmethod_new),
        (|t| &t.staticmethod, staticmethod_new),
        (|t| &t.super_, super_new),
    ];
    for (get, f) in pairs {
        let ty = t(vm, get);
        add_method(vm, &ty, "__new__", f);
    }
    let more: [(ObjRef, crate::object::func::NativeFn); 5] = [
        (vm.t.enumerate.clone(), enumerate_new),
        (vm.t.zip.clone(), zip_new),
        (vm.t.map.clone(), map_new),
        (vm.t.filter.clone(), filter_new),
        (vm.t.reversed.clone(), reversed_new),
    ];
    for (ty, f) in more {
        add_method(vm, &ty, "__new__", f);
    }
    let list = t(vm, |t| &t.list);
    add_method(vm, &list, "__init__", list_init);
    let dict = t(vm, |t| &t.dict);
    add_method(vm, &dict, "__init__", dict_init);
    let set = t(vm, |t| &t.set);
    add_method(vm, &set, "__init__", set_init);
    let be = vm.t.exc.base_exception.clone();
    add_method(vm, &be, "__new__", exc_new);
    add_method(vm, &be, "__init__", exc_init);
    add_method(vm, &be, "with_traceback", exc_with_traceback);
    add_method(vm, &be, "__str__", exc_str);
    add_method(vm, &be, "__repr__", exc_repr);
    let prop = t(vm, |t| &t.property);
    add_method(vm, &prop, "getter", property_getter);
    add_method(vm, &prop, "setter", property_setter);
    add_method(vm, &prop, "deleter", property_deleter);
    add_method(vm, &prop, "__get__", property_get);
    for ty in
        [t(vm, |t| &t.staticmethod), t(vm, |t| &t.classmethod), t(vm, |t| &t.function), t(vm, |t| &t.method)]
    {
        add_method(vm, &ty, "__get__", super::introspect::descr_get);
    }
    let sm = t(vm, |t| &t.staticmethod);
    add_method(vm, &sm, "__call__", super::introspect::staticmethod_call);
}

fn cls_arg(vm: &mut Vm, args: &[ObjRef]) -> PyResult<ObjRef> {
    match args.first() {
        Some(c) if c.kind() == Kind::Type => Ok(c.clone()),
        _ => vm.type_error("__new__(X): X is not a type object"),
    }
}

fn object_new(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let cls = cls_arg(vm, args)?;
    let extra = args.len() > 1 || !kwnames.is_empty();
    if extra && cls.expect::<TypeObj>().layout == Kind::Instance {
        let (own_new, own_init) = own_new_init(vm, &cls);
        if own_new {
            return vm.type_error("object.__new__() takes exactly one argument (the type to instantiate)");
        }
        if !own_init {
            return vm.type_error(format!("{}() takes no arguments", type_name(&cls)));
        }
    }
    let pos = &args[1..args.len() - kwnames.len()];
    vm.alloc_instance(&cls, pos)
}

/// Whether a class replaces object's `__new__` and `__init__` (CPython compares tp_new and
/// tp_init with object's to decide which of the two complains about extra arguments).
fn own_new_init(vm: &mut Vm, cls: &ObjRef) -> (bool, bool) {
    let own = |f: Option<ObjRef>| f.is_some_and(|f| f.kind() != Kind::Builtin);
    (own(lookup_type(cls, &vm.n.new.clone())), own(lookup_type(cls, &vm.n.init.clone())))
}

/// `type.__call__(cls, *args, **kwargs)`: what `super().__call__(...)` in a metaclass reaches.
fn type_call(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    match args.first() {
        Some(cls) if cls.kind() == Kind::Type && args.len() > kwnames.len() => {
            vm.call_type(cls, &args[1..], kwnames)
        }
        _ => vm.type_error("descriptor '__call__' of 'type' object needs an argument"),
    }
}

fn object_init(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let extra = args.len() > 1 || !kwnames.is_empty();
    if let Some(o) = args.first().filter(|_| extra) {
        let cls = o.ty().clone();
        if cls.expect::<TypeObj>().layout == Kind::Instance && o.kind() == Kind::Instance {
            // Reached through an explicit call (`super().__init__(x)`, `o.__init__(x)`): the
            // instance creation path rejects extra arguments in __new__ first.
            let (_, own_init) = own_new_init(vm, &cls);
            let owner = if own_init { "object".to_string() } else { type_name(&cls) };
            return vm.type_error(format!(
                "{owner}.__init__() takes exactly one argument (the instance to initialize)"
            ));
        }
    }
    Ok(vm.none.clone())
}

/// The name given to `object.__setattr__` and friends must be a string (or a str subclass).
fn attr_name(vm: &mut Vm, name: &ObjRef) -> PyResult<()> {
    if name.kind() == Kind::Str {
        return Ok(());
    }
    vm.type_error(format!("attribute name must be string, not '{}'", vm.type_name(name)))
}

fn object_setattr(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__setattr__", args, 3, 3)?;
    attr_name(vm, &args[1])?;
    let o = &args[0];
    let name = args[1].clone();
    let ty = o.ty().clone();
    if let Some(m) = crate::runtime::attr::lookup_type(&ty, &name).filter(|m| super::slots::is_member(vm, m))
    {
        super::slots::set(vm, &m, o, args[2].clone())?;
        return Ok(vm.none.clone());
    }
    match crate::runtime::attr::instance_dict(o) {
        Some(d) => {
            crate::runtime::attr::dict_set_str(&d, name, args[2].clone());
            Ok(vm.none.clone())
        }
        None => vm.attr_error(o, &name),
    }
}

fn object_getattribute(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__getattribute__", args, 2, 2)?;
    attr_name(vm, &args[1])?;
    vm.object_getattribute(&args[0], &args[1])
}

fn object_eq(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__eq__", args, 2, 2)?;
    Ok(if args[0].is(&args[1]) { vm.true_.clone() } else { vm.not_implemented.clone() })
}

fn object_ne(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__ne__", args, 2, 2)?;
    let eq = vm.n.eq.clone();
    if let Some(f) = lookup_type(&args[0].ty().clone(), &eq) {
        if f.kind() == Kind::Function {
            let r = vm.call(&f, &[args[0].clone(), args[1].clone()], &[])?;
            if r.is(&vm.not_implemented) {
                return Ok(r);
            }
            let b = vm.truthy(&r)?;
            return Ok(vm.new_bool(!b));
        }
    }
    Ok(if args[0].is(&args[1]) { vm.false_.clone() } else { vm.not_implemented.clone() })
}

fn object_hash(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let a = (args[0].id() as u64).rotate_right(4) as i64;
    Ok(vm.new_int(a))
}

fn object_repr(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let o = &args[0];
    let ty = o.ty().clone();
    let t = ty.expect::<TypeObj>();
    let module = crate::runtime::attr::dict_get_str_table(t, &vm.n.module.clone());
    let prefix = match module {
        Some(m) if m.kind() == Kind::Str && &*m.expect::<StrObj>().s != "builtins" => {
            format!("{}.", m.expect::<StrObj>().s)
        }
        _ => String::new(),
    };
    let s = format!("<{}{} object at {:#x}>", prefix, t.qualname.with(|q| q.clone()), o.id());
    Ok(vm.new_string(s))
}

fn object_str(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    vm.repr_obj(&args[0])
}

fn object_init_subclass(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    if !kwnames.is_empty() {
        let cls = args.first().filter(|c| c.kind() == Kind::Type).map(type_name).unwrap_or_default();
        return vm.type_error(format!("{cls}.__init_subclass__() takes no keyword arguments"));
    }
    Ok(vm.none.clone())
}

fn object_format(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__format__", args, 2, 2)?;
    let spec = vm.str(&args[1])?;
    if !spec.is_empty() {
        return vm.type_error(format!(
            "unsupported format string passed to {}.__format__",
            vm.type_name(&args[0])
        ));
    }
    let s = vm.str(&args[0])?;
    Ok(vm.new_string(s))
}

/// `type(name, bases, ns)` / metaclass `__new__`: creates a class.
fn type_new(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, _kws) = split_args(args, kwnames);
    let meta = cls_arg(vm, pos)?;
    if pos.len() == 2 {
        return Ok(pos[1].ty().clone());
    }
    if pos.len() != 4 {
        return vm.type_error("type() takes 1 or 3 arguments");
    }
    for (i, (what, ok)) in [
        ("str", pos[1].kind() == Kind::Str),
        ("tuple", pos[2].kind() == Kind::Tuple),
        ("dict", pos[3].kind() == Kind::Dict),
    ]
    .into_iter()
    .enumerate()
    {
        if !ok {
            let t = vm.type_name(&pos[i + 1]);
            return vm.type_error(format!("type.__new__() argument {} must be {what}, not {t}", i + 1));
        }
    }
    // The most derived metaclass of the bases wins; its own __new__ then makes the class.
    let winner = calculate_metaclass(vm, meta.clone(), pos[2].expect::<TupleObj>().0.iter())?;
    if !winner.is(&meta) {
        if let Some(n) = lookup_type(&winner, &vm.n.new.clone()).filter(|n| n.kind() != Kind::Builtin) {
            let n = match n.kind() {
                Kind::Wrapper => n.expect::<WrapperObj>().0.clone(),
                _ => n,
            };
            let mut v = vec![winner.clone()];
            v.extend_from_slice(&args[1..]);
            return vm.call(&n, &v, kwnames);
        }
    }
    let meta = winner;
    let name = vm.str(&pos[1])?;
    let mut bases = pos[2].expect::<TupleObj>().0.to_vec();
    if bases.is_empty() {
        bases.push(vm.t.object.clone());
    }
    for (i, b) in bases.iter().enumerate() {
        if b.kind() != Kind::Type {
            return vm.type_error("bases must be types");
        }
        if bases[..i].iter().any(|x| x.is(b)) {
            return vm.type_error(format!("duplicate base class {}", type_name(b)));
        }
        if b.is(&vm.t.bool_) || b.is(&vm.t.range) || b.is(&vm.t.slice) || b.is(&vm.t.function) {
            return vm.type_error(format!("type '{}' is not an acceptable base type", type_name(b)));
        }
    }
    let layouts: Vec<Kind> =
        bases.iter().map(|b| b.expect::<TypeObj>().layout).filter(|l| *l != Kind::Instance).collect();
    if layouts.windows(2).any(|w| w[0] != w[1]) {
        return vm.type_error("multiple bases have instance lay-out conflict");
    }
    let layout = layouts.first().copied().unwrap_or(Kind::Instance);
    super::slots::check_solid_bases(vm, &bases)?;
    let Some(mro) = c3_rest(&bases) else {
        let names: Vec<String> = bases.iter().map(type_name).collect();
        return vm.type_error(format!(
            "Cannot create a consistent method resolution\norder (MRO) for bases {}",
            names.join(", ")
        ));
    };
    let ns = pos[3].clone();
    let items = vm.dict_items(&ns);
    let qualname = items
        .iter()
        .find(|(k, _)| k.get::<StrObj>().is_some_and(|s| &*s.s == "__qualname__"))
        .map(|(_, v)| vm.str(v))
        .transpose()?
        .unwrap_or_else(|| name.clone());
    let cls = ObjRef::new(
        &meta,
        TypeObj {
            name: Mut::new(name),
            qualname: Mut::new(qualname),
            bases: Mut::new(bases),
            mro: Mut::new(mro),
            dict: Mut::new(Default::default()),
            layout,
            heap_type: true,
            finalizer: std::cell::Cell::new(false),
            slots: Mut::new(None),
        },
    );
    crate::heap::mark_heap_type(&cls);
    let t = cls.expect::<TypeObj>();
    for (k, v) in &items {
        if k.kind() != Kind::Str {
            continue;
        }
        let ks = k.expect::<StrObj>().s.to_string();
        if ks == "__qualname__" || ks == "__classcell__" {
            continue;
        }
        let key = vm.intern(&ks);
        let v = if (ks == "__init_subclass__" || ks == "__class_getitem__") && v.kind() == Kind::Function {
            ObjRef::new(&vm.t.classmethod, WrapperObj(v.clone()))
        } else if ks == "__new__" && v.kind() == Kind::Function {
            ObjRef::new(&vm.t.staticmethod, WrapperObj(v.clone()))
        } else {
            v.clone()
        };
        let old = t.dict.with(|d| table_set_str(d, key, v));
        drop(old);
    }
    if t.dict.with(|d| table_get_str(d, &vm.n.doc.clone())).is_none() {
        let key = vm.n.doc.clone();
        let none = vm.none.clone();
        let old = t.dict.with(|d| table_set_str(d, key, none));
        drop(old);
    }
    // __eq__ without __hash__ makes instances unhashable.
    let eq = vm.n.eq.clone();
    let hash = vm.n.hash.clone();
    if t.dict.with(|d| table_get_str(d, &eq).is_some() && table_get_str(d, &hash).is_none()) {
        let none = vm.none.clone();
        let old = t.dict.with(|d| table_set_str(d, hash, none));
        drop(old);
    }
    if let Some((_, cell)) =
        items.iter().find(|(k, _)| k.get::<StrObj>().is_some_and(|s| &*s.s == "__classcell__"))
    {
        if let Some(c) = cell.get::<crate::object::func::CellObj>() {
            c.0.with(|x| *x = Some(cls.clone()));
        }
    }
    crate::runtime::attr::invalidate_type_cache();
    let del = vm.intern("__del__");
    t.finalizer.set(lookup_type(&cls, &del).is_some());
    let slots = slot_names(vm, &cls, &items)?;
    t.slots.with(|s| *s = slots);
    // __set_name__ on descriptors.
    let set_name = vm.n.set_name.clone();
    for (k, v) in &items {
        if let Some(f) = lookup_type(&v.ty().clone(), &set_name) {
            if let Err(e) = vm.call(&f, &[v.clone(), cls.clone(), k.clone()], &[]) {
                // 3.11 wraps the error, naming the descriptor, the attribute and the class.
                let msg = format!(
                    "Error calling __set_name__ on '{}' instance {} in '{}'",
                    vm.type_name(v),
                    vm.repr(k)?,
                    type_name(&cls)
                );
                let ty = vm.t.exc.runtime_error.clone();
                let re = vm.new_exc(&ty, &msg);
                if let Some(x) = re.get::<ExcObj>() {
                    x.cause.with(|c| *c = Some(e.clone()));
                    x.context.with(|c| *c = Some(e));
                    x.suppress_context.set(true);
                }
                return Err(re);
            }
        }
    }
    // super().__init_subclass__(**kwargs) on the parent.
    let isc = vm.n.init_subclass.clone();
    let parent_mro = cls.expect::<TypeObj>().mro.with(|m| m.clone());
    for b in parent_mro {
        let found = b.expect::<TypeObj>().dict.with(|d| table_get_str(d, &isc));
        if let Some(f) = found {
            let f = match f.kind() {
                Kind::Wrapper => f.expect::<WrapperObj>().0.clone(),
                _ => f,
            };
            let mut a = vec![cls.clone()];
            let npos = args.len() - kwnames.len();
            a.extend_from_slice(&args[npos..]);
            vm.call(&f, &a, kwnames)?;
            break;
        }
    }
    Ok(cls)
}

fn type_mro(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let m = crate::runtime::types::mro(&args[0]);
    Ok(vm.new_list(m))
}

fn type_subclasscheck(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__subclasscheck__", args, 2, 2)?;
    Ok(vm.new_bool(is_subtype(&args[1], &args[0])))
}

fn int_new(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    let cls = cls_arg(vm, pos)?;
    if cls.is(&vm.t.bool_) {
        // bool has its own constructor, so CPython's tp_new wrapper refuses int's.
        return vm.type_error("int.__new__(bool) is not safe, use bool.__new__()");
    }
    if pos.len() > 3 {
        return vm.type_error(format!("int() takes at most 2 arguments ({} given)", pos.len() - 1));
    }
    let mut base: Option<ObjRef> = pos.get(2).cloned();
    for (k, v) in kws {
        if k != "base" {
            return vm.type_error(format!("'{k}' is an invalid keyword argument for int()"));
        }
        base = Some(v.clone());
    }
    let v = match pos.get(1) {
        None => Int::Small(0),
        Some(x) => {
            if let Some(b) = base {
                let b = vm.to_i64(&b)?;
                if b != 0 && !(2..=36).contains(&b) {
                    return vm.value_error("int() base must be >= 2 and <= 36, or 0");
                }
                match int_text(x) {
                    Some((text, shown)) => parse_int_text(vm, &text, b as u32, &shown)?,
                    None => return vm.type_error("int() can't convert non-string with explicit base"),
                }
            } else {
                int_from(vm, x)?
            }
        }
    };
    if cls.is(&vm.t.int) {
        Ok(vm.new_bigint(v))
    } else {
        Ok(ObjRef::new(&cls, IntObj(v)))
    }
}

pub fn int_from(vm: &mut Vm, x: &ObjRef) -> PyResult<Int> {
    match x.kind() {
        Kind::Int => Ok(x.expect::<IntObj>().0.clone()),
        Kind::Float => {
            let f = x.expect::<FloatObj>().0;
            if f.is_nan() {
                return vm.value_error("cannot convert float NaN to integer");
            }
            if f.is_infinite() {
                return vm.overflow("cannot convert float infinity to integer");
            }
            let o = super::float_to_int(vm, f.trunc());
            Ok(o.expect::<IntObj>().0.clone())
        }
        Kind::Str | Kind::Bytes | Kind::ByteArray => {
            let (text, shown) = int_text(x).expect("text");
            parse_int_text(vm, &text, 10, &shown)
        }
        _ => {
            for n in ["__int__", "__index__", "__trunc__"] {
                let name = vm.intern(n);
                if let Some(f) = lookup_type(&x.ty().clone(), &name) {
                    let r = vm.call(&f, &[x.clone()], &[])?;
                    if n != "__trunc__" && r.kind() != Kind::Int {
                        return vm.type_error(format!("{n} returned non-int (type {})", vm.type_name(&r)));
                    }
                    return int_from(vm, &r);
                }
            }
            vm.type_error(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                vm.type_name(x)
            ))
        }
    }
}

/// The text of a str, bytes or bytearray argument of `int()`, and its repr for error messages.
fn int_text(x: &ObjRef) -> Option<(String, String)> {
    if let Some(s) = x.get::<StrObj>() {
        return Some((s.s.to_string(), crate::object::str::repr(&s.s)));
    }
    let b = match x.kind() {
        Kind::Bytes | Kind::ByteArray => super::byteslike::data(x)?,
        _ => return None,
    };
    let shown = match x.kind() {
        Kind::Bytes => crate::object::bytes::repr(&b),
        _ => crate::object::bytearray::repr("bytearray", &b),
    };
    Some((String::from_utf8_lossy(&b).into_owned(), shown))
}

/// CPython's limit on decimal (non power-of-two base) conversions, sys.get_int_max_str_digits().
pub const MAX_STR_DIGITS: usize = 4300;

fn parse_int_text(vm: &mut Vm, text: &str, base: u32, shown: &str) -> PyResult<Int> {
    let ascii = crate::object::unicode::to_ascii_decimal(text);
    let Some((neg, radix, body)) = Int::split_literal(&ascii, base) else {
        return vm.value_error(format!("invalid literal for int() with base {base}: {shown}"));
    };
    let digits = body.bytes().filter(|&b| b != b'_').count();
    if !radix.is_power_of_two() && digits > MAX_STR_DIGITS {
        return vm.value_error(format!(
            "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
        ));
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    let b = num_bigint::BigInt::parse_bytes(clean.as_bytes(), radix).unwrap_or_default();
    Ok(Int::from_big(if neg { -b } else { b }))
}

fn bool_new(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    match args.get(1) {
        Some(x) => {
            let b = vm.truthy(x)?;
            Ok(vm.new_bool(b))
        }
        None => Ok(vm.false_.clone()),
    }
}

pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    let neg = lower.starts_with('-');
    let v = match body {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            if body.is_empty()
                || body.contains("__")
                || body.starts_with('_')
                || body.ends_with('_')
                || body.contains("_.")
                || body.contains("._")
            {
                return None;
            }
            if !body.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'+' | b'-' | b'_')) {
                return None;
            }
            return t.replace('_', "").parse::<f64>().ok();
        }
    };
    Some(if neg { -v } else { v })
}

/// `float(x)` for other objects: `__float__` (which must return a float), else `__index__`.
fn float_from_object(vm: &mut Vm, x: &ObjRef) -> PyResult<f64> {
    let name = vm.n.float.clone();
    if let Some(f) = lookup_type(&x.ty().clone(), &name) {
        let r = vm.call(&f, &[x.clone()], &[])?;
        if r.kind() != Kind::Float {
            let (owner, got) = (vm.type_name(x), vm.type_name(&r));
            return vm.type_error(format!("{owner}.__float__ returned non-float (type {got})"));
        }
        return Ok(r.expect::<FloatObj>().0);
    }
    let name = vm.n.index.clone();
    if lookup_type(&x.ty().clone(), &name).is_some() {
        let i = vm.to_i64(x)?;
        return Ok(i as f64);
    }
    vm.type_error(format!("float() argument must be a string or a real number, not '{}'", vm.type_name(x)))
}

fn float_new(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let cls = cls_arg(vm, args)?;
    let v = match args.get(1) {
        None => 0.0,
        Some(x) => match x.kind() {
            Kind::Float => x.expect::<FloatObj>().0,
            Kind::Int => vm.to_f64(x)?,
            Kind::Complex => {
                return vm.type_error("float() argument must be a string or a real number, not 'complex'")
            }
            Kind::Str | Kind::Bytes | Kind::ByteArray => {
                let (s, shown) = int_text(x).expect("text");
                match parse_float(&crate::object::unicode::to_ascii_decimal(&s)) {
                    Some(v) => v,
                    None => return vm.value_error(format!("could not convert string to float: {shown}")),
                }
            }
            _ => float_from_object(vm, x)?,
        },
    };
    Ok(if cls.is(&vm.t.float) { vm.new_float(v) } else { ObjRef::new(&cls, FloatObj(v)) })
}

fn str_new(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, _) = split_args(args, kwnames);
    let cls = cls_arg(vm, pos)?;
    let s = match pos.get(1) {
        None => String::new(),
        Some(x) => {
            if pos.len() >= 3 || !kwnames.is_empty() {
                // str(obj, encoding, errors): decoding, for bytes-like objects only.
                if super::byteslike::data(x).is_none() {
                    return vm.type_error(format!(
                        "decoding to str: need a bytes-like object, {} found",
                        vm.type_name(x)
                    ));
                }
                let r = super::byteslike::decode(vm, &args[1..], kwnames)?;
                r.expect::<StrObj>().s.to_string()
            } else {
                vm.str(x)?
            }
        }
    };
    Ok(if cls.is(&vm.t.str_) { vm.new_string(s) } else { ObjRef::new(&cls, StrObj::from_string(s)) })
}

fn bytes_new(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let v: Vec<u8> = match args.get(1) {
        None => vec![],
        Some(x) => match x.kind() {
            Kind::Str => x.expect::<StrObj>().s.as_bytes().to_vec(),
            Kind::Int => vec![0; vm.to_i64(x)?.max(0) as usize],
            Kind::Bytes => x.expect::<BytesObj>().b.to_vec(),
            _ => {
                let items = vm.collect(x)?;
                let mut v = Vec::new();
                for i in items {
                    let n = vm.to_i64(&i)?;
                    if !(0..256).contains(&n) {
                        return vm.value_error("bytes must be in range(0, 256)");
                    }
                    v.push(n as u8);
                }
                v
            }
        },
    };
    Ok(ObjRef::new(&vm.t.bytes, BytesObj::new(&v)))
}

fn tuple_new(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let cls = cls_arg(vm, args)?;
    if let Some(x) = args.get(1) {
        if cls.is(&vm.t.tuple) && x.ty().is(&vm.t.tuple) {
            return Ok(x.clone());
        }
    }
    let items = match args.get(1) {
        Some(x) => vm.collect(x)?,
        None => vec![],
    };
    Ok(if cls.is(&vm.t.tuple) {
        vm.new_tuple(items)
    } else {
        ObjRef::new(&cls, TupleObj(items.into_boxed_slice()))
    })
}

fn list_new(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let cls = cls_arg(vm, args)?;
    Ok(ObjRef::new(&cls, ListObj(Mut::new(vec![]))))
}

fn list_init(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "list", args, 1, 2)?;
    if let Some(src) = args.get(1) {
        let items = vm.collect(src)?;
        let old = args[0].expect::<ListObj>().0.with(|v| std::mem::replace(v, items));
        drop(old);
    }
    Ok(vm.none.clone())
}

fn dict_new(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let cls = cls_arg(vm, args)?;
    Ok(ObjRef::new(&cls, crate::object::dict::DictObj(Mut::new(Default::default()))))
}

fn dict_init(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    check_args(vm, "dict", &pos[1..], 0, 1)?;
    let d = pos[0].clone();
    if let Some(src) = pos.get(1) {
        super::methods::dict_update_from(vm, &d, src)?;
    }
    for (k, v) in kws {
        let key = vm.new_str(k);
        vm.dict_set(&d, key, v.clone())?;
    }
    Ok(vm.none.clone())
}

// set fills itself in __init__ (so a subclass's own __init__ decides), frozenset in __new__;
// both keep the class they are given, as set_new/frozenset_new do.
fn set_new(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let cls = cls_arg(vm, args)?;
    if !kwnames.is_empty() && inherits_builtin_init(vm, &cls, &vm.t.set.clone()) {
        return vm.type_error("set() takes no keyword arguments");
    }
    Ok(ObjRef::new(&cls, crate::object::set::SetObj(Mut::new(Default::default()))))
}

fn set_init(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    if !kwnames.is_empty() {
        return vm.type_error("set() takes no keyword arguments");
    }
    let name = vm.type_name(&args[0]);
    check_args(vm, &name, &args[1..], 0, 1)?;
    let s = args[0].clone();
    let old = s.expect::<crate::object::set::SetObj>().0.with(std::mem::take);
    drop(old);
    if let Some(src) = args.get(1) {
        vm.set_update(&s, src)?;
    }
    Ok(vm.none.clone())
}

fn frozenset_new(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let cls = cls_arg(vm, args)?;
    let frozenset = vm.t.frozenset.clone();
    if !kwnames.is_empty() && inherits_builtin_init(vm, &cls, &frozenset) {
        return vm.type_error("frozenset() takes no keyword arguments");
    }
    let pos = &args[1..args.len() - kwnames.len()];
    check_args(vm, &type_name(&cls), pos, 0, 1)?;
    let exact = cls.is(&frozenset);
    if let Some(src) = pos.first() {
        if exact && src.ty().is(&frozenset) {
            return Ok(src.clone());
        }
    }
    let r = ObjRef::new(&cls, crate::object::set::SetObj(Mut::new(Default::default())));
    if let Some(src) = pos.first() {
        vm.set_update(&r, src)?;
    }
    Ok(r)
}

/// Whether `cls` is `base` or a subclass whose `__init__` is still `base`'s (CPython then lets
/// `__new__` reject keyword arguments).
fn inherits_builtin_init(vm: &mut Vm, cls: &ObjRef, base: &ObjRef) -> bool {
    if cls.is(base) {
        return true;
    }
    let init = vm.n.init.clone();
    let own = |c: &ObjRef| lookup_type(c, &init);
    match (own(cls), own(base)) {
        (Some(a), Some(b)) => a.is(&b),
        _ => false,
    }
}

fn slice_new(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let a = &args[1..];
    let none = vm.none.clone();
    let (start, stop, step) = match a.len() {
        1 => (none.clone(), a[0].clone(), none),
        2 => (a[0].clone(), a[1].clone(), none),
        3 => (a[0].clone(), a[1].clone(), a[2].clone()),
        _ => return vm.type_error("slice expected at least 1 argument, got 0"),
    };
    Ok(ObjRef::new(&vm.t.slice, SliceObj { start, stop, step }))
}

fn opt(vm: &Vm, o: Option<&ObjRef>) -> Option<ObjRef> {
    o.filter(|x| !x.is(&vm.none)).cloned()
}

fn property_new(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    let mut fget = opt(vm, pos.get(1));
    let mut fset = opt(vm, pos.get(2));
    let mut fdel = opt(vm, pos.get(3));
    let mut doc = opt(vm, pos.get(4));
    for (k, v) in kws {
        let v = opt(vm, Some(v));
        match k {
            "fget" => fget = v,
            "fset" => fset = v,
            "fdel" => fdel = v,
            "doc" => doc = v,
            _ => {}
        }
    }
    if doc.is_none() {
        if let Some(g) = &fget {
            let d = vm.n.doc.clone();
            doc = vm.getattr_opt(g, &d)?.filter(|x| !x.is(&vm.none));
        }
    }
    Ok(ObjRef::new(
        &vm.t.property,
        PropertyObj { fget: Mut::new(fget), fset: Mut::new(fset), fdel: Mut::new(fdel), doc: Mut::new(doc) },
    ))
}

fn property_copy(vm: &mut Vm, p: &ObjRef, which: usize, f: &ObjRef) -> PyResult {
    let po = p.expect::<PropertyObj>();
    let mut parts = [po.fget.with(|x| x.clone()), po.fset.with(|x| x.clone()), po.fdel.with(|x| x.clone())];
    parts[which] = Some(f.clone());
    let doc = po.doc.with(|x| x.clone());
    let [g, s, d] = parts;
    Ok(ObjRef::new(
        &vm.t.property,
        PropertyObj { fget: Mut::new(g), fset: Mut::new(s), fdel: Mut::new(d), doc: Mut::new(doc) },
    ))
}

fn property_getter(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "getter", args, 2, 2)?;
    property_copy(vm, &args[0], 0, &args[1])
}

fn property_setter(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "setter", args, 2, 2)?;
    property_copy(vm, &args[0], 1, &args[1])
}

fn property_deleter(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "deleter", args, 2, 2)?;
    property_copy(vm, &args[0], 2, &args[1])
}

fn property_get(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__get__", args, 2, 3)?;
    if args[1].is(&vm.none) {
        return Ok(args[0].clone());
    }
    let g = args[0].expect::<PropertyObj>().fget.with(|x| x.clone());
    match g {
        Some(g) => vm.call(&g, &[args[1].clone()], &[]),
        None => {
            let ty = vm.t.exc.attribute_error.clone();
            let msg = format!("property of '{}' object has no getter", vm.type_name(&args[1]));
            vm.err(&ty, msg)
        }
    }
}

fn classmethod_new(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "classmethod", args, 2, 2)?;
    Ok(ObjRef::new(&vm.t.classmethod, WrapperObj(args[1].clone())))
}

fn staticmethod_new(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "staticmethod", args, 2, 2)?;
    Ok(ObjRef::new(&vm.t.staticmethod, WrapperObj(args[1].clone())))
}

fn super_new(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    match args.len() {
        2 | 3 if args[1].kind() != Kind::Type => {
            let t = vm.type_name(&args[1]);
            vm.type_error(format!("super() argument 1 must be a type, not {t}"))
        }
        // super(C): an unbound super object, with no instance.
        2 => Ok(ObjRef::new(&vm.t.super_, TupleObj(Box::new([args[1].clone()])))),
        3 => make_super(vm, args[1].clone(), args[2].clone()),
        1 => {
            let ty = vm.t.exc.runtime_error.clone();
            vm.err(&ty, "super(): no arguments")
        }
        n => vm.type_error(format!("super() takes at most 2 arguments ({} given)", n - 1)),
    }
}

/// `super(cls, obj)` after CPython's check: obj is an instance of cls or a subclass of it.
pub fn make_super(vm: &mut Vm, cls: ObjRef, obj: ObjRef) -> PyResult {
    let ok = (obj.kind() == Kind::Type && is_subtype(&obj, &cls)) || is_subtype(obj.ty(), &cls);
    if !ok {
        return vm.type_error("super(type, obj): obj must be an instance or subtype of type");
    }
    Ok(super::new_super(vm, cls, obj))
}

/// `repr()` of a super object.
pub fn super_repr(vm: &mut Vm, s: &ObjRef) -> String {
    let parts = &s.expect::<TupleObj>().0;
    let cls = type_name(&parts[0]);
    match parts.get(1) {
        Some(obj) => {
            let t = if obj.kind() == Kind::Type && is_subtype(obj, &parts[0]) {
                obj.clone()
            } else {
                obj.ty().clone()
            };
            format!("<super: <class '{cls}'>, <{} object>>", type_name(&t))
        }
        None => {
            let _ = vm;
            format!("<super: <class '{cls}'>, NULL>")
        }
    }
}

/// Attribute lookup on a `super(cls, obj)` object: the MRO of obj's type after cls.
pub fn super_getattr(vm: &mut Vm, s: &ObjRef, name: &ObjRef) -> PyResult<Option<ObjRef>> {
    let parts = &s.expect::<TupleObj>().0;
    let n = &*name.expect::<StrObj>().s;
    let none = vm.none.clone();
    let self_class = |o: &ObjRef| {
        if o.kind() == Kind::Type && is_subtype(o, &parts[0]) {
            o.clone()
        } else {
            o.ty().clone()
        }
    };
    match n {
        "__thisclass__" => return Ok(Some(parts[0].clone())),
        "__self__" => return Ok(Some(parts.get(1).cloned().unwrap_or(none))),
        "__self_class__" => return Ok(Some(parts.get(1).map(self_class).unwrap_or(none))),
        "__class__" => return Ok(Some(s.ty().clone())),
        _ => {}
    }
    let Some(obj) = parts.get(1) else { return Ok(None) };
    let (cls, obj) = (parts[0].clone(), obj.clone());
    let start_ty =
        if obj.kind() == Kind::Type && is_subtype(&obj, &cls) { obj.clone() } else { obj.ty().clone() };
    let mro = crate::runtime::types::mro(&start_ty);
    let pos = mro.iter().position(|c| c.is(&cls)).map(|p| p + 1).unwrap_or(mro.len());
    for c in &mro[pos..] {
        if let Some(v) = c.expect::<TypeObj>().dict.with(|d| table_get_str(d, name)) {
            if obj.kind() == Kind::Type && is_subtype(&obj, &cls) {
                return Ok(Some(match v.kind() {
                    Kind::Wrapper if v.ty().is(&vm.t.classmethod) => ObjRef::new(
                        &vm.t.method,
                        crate::object::func::MethodObj {
                            func: v.expect::<WrapperObj>().0.clone(),
                            receiver: obj.clone(),
                        },
                    ),
                    Kind::Wrapper if v.ty().is(&vm.t.staticmethod) => v.expect::<WrapperObj>().0.clone(),
                    // object.__init_subclass__ is a classmethod in CPython.
                    Kind::Builtin if n == "__init_subclass__" => ObjRef::new(
                        &vm.t.method,
                        crate::object::func::MethodObj { func: v.clone(), receiver: obj.clone() },
                    ),
                    _ => v,
                }));
            }
            return vm.bind(v, &obj, &start_ty).map(Some);
        }
    }
    Ok(None)
}

fn exc_new(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let cls = cls_arg(vm, args)?;
    let pos = args[1..args.len() - kwnames.len()].to_vec();
    if crate::runtime::types::is_subtype(&cls, &vm.t.exc.base_exception_group.clone()) {
        let cls = crate::builtins::excgroup::check_new(vm, &cls, &pos)?;
        return Ok(vm.new_exc_args(&cls, pos));
    }
    let cls = super::exc_fields::oserror_subclass(vm, &cls, &pos);
    let e = vm.new_exc_args(&cls, pos.clone());
    // Fields for classes whose __init__ is replaced without calling ours; keyword arguments are
    // __init__'s to check.
    super::exc_fields::init_fields(vm, &e, &pos, &[])?;
    Ok(e)
}

fn exc_init(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let pos = args[1..args.len() - kwnames.len()].to_vec();
    let kws: Vec<(ObjRef, ObjRef)> =
        kwnames.iter().cloned().zip(args[args.len() - kwnames.len()..].iter().cloned()).collect();
    let t = vm.new_tuple(pos.clone());
    if let Some(e) = args[0].get::<ExcObj>() {
        let old = e.args.with(|a| std::mem::replace(a, t));
        drop(old);
    }
    super::exc_fields::init_fields(vm, &args[0], &pos, &kws)?;
    Ok(vm.none.clone())
}

fn exc_with_traceback(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "with_traceback", args, 2, 2)?;
    let tb = if args[1].is(&vm.none) { None } else { Some(args[1].clone()) };
    if let Some(e) = args[0].get::<ExcObj>() {
        e.traceback.with(|t| *t = tb);
    }
    Ok(args[0].clone())
}

fn exc_str(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    if let Some(s) = super::exc_fields::field_str(vm, &args[0])? {
        return Ok(vm.new_string(s));
    }
    let e = args[0].expect::<ExcObj>();
    let a = e.args.with(|a| a.clone());
    let items = a.expect::<TupleObj>().0.to_vec();
    let s = match items.len() {
        0 => String::new(),
        1 => vm.str(&items[0])?,
        _ => vm.repr(&a)?,
    };
    Ok(vm.new_string(s))
}

fn exc_repr(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let e = args[0].expect::<ExcObj>();
    let a = e.args.with(|a| a.clone());
    let items = a.expect::<TupleObj>().0.to_vec();
    let name = vm.type_name(&args[0]);
    let s = if items.len() == 1 {
        format!("{}({})", name, vm.repr(&items[0])?)
    } else {
        format!("{}{}", name, vm.repr(&a)?)
    };
    Ok(vm.new_string(s))
}

fn enumerate_new(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    let mut start = pos.get(2).cloned();
    for (k, v) in kws {
        if k == "start" {
            start = Some(v.clone());
        }
    }
    if pos.len() < 2 {
        return vm.type_error("enumerate() missing required argument 'iterable' (pos 1)");
    }
    let it = vm.iter(&pos[1])?;
    let n = match start {
        Some(s) => match s.get::<IntObj>() {
            Some(i) => i.0.clone(),
            None => Int::Small(vm.to_i64(&s)?),
        },
        None => Int::Small(0),
    };
    let ty = vm.t.enumerate.clone();
    Ok(vm.new_iter(&ty, IterState::Enumerate { it, n }))
}

fn zip_new(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    let mut strict = false;
    for (k, v) in kws {
        if k != "strict" {
            return vm.type_error(format!("zip() got an unexpected keyword argument '{k}'"));
        }
        strict = vm.truthy(v)?;
    }
    let mut its = Vec::new();
    for a in &pos[1..] {
        its.push(vm.iter(a)?);
    }
    let ty = vm.t.zip.clone();
    Ok(vm.new_iter(&ty, IterState::Zip { its, strict }))
}

fn map_new(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    if args.len() < 3 {
        return vm.type_error("map() must have at least two arguments.");
    }
    let mut its = Vec::new();
    for a in &args[2..] {
        its.push(vm.iter(a)?);
    }
    let ty = vm.t.map.clone();
    Ok(vm.new_iter(&ty, IterState::Map { f: args[1].clone(), its }))
}

fn filter_new(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    if args.len() != 3 {
        return vm.type_error(format!("filter expected 2 arguments, got {}", args.len() - 1));
    }
    let it = vm.iter(&args[2])?;
    let ty = vm.t.filter.clone();
    Ok(vm.new_iter(&ty, IterState::Filter { f: args[1].clone(), it }))
}

fn reversed_new(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "reversed", &args[1..], 1, 1)?;
    let seq = args[1].clone();
    let rn = vm.n.reversed.clone();
    if let Some(f) = lookup_type(&seq.ty().clone(), &rn) {
        if f.is(&vm.none) {
            return vm.type_error(format!("'{}' object is not reversible", vm.type_name(&seq)));
        }
        return vm.call(&f, &[seq], &[]);
    }
    // The sequence protocol: __len__ and __getitem__ (builtin sequences have both).
    let gi = vm.n.getitem.clone();
    let sequence = matches!(
        seq.kind(),
        Kind::List | Kind::Tuple | Kind::Str | Kind::Bytes | Kind::ByteArray | Kind::Range | Kind::MemoryView
    ) || (seq.ty().expect::<TypeObj>().heap_type
        && lookup_type(&seq.ty().clone(), &gi).is_some());
    if !sequence || matches!(seq.kind(), Kind::Dict | Kind::Set | Kind::Iter | Kind::Generator) {
        return vm.type_error(format!("'{}' object is not reversible", vm.type_name(&seq)));
    }
    let n = super::len(vm, &seq)?;
    let ty = vm.t.reversed.clone();
    Ok(vm.new_iter(&ty, IterState::Reversed { seq, idx: n }))
}

/// The attribute names instances of a new class may hold when `__slots__` (in the class and in
/// every class of its MRO created by Python code) leaves them without a `__dict__`; also puts
/// the class's member descriptors in place.
fn slot_names(vm: &mut Vm, cls: &ObjRef, items: &[(ObjRef, ObjRef)]) -> PyResult<Option<Vec<String>>> {
    let bases = cls.expect::<TypeObj>().mro.with(|m| m.clone());
    let base_dict = bases.iter().any(|b| {
        let bt = b.expect::<TypeObj>();
        bt.heap_type && bt.slots.with(|s| s.is_none())
    });
    let Some(decl) = super::slots::declared(vm, cls, items, base_dict)? else {
        return Ok(None);
    };
    super::slots::add_members(vm, cls, &decl.members)?;
    if decl.dict {
        return Ok(None);
    }
    let mut names = decl.members;
    if decl.weakref {
        names.push("__weakref__".into());
    }
    for base in bases {
        let bt = base.expect::<TypeObj>();
        if !bt.heap_type {
            continue;
        }
        match bt.slots.with(|s| s.clone()) {
            Some(more) => names.extend(more),
            None => return Ok(None),
        }
    }
    Ok(Some(names))
}

/// `_PyType_CalculateMetaclass`: the most derived of `meta` and the bases' types, which must
/// form a chain.
pub(crate) fn calculate_metaclass<'a>(
    vm: &mut Vm,
    meta: ObjRef,
    bases: impl Iterator<Item = &'a ObjRef>,
) -> PyResult<ObjRef> {
    let mut winner = meta;
    for b in bases {
        let bt = b.ty().clone();
        if is_subtype(&winner, &bt) {
            continue;
        }
        if is_subtype(&bt, &winner) {
            winner = bt;
            continue;
        }
        return vm.type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
        );
    }
    Ok(winner)
}
