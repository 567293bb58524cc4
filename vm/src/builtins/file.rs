//! `open()` and the methods of the file objects it returns (text: `_io.TextIOWrapper`, binary:
//! `_io.BufferedReader`/`_io.BufferedWriter`). Text is UTF-8 with universal newlines on input.

use super::{add_method, check_args, split_args};
use crate::heap::{Mut, ObjRef};
use crate::object::bytes::BytesObj;
use crate::object::file::{FileObj, FileState};
use crate::object::str::StrObj;
use crate::{PyResult, Vm};

fn os_error(vm: &mut Vm, e: &std::io::Error, name: &str) -> ObjRef {
    let (ty, msg) = match e.kind() {
        std::io::ErrorKind::NotFound => (vm.t.exc.file_not_found_error.clone(), "No such file or directory"),
        std::io::ErrorKind::PermissionDenied => (vm.t.exc.permission_error.clone(), "Permission denied"),
        _ => (vm.t.exc.os_error.clone(), ""),
    };
    let msg = if msg.is_empty() { e.to_string() } else { msg.to_string() };
    let errno = e.raw_os_error().unwrap_or(0);
    let text = format!("[Errno {errno}] {msg}: {}", pyrite_ir::pyrepr::str_repr(name));
    vm.new_exc(&ty, &text)
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None)`.
pub fn b_open(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kw) = split_args(args, kwnames);
    if pos.is_empty() || pos.len() > 3 {
        return vm.type_error("open() takes from 1 to 3 positional arguments");
    }
    let name = vm.str(&pos[0])?;
    let mut mode = match pos.get(1) {
        Some(m) => vm.str(m)?,
        None => "r".to_string(),
    };
    for (k, v) in kw {
        match k {
            "mode" => mode = vm.str(v)?,
            "encoding" | "errors" | "newline" | "buffering" => {}
            _ => return vm.type_error(format!("'{k}' is an invalid keyword argument for open()")),
        }
    }
    let binary = mode.contains('b');
    let kinds = mode.chars().filter(|c| "rwax".contains(*c)).count();
    if mode.chars().any(|c| !"rwaxbt+".contains(c)) || (binary && mode.contains('t')) {
        return vm.value_error(format!("invalid mode: '{mode}'"));
    }
    if kinds != 1 {
        return vm.value_error("must have exactly one of create/read/write/append mode");
    }
    let plus = mode.contains('+');
    let mut o = std::fs::OpenOptions::new();
    let (readable, writable) = match mode.chars().find(|c| "rwax".contains(*c)) {
        Some('r') => {
            o.read(true).write(plus);
            (true, plus)
        }
        Some('w') => {
            o.write(true).create(true).truncate(true).read(plus);
            (plus, true)
        }
        Some('a') => {
            o.append(true).create(true).read(plus);
            (plus, true)
        }
        _ => {
            o.write(true).create_new(true).read(plus);
            (plus, true)
        }
    };
    let file = match o.open(&name) {
        Ok(f) => f,
        Err(e) => return Err(os_error(vm, &e, &name)),
    };
    if std::fs::metadata(&name).is_ok_and(|m| m.is_dir()) {
        let ty = vm.t.exc.os_error.clone();
        return vm.err(&ty, format!("[Errno 21] Is a directory: {}", pyrite_ir::pyrepr::str_repr(&name)));
    }
    let ty = if !binary {
        vm.t.text_io.clone()
    } else if readable {
        vm.t.buffered_reader.clone()
    } else {
        vm.t.buffered_writer.clone()
    };
    let state = FileState {
        file: Some(file),
        name,
        mode,
        binary,
        readable,
        writable,
        data: None,
        pos: 0,
        pending: Vec::new(),
    };
    Ok(ObjRef::new(&ty, FileObj(Mut::new(state))))
}

fn state(o: &ObjRef) -> &FileObj {
    o.expect::<FileObj>()
}

fn closed_error<T>(vm: &mut Vm) -> PyResult<T> {
    vm.value_error("I/O operation on closed file.")
}

/// Loads the content for reading (once); errors if closed or not readable.
fn ensure_data(vm: &mut Vm, o: &ObjRef) -> PyResult<()> {
    let f = state(o);
    let (open, readable, loaded) = f.0.with(|s| (s.file.is_some(), s.readable, s.data.is_some()));
    if !open {
        return closed_error(vm);
    }
    if !readable {
        let ty = vm.t.exc.os_error.clone();
        return vm.err(&ty, "not readable");
    }
    if !loaded {
        let r = f.0.with(|s| {
            s.flush()?;
            let mut buf = Vec::new();
            let file = s.file.as_mut().expect("open file");
            std::io::Read::read_to_end(file, &mut buf)?;
            if !s.binary {
                buf = universal_newlines(&buf);
            }
            s.data = Some(buf);
            s.pos = 0;
            Ok::<(), std::io::Error>(())
        });
        if let Err(e) = r {
            let name = f.0.with(|s| s.name.clone());
            return Err(os_error(vm, &e, &name));
        }
    }
    Ok(())
}

fn universal_newlines(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\r' {
            out.push(b'\n');
            if b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
        } else {
            out.push(b[i]);
        }
        i += 1;
    }
    out
}

/// Wraps bytes read from the file as str (text mode) or bytes.
fn result(vm: &mut Vm, o: &ObjRef, bytes: Vec<u8>) -> PyResult {
    if state(o).0.with(|s| s.binary) {
        return Ok(ObjRef::new(&vm.t.bytes, BytesObj::new(&bytes)));
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(vm.new_string(s)),
        Err(_) => {
            let ty = vm.t.exc.value_error.clone();
            vm.err(&ty, "'utf-8' codec can't decode the file's bytes")
        }
    }
}

/// Advances the read position by up to `n` characters (text) or bytes; None reads to the end.
fn take(o: &ObjRef, n: Option<usize>, line: bool) -> Vec<u8> {
    state(o).0.with(|s| {
        let data = s.data.as_ref().expect("loaded");
        let rest = &data[s.pos.min(data.len())..];
        let mut end = rest.len();
        if line {
            if let Some(i) = rest.iter().position(|&c| c == b'\n') {
                end = i + 1;
            }
        }
        if let Some(n) = n {
            if s.binary {
                end = end.min(n);
            } else {
                // n characters: stop before the byte that starts character n.
                let mut chars = 0;
                let mut i = 0;
                while i < end && chars < n {
                    i += 1;
                    while i < end && (rest[i] & 0xC0) == 0x80 {
                        i += 1;
                    }
                    chars += 1;
                }
                end = i;
            }
        }
        let out = rest[..end].to_vec();
        s.pos += end;
        out
    })
}

fn size_arg(vm: &mut Vm, a: &[ObjRef]) -> PyResult<Option<usize>> {
    match a.get(1) {
        None => Ok(None),
        Some(v) if v.is(&vm.none) => Ok(None),
        Some(v) => {
            let n = vm.to_i64(v)?;
            Ok(if n < 0 { None } else { Some(n as usize) })
        }
    }
}

fn f_read(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "read", a, 1, 2)?;
    let n = size_arg(vm, a)?;
    ensure_data(vm, &a[0])?;
    let b = take(&a[0], n, false);
    result(vm, &a[0], b)
}

fn f_readline(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "readline", a, 1, 2)?;
    let n = size_arg(vm, a)?;
    ensure_data(vm, &a[0])?;
    let b = take(&a[0], n, true);
    result(vm, &a[0], b)
}

fn f_readlines(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "readlines", a, 1, 2)?;
    ensure_data(vm, &a[0])?;
    let mut out = Vec::new();
    loop {
        let b = take(&a[0], None, true);
        if b.is_empty() {
            break;
        }
        out.push(result(vm, &a[0], b)?);
    }
    Ok(vm.new_list(out))
}

fn f_next(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    ensure_data(vm, &a[0])?;
    let b = take(&a[0], None, true);
    if b.is_empty() {
        let ty = vm.t.exc.stop_iteration.clone();
        return Err(vm.new_exc(&ty, ""));
    }
    result(vm, &a[0], b)
}

fn f_iter(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    if state(&a[0]).0.with(|s| s.file.is_none()) {
        return closed_error(vm);
    }
    Ok(a[0].clone())
}

fn f_write(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "write", a, 2, 2)?;
    let f = state(&a[0]);
    let (open, writable, binary) = f.0.with(|s| (s.file.is_some(), s.writable, s.binary));
    if !open {
        return closed_error(vm);
    }
    if !writable {
        let ty = vm.t.exc.os_error.clone();
        return vm.err(&ty, "not writable");
    }
    let (bytes, n) = if binary {
        match a[1].get::<BytesObj>() {
            Some(b) => (b.b.to_vec(), b.b.len()),
            None => {
                return vm
                    .type_error(format!("a bytes-like object is required, not '{}'", vm.type_name(&a[1])))
            }
        }
    } else {
        match a[1].get::<StrObj>() {
            Some(s) => (s.s.as_bytes().to_vec(), s.nchars),
            None => {
                return vm.type_error(format!("write() argument must be str, not {}", vm.type_name(&a[1])))
            }
        }
    };
    f.0.with(|s| {
        s.pending.extend_from_slice(&bytes);
        s.data = None;
    });
    Ok(vm.new_int(n as i64))
}

fn f_writelines(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "writelines", a, 2, 2)?;
    let it = vm.iter(&a[1])?;
    while let Some(x) = vm.next(&it)? {
        f_write(vm, &[a[0].clone(), x], &[])?;
    }
    Ok(vm.none.clone())
}

fn f_flush(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let f = state(&a[0]);
    if f.0.with(|s| s.file.is_none()) {
        return closed_error(vm);
    }
    if let Err(e) = f.0.with(|s| s.flush()) {
        let name = f.0.with(|s| s.name.clone());
        return Err(os_error(vm, &e, &name));
    }
    Ok(vm.none.clone())
}

fn f_close(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let f = state(&a[0]);
    if let Err(e) = f.0.with(|s| s.close()) {
        let name = f.0.with(|s| s.name.clone());
        return Err(os_error(vm, &e, &name));
    }
    Ok(vm.none.clone())
}

fn f_enter(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    if state(&a[0]).0.with(|s| s.file.is_none()) {
        return closed_error(vm);
    }
    Ok(a[0].clone())
}

fn f_exit(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    f_close(vm, &a[..1], &[])?;
    Ok(vm.none.clone())
}

fn f_tell(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let f = state(&a[0]);
    if f.0.with(|s| s.file.is_none()) {
        return closed_error(vm);
    }
    let p = f.0.with(|s| if s.data.is_some() { s.pos } else { s.pending.len() });
    Ok(vm.new_int(p as i64))
}

fn f_seek(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "seek", a, 2, 3)?;
    let to = vm.to_i64(&a[1])?;
    let whence = match a.get(2) {
        Some(w) => vm.to_i64(w)?,
        None => 0,
    };
    ensure_data(vm, &a[0])?;
    let p = state(&a[0]).0.with(|s| {
        let len = s.data.as_ref().map_or(0, Vec::len) as i64;
        let base = match whence {
            1 => s.pos as i64,
            2 => len,
            _ => 0,
        };
        s.pos = (base + to).max(0) as usize;
        s.pos
    });
    Ok(vm.new_int(p as i64))
}

fn f_readable(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let r = state(&a[0]).0.with(|s| s.readable);
    Ok(vm.new_bool(r))
}

fn f_writable(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let w = state(&a[0]).0.with(|s| s.writable);
    Ok(vm.new_bool(w))
}

/// `name`, `mode`, `closed` of a file object.
pub fn attribute(vm: &mut Vm, o: &ObjRef, name: &str) -> Option<ObjRef> {
    let f = state(o);
    match name {
        "name" => Some(vm.new_string(f.0.with(|s| s.name.clone()))),
        "mode" => Some(vm.new_string(f.0.with(|s| s.mode.clone()))),
        "closed" => Some(vm.new_bool(f.0.with(|s| s.file.is_none()))),
        "encoding" if !f.0.with(|s| s.binary) => Some(vm.new_str("UTF-8")),
        _ => None,
    }
}

/// `repr(f)`.
pub fn repr(vm: &Vm, o: &ObjRef) -> String {
    let (name, mode, binary) = state(o).0.with(|s| (s.name.clone(), s.mode.clone(), s.binary));
    let ty = vm.type_name(o);
    let name = pyrite_ir::pyrepr::str_repr(&name);
    if binary {
        format!("<_io.{ty} name={name}>")
    } else {
        format!("<_io.{ty} name={name} mode={} encoding='UTF-8'>", pyrite_ir::pyrepr::str_repr(&mode))
    }
}

pub fn install(vm: &mut Vm) {
    for ty in [vm.t.text_io.clone(), vm.t.buffered_reader.clone(), vm.t.buffered_writer.clone()] {
        add_method(vm, &ty, "read", f_read);
        add_method(vm, &ty, "readline", f_readline);
        add_method(vm, &ty, "readlines", f_readlines);
        add_method(vm, &ty, "write", f_write);
        add_method(vm, &ty, "writelines", f_writelines);
        add_method(vm, &ty, "flush", f_flush);
        add_method(vm, &ty, "close", f_close);
        add_method(vm, &ty, "__enter__", f_enter);
        add_method(vm, &ty, "__exit__", f_exit);
        add_method(vm, &ty, "__iter__", f_iter);
        add_method(vm, &ty, "__next__", f_next);
        add_method(vm, &ty, "tell", f_tell);
        add_method(vm, &ty, "seek", f_seek);
        add_method(vm, &ty, "readable", f_readable);
        add_method(vm, &ty, "writable", f_writable);
    }
}
