//! printf-style `%` formatting: `str % args` (CPython's PyUnicode_Format) and `bytes % args`,
//! `bytearray % args` (_PyBytes_FormatEx). One engine over characters serves both: bytes map to
//! the characters U+0000..U+00FF and back, and the conversions differ where CPython's do (`%s`
//! is str() for str and a buffer or `__bytes__` for bytes, `%c` a character or a byte, `%b`
//! exists for bytes only).

use crate::heap::{Kind, ObjRef};
use crate::object::bytes::BytesObj;
use crate::object::float::FloatObj;
use crate::object::int::IntObj;
use crate::object::seq::TupleObj;
use crate::object::str::StrObj;
use crate::runtime::attr::lookup_type;
use crate::{PyResult, Vm};

const F_LJUST: u8 = 1;
const F_SIGN: u8 = 2;
const F_BLANK: u8 = 4;
const F_ALT: u8 = 8;
const F_ZERO: u8 = 16;

/// The arguments: a tuple is consumed item by item, anything else is the single argument.
struct Args {
    items: Vec<ObjRef>,
    single: Option<ObjRef>,
    next: usize,
    used_single: bool,
}

impl Args {
    fn next(&mut self, vm: &mut Vm) -> PyResult {
        if let Some(s) = &self.single {
            if !self.used_single {
                self.used_single = true;
                return Ok(s.clone());
            }
        } else if let Some(v) = self.items.get(self.next) {
            self.next += 1;
            return Ok(v.clone());
        }
        vm.type_error("not enough arguments for format string")
    }

    fn all_used(&self) -> bool {
        match &self.single {
            Some(_) => self.used_single,
            None => self.next >= self.items.len(),
        }
    }
}

/// `fmt % args` where `fmt` is a bytes or bytearray; the result has fmt's type.
pub fn percent_bytes(vm: &mut Vm, fmt: &ObjRef, args: &ObjRef) -> PyResult {
    let f: Vec<char> = super::byteslike::data(fmt).unwrap_or_default().into_iter().map(char::from).collect();
    let out: Vec<u8> = run(vm, &f, args, true)?.chars().map(|c| c as u8).collect();
    Ok(if fmt.kind() == Kind::ByteArray {
        super::byteslike::new_bytearray(vm, out)
    } else {
        ObjRef::new(&vm.t.bytes, BytesObj::new(&out))
    })
}

/// `fmt % args` where `fmt` is a str.
pub fn percent_str(vm: &mut Vm, fmt: &ObjRef, args: &ObjRef) -> PyResult {
    let f: Vec<char> = fmt.expect::<StrObj>().s.chars().collect();
    let out = run(vm, &f, args, false)?;
    Ok(vm.new_string(out))
}

fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| char::from(c)).collect()
}

/// Whether `o` is subscriptable as a mapping (CPython checks tp_as_mapping->mp_subscript): then
/// `%(key)` may look keys up in it and unused arguments are no error. Bytes formatting leaves
/// bytes and bytearray out, str formatting only str.
fn is_mapping(vm: &mut Vm, o: &ObjRef, bytes: bool) -> bool {
    match o.kind() {
        Kind::Tuple | Kind::Str => false,
        Kind::Bytes | Kind::ByteArray => !bytes,
        Kind::Dict | Kind::List | Kind::MemoryView | Kind::Range => true,
        _ => lookup_type(&o.ty().clone(), &vm.n.getitem.clone()).is_some(),
    }
}

