//! Methods of builtin types: str, list, tuple, dict, set, int, float, bytes, generators,
//! iterators.

use super::{add_method, add_methods, check_args, split_args};
use crate::heap::{Kind, ObjRef};
use crate::object::bytes::BytesObj;
use crate::object::dict::DictObj;
use crate::object::float::FloatObj;
use crate::object::int::IntObj;
use crate::object::misc::WrapperObj;
use crate::object::seq::{norm_index, ListObj, TupleObj};
use crate::object::set::SetObj;
use crate::object::str::StrObj;
use crate::{PyResult, Vm};

pub fn install(vm: &mut Vm) {
    let s = vm.t.str_.clone();
    add_methods(
        vm,
        &s,
        &[
            ("join", str_join),
            ("split", str_split),
            ("rsplit", str_rsplit),
            ("strip", str_strip),
            ("lstrip", str_lstrip),
            ("rstrip", str_rstrip),
            ("upper", str_upper),
            ("lower", str_lower),
            ("replace", str_replace),
            ("startswith", str_startswith),
            ("endswith", str_endswith),
            ("find", str_find),
            ("rfind", str_rfind),
            ("index", str_index),
            ("count", str_count),
            ("isdigit", str_isdigit),
            ("isnumeric", str_isdigit),
            ("isdecimal", str_isdigit),
            ("isalpha", str_isalpha),
            ("isalnum", str_isalnum),
            ("isspace", str_isspace),
            ("isupper", str_isupper),
            ("islower", str_islower),
            ("isidentifier", str_isidentifier),
            ("title", str_title),
            ("capitalize", str_capitalize),
            ("swapcase", str_swapcase),
            ("center", str_center),
            ("ljust", str_ljust),
            ("rjust", str_rjust),
            ("zfill", str_zfill),
            ("splitlines", str_splitlines),
            ("partition", str_partition),
            ("rpartition", str_rpartition),
            ("encode", str_encode),
            ("__len__", str_len),
            ("__getitem__", any_getitem),
            ("__contains__", any_contains),
            ("__add__", any_add),
            ("__mul__", any_mul),
            ("__mod__", any_mod),
            ("__eq__", any_eq),
            ("__lt__", any_lt),
            ("__hash__", any_hash),
            ("__str__", any_str),
            ("__repr__", any_repr),
        ],
    );
    let l = vm.t.list.clone();
    add_methods(
        vm,
        &l,
        &[
            ("append", list_append),
            ("extend", list_extend),
            ("pop", list_pop),
            ("insert", list_insert),
            ("remove", list_remove),
            ("index", seq_index),
            ("count", seq_count),
            ("sort", list_sort),
            ("reverse", list_reverse),
            ("copy", list_copy),
            ("clear", list_clear),
            ("__len__", any_len),
            ("__getitem__", any_getitem),
            ("__setitem__", any_setitem),
            ("__delitem__", any_delitem),
            ("__contains__", any_contains),
            ("__iter__", any_iter),
            ("__add__", any_add),
            ("__eq__", any_eq),
            ("__repr__", any_repr),
        ],
    );
    let t = vm.t.tuple.clone();
    add_methods(
        vm,
        &t,
        &[
            ("index", seq_index),
            ("count", seq_count),
            ("__len__", any_len),
            ("__getitem__", any_getitem),
            ("__contains__", any_contains),
            ("__iter__", any_iter),
            ("__add__", any_add),
            ("__eq__", any_eq),
            ("__hash__", any_hash),
            ("__repr__", any_repr),
        ],
    );
    let d = vm.t.dict.clone();
    add_methods(
        vm,
        &d,
        &[
            ("get", dict_get),
            ("keys", dict_keys),
            ("values", dict_values),
            ("items", dict_items),
            ("pop", dict_pop),
            ("popitem", dict_popitem),
            ("setdefault", dict_setdefault),
            ("update", dict_update),
            ("copy", dict_copy),
            ("clear", dict_clear),
            ("__len__", any_len),
            ("__getitem__", dict_getitem),
            ("__setitem__", any_setitem),
            ("__delitem__", any_delitem),
            ("__contains__", any_contains),
            ("__iter__", any_iter),
            ("__eq__", any_eq),
            ("__repr__", any_repr),
        ],
    );
    let fk = super::new_checked_builtin(vm, "dict.fromkeys", "fromkeys", dict_fromkeys, true);
    let cm = ObjRef::new(&vm.t.classmethod, WrapperObj(fk));
    super::add_attr(vm, &d, "fromkeys", cm);
    for ty in [vm.t.set.clone(), vm.t.frozenset.clone()] {
        add_methods(
            vm,
            &ty,
            &[
                ("union", set_union),
                ("intersection", set_intersection),
                ("difference", set_difference),
                ("symmetric_difference", set_symdiff),
                ("issubset", set_issubset),
                ("issuperset", set_issuperset),
                ("isdisjoint", set_isdisjoint),
                ("copy", set_copy),
                ("__len__", any_len),
                ("__contains__", any_contains),
                ("__iter__", any_iter),
            ],
        );
    }
    let st = vm.t.set.clone();
    add_methods(
        vm,
        &st,
        &[
            ("add", set_add),
            ("remove", set_remove),
            ("discard", set_discard),
            ("pop", set_pop),
            ("update", set_update),
            ("clear", set_clear),
            ("intersection_update", set_intersection_update),
            ("difference_update", set_difference_update),
            ("symmetric_difference_update", set_symdiff_update),
        ],
    );
    let i = vm.t.int.clone();
    add_methods(
        vm,
        &i,
        &[
            ("bit_length", int_bit_length),
            ("bit_count", int_bit_count),
            ("conjugate", any_pos),
            ("__index__", any_pos),
            ("__int__", any_pos),
            ("__add__", any_add),
            ("__sub__", int_sub),
            ("__mul__", any_mul),
            ("__eq__", any_eq),
            ("__lt__", any_lt),
            ("__hash__", any_hash),
            ("__repr__", any_repr),
            ("__str__", any_str),
            ("__format__", any_format),
        ],
    );
    let fl = vm.t.float.clone();
    add_methods(
        vm,
        &fl,
        &[
            ("is_integer", float_is_integer),
            ("conjugate", float_conjugate),
            ("__trunc__", float_trunc),
            ("__floor__", float_floor),
            ("__ceil__", float_ceil),
            ("__add__", any_add),
            ("__mul__", any_mul),
            ("__eq__", any_eq),
            ("__lt__", any_lt),
            ("__hash__", any_hash),
            ("__repr__", any_repr),
            ("__format__", any_format),
        ],
    );
    let b = vm.t.bytes.clone();
    add_method(vm, &b, "decode", bytes_decode);
    add_method(vm, &b, "hex", bytes_hex);
    let g = vm.t.generator.clone();
    add_method(vm, &g, "send", gen_send);
    add_method(vm, &g, "throw", gen_throw);
    add_method(vm, &g, "close", gen_close);
    add_method(vm, &g, "__next__", iter_next);
    add_method(vm, &g, "__iter__", iter_self);
    let c = vm.t.coroutine.clone();
    add_method(vm, &c, "send", gen_send);
    add_method(vm, &c, "throw", gen_throw);
    add_method(vm, &c, "close", gen_close);
    crate::eval::coro::install(vm);
    let its = [
        vm.t.list_iterator.clone(),
        vm.t.tuple_iterator.clone(),
        vm.t.str_iterator.clone(),
        vm.t.range_iterator.clone(),
        vm.t.longrange_iterator.clone(),
        vm.t.dict_keyiterator.clone(),
        vm.t.dict_valueiterator.clone(),
        vm.t.dict_itemiterator.clone(),
        vm.t.set_iterator.clone(),
        vm.t.enumerate.clone(),
        vm.t.zip.clone(),
        vm.t.map.clone(),
        vm.t.filter.clone(),
        vm.t.reversed.clone(),
        vm.t.callable_iterator.clone(),
    ];
    for it in its {
        add_method(vm, &it, "__next__", iter_next);
        add_method(vm, &it, "__iter__", iter_self);
    }
}

