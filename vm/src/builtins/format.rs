//! `format()` with the format-spec mini-language, `str.format`, and `%` formatting.

use crate::heap::{Kind, ObjRef};
use crate::object::float::{self, FloatObj};
use crate::object::int::{Int, IntObj};
use crate::object::seq::TupleObj;
use crate::object::str::StrObj;
use crate::runtime::attr::lookup_type;
use crate::{PyResult, Vm};

#[derive(Default, Debug)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(s: &str) -> Option<Spec> {
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut sp = Spec::default();
    if c.len() >= 2 && matches!(c[1], '<' | '>' | '^' | '=') {
        sp.fill = Some(c[0]);
        sp.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && matches!(c[0], '<' | '>' | '^' | '=') {
        sp.align = Some(c[0]);
        i = 1;
    }
    if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
        sp.sign = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == '#' {
        sp.alt = true;
        i += 1;
    }
    if i < c.len() && c[i] == '0' {
        sp.zero = true;
        i += 1;
    }
    let st = i;
    while i < c.len() && c[i].is_ascii_digit() {
        i += 1;
    }
    if i > st {
        sp.width = c[st..i].iter().collect::<String>().parse().ok()?;
    }
    if i < c.len() && matches!(c[i], ',' | '_') {
        sp.grouping = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == '.' {
        i += 1;
        let st = i;
        while i < c.len() && c[i].is_ascii_digit() {
            i += 1;
        }
        if i == st {
            return None;
        }
        sp.precision = Some(c[st..i].iter().collect::<String>().parse().ok()?);
    }
    if i < c.len() {
        sp.ty = Some(c[i]);
        i += 1;
    }
    if i != c.len() {
        return None;
    }
    Some(sp)
}

fn group(digits: &str, sep: char, every: usize) -> String {
    let n = digits.len();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

fn pad(body: String, sign: &str, sp: &Spec, default_right: bool) -> String {
    let len = body.chars().count() + sign.chars().count();
    let fill = sp.fill.unwrap_or(if sp.zero && sp.align.is_none() { '0' } else { ' ' });
    let align = sp.align.unwrap_or(if sp.zero && sp.fill.is_none() {
        '='
    } else if default_right {
        '>'
    } else {
        '<'
    });
    if len >= sp.width {
        return format!("{sign}{body}");
    }
    let n = sp.width - len;
    let f = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    match align {
        '<' => format!("{sign}{body}{}", f(n)),
        '>' => format!("{}{sign}{body}", f(n)),
        '^' => format!("{}{sign}{body}{}", f(n / 2), f(n - n / 2)),
        _ => format!("{sign}{}{body}", f(n)),
    }
}

fn sign_str(neg: bool, sp: &Spec) -> &'static str {
    if neg {
        "-"
    } else {
        match sp.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    }
}

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
    let Some(sp) = parse_spec(spec) else {
        return vm.value_error("Invalid format specifier");
    };
    let out = match v.kind() {
        Kind::Int if !matches!(sp.ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) => {
            let i = v.expect::<IntObj>().0.clone();
            if sp.ty == Some('c') {
                let Some(n) = i.as_i64() else {
                    return vm.overflow("Python int too large to convert to C long");
                };
                let Some(c) = u32::try_from(n).ok().filter(|&n| n < 0x110000).and_then(char::from_u32) else {
                    return vm.overflow("%c arg not in range(0x110000)");
                };
                pad(c.to_string(), "", &sp, false)
            } else {
                let (radix, prefix) = match sp.ty {
                    Some('b') => (2, "0b"),
                    Some('o') => (8, "0o"),
                    Some('x') => (16, "0x"),
                    Some('X') => (16, "0X"),
                    None | Some('d') | Some('n') => (10, ""),
                    Some(t) => {
                        return vm.value_error(format!("Unknown format code '{t}' for object of type 'int'"))
                    }
                };
                if sp.precision.is_some() {
                    return vm.value_error("Precision not allowed in integer format specifier");
                }
                let mut digits = i.abs().to_str_radix(radix);
                if sp.ty == Some('X') {
                    digits = digits.to_uppercase();
                }
                if let Some(g) = sp.grouping {
                    digits = group(&digits, g, if radix == 10 { 3 } else { 4 });
                }
                let sign = format!("{}{}", sign_str(i.is_negative(), &sp), if sp.alt { prefix } else { "" });
                pad(digits, &sign, &sp, true)
            }
        }
        Kind::Int | Kind::Float => {
            let f = match v.kind() {
                Kind::Float => v.expect::<FloatObj>().0,
                _ => vm.to_f64(v)?,
            };
            let body = format_float(f.abs(), &sp);
            let body = match sp.grouping {
                Some(g) => {
                    let (ip, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
                        Some(p) => body.split_at(p),
                        None => (&body[..], ""),
                    };
                    format!("{}{}", group(ip, g, 3), rest)
                }
                None => body,
            };
            let neg = f.is_sign_negative() && !f.is_nan();
            pad(body, sign_str(neg, &sp), &sp, true)
        }
        Kind::Complex => {
            let z = *v.expect::<crate::object::complex::ComplexObj>();
            format_complex(vm, z, sp)?
        }
        Kind::Str => {
            if matches!(sp.ty, Some(t) if t != 's') {
                return vm.value_error(format!(
                    "Unknown format code '{}' for object of type 'str'",
                    sp.ty.unwrap_or('s')
                ));
            }
            if sp.sign.is_some() {
                return vm.value_error("Sign not allowed in string format specifier");
            }
            let mut s = v.expect::<StrObj>().s.to_string();
            if let Some(p) = sp.precision {
                s = s.chars().take(p).collect();
            }
            pad(s, "", &sp, false)
        }
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

/// `format(z, spec)` (CPython's format_complex_internal): each part formatted as a float, the
/// imaginary one always signed; without a type, parentheses unless the real part is +0 (which is
/// left out), and the parts in repr style or, given a precision, `g` style.
fn format_complex(vm: &mut Vm, z: crate::object::complex::ComplexObj, mut sp: Spec) -> PyResult<String> {
    if (sp.zero && sp.fill.is_none()) || sp.fill == Some('0') {
        return vm.value_error("Zero padding is not allowed in complex format specifier");
    }
    if sp.align == Some('=') {
        return vm.value_error("'=' alignment flag is not allowed in complex format specifier");
    }
    if let Some(t) = sp.ty {
        if !matches!(t, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n') {
            return vm.value_error(format!("Unknown format code '{t}' for object of type 'complex'"));
        }
    }
    let omitted = sp.ty.is_none();
    let (skip_re, parens) = if omitted {
        let skip = z.re == 0.0 && z.re.is_sign_positive();
        (skip, !skip)
    } else {
        (false, false)
    };
    if sp.ty == Some('n') {
        sp.ty = Some('g');
    }
    let part = |x: f64, sp: &Spec| -> String {
        let body = if omitted && sp.precision.is_none() {
            let r = float::repr(x.abs());
            r.strip_suffix(".0").map(str::to_string).unwrap_or(r)
        } else if omitted {
            let g = Spec { ty: Some('g'), precision: sp.precision, alt: sp.alt, ..Spec::default() };
            format_float(x.abs(), &g)
        } else {
            format_float(x.abs(), sp)
        };
        match sp.grouping {
            Some(g) => {
                let (ip, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
                    Some(p) => body.split_at(p),
                    None => (&body[..], ""),
                };
                format!("{}{}", group(ip, g, 3), rest)
            }
            None => body,
        }
    };
    let neg = |x: f64| x.is_sign_negative() && !x.is_nan();
    let mut body = String::new();
    if parens {
        body.push('(');
    }
    if !skip_re {
        body.push_str(sign_str(neg(z.re), &sp));
        body.push_str(&part(z.re, &sp));
    }
    let im_sign = if skip_re {
        sign_str(neg(z.im), &sp)
    } else if neg(z.im) {
        "-"
    } else {
        "+"
    };
    body.push_str(im_sign);
    body.push_str(&part(z.im, &sp));
    body.push('j');
    if parens {
        body.push(')');
    }
    Ok(pad(body, "", &sp, true))
}

fn format_float(f: f64, sp: &Spec) -> String {
    let prec = sp.precision;
    let special = |s: &str, upper: bool| if upper { s.to_uppercase() } else { s.to_string() };
    let upper = matches!(sp.ty, Some('E' | 'F' | 'G'));
    if f.is_infinite() {
        return special("inf", upper);
    }
    if f.is_nan() {
        return special("nan", upper);
    }
    match sp.ty {
        // `#` keeps the decimal point of a zero precision.
        Some('f' | 'F') if sp.alt && prec == Some(0) => format!("{f:.0}."),
        Some('f' | 'F') => format!("{:.*}", prec.unwrap_or(6), f),
        Some('%') => format!("{:.*}%", prec.unwrap_or(6), f * 100.0),
        Some('e' | 'E') => {
            let s = exp_format(f, prec.unwrap_or(6));
            if upper {
                s.to_uppercase()
            } else {
                s
            }
        }
        Some('g' | 'G') | Some('n') => {
            let s = general_format(f, prec.unwrap_or(6).max(1), sp.alt);
            if upper {
                s.to_uppercase()
            } else {
                s
            }
        }
        None => match prec {
            None => float::repr(f),
            Some(p) => {
                let s = general_format(f, p.max(1), sp.alt);
                if s.contains(['.', 'e', 'n', 'i']) {
                    s
                } else {
                    format!("{s}.0")
                }
            }
        },
        _ => float::repr(f),
    }
}

fn exp_format(f: f64, prec: usize) -> String {
    let s = format!("{:.*e}", prec, f);
    let (m, e) = s.split_once('e').expect("exponent");
    let e: i32 = e.parse().expect("digits");
    format!("{}e{}{:02}", m, if e < 0 { '-' } else { '+' }, e.abs())
}

fn general_format(f: f64, prec: usize, alt: bool) -> String {
    if f == 0.0 {
        return if alt { format!("{:.*}", prec - 1, 0.0) } else { "0".into() };
    }
    let s = format!("{:.*e}", prec - 1, f);
    let (_, e) = s.split_once('e').expect("exponent");
    let exp: i32 = e.parse().expect("digits");
    let out = if exp >= -4 && exp < prec as i32 {
        format!("{:.*}", (prec as i32 - 1 - exp).max(0) as usize, f)
    } else {
        exp_format(f, prec - 1)
    };
    if alt {
        return out;
    }
    // Strip trailing zeros of the fraction.
    match out.split_once('e') {
        Some((m, e)) => {
            let m = if m.contains('.') { m.trim_end_matches('0').trim_end_matches('.') } else { m };
            format!("{m}e{e}")
        }
        None if out.contains('.') => out.trim_end_matches('0').trim_end_matches('.').to_string(),
        None => out,
    }
}

/// `str.format(*args, **kwargs)`.
/// `fmt % args` for str.
fn has_dunder(vm: &mut Vm, v: &ObjRef, name: &str) -> bool {
    let key = vm.intern(name);
    v.kind() != Kind::Str && lookup_type(&v.ty().clone(), &key).is_some()
}

pub fn percent_format(vm: &mut Vm, fmt: &ObjRef, args: &ObjRef) -> PyResult {
    let f = fmt.expect::<StrObj>().s.to_string();
    let items: Vec<ObjRef> =
        if args.kind() == Kind::Tuple { args.expect::<TupleObj>().0.to_vec() } else { vec![args.clone()] };
    let mapping = if args.kind() == Kind::Dict { Some(args.clone()) } else { None };
    let mut idx = 0;
    let mut out = String::new();
    let chars: Vec<char> = f.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        if i >= chars.len() {
            return vm.value_error("incomplete format");
        }
        let mut key_val = None;
        if chars[i] == '(' {
            let end = chars[i..].iter().position(|&c| c == ')').map(|p| p + i);
            let Some(end) = end else { return vm.value_error("incomplete format key") };
            let key: String = chars[i + 1..end].iter().collect();
            let m = match &mapping {
                Some(m) => m.clone(),
                None => return vm.type_error("format requires a mapping"),
            };
            let k = vm.new_str(&key);
            key_val = Some(vm.getitem(&m, &k)?);
            i = end + 1;
        }
        let mut flags = String::new();
        while i < chars.len() && matches!(chars[i], '-' | '+' | ' ' | '#' | '0') {
            flags.push(chars[i]);
            i += 1;
        }
        let mut width = String::new();
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '*') {
            if chars[i] == '*' {
                let w = items.get(idx).cloned();
                idx += 1;
                let w = match w {
                    Some(w) if w.kind() == Kind::Int => vm.to_i64(&w)?,
                    Some(_) => return vm.type_error("* wants int"),
                    None => return vm.type_error("not enough arguments for format string"),
                };
                // A negative width from '*' means left alignment, as in C.
                if w < 0 {
                    flags.push('-');
                }
                width = w.unsigned_abs().to_string();
            } else {
                width.push(chars[i]);
            }
            i += 1;
        }
        let mut prec = None;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let mut p = String::new();
            if i < chars.len() && chars[i] == '*' {
                let v = items.get(idx).cloned();
                idx += 1;
                let v = match v {
                    Some(v) if v.kind() == Kind::Int => vm.to_i64(&v)?,
                    Some(_) => return vm.type_error("* wants int"),
                    None => return vm.type_error("not enough arguments for format string"),
                };
                p = v.max(0).to_string();
                i += 1;
            }
            while i < chars.len() && chars[i].is_ascii_digit() {
                p.push(chars[i]);
                i += 1;
            }
            prec = Some(p.parse::<usize>().unwrap_or(0));
        }
        if i >= chars.len() {
            return vm.value_error("incomplete format");
        }
        let conv = chars[i];
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let v = match key_val {
            Some(v) => v,
            None => {
                let v = match items.get(idx) {
                    Some(v) => v.clone(),
                    None => return vm.type_error("not enough arguments for format string"),
                };
                idx += 1;
                v
            }
        };
        let mut spec = String::new();
        if flags.contains('-') {
            spec.push('<');
        } else if flags.contains('0') && conv != 's' && conv != 'r' {
            spec.push('0');
        }
        if flags.contains('+') {
            spec.insert(0, '+');
            if spec.starts_with('+') && spec.len() > 1 {
                spec = format!("+{}", &spec[1..]);
            }
        } else if flags.contains(' ') {
            spec.insert(0, ' ');
        }
        if flags.contains('#') {
            spec.push('#');
        }
        let spec = {
            // Order: [align][sign][#][0][width][.prec][type]
            let align = if flags.contains('-') { "<" } else { "" };
            let sign = if flags.contains('+') {
                "+"
            } else if flags.contains(' ') {
                " "
            } else {
                ""
            };
            let alt = if flags.contains('#') { "#" } else { "" };
            let zero =
                if flags.contains('0') && !flags.contains('-') && !matches!(conv, 's' | 'r' | 'a' | 'c') {
                    "0"
                } else {
                    ""
                };
            let p = prec.map(|p| format!(".{p}")).unwrap_or_default();
            (align, sign, alt, zero, p)
        };
        let (align, sign, alt, zero, p) = spec;
        let piece = match conv {
            's' | 'r' | 'a' => {
                let s = match conv {
                    's' => vm.str(&v)?,
                    'r' => vm.repr(&v)?,
                    _ => super::ascii_escape(&vm.repr(&v)?),
                };
                let so = vm.new_string(s);
                // Text is right-aligned in its width unless '-' asks for the left.
                let talign = if flags.contains('-') { "<" } else { ">" };
                let sp = format!("{talign}{width}{p}");
                format(vm, &so, &sp)?
            }
            'd' | 'i' | 'u' => {
                let n = match v.kind() {
                    Kind::Int => vm.new_bigint(v.expect::<IntObj>().0.clone()),
                    Kind::Float => {
                        let fv = v.expect::<FloatObj>().0;
                        super::float_to_int(vm, fv.trunc())
                    }
                    // Other numbers through __index__, then __int__ (as PyNumber_Long).
                    _ if has_dunder(vm, &v, "__index__") || has_dunder(vm, &v, "__int__") => {
                        let int = vm.t.int.clone();
                        vm.call(&int, &[v.clone()], &[])?
                    }
                    _ => {
                        return vm.type_error(format!(
                            "%{} format: a real number is required, not {}",
                            conv,
                            vm.type_name(&v)
                        ))
                    }
                };
                format(vm, &n, &format!("{align}{sign}{zero}{width}d"))?
            }
            'x' | 'X' | 'o' => {
                let n = match v.get::<IntObj>() {
                    Some(x) => vm.new_bigint(x.0.clone()),
                    None if has_dunder(vm, &v, "__index__") => {
                        let i = vm.to_i64(&v)?;
                        vm.new_int(i)
                    }
                    None => {
                        return vm.type_error(format!(
                            "%{} format: an integer is required, not {}",
                            conv,
                            vm.type_name(&v)
                        ))
                    }
                };
                format(vm, &n, &format!("{align}{sign}{alt}{zero}{width}{conv}"))?
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                let fv = vm.to_f64(&v)?;
                let fo = vm.new_float(fv);
                let p = if p.is_empty() { ".6".to_string() } else { p };
                format(vm, &fo, &format!("{align}{sign}{alt}{zero}{width}{p}{conv}"))?
            }
            'c' => {
                // An int code point (or an __index__ object) in range, or a single character.
                let code = match v.get::<IntObj>() {
                    Some(i) => Some(i.0.as_i64()),
                    None if v.kind() != Kind::Str
                        && lookup_type(&v.ty().clone(), &vm.n.index.clone()).is_some() =>
                    {
                        Some(Some(vm.to_i64(&v)?))
                    }
                    None => None,
                };
                let s = match code {
                    Some(n) => match n
                        .and_then(|n| u32::try_from(n).ok())
                        .filter(|&n| n < 0x110000)
                        .and_then(char::from_u32)
                    {
                        Some(c) => c.to_string(),
                        None => return vm.overflow("%c arg not in range(0x110000)"),
                    },
                    None => match v.get::<StrObj>() {
                        Some(s) if s.nchars == 1 => s.s.to_string(),
                        _ => return vm.type_error("%c requires int or char"),
                    },
                };
                let so = vm.new_string(s);
                let talign = if flags.contains('-') { "<" } else { ">" };
                format(vm, &so, &format!("{talign}{width}"))?
            }
            c => {
                return vm.value_error(format!(
                    "unsupported format character '{}' (0x{:x}) at index {}",
                    c,
                    c as u32,
                    i - 1
                ))
            }
        };
        out.push_str(&piece.expect::<StrObj>().s);
    }
    if mapping.is_none() && idx < items.len() {
        return vm.type_error("not all arguments converted during string formatting");
    }
    Ok(vm.new_string(out))
}

#[allow(dead_code)]
fn _int(_: Int) {}
