//! More str methods: the isX predicates over CPython's Unicode classes, casefold, expandtabs,
//! removeprefix/removesuffix, maketrans/translate, rindex, and format/format_map.

use super::{add_attr, add_methods, check_args, new_builtin};
use crate::heap::{Kind, ObjRef};
use crate::object::dict::DictObj;
use crate::object::int::IntObj;
use crate::object::misc::WrapperObj;
use crate::object::str::StrObj;
use crate::object::unicode as uc;
use crate::{PyResult, Vm};

pub fn install(vm: &mut Vm) {
    let s = vm.t.str_.clone();
    add_methods(
        vm,
        &s,
        &[
            ("isalpha", isalpha),
            ("isalnum", isalnum),
            ("isdigit", isdigit),
            ("isdecimal", isdecimal),
            ("isnumeric", isnumeric),
            ("isspace", isspace),
            ("isupper", isupper),
            ("islower", islower),
            ("istitle", istitle),
            ("isprintable", isprintable),
            ("isascii", isascii),
            ("casefold", casefold),
            ("expandtabs", expandtabs),
            ("removeprefix", removeprefix),
            ("removesuffix", removesuffix),
            ("translate", translate),
            ("rindex", rindex),
            ("format", super::strformat::str_format),
            ("format_map", super::strformat::str_format_map),
        ],
    );
    let mt = new_builtin(vm, "maketrans", maketrans);
    let sm = ObjRef::new(&vm.t.staticmethod, WrapperObj(mt));
    add_attr(vm, &s, "maketrans", sm);
}

fn this(o: &ObjRef) -> &str {
    &o.expect::<StrObj>().s
}

/// `all(pred)` over a non-empty string (the empty string is never alpha, digit, ...).
fn all_nonempty(vm: &mut Vm, a: &[ObjRef], name: &str, pred: fn(char) -> bool) -> PyResult {
    check_args(vm, name, a, 1, 1)?;
    let s = this(&a[0]);
    Ok(vm.new_bool(!s.is_empty() && s.chars().all(pred)))
}

fn isalpha(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    all_nonempty(vm, a, "isalpha", uc::is_alpha)
}
fn isdecimal(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    all_nonempty(vm, a, "isdecimal", |c| uc::decimal(c).is_some())
}
fn isdigit(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    all_nonempty(vm, a, "isdigit", uc::is_digit)
}
fn isnumeric(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    all_nonempty(vm, a, "isnumeric", uc::is_numeric)
}
fn isalnum(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    all_nonempty(vm, a, "isalnum", |c| uc::is_alpha(c) || uc::is_numeric(c) || uc::is_digit(c))
}
fn isspace(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    all_nonempty(vm, a, "isspace", uc::is_space)
}
fn isprintable(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "isprintable", a, 1, 1)?;
    let r = this(&a[0]).chars().all(uc::is_printable);
    Ok(vm.new_bool(r))
}
fn isascii(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "isascii", a, 1, 1)?;
    let r = this(&a[0]).is_ascii();
    Ok(vm.new_bool(r))
}

/// isupper/islower: some cased character, and none of the other case (titlecase counts as
/// neither upper nor lower, so it fails both).
fn case_pred(vm: &mut Vm, a: &[ObjRef], upper: bool) -> PyResult {
    check_args(vm, if upper { "isupper" } else { "islower" }, a, 1, 1)?;
    let mut cased = false;
    for c in this(&a[0]).chars() {
        let (same, other) =
            if upper { (uc::is_upper(c), uc::is_lower(c)) } else { (uc::is_lower(c), uc::is_upper(c)) };
        if other || uc::is_title(c) {
            return Ok(vm.false_.clone());
        }
        cased |= same;
    }
    Ok(vm.new_bool(cased))
}
fn isupper(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    case_pred(vm, a, true)
}
fn islower(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    case_pred(vm, a, false)
}