fn sarg<'a>(vm: &mut Vm, o: &'a ObjRef, what: &str) -> PyResult<&'a str> {
    match o.get::<StrObj>() {
        Some(s) => Ok(&s.s),
        None if what.starts_with("must be") => vm.type_error(format!("{what}, not {}", vm.type_name(o))),
        None => vm.type_error(format!("{what} must be str, not {}", vm.type_name(o))),
    }
}

fn this(o: &ObjRef) -> &str {
    &o.expect::<StrObj>().s
}

fn str_join(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "join", args, 2, 2)?;
    let items = match vm.iter(&args[1]) {
        Ok(_) => vm.collect(&args[1])?,
        Err(e) if e.ty().is(&vm.t.exc.type_error) => return vm.type_error("can only join an iterable"),
        Err(e) => return Err(e),
    };
    let sep = this(&args[0]);
    let mut out = String::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        match it.get::<StrObj>() {
            Some(s) => out.push_str(&s.s),
            None => {
                return vm.type_error(format!(
                    "sequence item {}: expected str instance, {} found",
                    i,
                    vm.type_name(it)
                ));
            }
        }
    }
    Ok(vm.new_string(out))
}

fn split_params(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult<(Option<String>, i64)> {
    let (pos, kws) = split_args(args, kwnames);
    let mut sep = pos.get(1).cloned();
    let mut max = pos.get(2).cloned();
    for (k, v) in kws {
        match k {
            "sep" => sep = Some(v.clone()),
            "maxsplit" => max = Some(v.clone()),
            _ => return vm.type_error(format!("'{k}' is an invalid keyword argument for split()")),
        }
    }
    let sep = match sep {
        Some(s) if !s.is(&vm.none) => {
            let s = sarg(vm, &s, "must be str or None")?.to_string();
            if s.is_empty() {
                return vm.value_error("empty separator");
            }
            Some(s)
        }
        _ => None,
    };
    let max = match max {
        Some(m) => vm.to_i64(&m)?,
        None => -1,
    };
    Ok((sep, max))
}

fn str_split(vm: &mut Vm, args: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    let (sep, max) = split_params(vm, args, kw)?;
    let s = this(&args[0]);
    let parts: Vec<String> = match sep {
        Some(sep) => {
            if max < 0 {
                s.split(sep.as_str()).map(str::to_string).collect()
            } else {
                s.splitn(max as usize + 1, sep.as_str()).map(str::to_string).collect()
            }
        }
        None => {
            let mut out = Vec::new();
            let mut rest = s.trim_start_matches(crate::object::unicode::is_space);
            while !rest.is_empty() {
                if max >= 0 && out.len() as i64 == max {
                    out.push(rest.to_string());
                    break;
                }
                let end = rest.find(crate::object::unicode::is_space).unwrap_or(rest.len());
                out.push(rest[..end].to_string());
                rest = rest[end..].trim_start_matches(crate::object::unicode::is_space);
            }
            out
        }
    };
    let items = parts.into_iter().map(|p| vm.new_string(p)).collect();
    Ok(vm.new_list(items))
}

fn str_rsplit(vm: &mut Vm, args: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    let (sep, max) = split_params(vm, args, kw)?;
    let s = this(&args[0]);
    let mut parts: Vec<String> = match sep {
        Some(sep) => {
            if max < 0 {
                s.rsplit(sep.as_str()).map(str::to_string).collect()
            } else {
                s.rsplitn(max as usize + 1, sep.as_str()).map(str::to_string).collect()
            }
        }
        None => {
            let mut out = Vec::new();
            let mut rest = s.trim_end_matches(crate::object::unicode::is_space);
            while !rest.is_empty() {
                if max >= 0 && out.len() as i64 == max {
                    out.push(rest.to_string());
                    break;
                }
                let start = rest
                    .rfind(crate::object::unicode::is_space)
                    .map(|i| i + rest[i..].chars().next().map_or(1, char::len_utf8))
                    .unwrap_or(0);
                out.push(rest[start..].to_string());
                rest = rest[..start].trim_end_matches(crate::object::unicode::is_space);
            }
            out
        }
    };
    parts.reverse();
    let items = parts.into_iter().map(|p| vm.new_string(p)).collect();
    Ok(vm.new_list(items))
}

fn strip_impl(vm: &mut Vm, args: &[ObjRef], left: bool, right: bool) -> PyResult {
    check_args(vm, "strip", args, 1, 2)?;
    let s = this(&args[0]);
    let chars: Option<Vec<char>> = match args.get(1) {
        Some(c) if !c.is(&vm.none) => match c.get::<StrObj>() {
            Some(cs) => Some(cs.s.chars().collect()),
            None => return vm.type_error("strip arg must be None or str"),
        },
        _ => None,
    };
    let pred = |c: char| match &chars {
        Some(cs) => cs.contains(&c),
        None => crate::object::unicode::is_space(c),
    };
    let mut r = s;
    if left {
        r = r.trim_start_matches(pred);
    }
    if right {
        r = r.trim_end_matches(pred);
    }
    if r.len() == s.len() {
        return Ok(args[0].clone());
    }
    let r = r.to_string();
    Ok(vm.new_string(r))
}

fn str_strip(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    strip_impl(vm, a, true, true)
}
fn str_lstrip(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    strip_impl(vm, a, true, false)
}
fn str_rstrip(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    strip_impl(vm, a, false, true)
}

fn str_upper(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let s = this(&a[0]).to_uppercase();
    Ok(vm.new_string(s))
}
fn str_lower(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let s = this(&a[0]).to_lowercase();
    Ok(vm.new_string(s))
}
fn str_swapcase(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let s: String = this(&a[0])
        .chars()
        .flat_map(|c| {
            if c.is_uppercase() {
                c.to_lowercase().collect::<Vec<_>>()
            } else {
                c.to_uppercase().collect()
            }
        })
        .collect();
    Ok(vm.new_string(s))
}

fn str_replace(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "replace", a, 3, 4)?;
    let old = sarg(vm, &a[1], "replace() argument 1")?.to_string();
    let new = sarg(vm, &a[2], "replace() argument 2")?.to_string();
    let count = match a.get(3) {
        Some(c) => vm.to_i64(c)?,
        None => -1,
    };
    let s = this(&a[0]);
    let r = if count < 0 { s.replace(&old, &new) } else { s.replacen(&old, &new, count as usize) };
    Ok(vm.new_string(r))
}

