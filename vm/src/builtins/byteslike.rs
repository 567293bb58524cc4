//! `bytes` and `bytearray`: the constructors, the methods they share (a result has the receiver's
//! type, an argument may be either), and bytearray's mutation, subscripts and operators.

use super::{add_method, check_args, split_args};
use crate::heap::{Kind, ObjRef};
use crate::object::bytearray::ByteArrayObj;
use crate::object::bytes::BytesObj;
use crate::object::int::IntObj;
use crate::object::iter::IterState;
use crate::object::str::StrObj;
use crate::runtime::attr::lookup_type;
use crate::runtime::ops::CmpOp;
use crate::{PyResult, Vm};

type Native = crate::object::func::NativeFn;

pub fn install(vm: &mut Vm) {
    let shared: &[(&'static str, Native)] = &[
        ("decode", decode),
        ("hex", hex),
        ("count", count),
        ("find", find),
        ("rfind", rfind),
        ("index", index),
        ("rindex", rindex),
        ("startswith", startswith),
        ("endswith", endswith),
        ("replace", replace),
        ("split", split),
        ("rsplit", rsplit),
        ("join", join),
        ("strip", strip),
        ("lstrip", lstrip),
        ("rstrip", rstrip),
        ("upper", upper),
        ("lower", lower),
        ("isdigit", isdigit),
        ("isalpha", isalpha),
        ("isalnum", isalnum),
        ("isspace", isspace),
        ("isupper", isupper),
        ("islower", islower),
        ("partition", partition),
        ("rpartition", rpartition),
        ("__repr__", repr_method),
        ("__mod__", mod_method),
        ("__new__", new),
    ];
    for ty in [vm.t.bytes.clone(), vm.t.bytearray.clone()] {
        for &(n, f) in shared {
            add_method(vm, &ty, n, f);
        }
    }
    let ba = vm.t.bytearray.clone();
    let own: &[(&'static str, Native)] = &[
        ("append", append),
        ("extend", extend),
        ("pop", pop),
        ("insert", insert),
        ("remove", remove),
        ("clear", clear),
        ("copy", copy),
        ("reverse", reverse),
        ("__len__", len),
        ("__iter__", iter),
        ("__getitem__", getitem),
        ("__setitem__", setitem),
        ("__delitem__", delitem),
        ("__alloc__", alloc),
        ("__iadd__", iadd_method),
        ("__imul__", imul_method),
    ];
    for &(n, f) in own {
        add_method(vm, &ba, n, f);
    }
}

// ---- helpers -------------------------------------------------------------------------------

/// The contents of a bytes or bytearray (copied: Python code may resize the array meanwhile).
pub fn data(o: &ObjRef) -> Option<Vec<u8>> {
    match o.kind() {
        Kind::Bytes => Some(o.expect::<BytesObj>().b.to_vec()),
        Kind::ByteArray => Some(o.expect::<ByteArrayObj>().snapshot()),
        Kind::MemoryView => super::memview::contents(o),
        _ => None,
    }
}

/// The receiver of a shared method called through the class (`bytes.find(x, ...)`) must be a
/// buffer too.
fn recv(vm: &mut Vm, o: &ObjRef) -> PyResult<Vec<u8>> {
    match data(o) {
        Some(b) => Ok(b),
        None => vm.type_error(format!(
            "descriptor for 'bytes' objects doesn't apply to a '{}' object",
            vm.type_name(o)
        )),
    }
}

fn buffer(vm: &mut Vm, o: &ObjRef) -> PyResult<Vec<u8>> {
    match data(o) {
        Some(b) => Ok(b),
        None => vm.type_error(format!("a bytes-like object is required, not '{}'", vm.type_name(o))),
    }
}

/// A result of the receiver's kind.
fn like(vm: &Vm, recv: &ObjRef, v: Vec<u8>) -> ObjRef {
    if recv.kind() == Kind::ByteArray {
        new_bytearray(vm, v)
    } else {
        ObjRef::new(&vm.t.bytes, BytesObj::new(&v))
    }
}

pub fn new_bytearray(vm: &Vm, v: Vec<u8>) -> ObjRef {
    ObjRef::new(&vm.t.bytearray, ByteArrayObj::new(v))
}

fn array(o: &ObjRef) -> &ByteArrayObj {
    o.expect::<ByteArrayObj>()
}

/// A bytearray held by a memoryview keeps its size (CPython's _canresize); a change that leaves
/// the length as it is passes.
fn resizable(vm: &mut Vm, o: &ObjRef, new_len: usize) -> PyResult<()> {
    let a = array(o);
    if a.exported() && a.len() != new_len {
        let ty = vm.t.exc.buffer_error.clone();
        return vm.err(&ty, "Existing exports of data: object cannot be re-sized");
    }
    Ok(())
}

/// One byte from an int-like value.
fn byte(vm: &mut Vm, o: &ObjRef) -> PyResult<u8> {
    let v = match o.get::<IntObj>() {
        Some(i) => i.0.as_i64().unwrap_or(i64::MAX),
        None => vm.to_i64(o)?,
    };
    if !(0..256).contains(&v) {
        return vm.value_error("byte must be in range(0, 256)");
    }
    Ok(v as u8)
}

/// Bytes from an iterable of ints (or a buffer), for constructors, extend and slice assignment.
fn from_iterable(vm: &mut Vm, o: &ObjRef) -> PyResult<Vec<u8>> {
    if let Some(b) = data(o) {
        return Ok(b);
    }
    let it = vm.iter(o)?;
    let mut v = Vec::new();
    while let Some(x) = vm.next(&it)? {
        v.push(byte(vm, &x)?);
    }
    Ok(v)
}

/// The needle of find/count/index: a buffer or a single byte value.
fn needle(vm: &mut Vm, o: &ObjRef) -> PyResult<Vec<u8>> {
    if o.kind() == Kind::Int {
        return Ok(vec![byte(vm, o)?]);
    }
    if data(o).is_none() {
        return vm.type_error(format!(
            "argument should be integer or bytes-like object, not '{}'",
            vm.type_name(o)
        ));
    }
    buffer(vm, o)
}

/// The `[start[, end]]` window of a search, with slice semantics.
fn window(vm: &mut Vm, a: &[ObjRef], len: usize) -> PyResult<(usize, usize)> {
    let bound = |vm: &mut Vm, o: Option<&ObjRef>, dflt: i64| -> PyResult<i64> {
        match o {
            None => Ok(dflt),
            Some(o) if o.is(&vm.none) => Ok(dflt),
            Some(o) => {
                let v = vm.to_i64(o)?;
                Ok(if v < 0 { (v + len as i64).max(0) } else { v.min(len as i64) })
            }
        }
    };
    let s = bound(vm, a.first(), 0)? as usize;
    let e = bound(vm, a.get(1), len as i64)? as usize;
    Ok((s, e))
}

fn find_in(hay: &[u8], pat: &[u8], s: usize, e: usize, rev: bool) -> Option<usize> {
    if s > e || e - s < pat.len() {
        return None;
    }
    let w = &hay[s..e];
    let last = w.len() - pat.len();
    let hit = |i: &usize| &w[*i..*i + pat.len()] == pat;
    let r = if rev { (0..=last).rev().find(hit) } else { (0..=last).find(hit) };
    r.map(|i| i + s)
}

fn search(vm: &mut Vm, a: &[ObjRef], name: &str, rev: bool) -> PyResult<Option<usize>> {
    check_args(vm, name, &a[1..], 1, 3)?;
    let hay = recv(vm, &a[0])?;
    let pat = needle(vm, &a[1])?;
    let (s, e) = window(vm, &a[2..], hay.len())?;
    Ok(find_in(&hay, &pat, s, e, rev))
}

fn found(vm: &mut Vm, r: Option<usize>) -> PyResult {
    Ok(vm.new_int(r.map_or(-1, |i| i as i64)))
}

// ---- shared methods ------------------------------------------------------------------------

pub fn decode(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(a, kw);
    let mut encoding = pos.get(1).map(|e| vm.str(e)).transpose()?.unwrap_or_else(|| "utf-8".into());
    let mut errors = pos.get(2).map(|e| vm.str(e)).transpose()?.unwrap_or_else(|| "strict".into());
    for (k, v) in kws {
        match k {
            "encoding" => encoding = vm.str(v)?,
            "errors" => errors = vm.str(v)?,
            _ => return vm.type_error(format!("decode() got an unexpected keyword argument '{k}'")),
        }
    }
    let b = recv(vm, &a[0])?;
    let enc = encoding.to_ascii_lowercase().replace('_', "-");
    let s = match enc.as_str() {
        "utf-8" | "utf8" => match std::str::from_utf8(&b) {
            Ok(s) => s.to_string(),
            Err(e) if errors == "strict" => {
                let pos = e.valid_up_to();
                let what = match (e.error_len(), b[pos]) {
                    (None, _) => "unexpected end of data",
                    (Some(_), 0xc2..=0xf4) => "invalid continuation byte",
                    _ => "invalid start byte",
                };
                let ty = vm.t.exc.unicode_decode_error.clone();
                return vm.err(
                    &ty,
                    format!("'utf-8' codec can't decode byte 0x{:02x} in position {pos}: {what}", b[pos]),
                );
            }
            Err(_) if errors == "ignore" => b.utf8_chunks().map(|c| c.valid()).collect(),
            Err(_) => String::from_utf8_lossy(&b).into_owned(),
        },
        "ascii" | "us-ascii" => {
            if let Some(pos) = b.iter().position(|&c| c >= 128) {
                if errors == "strict" {
                    let ty = vm.t.exc.unicode_decode_error.clone();
                    return vm.err(
                        &ty,
                        format!(
                            "'ascii' codec can't decode byte 0x{:02x} in position {pos}: ordinal not in range(128)",
                            b[pos]
                        ),
                    );
                }
            }
            b.iter().map(|&c| if c < 128 { c as char } else { '\u{fffd}' }).collect()
        }
        "latin-1" | "latin1" | "iso-8859-1" => b.iter().map(|&c| c as char).collect(),
        _ => {
            let ty = vm.t.exc.lookup_error.clone();
            return vm.err(&ty, format!("unknown encoding: {encoding}"));
        }
    };
    Ok(vm.new_string(s))
}

fn hex(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let b = recv(vm, &a[0])?;
    Ok(vm.new_string(pyrite_ir::code::hex(&b)))
}

fn count(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "count", &a[1..], 1, 3)?;
    let hay = recv(vm, &a[0])?;
    let pat = needle(vm, &a[1])?;
    let (mut s, e) = window(vm, &a[2..], hay.len())?;
    let mut n = 0;
    if pat.is_empty() {
        n = if s <= e { e - s + 1 } else { 0 };
    } else {
        while let Some(i) = find_in(&hay, &pat, s, e, false) {
            n += 1;
            s = i + pat.len();
        }
    }
    Ok(vm.new_int(n as i64))
}

fn find(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let r = search(vm, a, "find", false)?;
    found(vm, r)
}

fn rfind(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let r = search(vm, a, "rfind", true)?;
    found(vm, r)
}

fn index(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    match search(vm, a, "index", false)? {
        Some(i) => Ok(vm.new_int(i as i64)),
        None => vm.value_error("subsection not found"),
    }
}

fn rindex(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    match search(vm, a, "rindex", true)? {
        Some(i) => Ok(vm.new_int(i as i64)),
        None => vm.value_error("subsection not found"),
    }
}

fn affix(vm: &mut Vm, a: &[ObjRef], name: &str, end: bool) -> PyResult {
    check_args(vm, name, &a[1..], 1, 3)?;
    let hay = recv(vm, &a[0])?;
    let (s, e) = window(vm, &a[2..], hay.len())?;
    let cands = match a[1].kind() {
        Kind::Tuple => a[1].expect::<crate::object::seq::TupleObj>().0.to_vec(),
        _ if data(&a[1]).is_some() => vec![a[1].clone()],
        _ => {
            return vm.type_error(format!(
                "{name} first arg must be bytes or a tuple of bytes, not {}",
                vm.type_name(&a[1])
            ))
        }
    };
    for c in cands {
        let p = buffer(vm, &c)?;
        if s <= e && e - s >= p.len() {
            let w = &hay[s..e];
            let hit = if end { w.ends_with(&p) } else { w.starts_with(&p) };
            if hit {
                return Ok(vm.true_.clone());
            }
        }
    }
    Ok(vm.false_.clone())
}

fn startswith(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    affix(vm, a, "startswith", false)
}

fn endswith(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    affix(vm, a, "endswith", true)
}

fn replace(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "replace", &a[1..], 2, 3)?;
    let b = recv(vm, &a[0])?;
    let old = buffer(vm, &a[1])?;
    let new = buffer(vm, &a[2])?;
    let mut limit = match a.get(3) {
        Some(n) => vm.to_i64(n)?,
        None => -1,
    };
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    if old.is_empty() {
        // An empty pattern matches before every byte and at the end.
        while i <= b.len() {
            if limit != 0 {
                out.extend_from_slice(&new);
                limit -= 1;
            }
            if i < b.len() {
                out.push(b[i]);
            }
            i += 1;
        }
        return Ok(like(vm, &a[0], out));
    }
    while i < b.len() {
        if limit != 0 && b[i..].starts_with(&old) {
            out.extend_from_slice(&new);
            i += old.len();
            limit -= 1;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Ok(like(vm, &a[0], out))
}

fn split_args_sep(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef], name: &str) -> PyResult<(Option<Vec<u8>>, i64)> {
    let (pos, kws) = split_args(a, kw);
    check_args(vm, name, &pos[1..], 0, 2)?;
    let mut sep = pos.get(1).cloned();
    let mut max = pos.get(2).cloned();
    for (k, v) in kws {
        match k {
            "sep" => sep = Some(v.clone()),
            "maxsplit" => max = Some(v.clone()),
            _ => return vm.type_error(format!("{name}() got an unexpected keyword argument '{k}'")),
        }
    }
    let sep = match sep {
        Some(s) if !s.is(&vm.none) => {
            let s = buffer(vm, &s)?;
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

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn split_parts(b: &[u8], sep: Option<&[u8]>, max: i64, rev: bool) -> Vec<Vec<u8>> {
    let mut parts: Vec<Vec<u8>> = Vec::new();
    let mut left = max;
    match sep {
        Some(sep) => {
            let mut rest = b.to_vec();
            loop {
                if left == 0 {
                    break;
                }
                let at = if rev {
                    find_in(&rest, sep, 0, rest.len(), true)
                } else {
                    find_in(&rest, sep, 0, rest.len(), false)
                };
                let Some(i) = at else { break };
                if rev {
                    parts.push(rest[i + sep.len()..].to_vec());
                    rest.truncate(i);
                } else {
                    parts.push(rest[..i].to_vec());
                    rest.drain(..i + sep.len());
                }
                left -= 1;
            }
            parts.push(rest);
        }
        None => {
            let mut words: Vec<(usize, usize)> = Vec::new();
            let mut i = 0;
            while i < b.len() {
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                if i == b.len() {
                    break;
                }
                let s = i;
                while i < b.len() && !is_space(b[i]) {
                    i += 1;
                }
                words.push((s, i));
            }
            if max < 0 || words.len() as i64 <= max {
                return words.iter().map(|&(s, e)| b[s..e].to_vec()).collect();
            }
            let m = max as usize;
            if rev {
                let keep = &words[words.len() - m..];
                let head_end = words[words.len() - m - 1].1;
                let mut out = vec![b[..head_end].to_vec()];
                out.extend(keep.iter().map(|&(s, e)| b[s..e].to_vec()));
                return out;
            }
            // The unsplit remainder keeps its blanks on the far side.
            let mut out: Vec<Vec<u8>> = words[..m].iter().map(|&(s, e)| b[s..e].to_vec()).collect();
            out.push(b[words[m].0..].to_vec());
            return out;
        }
    }
    if rev {
        parts.reverse();
    }
    parts
}

fn split_common(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef], rev: bool) -> PyResult {
    let name = if rev { "rsplit" } else { "split" };
    let (sep, max) = split_args_sep(vm, a, kw, name)?;
    let b = recv(vm, &a[0])?;
    let parts = split_parts(&b, sep.as_deref(), max, rev);
    let items = parts.into_iter().map(|p| like(vm, &a[0], p)).collect();
    Ok(vm.new_list(items))
}

fn split(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    split_common(vm, a, kw, false)
}

fn rsplit(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    split_common(vm, a, kw, true)
}

fn join(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "join", &a[1..], 1, 1)?;
    let sep = recv(vm, &a[0])?;
    let items = vm.collect(&a[1])?;
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let Some(b) = data(it) else {
            return vm.type_error(format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                vm.type_name(it)
            ));
        };
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(&b);
    }
    Ok(like(vm, &a[0], out))
}

