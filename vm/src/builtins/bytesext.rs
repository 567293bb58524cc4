//! More bytes and bytearray methods: fromhex, hex with separators, maketrans/translate,
//! padding (center/ljust/rjust/zfill/expandtabs), ASCII case methods and predicates,
//! removeprefix/removesuffix. Results keep the receiver's type (bytes or bytearray).

use super::{add_attr, add_methods, check_args, new_builtin};
use crate::heap::{Kind, ObjRef};
use crate::object::bytes::BytesObj;
use crate::object::misc::WrapperObj;
use crate::object::str::StrObj;
use crate::{PyResult, Vm};

pub fn install(vm: &mut Vm) {
    for ty in [vm.t.bytes.clone(), vm.t.bytearray.clone()] {
        add_methods(
            vm,
            &ty,
            &[
                ("hex", hex),
                ("translate", translate),
                ("center", center),
                ("ljust", ljust),
                ("rjust", rjust),
                ("zfill", zfill),
                ("expandtabs", expandtabs),
                ("title", title),
                ("capitalize", capitalize),
                ("swapcase", swapcase),
                ("istitle", istitle),
                ("isascii", isascii),
                ("removeprefix", removeprefix),
                ("removesuffix", removesuffix),
                ("splitlines", splitlines),
            ],
        );
        let fh = new_builtin(vm, "fromhex", fromhex);
        let cm = ObjRef::new(&vm.t.classmethod, WrapperObj(fh));
        add_attr(vm, &ty, "fromhex", cm);
        let mt = new_builtin(vm, "maketrans", maketrans);
        let sm = ObjRef::new(&vm.t.staticmethod, WrapperObj(mt));
        add_attr(vm, &ty, "maketrans", sm);
    }
}

fn me(o: &ObjRef) -> Vec<u8> {
    super::byteslike::data(o).unwrap_or_default()
}

/// A result of the receiver's kind.
fn like(vm: &Vm, o: &ObjRef, v: Vec<u8>) -> ObjRef {
    if o.kind() == Kind::ByteArray {
        super::byteslike::new_bytearray(vm, v)
    } else {
        ObjRef::new(&vm.t.bytes, BytesObj::new(&v))
    }
}

fn buf(vm: &mut Vm, o: &ObjRef) -> PyResult<Vec<u8>> {
    match super::byteslike::data(o) {
        Some(b) => Ok(b),
        None => vm.type_error(format!("a bytes-like object is required, not '{}'", vm.type_name(o))),
    }
}

fn fromhex(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "fromhex", a, 2, 2)?;
    let Some(s) = a[1].get::<StrObj>() else {
        return vm.type_error(format!("fromhex() argument must be str, not {}", vm.type_name(&a[1])));
    };
    let chars: Vec<char> = s.s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let hi = chars[i].to_digit(16).filter(|_| chars[i].is_ascii());
        let lo = chars.get(i + 1).and_then(|c| c.to_digit(16).filter(|_| c.is_ascii()));
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            (None, _) => {
                return vm
                    .value_error(format!("non-hexadecimal number found in fromhex() arg at position {i}"))
            }
            (Some(_), None) => {
                return vm.value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {}",
                    i + 1
                ))
            }
        }
        i += 2;
    }
    let cls = a[0].clone();
    if cls.is(&vm.t.bytes) {
        return Ok(ObjRef::new(&vm.t.bytes, BytesObj::new(&out)));
    }
    if cls.is(&vm.t.bytearray) {
        return Ok(super::byteslike::new_bytearray(vm, out));
    }
    let b = ObjRef::new(&vm.t.bytes, BytesObj::new(&out));
    vm.call(&cls, &[b], &[])
}