fn prefix_impl(vm: &mut Vm, a: &[ObjRef], start: bool) -> PyResult {
    check_args(vm, if start { "startswith" } else { "endswith" }, a, 2, 4)?;
    let s = this(&a[0]).to_string();
    let n = a[0].expect::<StrObj>().nchars;
    let lo = match a.get(2) {
        Some(x) if !x.is(&vm.none) => {
            let raw = slice_index(vm, x)?;
            if raw > n as i64 {
                return Ok(vm.false_.clone());
            }
            clamp_index(raw, n)
        }
        _ => 0,
    };
    let hi = match a.get(3) {
        Some(x) if !x.is(&vm.none) => clamp_index(slice_index(vm, x)?, n),
        _ => n,
    };
    let so = a[0].expect::<StrObj>();
    let sub = if lo <= hi { &s[so.byte_offset(lo)..so.byte_offset(hi)] } else { "" };
    let name = if start { "startswith" } else { "endswith" };
    let cands: Vec<ObjRef> = match a[1].kind() {
        Kind::Tuple => a[1].expect::<TupleObj>().0.to_vec(),
        Kind::Str => vec![a[1].clone()],
        _ => {
            return vm.type_error(format!(
                "{name} first arg must be str or a tuple of str, not {}",
                vm.type_name(&a[1])
            ))
        }
    };
    for c in cands {
        let what = format!("tuple for {name} must only contain str");
        let p = match c.get::<StrObj>() {
            Some(p) => &*p.s,
            None => return vm.type_error(format!("{what}, not {}", vm.type_name(&c))),
        };
        if lo > hi && !p.is_empty() {
            continue;
        }
        if (start && sub.starts_with(p)) || (!start && sub.ends_with(p)) {
            return Ok(vm.true_.clone());
        }
    }
    Ok(vm.false_.clone())
}

fn clamp_index(i: i64, n: usize) -> usize {
    if i < 0 {
        (i + n as i64).max(0) as usize
    } else {
        (i as usize).min(n)
    }
}

/// A start/end argument of find, count, startswith...: an int or an object with __index__.
fn slice_index(vm: &mut Vm, x: &ObjRef) -> PyResult<i64> {
    if x.kind() != Kind::Int
        && crate::runtime::attr::lookup_type(&x.ty().clone(), &vm.n.index.clone()).is_none()
    {
        return vm.type_error("slice indices must be integers or None or have an __index__ method");
    }
    vm.to_i64(x)
}

fn str_startswith(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    prefix_impl(vm, a, true)
}
fn str_endswith(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    prefix_impl(vm, a, false)
}

/// Character index of the first/last occurrence of the needle in [lo, hi).
fn find_impl(vm: &mut Vm, a: &[ObjRef], rev: bool) -> PyResult<i64> {
    check_args(vm, "find", a, 2, 4)?;
    let so = a[0].expect::<StrObj>();
    let n = so.nchars;
    let sub = sarg(vm, &a[1], "must be str")?.to_string();
    let lo = match a.get(2) {
        Some(x) if !x.is(&vm.none) => {
            let raw = slice_index(vm, x)?;
            if raw > n as i64 {
                return Ok(-1);
            }
            clamp_index(raw, n)
        }
        _ => 0,
    };
    let hi = match a.get(3) {
        Some(x) if !x.is(&vm.none) => clamp_index(slice_index(vm, x)?, n),
        _ => n,
    };
    if lo > hi {
        return Ok(-1);
    }
    let (bl, bh) = (so.byte_offset(lo), so.byte_offset(hi));
    let hay = &so.s[bl..bh];
    let r = if rev { hay.rfind(&sub) } else { hay.find(&sub) };
    Ok(match r {
        Some(b) => (lo + hay[..b].chars().count()) as i64,
        None => -1,
    })
}