fn strip_common(vm: &mut Vm, a: &[ObjRef], name: &str, left: bool, right: bool) -> PyResult {
    check_args(vm, name, &a[1..], 0, 1)?;
    let b = recv(vm, &a[0])?;
    let chars = match a.get(1) {
        Some(c) if !c.is(&vm.none) => Some(buffer(vm, c)?),
        _ => None,
    };
    let strip = |c: u8| match &chars {
        Some(cs) => cs.contains(&c),
        None => is_space(c),
    };
    let (mut s, mut e) = (0, b.len());
    if left {
        while s < e && strip(b[s]) {
            s += 1;
        }
    }
    if right {
        while e > s && strip(b[e - 1]) {
            e -= 1;
        }
    }
    Ok(like(vm, &a[0], b[s..e].to_vec()))
}

fn strip(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    strip_common(vm, a, "strip", true, true)
}

fn lstrip(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    strip_common(vm, a, "lstrip", true, false)
}

fn rstrip(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    strip_common(vm, a, "rstrip", false, true)
}

fn upper(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let b = recv(vm, &a[0])?;
    Ok(like(vm, &a[0], b.to_ascii_uppercase()))
}

fn lower(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let b = recv(vm, &a[0])?;
    Ok(like(vm, &a[0], b.to_ascii_lowercase()))
}

