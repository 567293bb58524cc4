//! `format()` with the format-spec mini-language (parsed and laid out by `formatspec`).

use super::formatspec::{self, code_text, double_to_string, render_number, split_digits, Spec};
use crate::heap::{Kind, ObjRef};
use crate::object::float::FloatObj;
use crate::object::int::IntObj;
use crate::object::str::StrObj;
use crate::runtime::attr::lookup_type;
use crate::{PyResult, Vm};

/// `format(v, spec)`.
pub fn format(vm: &mut Vm, v: &ObjRef, spec: &str) -> PyResult {
    let heap = v.ty().expect::<crate::object::typeobj::TypeObj>().heap_type;
    if heap {
        let f = vm.n.format.clone();
        if let Some(m) = lookup_type(&v.ty().clone(), &f) {
            if m.kind() == Kind::Function {
                let s = vm.new_str(spec);
                let r = vm.call(&m, &[v.clone(), s], &[])?;
                if r.kind() != Kind::Str {
                    return vm.type_error(format!("__format__ must return a str, not {}", vm.type_name(&r)));
                }
                return Ok(r);
            }
        }
    }
    if spec.is_empty() {
        let s = vm.str(v)?;
        return Ok(vm.new_string(s));
    }
    let out = match v.kind() {
        Kind::Int => format_int(vm, v, spec)?,
        Kind::Float => {
            let sp = parse(vm, v, spec, None, '>')?;
            match sp.ty {
                None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => {
                    format_float(v.expect::<FloatObj>().0, &sp)
                }
                Some(t) => return unknown_code(vm, v, t),
            }
        }
        Kind::Complex => {
            let z = *v.expect::<crate::object::complex::ComplexObj>();
            let sp = parse(vm, v, spec, None, '>')?;
            format_complex(vm, v, z, sp)?
        }
        Kind::Str => format_str(vm, v, spec)?,
        _ => {
            let f = vm.n.format.clone();
            if let Some(m) = lookup_type(&v.ty().clone(), &f) {
                if m.kind() == Kind::Function {
                    let s = vm.new_str(spec);
                    return vm.call(&m, &[v.clone(), s], &[]);
                }
            }
            return vm
                .type_error(format!("unsupported format string passed to {}.__format__", vm.type_name(v)));
        }
    };
    Ok(vm.new_string(out))
}

fn parse(vm: &mut Vm, v: &ObjRef, spec: &str, default_type: Option<char>, align: char) -> PyResult<Spec> {
    match formatspec::parse(spec, default_type, align) {
        Ok(sp) => {
            check_width(vm, sp.width)?;
            Ok(sp)
        }
        Err(e) => {
            let msg = e.message(spec, &vm.type_name(v));
            vm.value_error(msg)
        }
    }
}

/// A field width too large to allocate raises MemoryError, as CPython's failed malloc does,
/// instead of aborting the process. Only widths that could fail are probed (the probe allocates).
pub(crate) fn check_width(vm: &mut Vm, width: Option<usize>) -> PyResult<()> {
    match width {
        Some(w) if w > 1 << 20 && Vec::<u8>::new().try_reserve_exact(w).is_err() => {
            let ty = vm.t.exc.memory_error.clone();
            vm.err(&ty, "")
        }
        _ => Ok(()),
    }
}

fn unknown_code<T>(vm: &mut Vm, v: &ObjRef, t: char) -> PyResult<T> {
    let msg = format!("Unknown format code {} for object of type '{}'", code_text(t), vm.type_name(v));
    vm.value_error(msg)
}

/// int.__format__ (CPython's format_long_internal; the float types convert first).
fn format_int(vm: &mut Vm, v: &ObjRef, spec: &str) -> PyResult<String> {
    let sp = parse(vm, v, spec, Some('d'), '>')?;
    let t = sp.ty.unwrap_or('d');
    match t {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => {}
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let x = vm.to_f64(v)?;
            return Ok(format_float(x, &sp));
        }
        t => return unknown_code(vm, v, t),
    }
    if sp.precision.is_some() {
        return vm.value_error("Precision not allowed in integer format specifier");
    }
    if sp.no_neg_0 {
        return vm.value_error("Negative zero coercion (z) not allowed in integer format specifier");
    }
    let i = v.expect::<IntObj>().0.clone();
    if t == 'c' {
        if sp.sign.is_some() {
            return vm.value_error("Sign not allowed with integer format specifier 'c'");
        }
        if sp.alt {
            return vm.value_error("Alternate form (#) not allowed with integer format specifier 'c'");
        }
        let Some(n) = i.as_i64() else {
            return vm.overflow("Python int too large to convert to C long");
        };
        let Some(c) = u32::try_from(n).ok().filter(|&n| n < 0x110000).and_then(char::from_u32) else {
            return vm.overflow("%c arg not in range(0x110000)");
        };
        return Ok(render_number(false, "", "", &c.to_string(), &sp));
    }
    let (radix, prefix) = match t {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = i.abs().to_str_radix(radix);
    if t == 'X' {
        digits = digits.to_uppercase();
    }
    let prefix = if sp.alt { prefix } else { "" };
    Ok(render_number(i.is_negative(), prefix, &digits, "", &sp))
}