fn str_find(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let r = find_impl(vm, a, false)?;
    Ok(vm.new_int(r))
}
pub fn str_rfind_fn() -> crate::object::func::NativeFn {
    str_rfind
}
fn str_rfind(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let r = find_impl(vm, a, true)?;
    Ok(vm.new_int(r))
}
fn str_index(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let r = find_impl(vm, a, false)?;
    if r < 0 {
        return vm.value_error("substring not found");
    }
    Ok(vm.new_int(r))
}
fn str_count(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "count", a, 2, 4)?;
    let so = a[0].expect::<StrObj>();
    let len = so.nchars as i64;
    let sub = sarg(vm, &a[1], "must be str")?.to_string();
    // CPython's index adjustment: negatives count from the end; a start past the end finds
    // nothing, not even the empty string.
    let mut bounds = [0i64, len];
    for (i, b) in bounds.iter_mut().enumerate() {
        if let Some(x) = a.get(i + 2).filter(|x| !x.is(&vm.none)) {
            let v = slice_index(vm, x)?;
            *b = if v < 0 { (v + len).max(0) } else { v };
        }
    }
    let [lo, hi] = bounds;
    let hi = hi.min(len);
    if lo > len || hi < lo {
        return Ok(vm.new_int(0));
    }
    let (lo, hi) = (lo as usize, hi as usize);
    let hay = &so.s[so.byte_offset(lo)..so.byte_offset(hi)];
    let n = if sub.is_empty() { hi - lo + 1 } else { hay.matches(&sub).count() };
    Ok(vm.new_int(n as i64))
}

fn str_pred(vm: &mut Vm, a: &[ObjRef], f: fn(char) -> bool) -> PyResult {
    let s = this(&a[0]);
    Ok(vm.new_bool(!s.is_empty() && s.chars().all(f)))
}
fn str_isdigit(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    str_pred(vm, a, |c| c.is_ascii_digit() || c.is_numeric())
}
fn str_isalpha(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    str_pred(vm, a, char::is_alphabetic)
}
fn str_isalnum(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    str_pred(vm, a, char::is_alphanumeric)
}
fn str_isspace(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    str_pred(vm, a, char::is_whitespace)
}
fn str_isupper(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let s = this(&a[0]);
    Ok(vm.new_bool(s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase)))
}
fn str_islower(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let s = this(&a[0]);
    Ok(vm.new_bool(s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase)))
}
fn str_isidentifier(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    Ok(vm.new_bool(is_identifier(this(&a[0]))))
}

/// `str.isidentifier()`.
pub fn is_identifier(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && s.chars().all(|c| c == '_' || c.is_alphabetic() || crate::object::unicode::decimal(c).is_some())
}

fn str_title(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let mut out = String::new();
    let mut prev_cased = false;
    for c in this(&a[0]).chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            crate::object::unicode::titlecase_into(c, &mut out);
        }
        prev_cased = crate::object::unicode::is_cased(c);
    }
    Ok(vm.new_string(out))
}

fn str_capitalize(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let s = this(&a[0]);
    let mut cs = s.chars();
    let mut out = String::new();
    if let Some(c) = cs.next() {
        crate::object::unicode::titlecase_into(c, &mut out);
        out.extend(cs.flat_map(char::to_lowercase));
    }
    Ok(vm.new_string(out))
}

fn pad_args(vm: &mut Vm, a: &[ObjRef]) -> PyResult<(usize, char)> {
    check_args(vm, "center", &a[1..], 1, 2)?;
    let w = vm.to_i64(&a[1])?.max(0) as usize;
    let fill = match a.get(2) {
        Some(f) => {
            let s = sarg(vm, f, "fill character")?;
            if s.chars().count() != 1 {
                return vm.type_error("The fill character must be exactly one character long");
            }
            s.chars().next().expect("one char")
        }
        None => ' ',
    };
    Ok((w, fill))
}

fn str_center(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (w, fill) = pad_args(vm, a)?;
    let so = a[0].expect::<StrObj>();
    if w <= so.nchars {
        return Ok(a[0].clone());
    }
    let total = w - so.nchars;
    let left = total / 2 + (total & w & 1);
    let right = total - left;
    let s: String =
        std::iter::repeat_n(fill, left).chain(so.s.chars()).chain(std::iter::repeat_n(fill, right)).collect();
    Ok(vm.new_string(s))
}

fn str_ljust(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (w, fill) = pad_args(vm, a)?;
    let so = a[0].expect::<StrObj>();
    let s: String = so.s.chars().chain(std::iter::repeat_n(fill, w.saturating_sub(so.nchars))).collect();
    Ok(vm.new_string(s))
}

fn str_rjust(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (w, fill) = pad_args(vm, a)?;
    let so = a[0].expect::<StrObj>();
    let s: String = std::iter::repeat_n(fill, w.saturating_sub(so.nchars)).chain(so.s.chars()).collect();
    Ok(vm.new_string(s))
}

fn str_zfill(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "zfill", a, 2, 2)?;
    let w = vm.to_i64(&a[1])?.max(0) as usize;
    let so = a[0].expect::<StrObj>();
    if w <= so.nchars {
        return Ok(a[0].clone());
    }
    let s = &so.s;
    let (sign, rest) = if s.starts_with(['+', '-']) { s.split_at(1) } else { ("", &s[..]) };
    let out = format!("{}{}{}", sign, "0".repeat(w - so.nchars), rest);
    Ok(vm.new_string(out))
}

fn str_splitlines(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let keep = match a.get(1) {
        Some(k) => vm.truthy(k)?,
        None => false,
    };
    let s = this(&a[0]);
    let mut out = Vec::new();
    let mut start = 0;
    let b: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < b.len() {
        let (pos, c) = b[i];
        if matches!(
            c,
            '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            let mut end = pos + c.len_utf8();
            if c == '\r' && i + 1 < b.len() && b[i + 1].1 == '\n' {
                end += 1;
                i += 1;
            }
            out.push(if keep { &s[start..end] } else { &s[start..pos] }.to_string());
            start = end;
        }
        i += 1;
    }
    if start < s.len() {
        out.push(s[start..].to_string());
    }
    let items = out.into_iter().map(|p| vm.new_string(p)).collect();
    Ok(vm.new_list(items))
}