fn class_test(vm: &mut Vm, a: &[ObjRef], f: fn(&[u8]) -> bool) -> PyResult {
    let b = recv(vm, &a[0])?;
    Ok(vm.new_bool(!b.is_empty() && f(&b)))
}

fn isdigit(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    class_test(vm, a, |b| b.iter().all(u8::is_ascii_digit))
}

fn isalpha(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    class_test(vm, a, |b| b.iter().all(u8::is_ascii_alphabetic))
}

fn isalnum(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    class_test(vm, a, |b| b.iter().all(u8::is_ascii_alphanumeric))
}

fn isspace(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    class_test(vm, a, |b| b.iter().all(|&c| is_space(c)))
}

fn isupper(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    class_test(vm, a, |b| b.iter().any(u8::is_ascii_uppercase) && !b.iter().any(u8::is_ascii_lowercase))
}

fn islower(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    class_test(vm, a, |b| b.iter().any(u8::is_ascii_lowercase) && !b.iter().any(u8::is_ascii_uppercase))
}

fn partition_common(vm: &mut Vm, a: &[ObjRef], name: &str, rev: bool) -> PyResult {
    check_args(vm, name, &a[1..], 1, 1)?;
    let b = recv(vm, &a[0])?;
    let sep = buffer(vm, &a[1])?;
    if sep.is_empty() {
        return vm.value_error("empty separator");
    }
    let parts = match find_in(&b, &sep, 0, b.len(), rev) {
        Some(i) => [b[..i].to_vec(), sep.clone(), b[i + sep.len()..].to_vec()],
        None if rev => [vec![], vec![], b],
        None => [b, vec![], vec![]],
    };
    let items = parts.into_iter().map(|p| like(vm, &a[0], p)).collect();
    Ok(vm.new_tuple(items))
}