fn istitle(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "istitle", a, 1, 1)?;
    let (mut cased, mut prev_cased) = (false, false);
    for c in this(&a[0]).chars() {
        if uc::is_upper(c) || uc::is_title(c) {
            if prev_cased {
                return Ok(vm.false_.clone());
            }
            prev_cased = true;
            cased = true;
        } else if uc::is_lower(c) {
            if !prev_cased {
                return Ok(vm.false_.clone());
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(vm.new_bool(cased))
}

fn casefold(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "casefold", a, 1, 1)?;
    let mut out = String::new();
    for c in this(&a[0]).chars() {
        uc::casefold_into(c, &mut out);
    }
    Ok(vm.new_string(out))
}

fn expandtabs(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = super::split_args(args, kwnames);
    check_args(vm, "expandtabs", pos, 1, 2)?;
    let mut size = pos.get(1).cloned();
    for (k, v) in kws {
        if k != "tabsize" {
            return vm.type_error(format!("expandtabs() got an unexpected keyword argument '{k}'"));
        }
        size = Some(v.clone());
    }
    let size = match size {
        Some(s) => vm.to_i64(&s)?,
        None => 8,
    };
    let mut out = String::new();
    let mut col: i64 = 0;
    for c in this(&pos[0]).chars() {
        match c {
            '\t' => {
                if size > 0 {
                    let n = size - col % size;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(vm.new_string(out))
}

fn str_arg<'a>(vm: &mut Vm, o: &'a ObjRef, what: &str) -> PyResult<&'a str> {
    match o.get::<StrObj>() {
        Some(s) => Ok(&s.s),
        None => vm.type_error(format!("{what} must be str, not {}", vm.type_name(o))),
    }
}

fn removeprefix(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "removeprefix", a, 2, 2)?;
    let p = str_arg(vm, &a[1], "removeprefix() argument")?;
    match this(&a[0]).strip_prefix(p) {
        Some(r) if !p.is_empty() => Ok(vm.new_str(r)),
        _ => Ok(vm.new_str(this(&a[0]))),
    }
}

fn removesuffix(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "removesuffix", a, 2, 2)?;
    let p = str_arg(vm, &a[1], "removesuffix() argument")?;
    match this(&a[0]).strip_suffix(p) {
        Some(r) if !p.is_empty() => Ok(vm.new_str(r)),
        _ => Ok(vm.new_str(this(&a[0]))),
    }
}

fn rindex(vm: &mut Vm, a: &[ObjRef], k: &[ObjRef]) -> PyResult {
    let rfind = super::methods::str_rfind_fn();
    let r = rfind(vm, a, k)?;
    if r.get::<IntObj>().is_some_and(|i| i.0.is_negative()) {
        return vm.value_error("substring not found");
    }
    Ok(r)
}

/// `str.maketrans(x[, y[, z]])`: a dict from code points to code points, strings or None.
fn maketrans(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "maketrans", a, 1, 3)?;
    let d = vm.new_dict();
    if a.len() == 1 {
        if a[0].kind() != Kind::Dict {
            return vm.type_error("if you give only one argument to maketrans it must be a dict");
        }
        for (k, v) in super::mapping_items(vm, &a[0])? {
            let key = match k.get::<StrObj>() {
                Some(s) if s.nchars == 1 => vm.new_int(s.s.chars().next().map_or(0, |c| c as i64)),
                Some(_) => return vm.value_error("string keys in translate table must be of length 1"),
                None if k.kind() == Kind::Int => k.clone(),
                None => return vm.type_error("keys in translate table must be strings or integers"),
            };
            vm.dict_set(&d, key, v)?;
        }
        return Ok(d);
    }
    let x = str_arg(vm, &a[0], "maketrans() argument 1")?.to_string();
    let y = str_arg(vm, &a[1], "maketrans() argument 2")?.to_string();
    if x.chars().count() != y.chars().count() {
        return vm.value_error("the first two maketrans arguments must have equal length");
    }
    for (cx, cy) in x.chars().zip(y.chars()) {
        let (k, v) = (vm.new_int(cx as i64), vm.new_int(cy as i64));
        vm.dict_set(&d, k, v)?;
    }
    if let Some(z) = a.get(2) {
        let z = str_arg(vm, z, "maketrans() argument 3")?.to_string();
        for c in z.chars() {
            let k = vm.new_int(c as i64);
            let none = vm.none.clone();
            vm.dict_set(&d, k, none)?;
        }
    }
    Ok(d)
}

fn translate(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "translate", a, 2, 2)?;
    let table = a[1].clone();
    let lookup_error = vm.t.exc.lookup_error.clone();
    let mut out = String::new();
    for c in this(&a[0]).chars() {
        let k = vm.new_int(c as i64);
        let v = match table.get::<DictObj>() {
            Some(_) if table.ty().is(&vm.t.dict) => vm.dict_get(&table, &k)?,
            _ => match vm.getitem(&table, &k) {
                Ok(v) => Some(v),
                Err(e) if crate::runtime::types::is_subtype(&e.ty().clone(), &lookup_error) => None,
                Err(e) => return Err(e),
            },
        };
        match v {
            None => out.push(c),
            Some(v) if v.is(&vm.none) => {}
            Some(v) => match v.kind() {
                Kind::Int => {
                    let n = v.expect::<IntObj>().0.as_i64().unwrap_or(-1);
                    match u32::try_from(n).ok().and_then(char::from_u32) {
                        Some(ch) => out.push(ch),
                        None => return vm.value_error("character mapping must be in range(0x110000)"),
                    }
                }
                Kind::Str => out.push_str(this(&v)),
                _ => return vm.type_error("character mapping must return integer, None or str"),
            },
        }
    }
    Ok(vm.new_string(out))
}