fn partition_impl(vm: &mut Vm, a: &[ObjRef], rev: bool) -> PyResult {
    check_args(vm, "partition", a, 2, 2)?;
    let sep = sarg(vm, &a[1], "must be str")?.to_string();
    if sep.is_empty() {
        return vm.value_error("empty separator");
    }
    let s = this(&a[0]).to_string();
    let found = if rev { s.rfind(&sep) } else { s.find(&sep) };
    let parts = match found {
        Some(i) => [s[..i].to_string(), sep.clone(), s[i + sep.len()..].to_string()],
        None if rev => [String::new(), String::new(), s.clone()],
        None => [s.clone(), String::new(), String::new()],
    };
    let items = parts.into_iter().map(|p| vm.new_string(p)).collect();
    Ok(vm.new_tuple(items))
}

fn str_partition(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    partition_impl(vm, a, false)
}
fn str_rpartition(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    partition_impl(vm, a, true)
}

fn str_encode(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    if pos.len() > 3 {
        return vm.type_error(format!("encode() takes at most 2 arguments ({} given)", pos.len() - 1));
    }
    let mut opts = [pos.get(1).cloned(), pos.get(2).cloned()];
    for (k, v) in kws {
        match k {
            "encoding" => opts[0] = Some(v.clone()),
            "errors" => opts[1] = Some(v.clone()),
            _ => return vm.type_error(format!("encode() got an unexpected keyword argument '{k}'")),
        }
    }
    let mut text = ["utf-8".to_string(), "strict".to_string()];
    for (i, o) in opts.iter().enumerate() {
        if let Some(o) = o {
            let what = ["encode() argument 'encoding'", "encode() argument 'errors'"][i];
            text[i] = sarg(vm, o, what)?.to_string();
        }
    }
    let b = super::byteslike::encode(vm, this(&pos[0]), &text[0], &text[1])?;
    Ok(ObjRef::new(&vm.t.bytes, BytesObj::new(&b)))
}

fn str_len(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    Ok(vm.new_int(a[0].expect::<StrObj>().nchars as i64))
}

// Generic dunders used via super() or explicit calls on builtin bases.
fn any_len(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let n = native_len(vm, &a[0])?;
    Ok(vm.new_int(n as i64))
}

fn native_len(vm: &mut Vm, o: &ObjRef) -> PyResult<usize> {
    Ok(match o.kind() {
        Kind::List => o.expect::<ListObj>().len(),
        Kind::Tuple => o.expect::<TupleObj>().0.len(),
        Kind::Dict => o.expect::<DictObj>().0.with(|t| t.len()),
        Kind::Set => o.expect::<SetObj>().0.with(|t| t.len()),
        Kind::Str => o.expect::<StrObj>().nchars,
        _ => super::len(vm, o)?,
    })
}

/// Runs a protocol operation on the builtin part of a (possibly subclassed) object.
fn with_base_type<R>(vm: &mut Vm, o: &ObjRef, f: impl FnOnce(&mut Vm) -> PyResult<R>) -> PyResult<R> {
    let ty = o.ty().clone();
    let heap = ty.expect::<crate::object::typeobj::TypeObj>().heap_type;
    if !heap {
        return f(vm);
    }
    // Temporarily view the object as its builtin base so dunders are not re-dispatched.
    let base = builtin_base(vm, &ty);
    o.set_type(&base);
    let r = f(vm);
    o.set_type(&ty);
    r
}

fn builtin_base(vm: &Vm, ty: &ObjRef) -> ObjRef {
    for c in crate::runtime::types::mro(ty) {
        if !c.expect::<crate::object::typeobj::TypeObj>().heap_type {
            return c;
        }
    }
    vm.t.object.clone()
}

fn any_getitem(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__getitem__", a, 2, 2)?;
    with_base_type(vm, &a[0], |vm| vm.getitem(&a[0], &a[1]))
}
fn dict_getitem(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__getitem__", a, 2, 2)?;
    match vm.dict_get(&a[0], &a[1])? {
        Some(v) => Ok(v),
        None => {
            let ty = vm.t.exc.key_error.clone();
            Err(vm.new_exc_args(&ty, vec![a[1].clone()]))
        }
    }
}
fn any_setitem(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__setitem__", a, 3, 3)?;
    with_base_type(vm, &a[0], |vm| vm.setitem(&a[0], &a[1], a[2].clone()))?;
    Ok(vm.none.clone())
}
fn any_delitem(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__delitem__", a, 2, 2)?;
    with_base_type(vm, &a[0], |vm| vm.delitem(&a[0], &a[1]))?;
    Ok(vm.none.clone())
}
fn any_contains(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__contains__", a, 2, 2)?;
    let r = with_base_type(vm, &a[0], |vm| vm.contains(&a[0], &a[1]))?;
    Ok(vm.new_bool(r))
}
fn any_iter(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    with_base_type(vm, &a[0], |vm| vm.iter(&a[0]))
}
fn any_add(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__add__", a, 2, 2)?;
    with_base_type(vm, &a[0], |vm| vm.binary_op(&a[0], &a[1], 0))
}
fn int_sub(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__sub__", a, 2, 2)?;
    with_base_type(vm, &a[0], |vm| vm.binary_op(&a[0], &a[1], 10))
}
fn any_mul(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__mul__", a, 2, 2)?;
    with_base_type(vm, &a[0], |vm| vm.binary_op(&a[0], &a[1], 5))
}
fn any_mod(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__mod__", a, 2, 2)?;
    with_base_type(vm, &a[0], |vm| vm.binary_op(&a[0], &a[1], 6))
}
fn any_eq(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__eq__", a, 2, 2)?;
    with_base_type(vm, &a[0], |vm| vm.compare(&a[0], &a[1], crate::runtime::ops::CmpOp::Eq))
}
fn any_lt(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__lt__", a, 2, 2)?;
    with_base_type(vm, &a[0], |vm| vm.compare(&a[0], &a[1], crate::runtime::ops::CmpOp::Lt))
}
fn any_hash(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let h = with_base_type(vm, &a[0], |vm| vm.hash(&a[0]))?;
    Ok(vm.new_int(h))
}
fn any_str(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let s = with_base_type(vm, &a[0], |vm| vm.str(&a[0]))?;
    Ok(vm.new_string(s))
}
fn any_repr(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let s = with_base_type(vm, &a[0], |vm| vm.repr(&a[0]))?;
    Ok(vm.new_string(s))
}
fn any_format(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__format__", a, 2, 2)?;
    let spec = vm.str(&a[1])?;
    with_base_type(vm, &a[0], |vm| super::format::format(vm, &a[0], &spec))
}
fn any_pos(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    Ok(vm.new_bigint(a[0].expect::<IntObj>().0.clone()))
}

