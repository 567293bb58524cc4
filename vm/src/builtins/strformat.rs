//! `str.format` and `str.format_map`: CPython's replacement-field grammar (Objects/stringlib/
//! unicode_format.h): literal text with `{{`/`}}`, fields `name(.attr|[key])*!conv:spec` whose
//! spec may hold nested fields (two levels), one automatic-numbering counter shared by all.

use super::split_args;
use crate::heap::ObjRef;
use crate::object::str::StrObj;
use crate::{PyResult, Vm};

/// Where field names are looked up.
struct Args<'a> {
    pos: &'a [ObjRef],
    kws: Vec<(String, ObjRef)>,
    /// format_map's mapping (then there are no positional arguments).
    mapping: Option<ObjRef>,
}

/// Automatic (`{}`) versus manual (`{0}`) numbering: a format string may use only one.
#[derive(PartialEq)]
enum Numbering {
    Unknown,
    Auto(usize),
    Manual,
}

pub fn str_format(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    let fmt: Vec<char> = pos[0].expect::<StrObj>().s.chars().collect();
    let a = Args {
        pos: &pos[1..],
        kws: kws.into_iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        mapping: None,
    };
    let mut n = Numbering::Unknown;
    let s = build(vm, &fmt, &a, &mut n, 2)?;
    Ok(vm.new_string(s))
}

pub fn str_format_map(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    super::check_args(vm, "format_map", args, 2, 2)?;
    let fmt: Vec<char> = args[0].expect::<StrObj>().s.chars().collect();
    let a = Args { pos: &[], kws: vec![], mapping: Some(args[1].clone()) };
    let mut n = Numbering::Unknown;
    let s = build(vm, &fmt, &a, &mut n, 2)?;
    Ok(vm.new_string(s))
}

/// One replacement field, split.
struct Field {
    name: String,
    conversion: Option<char>,
    spec: String,
    spec_has_fields: bool,
}

fn build(vm: &mut Vm, fmt: &[char], a: &Args, n: &mut Numbering, depth: u32) -> PyResult<String> {
    if depth == 0 {
        return vm.value_error("Max string recursion exceeded");
    }
    let mut out = String::new();
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        if c == '}' {
            if fmt.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return vm.value_error("Single '}' encountered in format string");
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        match fmt.get(i + 1) {
            Some('{') => {
                out.push('{');
                i += 2;
                continue;
            }
            None => return vm.value_error("Single '{' encountered in format string"),
            _ => {}
        }
        let (field, next) = parse_field(vm, fmt, i + 1)?;
        i = next;
        let v = field_value(vm, &field.name, a, n)?;
        let v = match field.conversion {
            None => v,
            Some('r') => vm.repr_obj(&v)?,
            Some('s') => {
                let s = vm.str(&v)?;
                vm.new_string(s)
            }
            Some('a') => {
                let s = vm.repr(&v)?;
                vm.new_string(super::ascii_escape(&s))
            }
            Some(c) if (' '..'\x7f').contains(&c) && c != ' ' => {
                return vm.value_error(format!("Unknown conversion specifier {c}"))
            }
            Some(c) => return vm.value_error(format!("Unknown conversion specifier \\x{:x}", c as u32)),
        };
        let spec = if field.spec_has_fields {
            let chars: Vec<char> = field.spec.chars().collect();
            build(vm, &chars, a, n, depth - 1)?
        } else {
            field.spec
        };
        let s = super::format::format(vm, &v, &spec)?;
        out.push_str(&s.expect::<StrObj>().s);
    }
    Ok(out)
}