fn partition(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    partition_common(vm, a, "partition", false)
}

fn rpartition(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    partition_common(vm, a, "rpartition", true)
}

/// `bytes(...)` / `bytearray(...)`: nothing, a size, a str with an encoding, a buffer, or an
/// iterable of ints.
fn new(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(a, kw);
    let cls = match pos.first() {
        Some(c) if c.kind() == Kind::Type => c.clone(),
        _ => return vm.type_error("__new__(X): X is not a type object"),
    };
    let is_array = crate::runtime::types::is_subtype(&cls, &vm.t.bytearray);
    let name = if is_array { "bytearray" } else { "bytes" };
    let mut source = pos.get(1).cloned();
    let mut encoding = pos.get(2).cloned();
    if pos.len() > 4 {
        return vm.type_error(format!("{name}() takes at most 3 arguments ({} given)", pos.len() - 1));
    }
    for (k, v) in kws {
        match k {
            "source" => source = Some(v.clone()),
            "encoding" => encoding = Some(v.clone()),
            "errors" => {}
            _ => return vm.type_error(format!("{name}() got an unexpected keyword argument '{k}'")),
        }
    }
    let v = match &source {
        None => {
            if encoding.is_some() {
                return vm.type_error("encoding without a string argument");
            }
            vec![]
        }
        Some(s) if s.kind() == Kind::Str => {
            let Some(enc) = encoding else {
                return vm.type_error("string argument without an encoding");
            };
            let enc = vm.str(&enc)?;
            let text = s.expect::<StrObj>().s.to_string();
            encode(vm, &text, &enc, "strict")?
        }
        Some(_) if encoding.is_some() => {
            return vm.type_error("encoding without a string argument");
        }
        Some(s) if !is_array && s.kind() == Kind::Instance && has_special(vm, s, "__bytes__") => {
            let f = vm.intern("__bytes__");
            let f = lookup_type(&s.ty().clone(), &f).expect("__bytes__");
            let r = vm.call(&f, &[s.clone()], &[])?;
            match r.get::<BytesObj>() {
                Some(b) => b.b.to_vec(),
                None => {
                    return vm.type_error(format!("__bytes__ returned non-bytes (type {})", vm.type_name(&r)))
                }
            }
        }
        Some(s)
            if s.kind() == Kind::Int || (s.kind() == Kind::Instance && has_special(vm, s, "__index__")) =>
        {
            let n = vm.to_i64(s)?;
            if n < 0 {
                return vm.value_error("negative count");
            }
            vec![0; n as usize]
        }
        Some(s) => {
            if data(s).is_none() && vm.iter(s).is_err() {
                let msg = if is_array {
                    format!("cannot convert '{}' object to bytearray", vm.type_name(s))
                } else {
                    format!("cannot convert '{}' object to bytes", vm.type_name(s))
                };
                return vm.type_error(msg);
            }
            match from_iterable(vm, s) {
                // bytes() words the range error in the plural.
                Err(e)
                    if !is_array && vm.str(&e).ok().as_deref() == Some("byte must be in range(0, 256)") =>
                {
                    return vm.value_error("bytes must be in range(0, 256)")
                }
                r => r?,
            }
        }
    };
    Ok(if is_array { ObjRef::new(&cls, ByteArrayObj::new(v)) } else { ObjRef::new(&cls, BytesObj::new(&v)) })
}