fn list_append(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    if a.len() != 2 || !kw.is_empty() {
        return vm.type_error(format!("list.append() takes exactly one argument ({} given)", a.len() - 1));
    }
    a[0].expect::<ListObj>().push(a[1].clone());
    Ok(vm.none.clone())
}

fn list_extend(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "extend", a, 2, 2)?;
    let items = vm.collect(&a[1])?;
    a[0].expect::<ListObj>().0.with(|v| v.extend(items));
    Ok(vm.none.clone())
}

fn list_pop(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "pop", a, 1, 2)?;
    let l = a[0].expect::<ListObj>();
    let len = l.len();
    if len == 0 {
        return vm.index_error("pop from empty list");
    }
    let i = match a.get(1) {
        Some(i) => vm.to_i64(i)?,
        None => -1,
    };
    match norm_index(i, len) {
        Some(j) => Ok(l.0.with(|v| v.remove(j))),
        None => vm.index_error("pop index out of range"),
    }
}

fn list_insert(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "insert", a, 3, 3)?;
    let l = a[0].expect::<ListObj>();
    let len = l.len() as i64;
    let i = vm.to_i64(&a[1])?;
    let j = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
    l.0.with(|v| v.insert(j, a[2].clone()));
    Ok(vm.none.clone())
}

fn list_remove(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "remove", a, 2, 2)?;
    let items = a[0].expect::<ListObj>().snapshot();
    for (i, x) in items.iter().enumerate() {
        if vm.eq(x, &a[1])? {
            let old = a[0].expect::<ListObj>().0.with(|v| if i < v.len() { Some(v.remove(i)) } else { None });
            drop(old);
            return Ok(vm.none.clone());
        }
    }
    vm.value_error("list.remove(x): x not in list")
}

fn seq_index(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "index", a, 2, 4)?;
    let items = vm.collect(&a[0])?;
    let n = items.len();
    let lo = match a.get(2) {
        Some(x) => clamp_index(vm.to_i64(x)?, n),
        None => 0,
    };
    let hi = match a.get(3) {
        Some(x) => clamp_index(vm.to_i64(x)?, n),
        None => n,
    };
    for (i, x) in items.iter().enumerate().take(hi).skip(lo) {
        if vm.eq(x, &a[1])? {
            return Ok(vm.new_int(i as i64));
        }
    }
    let what = match a[0].kind() {
        Kind::Tuple => "tuple.index(x): x not in tuple".to_string(),
        _ => format!("{} is not in list", vm.repr(&a[1])?),
    };
    vm.value_error(what)
}

fn seq_count(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "count", a, 2, 2)?;
    let items = vm.collect(&a[0])?;
    let mut n = 0;
    for x in &items {
        if vm.eq(x, &a[1])? {
            n += 1;
        }
    }
    Ok(vm.new_int(n))
}

fn list_sort(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    if pos.len() > 1 {
        return vm.type_error("sort() takes no positional arguments");
    }
    let (key, reverse) = super::sort_kwargs(vm, "sort", kws)?;
    let l = pos[0].expect::<ListObj>();
    let items = l.0.with(std::mem::take);
    let r = super::sort_values(vm, items.clone(), key, reverse);
    let modified = l.0.with(|v| !v.is_empty());
    match r {
        Ok(sorted) => {
            l.0.with(|v| *v = sorted);
            if modified {
                return vm.value_error("list modified during sort");
            }
            Ok(vm.none.clone())
        }
        Err(e) => {
            l.0.with(|v| *v = items);
            Err(e)
        }
    }
}

fn list_reverse(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    a[0].expect::<ListObj>().0.with(|v| v.reverse());
    Ok(vm.none.clone())
}

fn list_copy(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let items = a[0].expect::<ListObj>().snapshot();
    Ok(vm.new_list(items))
}

fn list_clear(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let old = a[0].expect::<ListObj>().0.with(std::mem::take);
    crate::object::seq::drop_reversed(old);
    Ok(vm.none.clone())
}

fn dict_get(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "get", a, 2, 3)?;
    match vm.dict_get(&a[0], &a[1])? {
        Some(v) => Ok(v),
        None => Ok(a.get(2).cloned().unwrap_or_else(|| vm.none.clone())),
    }
}

fn dict_view(vm: &mut Vm, a: &[ObjRef], ty: ObjRef) -> PyResult {
    check_args(vm, "keys", a, 1, 1)?;
    Ok(ObjRef::new(&ty, WrapperObj(a[0].clone())))
}
fn dict_keys(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let t = vm.t.dict_keys.clone();
    dict_view(vm, a, t)
}
fn dict_values(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let t = vm.t.dict_values.clone();
    dict_view(vm, a, t)
}
fn dict_items(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let t = vm.t.dict_items.clone();
    dict_view(vm, a, t)
}

fn dict_pop(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "pop", a, 2, 3)?;
    match vm.dict_pop(&a[0], &a[1])? {
        Some(v) => Ok(v),
        None => match a.get(2) {
            Some(d) => Ok(d.clone()),
            None => {
                let ty = vm.t.exc.key_error.clone();
                Err(vm.new_exc_args(&ty, vec![a[1].clone()]))
            }
        },
    }
}

fn dict_popitem(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let last = a[0].expect::<DictObj>().0.with(|t| t.entries.iter().rposition(Option::is_some));
    match last {
        Some(ix) => {
            let e = a[0].expect::<DictObj>().0.with(|t| t.remove(ix));
            Ok(vm.new_tuple(vec![e.key, e.value]))
        }
        None => {
            let ty = vm.t.exc.key_error.clone();
            vm.err(&ty, "popitem(): dictionary is empty")
        }
    }
}