pub(crate) fn hex(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = super::split_args(args, kwnames);
    let mut sep = pos.get(1).cloned();
    let mut per = pos.get(2).cloned();
    for (k, v) in kws {
        match k {
            "sep" => sep = Some(v.clone()),
            "bytes_per_sep" => per = Some(v.clone()),
            _ => return vm.type_error(format!("hex() got an unexpected keyword argument '{k}'")),
        }
    }
    let b = me(&pos[0]);
    let digits: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
    let Some(sep) = sep else { return Ok(vm.new_string(digits.concat())) };
    let sep = match sep.get::<StrObj>() {
        Some(s) => s.s.to_string(),
        None => match super::byteslike::data(&sep) {
            Some(b) => String::from_utf8_lossy(&b).into_owned(),
            // CPython takes the separator's len() first.
            None => return vm.type_error(format!("object of type '{}' has no len()", vm.type_name(&sep))),
        },
    };
    if sep.chars().count() != 1 {
        return vm.value_error("sep must be length 1.");
    }
    if !sep.is_ascii() {
        return vm.value_error("sep must be ASCII.");
    }
    let per = match per {
        Some(p) => vm.to_i64(&p)?,
        None => 1,
    };
    if per == 0 || digits.is_empty() {
        return Ok(vm.new_string(digits.concat()));
    }
    // Groups of |per| bytes, counted from the right when per > 0, from the left otherwise.
    let n = per.unsigned_abs() as usize;
    let mut groups: Vec<String> = Vec::new();
    if per > 0 {
        let mut end = digits.len();
        while end > 0 {
            let start = end.saturating_sub(n);
            groups.push(digits[start..end].concat());
            end = start;
        }
        groups.reverse();
    } else {
        for c in digits.chunks(n) {
            groups.push(c.concat());
        }
    }
    Ok(vm.new_string(groups.join(&sep)))
}

fn maketrans(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "maketrans", a, 2, 2)?;
    let (from, to) = (buf(vm, &a[0])?, buf(vm, &a[1])?);
    if from.len() != to.len() {
        return vm.value_error("maketrans arguments must have same length");
    }
    let mut t: Vec<u8> = (0..=255).collect();
    for (f, x) in from.iter().zip(&to) {
        t[*f as usize] = *x;
    }
    Ok(ObjRef::new(&vm.t.bytes, BytesObj::new(&t)))
}

fn translate(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = super::split_args(args, kwnames);
    check_args(vm, "translate", &pos[1..], 1, 2)?;
    let mut delete = pos.get(2).cloned();
    for (k, v) in kws {
        if k != "delete" {
            return vm.type_error(format!("translate() got an unexpected keyword argument '{k}'"));
        }
        delete = Some(v.clone());
    }
    let table = if pos[1].is(&vm.none) { None } else { Some(buf(vm, &pos[1])?) };
    if table.as_ref().is_some_and(|t| t.len() != 256) {
        return vm.value_error("translation table must be 256 characters long");
    }
    let del = match delete {
        Some(d) => buf(vm, &d)?,
        None => vec![],
    };
    let out: Vec<u8> = me(&pos[0])
        .into_iter()
        .filter(|b| !del.contains(b))
        .map(|b| table.as_ref().map_or(b, |t| t[b as usize]))
        .collect();
    Ok(like(vm, &pos[0], out))
}

fn pad_args(vm: &mut Vm, a: &[ObjRef], name: &str) -> PyResult<(usize, u8)> {
    if a.len() < 2 || a.len() > 3 {
        return vm.type_error(format!("{name} expected at least 1 argument, got {}", a.len() - 1));
    }
    let w = vm.to_i64(&a[1])?.max(0) as usize;
    let fill = match a.get(2) {
        Some(f) => {
            let b = buf(vm, f).ok().filter(|b| b.len() == 1 && f.kind() != Kind::Str);
            match b {
                Some(b) => b[0],
                None => {
                    return vm.type_error(format!(
                        "{name}() argument 2 must be a byte string of length 1, not {}",
                        vm.type_name(f)
                    ))
                }
            }
        }
        None => b' ',
    };
    Ok((w, fill))
}

fn center(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (w, fill) = pad_args(vm, a, "center")?;
    let b = me(&a[0]);
    if w <= b.len() {
        return Ok(like(vm, &a[0], b));
    }
    let total = w - b.len();
    let left = total / 2 + (total & w & 1);
    let mut out = vec![fill; left];
    out.extend(&b);
    out.resize(w, fill);
    Ok(like(vm, &a[0], out))
}

fn ljust(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (w, fill) = pad_args(vm, a, "ljust")?;
    let mut b = me(&a[0]);
    if b.len() < w {
        b.resize(w, fill);
    }
    Ok(like(vm, &a[0], b))
}