fn has_special(vm: &mut Vm, o: &ObjRef, name: &str) -> bool {
    let key = vm.intern(name);
    lookup_type(&o.ty().clone(), &key).is_some()
}

/// `text.encode(enc, errors)` for the codecs pyrite knows, with the standard error handlers.
pub fn encode(vm: &mut Vm, text: &str, enc: &str, errors: &str) -> PyResult<Vec<u8>> {
    let norm = enc.to_ascii_lowercase().replace('_', "-");
    let (codec, limit) = match norm.as_str() {
        "utf-8" | "utf8" => return Ok(text.as_bytes().to_vec()),
        "utf-16-le" | "utf-16le" => return Ok(text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        "utf-16-be" | "utf-16be" => return Ok(text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
        "utf-32-le" | "utf-32le" => return Ok(text.chars().flat_map(|c| (c as u32).to_le_bytes()).collect()),
        "utf-32-be" | "utf-32be" => return Ok(text.chars().flat_map(|c| (c as u32).to_be_bytes()).collect()),
        "ascii" | "us-ascii" => ("ascii", 128),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" => ("latin-1", 256),
        _ => {
            let ty = vm.t.exc.lookup_error.clone();
            return vm.err(&ty, format!("unknown encoding: {enc}"));
        }
    };
    let mut out = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let n = c as u32;
        if n < limit {
            out.push(n as u8);
            continue;
        }
        match errors {
            "strict" => {
                let ty = vm.t.exc.unicode_encode_error.clone();
                return vm.err(
                    &ty,
                    format!(
                        "'{codec}' codec can't encode character {} in position {i}: ordinal not in range({limit})",
                        escape_char(c)
                    ),
                );
            }
            "ignore" => {}
            "replace" => out.push(b'?'),
            "xmlcharrefreplace" => out.extend(format!("&#{n};").bytes()),
            "backslashreplace" => out.extend(
                match n {
                    0..=0xff => format!("\\x{n:02x}"),
                    0x100..=0xffff => format!("\\u{n:04x}"),
                    _ => format!("\\U{n:08x}"),
                }
                .bytes(),
            ),
            _ => {
                let ty = vm.t.exc.lookup_error.clone();
                return vm.err(&ty, format!("unknown error handler name '{errors}'"));
            }
        }
    }
    Ok(out)
}

/// A character as codec errors show it: `'\xe9'`, `'\u20ac'`, `'\U0001f600'`.
fn escape_char(c: char) -> String {
    match c as u32 {
        n if n < 0x100 => format!("'\\x{n:02x}'"),
        n if n < 0x10000 => format!("'\\u{n:04x}'"),
        n => format!("'\\U{n:08x}'"),
    }
}

// ---- bytearray's own methods ---------------------------------------------------------------

fn append(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "append", &a[1..], 1, 1)?;
    let b = byte(vm, &a[1])?;
    resizable(vm, &a[0], array(&a[0]).len() + 1)?;
    array(&a[0]).0.with(|v| v.push(b));
    Ok(vm.none.clone())
}