fn dict_setdefault(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "setdefault", a, 2, 3)?;
    match vm.dict_get(&a[0], &a[1])? {
        Some(v) => Ok(v),
        None => {
            let d = a.get(2).cloned().unwrap_or_else(|| vm.none.clone());
            vm.dict_set(&a[0], a[1].clone(), d.clone())?;
            Ok(d)
        }
    }
}

pub fn dict_update_from(vm: &mut Vm, d: &ObjRef, src: &ObjRef) -> PyResult<()> {
    let keys = vm.intern("keys");
    if src.kind() == Kind::Dict || vm.getattr_opt(src, &keys)?.is_some() {
        for (k, v) in super::mapping_items(vm, src)? {
            vm.dict_set(d, k, v)?;
        }
        return Ok(());
    }
    let items = vm.collect(src)?;
    for (i, it) in items.iter().enumerate() {
        // PySequence_Fast: an element that is not iterable is reported by its position.
        let te = vm.t.exc.type_error.clone();
        let pair = match vm.collect(it) {
            Err(e) if vm.is_instance(&e, &te) => {
                return vm.type_error(format!(
                    "cannot convert dictionary update sequence element #{i} to a sequence"
                ))
            }
            r => r?,
        };
        if pair.len() != 2 {
            return vm.value_error(format!(
                "dictionary update sequence element #{} has length {}; 2 is required",
                i,
                pair.len()
            ));
        }
        vm.dict_set(d, pair[0].clone(), pair[1].clone())?;
    }
    Ok(())
}

fn dict_update(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    check_args(vm, "update", &pos[1..], 0, 1)?;
    if let Some(src) = pos.get(1) {
        dict_update_from(vm, &pos[0], src)?;
    }
    for (k, v) in kws {
        let key = vm.new_str(k);
        vm.dict_set(&pos[0], key, v.clone())?;
    }
    Ok(vm.none.clone())
}

fn dict_copy(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let d = vm.new_dict();
    for (k, v) in vm.dict_items(&a[0]) {
        vm.dict_set(&d, k, v)?;
    }
    Ok(d)
}

fn dict_clear(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let old = a[0].expect::<DictObj>().0.with(|t| t.clear());
    drop(old);
    Ok(vm.none.clone())
}

fn dict_fromkeys(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "fromkeys", a, 2, 3)?;
    let d = vm.call(&a[0], &[], &[])?;
    let v = a.get(2).cloned().unwrap_or_else(|| vm.none.clone());
    for k in vm.collect(&a[1])? {
        vm.setitem(&d, &k, v.clone())?;
    }
    Ok(d)
}

fn set_of(vm: &mut Vm, o: &ObjRef) -> PyResult<ObjRef> {
    if o.kind() == Kind::Set {
        return Ok(o.clone());
    }
    let items = vm.collect(o)?;
    vm.new_set(false, items)
}

fn set_multi(vm: &mut Vm, a: &[ObjRef], op: usize) -> PyResult {
    let mut acc = set_copy(vm, &a[..1], &[])?;
    for other in &a[1..] {
        let o = set_of(vm, other)?;
        acc = vm.binary_op(&acc, &o, op as u32)?;
    }
    if a[0].ty().is(&vm.t.frozenset) && !acc.ty().is(&vm.t.frozenset) {
        let items = vm.set_keys(&acc);
        return vm.new_set(true, items);
    }
    Ok(acc)
}

fn set_union(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    // As CPython: a copy, then each argument added in its own iteration order (a list's items
    // one by one, not first gathered into a set of their own).
    let acc = set_copy(vm, &a[..1], &[])?;
    let acc = if acc.is(&a[0]) { vm.set_copy_of(&a[0], true)? } else { acc };
    for other in &a[1..] {
        vm.set_update(&acc, other)?;
    }
    Ok(acc)
}
fn set_intersection(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    set_multi(vm, a, 1)
}
fn set_difference(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    set_multi(vm, a, 10)
}
/// set_symmetric_difference: a new set of the other operand's items, toggled by the receiver's.
fn set_symdiff(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "symmetric_difference", a, 2, 2)?;
    let frozen = crate::runtime::types::is_subtype(a[0].ty(), &vm.t.frozenset);
    let r = vm.new_set(frozen, vec![])?;
    vm.set_update(&r, &a[1])?;
    symdiff_update(vm, &r, &a[0])?;
    Ok(r)
}

fn set_issubset(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "issubset", a, 2, 2)?;
    let o = set_of(vm, &a[1])?;
    let r = vm.set_is_subset(&a[0], &o)?;
    Ok(vm.new_bool(r))
}
fn set_issuperset(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "issuperset", a, 2, 2)?;
    let o = set_of(vm, &a[1])?;
    let r = vm.set_is_subset(&o, &a[0])?;
    Ok(vm.new_bool(r))
}
fn set_isdisjoint(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "isdisjoint", a, 2, 2)?;
    for k in vm.collect(&a[1])? {
        if vm.set_contains(&a[0], &k)? {
            return Ok(vm.false_.clone());
        }
    }
    Ok(vm.true_.clone())
}

fn set_copy(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let frozen = a[0].ty().is(&vm.t.frozenset);
    if frozen {
        // An exact frozenset is immutable: its copy is itself.
        return Ok(a[0].clone());
    }
    vm.set_copy_of(&a[0], frozen)
}