fn run(vm: &mut Vm, f: &[char], args_obj: &ObjRef, bytes: bool) -> PyResult<String> {
    let mut args = match args_obj.get::<TupleObj>() {
        Some(t) => Args { items: t.0.to_vec(), single: None, next: 0, used_single: false },
        None => Args { items: vec![], single: Some(args_obj.clone()), next: 0, used_single: false },
    };
    let dict = if is_mapping(vm, args_obj, bytes) { Some(args_obj.clone()) } else { None };
    let mut out = String::with_capacity(f.len());
    let mut i = 0;
    while i < f.len() {
        if f[i] != '%' {
            let end = f[i..].iter().position(|&c| c == '%').map_or(f.len(), |p| p + i);
            out.extend(&f[i..end]);
            i = end;
            continue;
        }
        i += 1;
        if f.get(i) == Some(&'%') {
            out.push('%');
            i += 1;
            continue;
        }
        if f.get(i) == Some(&'(') {
            let Some(d) = &dict else {
                return vm.type_error("format requires a mapping");
            };
            // The key runs to the matching parenthesis.
            let start = i + 1;
            let mut depth = 1;
            i += 1;
            while i < f.len() && depth > 0 {
                match f[i] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if depth > 0 {
                return vm.value_error("incomplete format key");
            }
            let key: String = f[start..i - 1].iter().collect();
            let key = if bytes {
                let b: Vec<u8> = key.chars().map(|c| c as u8).collect();
                ObjRef::new(&vm.t.bytes, BytesObj::new(&b))
            } else {
                vm.new_string(key)
            };
            let d = d.clone();
            let v = vm.getitem(&d, &key)?;
            args = Args { items: vec![], single: Some(v), next: 0, used_single: false };
        }
        let mut flags = 0u8;
        while let Some(&c) = f.get(i) {
            flags |= match c {
                '-' => F_LJUST,
                '+' => F_SIGN,
                ' ' => F_BLANK,
                '#' => F_ALT,
                '0' => F_ZERO,
                _ => break,
            };
            i += 1;
        }
        let mut width: Option<usize> = None;
        if f.get(i) == Some(&'*') {
            let v = args.next(vm)?;
            if v.kind() != Kind::Int {
                return vm.type_error("* wants int");
            }
            let w = vm.to_i64(&v)?;
            if w < 0 {
                flags |= F_LJUST;
            }
            width = Some(w.unsigned_abs() as usize);
            i += 1;
        } else {
            let (n, next) = digits(f, i);
            if next > i {
                width = Some(n.ok_or(()).or_else(|_| vm.value_error("width too big"))?);
            }
            i = next;
        }
        let mut prec: Option<usize> = None;
        if f.get(i) == Some(&'.') {
            i += 1;
            if f.get(i) == Some(&'*') {
                let v = args.next(vm)?;
                if v.kind() != Kind::Int {
                    return vm.type_error("* wants int");
                }
                prec = Some(vm.to_i64(&v)?.max(0) as usize);
                i += 1;
            } else {
                let (n, next) = digits(f, i);
                let n = if next > i { n.filter(|&n| n <= i32::MAX as usize) } else { Some(0) };
                prec = Some(n.ok_or(()).or_else(|_| vm.value_error("precision too big"))?);
                i = next;
            }
        }
        if matches!(f.get(i), Some('h' | 'l' | 'L')) {
            i += 1;
        }
        let Some(&c) = f.get(i) else {
            return vm.value_error("incomplete format");
        };
        i += 1;
        let v = args.next(vm)?;
        super::format::check_width(vm, width)?;
        let conv = Conversion { c, flags, width, prec, bytes };
        conv.apply(vm, &v, i - 1, &mut out)?;
    }
    if dict.is_none() && !args.all_used() {
        let what = if bytes { "bytes" } else { "string" };
        return vm.type_error(format!("not all arguments converted during {what} formatting"));
    }
    Ok(out)
}

/// A run of decimal digits at `i`: its value (None on overflow) and the index after it.
fn digits(f: &[char], mut i: usize) -> (Option<usize>, usize) {
    let mut n: Option<usize> = Some(0);
    while let Some(&c) = f.get(i).filter(|c| c.is_ascii_digit()) {
        n = n.and_then(|n| n.checked_mul(10)).and_then(|n| n.checked_add(c as usize - '0' as usize));
        i += 1;
    }
    (n, i)
}

struct Conversion {
    c: char,
    flags: u8,
    width: Option<usize>,
    prec: Option<usize>,
    /// Formatting bytes (else str).
    bytes: bool,
}

impl Conversion {
    fn apply(&self, vm: &mut Vm, v: &ObjRef, at: usize, out: &mut String) -> PyResult<()> {
        let text = |s: String, prec: Option<usize>| -> Vec<char> {
            let mut c: Vec<char> = s.chars().collect();
            if let Some(p) = prec {
                c.truncate(p);
            }
            c
        };
        let (body, numeric) = match self.c {
            'r' if !self.bytes => (text(vm.repr(v)?, self.prec), false),
            's' if !self.bytes => (text(vm.str(v)?, self.prec), false),
            'r' | 'a' => (text(super::ascii_escape(&vm.repr(v)?), self.prec), false),
            's' | 'b' if self.bytes => (text(latin1(&bytes_of(vm, v)?), self.prec), false),
            'i' | 'd' | 'u' | 'o' | 'x' | 'X' => (self.integer(vm, v)?.chars().collect(), true),
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => (self.float(vm, v)?.chars().collect(), true),
            'c' if self.bytes => (vec![char::from(byte_of(vm, v)?)], false),
            'c' => (vec![char_of(vm, v)?], false),
            c => {
                // str shows a non-printable character as '?', bytes the byte itself.
                let shown = if self.bytes || (' '..='~').contains(&c) { c } else { '?' };
                return vm.value_error(format!(
                    "unsupported format character '{shown}' (0x{:x}) at index {at}",
                    c as u32
                ));
            }
        };
        self.pad(&body, numeric, out);
        Ok(())
    }

    /// Writes `body` padded to the width: numbers keep their sign (and `#` prefix) before zero
    /// padding, as in C.
    fn pad(&self, body: &[char], numeric: bool, out: &mut String) {
        let fill = if numeric && self.flags & F_ZERO != 0 { '0' } else { ' ' };
        let mut p = body;
        let mut sign = None;
        if numeric {
            if let Some(&s @ ('-' | '+' | ' ')) = p.first() {
                sign = Some(s);
                p = &p[1..];
            } else if self.flags & F_SIGN != 0 {
                sign = Some('+');
            } else if self.flags & F_BLANK != 0 {
                sign = Some(' ');
            }
        }
        let mut len = p.len();
        let mut width = self.width.unwrap_or(0).max(len);
        if let Some(s) = sign {
            if fill != ' ' {
                out.push(s);
            }
            if width > len {
                width -= 1;
            }
        }
        let prefixed = self.flags & F_ALT != 0 && matches!(self.c, 'o' | 'x' | 'X');
        let mut prefix: &[char] = &[];
        if prefixed {
            prefix = &p[..2];
            p = &p[2..];
            if fill != ' ' {
                out.extend(prefix);
            }
            width = width.saturating_sub(2);
            len -= 2;
        }
        if width > len && self.flags & F_LJUST == 0 {
            out.extend(std::iter::repeat_n(fill, width - len));
            width = len;
        }
        if fill == ' ' {
            if let Some(s) = sign {
                out.push(s);
            }
            out.extend(prefix);
        }
        out.extend(p);
        if width > len {
            out.extend(std::iter::repeat_n(' ', width - len));
        }
    }

    /// `%d %i %u %o %x %X` (CPython's formatlong and _PyUnicode_FormatLong): sign, `#` prefix,
    /// and digits zero-padded to the precision.
    fn integer(&self, vm: &mut Vm, v: &ObjRef) -> PyResult<String> {
        let ty = if self.c == 'i' || self.c == 'u' { 'd' } else { self.c };
        // The error names the conversion as written (bytes: %i as %d).
        let shown = if self.bytes && self.c == 'i' { 'd' } else { self.c };
        let int_only = matches!(ty, 'o' | 'x' | 'X');
        let n = match v.get::<IntObj>() {
            Some(i) => i.0.clone(),
            None => {
                let has = |vm: &mut Vm, name: &str| {
                    let key = vm.intern(name);
                    lookup_type(&v.ty().clone(), &key).is_some()
                };
                let number = v.kind() == Kind::Float
                    || v.kind() == Kind::Complex
                    || has(vm, "__index__")
                    || has(vm, "__int__")
                    || has(vm, "__float__");
                let converted = if !number {
                    None
                } else if int_only {
                    if has(vm, "__index__") {
                        let i = vm.to_i64(v)?;
                        Some(crate::object::int::Int::Small(i))
                    } else {
                        None
                    }
                } else {
                    match v.kind() {
                        Kind::Float => {
                            let f = v.expect::<FloatObj>().0;
                            let o = super::float_to_int(vm, f.trunc());
                            Some(o.expect::<IntObj>().0.clone())
                        }
                        Kind::Complex => None,
                        // PyNumber_Long: a TypeError means "not a real number" below.
                        _ => {
                            let int = vm.t.int.clone();
                            match vm.call(&int, &[v.clone()], &[]) {
                                Ok(r) => r.get::<IntObj>().map(|i| i.0.clone()),
                                Err(e) if vm.is_instance(&e, &vm.t.exc.type_error.clone()) => None,
                                Err(e) => return Err(e),
                            }
                        }
                    }
                };
                match converted {
                    Some(n) => n,
                    None => {
                        let what = if int_only { "an integer" } else { "a real number" };
                        return vm.type_error(format!(
                            "%{shown} format: {what} is required, not {}",
                            vm.type_name(v)
                        ));
                    }
                }
            }
        };
        let radix = match ty {
            'o' => 8,
            'x' | 'X' => 16,
            _ => 10,
        };
        let mut digits = n.abs().to_str_radix(radix);
        if ty == 'X' {
            digits = digits.to_uppercase();
        }
        if let Some(p) = self.prec {
            if digits.len() < p {
                digits = "0".repeat(p - digits.len()) + &digits;
            }
        }
        let mut s = String::new();
        if n.is_negative() {
            s.push('-');
        }
        if self.flags & F_ALT != 0 && ty != 'd' {
            s.push('0');
            s.push(ty);
        }
        s.push_str(&digits);
        Ok(s)
    }

    /// `%e %f %g` and capitals (CPython's formatfloat): the default precision is 6.
    fn float(&self, vm: &mut Vm, v: &ObjRef) -> PyResult<String> {
        let x = match vm.to_f64(v) {
            Ok(x) => x,
            Err(e) if self.bytes && vm.is_instance(&e, &vm.t.exc.type_error.clone()) => {
                return vm.type_error(format!("float argument required, not {}", vm.type_name(v)))
            }
            Err(e) => return Err(e),
        };
        let alt = if self.flags & F_ALT != 0 { "#" } else { "" };
        let spec = format!("{alt}.{}{}", self.prec.unwrap_or(6), self.c);
        let fo = vm.new_float(x);
        let s = super::format::format(vm, &fo, &spec)?;
        vm.str(&s)
    }
}

/// The bytes of a `%b`/`%s` argument: a buffer, or what `__bytes__` returns.
fn bytes_of(vm: &mut Vm, v: &ObjRef) -> PyResult<Vec<u8>> {
    if matches!(v.kind(), Kind::Bytes | Kind::ByteArray) {
        return Ok(super::byteslike::data(v).unwrap_or_default());
    }
    let key = vm.intern("__bytes__");
    if let Some(f) = lookup_type(&v.ty().clone(), &key) {
        let r = vm.call(&f, &[v.clone()], &[])?;
        return match r.get::<BytesObj>() {
            Some(b) => Ok(b.b.to_vec()),
            None => vm.type_error(format!("__bytes__ returned non-bytes (type {})", vm.type_name(&r))),
        };
    }
    if v.kind() == Kind::MemoryView {
        if let Some(b) = super::byteslike::data(v) {
            return Ok(b);
        }
        return vm.value_error("operation forbidden on released memoryview object");
    }
    vm.type_error(format!(
        "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
        vm.type_name(v)
    ))
}

/// The byte of a `%c` argument: a bytes or bytearray of length 1, or an int in range(256).
fn byte_of(vm: &mut Vm, v: &ObjRef) -> PyResult<u8> {
    if let Some(b) = super::byteslike::data(v).filter(|b| b.len() == 1 && v.kind() != Kind::MemoryView) {
        return Ok(b[0]);
    }
    let n = match v.get::<IntObj>() {
        Some(i) => i.0.as_i64(),
        None if v.kind() != Kind::Float && lookup_type(&v.ty().clone(), &vm.n.index.clone()).is_some() => {
            match vm.to_i64(v) {
                Ok(n) => Some(n),
                Err(e) if vm.is_instance(&e, &vm.t.exc.index_error.clone()) => None,
                Err(e) => return Err(e),
            }
        }
        None => return vm.type_error("%c requires an integer in range(256) or a single byte"),
    };
    match n.filter(|n| (0..256).contains(n)) {
        Some(n) => Ok(n as u8),
        None => vm.overflow("%c arg not in range(256)"),
    }
}

/// The character of a str `%c` argument: an int in range(0x110000) (or an `__index__` object),
/// or a str of length 1.
fn char_of(vm: &mut Vm, v: &ObjRef) -> PyResult<char> {
    if let Some(s) = v.get::<StrObj>() {
        if s.nchars == 1 {
            return Ok(s.s.chars().next().expect("one char"));
        }
        return vm.type_error("%c requires int or char");
    }
    let n = match v.get::<IntObj>() {
        Some(i) => i.0.as_i64(),
        None if lookup_type(&v.ty().clone(), &vm.n.index.clone()).is_some() => Some(vm.to_i64(v)?),
        None => return vm.type_error("%c requires int or char"),
    };
    match n.and_then(|n| u32::try_from(n).ok()).filter(|&n| n < 0x110000).and_then(char::from_u32) {
        Some(c) => Ok(c),
        None => vm.overflow("%c arg not in range(0x110000)"),
    }
}