/// Parses the field that starts at `i` (just after its `{`); returns it and the index after
/// its closing `}`.
fn parse_field(vm: &mut Vm, fmt: &[char], mut i: usize) -> PyResult<(Field, usize)> {
    let start = i;
    let stop = loop {
        let Some(&c) = fmt.get(i) else {
            return vm.value_error("expected '}' before end of string");
        };
        match c {
            '{' => return vm.value_error("unexpected '{' in field name"),
            '[' => {
                while i < fmt.len() && fmt[i] != ']' {
                    i += 1;
                }
                if i >= fmt.len() {
                    return vm.value_error("expected '}' before end of string");
                }
                i += 1;
            }
            '}' | ':' | '!' => break c,
            _ => i += 1,
        }
    };
    let name: String = fmt[start..i].iter().collect();
    i += 1;
    let mut field = Field { name, conversion: None, spec: String::new(), spec_has_fields: false };
    if stop == '}' {
        return Ok((field, i));
    }
    if stop == '!' {
        let Some(&conv) = fmt.get(i) else {
            return vm.value_error("end of string while looking for conversion specifier");
        };
        field.conversion = Some(conv);
        i += 1;
        match fmt.get(i) {
            None => return vm.value_error("unmatched '{' in format spec"),
            Some('}') => return Ok((field, i + 1)),
            Some(':') => i += 1,
            Some(_) => return vm.value_error("expected ':' after conversion specifier"),
        }
    }
    let spec_start = i;
    let mut count = 1;
    while i < fmt.len() {
        match fmt[i] {
            '{' => {
                field.spec_has_fields = true;
                count += 1;
            }
            '}' => {
                count -= 1;
                if count == 0 {
                    field.spec = fmt[spec_start..i].iter().collect();
                    return Ok((field, i + 1));
                }
            }
            _ => {}
        }
        i += 1;
    }
    vm.value_error("unmatched '{' in format spec")
}

/// A field name's leading part: all digits is an index, anything else a keyword.
fn as_index(s: &str) -> Option<usize> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn field_value(vm: &mut Vm, name: &str, a: &Args, n: &mut Numbering) -> PyResult {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let (first, mut rest) = name.split_at(first_end);
    let index = if first.is_empty() {
        match n {
            Numbering::Manual => {
                return vm.value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                )
            }
            Numbering::Unknown => {
                *n = Numbering::Auto(1);
                Some(0)
            }
            Numbering::Auto(k) => {
                *k += 1;
                Some(*k - 1)
            }
        }
    } else if let Some(i) = as_index(first) {
        if matches!(n, Numbering::Auto(_)) {
            return vm
                .value_error("cannot switch from automatic field numbering to manual field specification");
        }
        *n = Numbering::Manual;
        Some(i)
    } else {
        None
    };
    let mut v = match index {
        Some(i) => {
            if a.mapping.is_some() {
                return vm.value_error("Format string contains positional fields");
            }
            match a.pos.get(i) {
                Some(v) => v.clone(),
                None => {
                    return vm
                        .index_error(format!("Replacement index {i} out of range for positional args tuple"))
                }
            }
        }
        None => match &a.mapping {
            Some(m) => {
                let k = vm.new_str(first);
                vm.getitem(m, &k)?
            }
            None => match a.kws.iter().find(|(k, _)| k == first) {
                Some((_, v)) => v.clone(),
                None => {
                    let ty = vm.t.exc.key_error.clone();
                    let k = vm.new_str(first);
                    return Err(vm.new_exc_args(&ty, vec![k]));
                }
            },
        },
    };
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return vm.value_error("Empty attribute in format string");
            }
            let an = vm.intern(&r[..end]);
            v = vm.getattr(&v, &an)?;
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else {
                return vm.value_error("Missing ']' in format string");
            };
            if end == 0 {
                return vm.value_error("Empty attribute in format string");
            }
            let key = &r[..end];
            let k = match as_index(key) {
                Some(i) => vm.new_int(i as i64),
                None => vm.new_str(key),
            };
            v = vm.getitem(&v, &k)?;
            rest = &r[end + 1..];
        } else {
            return vm.value_error("Only '.' or '[' may follow ']' in format field specifier");
        }
    }
    Ok(v)
}