fn set_add(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "add", a, 2, 2)?;
    vm.set_add(&a[0], a[1].clone())?;
    Ok(vm.none.clone())
}
fn set_remove(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "remove", a, 2, 2)?;
    if !vm.set_discard(&a[0], &a[1])? {
        let ty = vm.t.exc.key_error.clone();
        return Err(vm.new_exc_args(&ty, vec![a[1].clone()]));
    }
    Ok(vm.none.clone())
}
fn set_discard(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "discard", a, 2, 2)?;
    vm.set_discard(&a[0], &a[1])?;
    Ok(vm.none.clone())
}
fn set_pop(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    match a[0].expect::<SetObj>().0.with(|t| t.pop()) {
        Some(k) => Ok(k),
        None => {
            let ty = vm.t.exc.key_error.clone();
            vm.err(&ty, "pop from an empty set")
        }
    }
}
fn set_update(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    for other in &a[1..] {
        vm.set_update(&a[0], other)?;
    }
    Ok(vm.none.clone())
}
fn set_clear(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let old = a[0].expect::<SetObj>().0.with(|t| t.clear());
    drop(old);
    Ok(vm.none.clone())
}
fn set_intersection_update(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let r = set_multi(vm, a, 1)?;
    let old = a[0].expect::<SetObj>().0.with(|x| x.clear());
    drop(old);
    vm.set_merge(&a[0], &r)?;
    Ok(vm.none.clone())
}
fn set_difference_update(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    for other in &a[1..] {
        difference_update(vm, &a[0], other)?;
    }
    Ok(vm.none.clone())
}

/// set_difference_update_internal: discards every key of `other` from `s`, then sweeps the
/// dummies away if they are many (a set emptied by itself is cleared).
pub fn difference_update(vm: &mut Vm, s: &ObjRef, other: &ObjRef) -> PyResult<()> {
    if s.is(other) {
        let old = s.expect::<SetObj>().0.with(|t| t.clear());
        drop(old);
        return Ok(());
    }
    for k in vm.collect(other)? {
        vm.set_discard(s, &k)?;
    }
    s.expect::<SetObj>().0.with(|t| t.sweep_dummies());
    Ok(())
}

fn set_symdiff_update(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "symmetric_difference_update", a, 2, 2)?;
    symdiff_update(vm, &a[0], &a[1])?;
    Ok(vm.none.clone())
}

/// set_symmetric_difference_update: each item of `other` (first made a set unless it is a set
/// or a dict, so duplicates toggle once) leaves `s` if there, else joins it; `s ^= s` empties.
pub fn symdiff_update(vm: &mut Vm, s: &ObjRef, other: &ObjRef) -> PyResult<()> {
    if s.is(other) {
        let old = s.expect::<SetObj>().0.with(|t| t.clear());
        drop(old);
        return Ok(());
    }
    let src = if other.kind() == Kind::Set || other.ty().is(&vm.t.dict) {
        other.clone()
    } else {
        let t = vm.new_set(false, vec![])?;
        vm.set_update(&t, other)?;
        t
    };
    for k in vm.collect(&src)? {
        if !vm.set_discard(s, &k)? {
            vm.set_add(s, k)?;
        }
    }
    Ok(())
}

fn int_bit_length(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let n = a[0].expect::<IntObj>().0.bit_length();
    Ok(vm.new_int(n as i64))
}
fn int_bit_count(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let s = a[0].expect::<IntObj>().0.abs().to_str_radix(2);
    Ok(vm.new_int(s.bytes().filter(|&b| b == b'1').count() as i64))
}
fn float_rounded(vm: &mut Vm, a: &[ObjRef], f: fn(f64) -> f64) -> PyResult {
    let x = a[0].expect::<FloatObj>().0;
    if x.is_nan() {
        return vm.value_error("cannot convert float NaN to integer");
    }
    if x.is_infinite() {
        return vm.overflow("cannot convert float infinity to integer");
    }
    Ok(super::float_to_int(vm, f(x)))
}
fn float_conjugate(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    Ok(vm.new_float(a[0].expect::<FloatObj>().0))
}
fn float_trunc(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    float_rounded(vm, a, f64::trunc)
}
fn float_floor(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    float_rounded(vm, a, f64::floor)
}
fn float_ceil(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    float_rounded(vm, a, f64::ceil)
}
fn float_is_integer(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let f = a[0].expect::<FloatObj>().0;
    Ok(vm.new_bool(f.is_finite() && f.fract() == 0.0))
}
fn bytes_decode(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let b = &a[0].expect::<BytesObj>().b;
    match std::str::from_utf8(b) {
        Ok(s) => Ok(vm.new_str(s)),
        Err(e) => {
            let ty = vm.t.exc.unicode_error.clone();
            vm.err(&ty, format!("'utf-8' codec can't decode byte at position {}", e.valid_up_to()))
        }
    }
}
fn bytes_hex(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let s = pyrite_ir::code::hex(&a[0].expect::<BytesObj>().b);
    Ok(vm.new_string(s))
}

fn gen_send(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "send", a, 2, 2)?;
    let g = &a[0];
    let started = g
        .expect::<crate::object::gen::GenObj>()
        .frame
        .with(|f| f.as_ref().map(|f| f.lasti > 0 || f.saved_pc > 1))
        .unwrap_or(true);
    if !started && !a[1].is(&vm.none) {
        return vm.type_error("can't send non-None value to a just-started generator");
    }
    match crate::eval::gen::resume(vm, g, a[1].clone(), None)? {
        crate::eval::gen::SendResult::Yield(v) => Ok(v),
        crate::eval::gen::SendResult::Return(v) => Err(crate::eval::gen::return_to_stop(vm, v)),
    }
}

fn gen_throw(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let exc = crate::eval::coro::exception_arg(vm, a, "throw")?;
    let none = vm.none.clone();
    match crate::eval::gen::resume(vm, &a[0], none, Some(exc))? {
        crate::eval::gen::SendResult::Yield(v) => Ok(v),
        crate::eval::gen::SendResult::Return(v) => Err(crate::eval::gen::return_to_stop(vm, v)),
    }
}

fn gen_close(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    crate::eval::gen::close(vm, &a[0])
}

fn iter_next(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    if a[0].kind() == Kind::Generator {
        let none = vm.none.clone();
        return match crate::eval::gen::resume(vm, &a[0], none, None)? {
            crate::eval::gen::SendResult::Yield(v) => Ok(v),
            crate::eval::gen::SendResult::Return(v) => Err(crate::eval::gen::return_to_stop(vm, v)),
        };
    }
    match vm.next(&a[0])? {
        Some(v) => Ok(v),
        None => {
            let ty = vm.t.exc.stop_iteration.clone();
            Err(vm.new_exc(&ty, ""))
        }
    }
}

fn iter_self(_: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    Ok(a[0].clone())
}