fn extend(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "extend", &a[1..], 1, 1)?;
    if a[1].kind() == Kind::Str {
        return vm.type_error("expected iterable of integers; got: 'str'");
    }
    if data(&a[1]).is_none() && vm.iter(&a[1]).is_err() {
        return vm.type_error(format!("can't extend bytearray with {}", vm.type_name(&a[1])));
    }
    let more = from_iterable(vm, &a[1])?;
    resizable(vm, &a[0], array(&a[0]).len() + more.len())?;
    array(&a[0]).0.with(|v| v.extend_from_slice(&more));
    Ok(vm.none.clone())
}

fn pop(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "pop", &a[1..], 0, 1)?;
    let len = array(&a[0]).len();
    if len == 0 {
        return vm.index_error("pop from empty bytearray");
    }
    let i = match a.get(1) {
        Some(i) => vm.to_i64(i)?,
        None => -1,
    };
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return vm.index_error("pop index out of range");
    }
    resizable(vm, &a[0], len - 1)?;
    let b = array(&a[0]).0.with(|v| v.remove(j as usize));
    Ok(vm.new_int(b as i64))
}

fn insert(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "insert", &a[1..], 2, 2)?;
    let i = vm.to_i64(&a[1])?;
    let b = byte(vm, &a[2])?;
    resizable(vm, &a[0], array(&a[0]).len() + 1)?;
    array(&a[0]).0.with(|v| {
        let len = v.len() as i64;
        let j = if i < 0 { (i + len).max(0) } else { i.min(len) };
        v.insert(j as usize, b);
    });
    Ok(vm.none.clone())
}