fn rjust(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (w, fill) = pad_args(vm, a, "rjust")?;
    let b = me(&a[0]);
    let mut out = vec![fill; w.saturating_sub(b.len())];
    out.extend(b);
    Ok(like(vm, &a[0], out))
}

fn zfill(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "zfill", a, 2, 2)?;
    let w = vm.to_i64(&a[1])?.max(0) as usize;
    let b = me(&a[0]);
    if w <= b.len() {
        return Ok(like(vm, &a[0], b));
    }
    let signed = matches!(b.first(), Some(b'+' | b'-'));
    let mut out = Vec::with_capacity(w);
    if signed {
        out.push(b[0]);
    }
    out.extend(std::iter::repeat_n(b'0', w - b.len()));
    out.extend(&b[signed as usize..]);
    Ok(like(vm, &a[0], out))
}

fn expandtabs(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "expandtabs", a, 1, 2)?;
    let size = match a.get(1) {
        Some(s) => vm.to_i64(s)?,
        None => 8,
    };
    let mut out = Vec::new();
    let mut col: i64 = 0;
    for c in me(&a[0]) {
        match c {
            b'\t' if size > 0 => {
                let n = size - col % size;
                out.extend(std::iter::repeat_n(b' ', n as usize));
                col += n;
            }
            b'\t' => {}
            b'\n' | b'\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(like(vm, &a[0], out))
}

fn title(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let mut prev = false;
    let out: Vec<u8> = me(&a[0])
        .into_iter()
        .map(|c| {
            let r = if prev { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() };
            prev = c.is_ascii_alphabetic();
            r
        })
        .collect();
    Ok(like(vm, &a[0], out))
}

fn capitalize(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let out: Vec<u8> = me(&a[0])
        .into_iter()
        .enumerate()
        .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
        .collect();
    Ok(like(vm, &a[0], out))
}

fn swapcase(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let out: Vec<u8> = me(&a[0])
        .into_iter()
        .map(|c| if c.is_ascii_uppercase() { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() })
        .collect();
    Ok(like(vm, &a[0], out))
}

fn istitle(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (mut cased, mut prev) = (false, false);
    for c in me(&a[0]) {
        if c.is_ascii_uppercase() {
            if prev {
                return Ok(vm.false_.clone());
            }
            prev = true;
            cased = true;
        } else if c.is_ascii_lowercase() {
            if !prev {
                return Ok(vm.false_.clone());
            }
            prev = true;
            cased = true;
        } else {
            prev = false;
        }
    }
    Ok(vm.new_bool(cased))
}

fn isascii(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let r = me(&a[0]).is_ascii();
    Ok(vm.new_bool(r))
}

fn removeprefix(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "removeprefix", a, 2, 2)?;
    let (b, p) = (me(&a[0]), buf(vm, &a[1])?);
    let out = b.strip_prefix(&p[..]).map(<[u8]>::to_vec).unwrap_or(b);
    Ok(like(vm, &a[0], out))
}

fn removesuffix(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "removesuffix", a, 2, 2)?;
    let (b, p) = (me(&a[0]), buf(vm, &a[1])?);
    let out = if p.is_empty() { b } else { b.strip_suffix(&p[..]).map(<[u8]>::to_vec).unwrap_or(b) };
    Ok(like(vm, &a[0], out))
}

fn splitlines(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = super::split_args(args, kwnames);
    check_args(vm, "splitlines", &pos[1..], 0, 1)?;
    let mut keep = pos.get(1).cloned();
    for (k, v) in kws {
        if k != "keepends" {
            return vm.type_error(format!("splitlines() got an unexpected keyword argument '{k}'"));
        }
        keep = Some(v.clone());
    }
    let keep = match keep {
        Some(k) => vm.truthy(&k)?,
        None => false,
    };
    // Only \n, \r and \r\n end lines in bytes.
    let b = me(&pos[0]);
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let eol = match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => 2,
            b'\n' | b'\r' => 1,
            _ => 0,
        };
        if eol == 0 {
            i += 1;
            continue;
        }
        let end = if keep { i + eol } else { i };
        out.push(like(vm, &pos[0], b[start..end].to_vec()));
        i += eol;
        start = i;
    }
    if start < b.len() {
        out.push(like(vm, &pos[0], b[start..].to_vec()));
    }
    Ok(vm.new_list(out))
}