/// float.__format__ (CPython's format_float_internal): no type is repr-like (`g` with at least
/// one decimal when a precision is given), `n` is `g`, `%` is `f` of the value times 100.
fn format_float(x: f64, sp: &Spec) -> String {
    let (mut t, mut prec, mut add_dot_0, mut val) = (sp.ty.unwrap_or('r'), 6, false, x);
    match sp.ty {
        None => {
            add_dot_0 = true;
            prec = 0;
        }
        Some('n') => t = 'g',
        Some('%') => {
            t = 'f';
            val *= 100.0;
        }
        _ => {}
    }
    if let Some(p) = sp.precision {
        prec = p;
        if t == 'r' {
            t = 'g';
        }
    } else if t == 'r' {
        add_dot_0 = true;
    }
    let (neg, mut body) = double_to_string(val, t, prec, sp.alt, add_dot_0, sp.no_neg_0);
    if sp.ty == Some('%') {
        body.push('%');
    }
    let (digits, rest) = split_digits(&body);
    render_number(neg, "", digits, rest, sp)
}

/// str.__format__ (CPython's format_string_internal).
fn format_str(vm: &mut Vm, v: &ObjRef, spec: &str) -> PyResult<String> {
    let sp = parse(vm, v, spec, Some('s'), '<')?;
    if let Some(t) = sp.ty.filter(|&t| t != 's') {
        return unknown_code(vm, v, t);
    }
    if sp.sign.is_some() {
        return vm.value_error("Sign not allowed in string format specifier");
    }
    if sp.no_neg_0 {
        return vm.value_error("Negative zero coercion (z) not allowed in string format specifier");
    }
    if sp.alt {
        return vm.value_error("Alternate form (#) not allowed in string format specifier");
    }
    if sp.align == '=' {
        return vm.value_error("'=' alignment not allowed in string format specifier");
    }
    let s = &v.expect::<StrObj>().s;
    let s: String = match sp.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    Ok(formatspec::pad_text(&s, &sp))
}

/// complex.__format__ (CPython's format_complex_internal): each part formatted as a float, the
/// imaginary one always signed; without a type, parentheses unless the real part is +0 (which is
/// left out), and the parts in repr style or, given a precision, `g` style.
fn format_complex(
    vm: &mut Vm,
    v: &ObjRef,
    z: crate::object::complex::ComplexObj,
    sp: Spec,
) -> PyResult<String> {
    if sp.fill == '0' {
        return vm.value_error("Zero padding is not allowed in complex format specifier");
    }
    if sp.align == '=' {
        return vm.value_error("'=' alignment flag is not allowed in complex format specifier");
    }
    let mut t = match sp.ty {
        None => 'r',
        Some('n') => 'g',
        Some(t @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G')) => t,
        Some(t) => return unknown_code(vm, v, t),
    };
    let (mut skip_re, mut parens) = (false, false);
    if t == 'r' {
        skip_re = z.re == 0.0 && z.re.is_sign_positive();
        parens = !skip_re;
    }
    let prec = match sp.precision {
        Some(p) => {
            if t == 'r' {
                t = 'g';
            }
            p
        }
        None if t == 'r' => 0,
        None => 6,
    };
    let part = |x: f64, sign: Option<char>| {
        let (neg, body) = double_to_string(x, t, prec, sp.alt, false, sp.no_neg_0);
        let (digits, rest) = split_digits(&body);
        let tmp = Spec { fill: ' ', align: '<', width: None, sign, ..sp.clone() };
        render_number(neg, "", digits, rest, &tmp)
    };
    let mut body = String::new();
    if parens {
        body.push('(');
    }
    if !skip_re {
        body.push_str(&part(z.re, sp.sign));
    }
    body.push_str(&part(z.im, if skip_re { sp.sign } else { Some('+') }));
    body.push('j');
    if parens {
        body.push(')');
    }
    Ok(formatspec::pad_text(&body, &sp))
}