fn remove(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "remove", &a[1..], 1, 1)?;
    let b = byte(vm, &a[1])?;
    let Some(i) = array(&a[0]).0.with(|v| v.iter().position(|&c| c == b)) else {
        return vm.value_error("value not found in bytearray");
    };
    resizable(vm, &a[0], array(&a[0]).len() - 1)?;
    array(&a[0]).0.with(|v| v.remove(i));
    Ok(vm.none.clone())
}

fn clear(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    resizable(vm, &a[0], 0)?;
    array(&a[0]).0.with(|v| v.clear());
    Ok(vm.none.clone())
}

fn copy(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    Ok(new_bytearray(vm, array(&a[0]).snapshot()))
}

fn reverse(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    array(&a[0]).0.with(|v| v.reverse());
    Ok(vm.none.clone())
}

fn len(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    Ok(vm.new_int(array(&a[0]).len() as i64))
}

fn alloc(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    Ok(vm.new_int(array(&a[0]).0.with(|v| v.capacity()) as i64 + 1))
}

fn iter(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let ty = vm.t.bytearray_iterator.clone();
    Ok(vm.new_iter(&ty, IterState::Seq { seq: a[0].clone(), idx: 0 }))
}

/// The position a non-slice subscript names, with CPython's TypeError for a key that is neither an
/// int nor has `__index__`, and its IndexError out of range (one check for get, set and del).
fn item_index(vm: &mut Vm, k: &ObjRef, len: usize) -> PyResult<usize> {
    if k.kind() != Kind::Int
        && crate::runtime::attr::lookup_type(&k.ty().clone(), &vm.n.index.clone()).is_none()
    {
        return vm
            .type_error(format!("bytearray indices must be integers or slices, not {}", vm.type_name(k)));
    }
    let i = vm.to_i64(k)?;
    let j = if i < 0 { i + len as i64 } else { i };
    if !(0..len as i64).contains(&j) {
        return vm.index_error("bytearray index out of range");
    }
    Ok(j as usize)
}

fn getitem(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (o, k) = (&a[0], &a[1]);
    if k.kind() == Kind::Slice {
        let v = array(o).snapshot();
        let (start, step, n) = vm.slice_params(k, v.len())?;
        let out = (0..n).map(|i| v[(start + i as i64 * step) as usize]).collect();
        return Ok(like(vm, o, out));
    }
    let len = array(o).len();
    let j = item_index(vm, k, len)?;
    let b = array(o).0.with(|v| v[j]);
    Ok(vm.new_int(b as i64))
}

fn setitem(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (o, k, val) = (&a[0], &a[1], &a[2]);
    let len = array(o).len();
    if k.kind() == Kind::Slice {
        if val.kind() == Kind::Int || val.kind() == Kind::Str {
            return vm.type_error("can assign only bytes, buffers, or iterables of ints in range(0, 256)");
        }
        let new = from_iterable(vm, val)?;
        let (start, step, n) = vm.slice_params(k, len)?;
        if step == 1 {
            let s = start.clamp(0, len as i64) as usize;
            resizable(vm, o, len - n + new.len())?;
            array(o).0.with(|v| {
                v.splice(s..s + n, new);
            });
            return Ok(vm.none.clone());
        }
        if new.len() != n {
            return vm.value_error(format!(
                "attempt to assign bytes of size {} to extended slice of size {n}",
                new.len()
            ));
        }
        array(o).0.with(|v| {
            for (i, b) in new.into_iter().enumerate() {
                v[(start + i as i64 * step) as usize] = b;
            }
        });
        return Ok(vm.none.clone());
    }
    let j = item_index(vm, k, len)?;
    let b = byte(vm, val)?;
    array(o).0.with(|v| v[j] = b);
    Ok(vm.none.clone())
}

fn delitem(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (o, k) = (&a[0], &a[1]);
    let len = array(o).len();
    if k.kind() == Kind::Slice {
        let (start, step, n) = vm.slice_params(k, len)?;
        let mut idx: Vec<usize> = (0..n).map(|i| (start + i as i64 * step) as usize).collect();
        idx.sort_unstable();
        resizable(vm, o, len - n)?;
        array(o).0.with(|v| {
            for &j in idx.iter().rev() {
                v.remove(j);
            }
        });
        return Ok(vm.none.clone());
    }
    let j = item_index(vm, k, len)?;
    resizable(vm, o, len - 1)?;
    array(o).0.with(|v| v.remove(j));
    Ok(vm.none.clone())
}

// ---- operator hooks called by the runtime --------------------------------------------------

/// `a + b`, `a * n` where a bytearray takes part (bytes + bytes stays on the runtime's path).
pub fn binop(vm: &mut Vm, a: &ObjRef, b: &ObjRef, op: usize) -> PyResult<Option<ObjRef>> {
    match op {
        0 => match (data(a), data(b)) {
            // A memoryview has no `+` of its own.
            (Some(_), _) if a.kind() == Kind::MemoryView => Ok(None),
            (Some(mut x), Some(y)) => {
                x.extend_from_slice(&y);
                Ok(Some(like(vm, a, x)))
            }
            (Some(_), None) if !b.ty().expect::<crate::object::typeobj::TypeObj>().heap_type => {
                vm.type_error(format!("can't concat {} to {}", vm.type_name(b), vm.type_name(a)))
            }
            _ => Ok(None),
        },
        5 => {
            let (s, n) = match (data(a), data(b)) {
                (Some(x), None) if b.kind() == Kind::Int => ((a, x), b),
                (None, Some(y)) if a.kind() == Kind::Int => ((b, y), a),
                _ => return Ok(None),
            };
            let too_long = (s.0.kind() == Kind::Bytes).then_some("repeated bytes are too long");
            let n = vm.repeat_count(n, s.1.len(), 1, too_long)?;
            Ok(Some(like(vm, s.0, s.1.repeat(n))))
        }
        6 if matches!(a.kind(), Kind::Bytes | Kind::ByteArray) => {
            super::printf::percent_bytes(vm, a, b).map(Some)
        }
        _ => Ok(None),
    }
}

/// `a += b`, `a *= n` on a bytearray: in place.
pub fn inplace(vm: &mut Vm, a: &ObjRef, b: &ObjRef, op: usize) -> PyResult<Option<ObjRef>> {
    match op {
        0 => {
            let Some(y) = data(b) else {
                return vm.type_error(format!("can't concat {} to {}", vm.type_name(b), vm.type_name(a)));
            };
            resizable(vm, a, array(a).len() + y.len())?;
            array(a).0.with(|v| v.extend_from_slice(&y));
            Ok(Some(a.clone()))
        }
        5 if b.kind() == Kind::Int => {
            let len = array(a).0.with(|v| v.len());
            let n = vm.repeat_count(b, len, 1, None)?;
            resizable(vm, a, len * n)?;
            array(a).0.with(|v| *v = v.repeat(n));
            Ok(Some(a.clone()))
        }
        _ => Ok(None),
    }
}

/// Comparisons between buffers (bytes and bytearray mix); None for other operands.
pub fn compare(a: &ObjRef, b: &ObjRef, op: CmpOp) -> Option<bool> {
    let (x, y) = (data(a)?, data(b)?);
    Some(op.test(x.cmp(&y)))
}

/// `k in buf`: a byte value or a sub-sequence.
pub fn contains(vm: &mut Vm, o: &ObjRef, k: &ObjRef) -> PyResult<bool> {
    let hay = data(o).expect("bytes container");
    if k.kind() == Kind::Int {
        let b = byte(vm, k)?;
        return Ok(hay.contains(&b));
    }
    match data(k) {
        Some(sub) => Ok(sub.is_empty() || hay.windows(sub.len()).any(|w| w == &sub[..])),
        None => vm.type_error(format!("a bytes-like object is required, not '{}'", vm.type_name(k))),
    }
}

pub fn repr(vm: &Vm, o: &ObjRef) -> String {
    crate::object::bytearray::repr(&vm.type_name(o), &array(o).snapshot())
}

fn iadd_method(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__iadd__", &a[1..], 1, 1)?;
    Ok(inplace(vm, &a[0], &a[1], 0)?.unwrap_or_else(|| vm.not_implemented.clone()))
}

fn imul_method(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__imul__", &a[1..], 1, 1)?;
    let n = vm.to_i64(&a[1])?;
    let n = vm.new_int(n);
    Ok(inplace(vm, &a[0], &n, 5)?.unwrap_or_else(|| vm.not_implemented.clone()))
}

fn repr_method(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let s = match a[0].kind() {
        Kind::ByteArray => repr(vm, &a[0]),
        _ => crate::object::bytes::repr(&recv(vm, &a[0])?),
    };
    Ok(vm.new_string(s))
}

fn mod_method(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "__mod__", &a[1..], 1, 1)?;
    super::printf::percent_bytes(vm, &a[0], &a[1])
}

pub fn truthy(o: &ObjRef) -> bool {
    !array(o).is_empty()
}
