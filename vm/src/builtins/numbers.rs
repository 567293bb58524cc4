//! Methods of int and float that convert between representations: `int.to_bytes`/`from_bytes`,
//! `as_integer_ratio`, `float.hex`/`fromhex`, and the modular inverse behind `pow(b, -e, m)`.

use super::{add_attr, add_methods, new_builtin, split_args};
use crate::heap::ObjRef;
use crate::object::bytes::BytesObj;
use crate::object::float::FloatObj;
use crate::object::int::{Int, IntObj};
use crate::object::misc::WrapperObj;
use crate::{PyResult, Vm};
use num_bigint::{BigInt, Sign};
use num_traits::{One, Signed, Zero};

pub fn install(vm: &mut Vm) {
    let i = vm.t.int.clone();
    add_methods(vm, &i, &[("to_bytes", int_to_bytes), ("as_integer_ratio", int_as_integer_ratio)]);
    let fb = super::new_checked_builtin(vm, "int.from_bytes", "from_bytes", int_from_bytes, true);
    let cm = ObjRef::new(&vm.t.classmethod, WrapperObj(fb));
    add_attr(vm, &i, "from_bytes", cm);
    let f = vm.t.float.clone();
    add_methods(vm, &f, &[("hex", float_hex), ("as_integer_ratio", float_as_integer_ratio)]);
    let fh = new_builtin(vm, "fromhex", float_fromhex);
    let cm = ObjRef::new(&vm.t.classmethod, WrapperObj(fh));
    add_attr(vm, &f, "fromhex", cm);
    add_methods(vm, &i, ARITH_DUNDERS);
    // float has no bitwise operators: offering them would send a float subclass's `&` back
    // through binary_op forever.
    let float_ops: Vec<_> = ARITH_DUNDERS
        .iter()
        .copied()
        .filter(|(n, _)| !["and", "or", "xor", "shift"].iter().any(|b| n.contains(b)))
        .collect();
    add_methods(vm, &f, &float_ops);
}

/// The arithmetic dunders of int and float as callable methods (`(1).__add__(2)`,
/// `(1.0).__radd__(2)`): NotImplemented unless the other operand is one the type handles
/// itself (int: ints and bools; float: ints, bools and floats).
fn arith(vm: &mut Vm, a: &[ObjRef], op: u32, reflected: bool) -> PyResult {
    super::check_args(vm, "arith", &a[1..], 1, 1)?;
    let (me, other) = (&a[0], &a[1]);
    let ok = match me.kind() {
        crate::heap::Kind::Float => matches!(other.kind(), crate::heap::Kind::Int | crate::heap::Kind::Float),
        _ => other.kind() == crate::heap::Kind::Int,
    };
    if !ok {
        return Ok(vm.not_implemented.clone());
    }
    if reflected {
        vm.binary_op(other, me, op)
    } else {
        vm.binary_op(me, other, op)
    }
}

macro_rules! arith_fns {
    ($(($name:ident, $rname:ident, $op:expr)),* $(,)?) => {
        $(
            fn $name(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
                arith(vm, a, $op, false)
            }
            fn $rname(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
                arith(vm, a, $op, true)
            }
        )*
    };
}

arith_fns!(
    (d_add, d_radd, 0),
    (d_and, d_rand, 1),
    (d_floordiv, d_rfloordiv, 2),
    (d_lshift, d_rlshift, 3),
    (d_mul, d_rmul, 5),
    (d_mod, d_rmod, 6),
    (d_or, d_ror, 7),
    (d_rshift, d_rrshift, 9),
    (d_sub, d_rsub, 10),
    (d_truediv, d_rtruediv, 11),
    (d_xor, d_rxor, 12),
);

/// `__pow__(other[, mod])` goes through the pow() builtin; `__rpow__` reflects it.
fn d_pow(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    if a.len() == 2 {
        return arith(vm, a, 8, false);
    }
    super::check_args(vm, "__pow__", &a[1..], 1, 2)?;
    if a[1].kind() != crate::heap::Kind::Int {
        return Ok(vm.not_implemented.clone());
    }
    let f = vm.builtins.clone();
    let key = vm.intern("pow");
    let p = crate::runtime::attr::dict_get_str(&f, &key).expect("pow builtin");
    vm.call(&p, a, &[])
}
fn d_rpow(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    arith(vm, a, 8, true)
}
fn d_divmod(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    d_divmod_impl(vm, a, false)
}
fn d_rdivmod(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    d_divmod_impl(vm, a, true)
}
fn d_divmod_impl(vm: &mut Vm, a: &[ObjRef], reflected: bool) -> PyResult {
    let q = arith(vm, a, 2, reflected)?;
    if q.is(&vm.not_implemented) {
        return Ok(q);
    }
    let r = arith(vm, a, 6, reflected)?;
    Ok(vm.new_tuple(vec![q, r]))
}

const ARITH_DUNDERS: &[(&str, crate::object::func::NativeFn)] = &[
    ("__add__", d_add),
    ("__radd__", d_radd),
    ("__sub__", d_sub),
    ("__rsub__", d_rsub),
    ("__mul__", d_mul),
    ("__rmul__", d_rmul),
    ("__truediv__", d_truediv),
    ("__rtruediv__", d_rtruediv),
    ("__floordiv__", d_floordiv),
    ("__rfloordiv__", d_rfloordiv),
    ("__mod__", d_mod),
    ("__rmod__", d_rmod),
    ("__divmod__", d_divmod),
    ("__rdivmod__", d_rdivmod),
    ("__pow__", d_pow),
    ("__rpow__", d_rpow),
    ("__lshift__", d_lshift),
    ("__rlshift__", d_rlshift),
    ("__rshift__", d_rshift),
    ("__rrshift__", d_rrshift),
    ("__and__", d_and),
    ("__rand__", d_rand),
    ("__or__", d_or),
    ("__ror__", d_ror),
    ("__xor__", d_xor),
    ("__rxor__", d_rxor),
];

/// Binds `(name, default)` parameters from positional and keyword arguments (`npos` of them may
/// be given positionally).
fn bind<'a>(
    vm: &mut Vm,
    fname: &str,
    pos: &'a [ObjRef],
    kws: Vec<(&str, &'a ObjRef)>,
    names: &[&str],
    npos: usize,
) -> PyResult<Vec<Option<&'a ObjRef>>> {
    if pos.len() > npos {
        return vm.type_error(format!(
            "{fname}() takes at most {npos} positional argument{} ({} given)",
            if npos == 1 { "" } else { "s" },
            pos.len()
        ));
    }
    let mut out: Vec<Option<&ObjRef>> = names.iter().enumerate().map(|(i, _)| pos.get(i)).collect();
    for (k, v) in kws {
        match names.iter().position(|n| *n == k) {
            Some(i) if out[i].is_none() => out[i] = Some(v),
            Some(i) => {
                return vm.type_error(format!(
                    "argument for {fname}() given by name ('{k}') and position ({})",
                    i + 1
                ))
            }
            None => return vm.type_error(format!("{fname}() got an unexpected keyword argument '{k}'")),
        }
    }
    Ok(out)
}

fn byteorder(vm: &mut Vm, o: Option<&ObjRef>, fname: &str) -> PyResult<bool> {
    let Some(o) = o else { return Ok(false) };
    let Some(s) = o.get::<crate::object::str::StrObj>() else {
        return vm.type_error(format!("{fname}() argument 'byteorder' must be str, not {}", vm.type_name(o)));
    };
    match &*s.s {
        "little" => Ok(true),
        "big" => Ok(false),
        _ => vm.value_error("byteorder must be either 'little' or 'big'"),
    }
}

fn int_to_bytes(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    let me = pos[0].expect::<IntObj>().0.to_big();
    let a = bind(vm, "to_bytes", &pos[1..], kws, &["length", "byteorder", "signed"], 2)?;
    let length = match a[0] {
        Some(l) => vm.to_i64(l)?,
        None => 1,
    };
    if length < 0 {
        return vm.value_error("length argument must be non-negative");
    }
    let little = byteorder(vm, a[1], "to_bytes")?;
    let signed = match a[2] {
        Some(s) => vm.truthy(s)?,
        None => false,
    };
    if !signed && me.is_negative() {
        return vm.overflow("can't convert negative int to unsigned");
    }
    let mut bytes = if signed { me.to_signed_bytes_le() } else { me.to_bytes_le().1 };
    if me.is_zero() {
        bytes.clear();
    }
    // Minimal two's complement may carry one sign byte more than needed: trim what is redundant.
    while signed && bytes.len() > 1 {
        let (last, prev) = (bytes[bytes.len() - 1], bytes[bytes.len() - 2]);
        if (last == 0 && prev < 0x80) || (last == 0xff && prev >= 0x80) {
            bytes.pop();
        } else {
            break;
        }
    }
    if bytes.len() > length as usize {
        return vm.overflow("int too big to convert");
    }
    let fill = if me.is_negative() { 0xff } else { 0 };
    bytes.resize(length as usize, fill);
    if !little {
        bytes.reverse();
    }
    Ok(ObjRef::new(&vm.t.bytes, BytesObj::new(&bytes)))
}

fn int_from_bytes(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    let cls = pos[0].clone();
    let a = bind(vm, "from_bytes", &pos[1..], kws, &["bytes", "byteorder", "signed"], 2)?;
    let Some(src) = a[0] else {
        return vm.type_error("from_bytes() missing required argument 'bytes' (pos 1)");
    };
    let little = byteorder(vm, a[1], "from_bytes")?;
    let signed = match a[2] {
        Some(s) => vm.truthy(s)?,
        None => false,
    };
    let data = match super::byteslike::data(src) {
        Some(d) => d,
        None => {
            if src.kind() == crate::heap::Kind::Str {
                return vm.type_error("cannot convert 'str' object to bytes");
            }
            let ty = vm.t.bytes.clone();
            let b = vm.call(&ty, &[src.clone()], &[])?;
            super::byteslike::data(&b).unwrap_or_default()
        }
    };
    let n = match (signed, little) {
        (true, true) => BigInt::from_signed_bytes_le(&data),
        (true, false) => BigInt::from_signed_bytes_be(&data),
        (false, true) => BigInt::from_bytes_le(Sign::Plus, &data),
        (false, false) => BigInt::from_bytes_be(Sign::Plus, &data),
    };
    let v = vm.new_bigint(Int::from_big(n));
    if cls.is(&vm.t.int) {
        return Ok(v);
    }
    vm.call(&cls, &[v], &[])
}

fn int_as_integer_ratio(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let n = vm.new_bigint(a[0].expect::<IntObj>().0.clone());
    let one = vm.new_int(1);
    Ok(vm.new_tuple(vec![n, one]))
}

fn float_as_integer_ratio(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let f = a[0].expect::<FloatObj>().0;
    if f.is_infinite() {
        return vm.overflow("cannot convert Infinity to integer ratio");
    }
    if f.is_nan() {
        return vm.value_error("cannot convert NaN to integer ratio");
    }
    let (mut mant, mut exp) = mantissa_exponent(f);
    if mant == 0 {
        exp = 0;
    } else {
        let tz = mant.trailing_zeros() as i64;
        mant >>= tz;
        exp += tz;
    }
    let mut num = BigInt::from(mant);
    let mut den = BigInt::one();
    if exp >= 0 {
        num <<= exp as usize;
    } else {
        den <<= (-exp) as usize;
    }
    if f < 0.0 {
        num = -num;
    }
    let (n, d) = (vm.new_bigint(Int::from_big(num)), vm.new_bigint(Int::from_big(den)));
    Ok(vm.new_tuple(vec![n, d]))
}

/// |f| as `mant * 2**exp` with an integer mantissa (the implicit bit included when normal).
fn mantissa_exponent(f: f64) -> (u64, i64) {
    let bits = f.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    if e == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), e - 1075)
    }
}

fn float_hex(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let f = a[0].expect::<FloatObj>().0;
    let s = if f.is_nan() {
        "nan".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "inf" } else { "-inf" }.to_string()
    } else {
        let sign = if f.is_sign_negative() { "-" } else { "" };
        let bits = f.to_bits();
        let e = ((bits >> 52) & 0x7ff) as i64;
        let frac = bits & ((1u64 << 52) - 1);
        if f == 0.0 {
            format!("{sign}0x0.0p+0")
        } else if e == 0 {
            format!("{sign}0x0.{frac:013x}p-1022")
        } else {
            format!("{sign}0x1.{frac:013x}p{:+}", e - 1023)
        }
    };
    Ok(vm.new_string(s))
}

/// `m * 2**exp` correctly rounded (half to even) to a double; None when it overflows.
pub fn scaled_to_f64(m: &BigInt, exp: i64) -> Option<f64> {
    if m.is_zero() {
        return Some(0.0);
    }
    let bits = m.bits() as i64;
    let top = bits + exp; // the value lies in [2**(top-1), 2**top)
    if top > 1024 {
        return None;
    }
    let keep = 53.min(top + 1074);
    if keep < 0 {
        return Some(0.0);
    }
    let shift = bits - keep;
    let (q, e) = if shift > 0 {
        let q: BigInt = m >> shift as usize;
        let r = m - (&q << shift as usize);
        let half = BigInt::one() << (shift - 1) as usize;
        let odd = (&q & BigInt::one()).is_one();
        let up = r > half || (r == half && odd);
        (if up { q + 1 } else { q }, exp + shift)
    } else {
        (m << (-shift) as usize, exp + shift)
    };
    let q = u64::try_from(&q).ok()? as f64;
    // q * 2**e is exact by construction: scale in steps that never round.
    let mut v = q;
    let mut e = e;
    while e > 0 {
        let step = e.min(1000);
        v *= 2f64.powi(step as i32);
        e -= step;
    }
    while e < 0 {
        let step = (-e).min(1000);
        v *= 2f64.powi(-(step as i32));
        e += step;
    }
    v.is_finite().then_some(v)
}

fn parse_hex_float(s: &str) -> Result<f64, &'static str> {
    const BAD: &str = "invalid hexadecimal floating-point string";
    let t = s.trim_matches(|c: char| c.is_whitespace());
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let special = match lower.as_str() {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(v) = special {
        return Ok(if neg { -v } else { v });
    }
    let b = lower.as_bytes();
    let mut i = 0;
    if b.len() >= 2 && &b[..2] == b"0x" {
        i = 2;
    }
    let mut mant = BigInt::zero();
    let mut digits = 0;
    let mut frac_digits = 0i64;
    let mut seen_dot = false;
    while i < b.len() {
        match b[i] {
            c @ (b'0'..=b'9' | b'a'..=b'f') => {
                let d = (c as char).to_digit(16).unwrap_or(0);
                mant = mant * 16 + d;
                digits += 1;
                if seen_dot {
                    frac_digits += 1;
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return Err(BAD);
    }
    let mut exp: i64 = 0;
    if i < b.len() && b[i] == b'p' {
        i += 1;
        let start = i;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let ds = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if ds == i {
            return Err(BAD);
        }
        // Absurd exponents saturate: they overflow or underflow either way.
        exp = lower[start..i].parse::<i64>().unwrap_or(if b[start] == b'-' { -(1 << 40) } else { 1 << 40 });
        exp = exp.clamp(-(1 << 40), 1 << 40);
    }
    if i != b.len() {
        return Err(BAD);
    }
    match scaled_to_f64(&mant, exp - 4 * frac_digits) {
        Some(v) => Ok(if neg { -v } else { v }),
        None => Err("hexadecimal value too large to represent as a float"),
    }
}

fn float_fromhex(vm: &mut Vm, args: &[ObjRef], _: &[ObjRef]) -> PyResult {
    super::check_args(vm, "fromhex", args, 2, 2)?;
    let Some(s) = args[1].get::<crate::object::str::StrObj>() else {
        return vm.type_error(format!("fromhex() argument must be str, not {}", vm.type_name(&args[1])));
    };
    let v = match parse_hex_float(&s.s) {
        Ok(v) => v,
        Err(m) if m.starts_with("hexadecimal") => return vm.overflow(m),
        Err(m) => return vm.value_error(m),
    };
    let r = vm.new_float(v);
    if args[0].is(&vm.t.float) {
        return Ok(r);
    }
    vm.call(&args[0], &[r], &[])
}

/// The inverse of `b` modulo `m` (m != 0), in [0, |m|); None when gcd(b, m) != 1.
pub fn mod_inverse(b: &BigInt, m: &BigInt) -> Option<BigInt> {
    let m = m.abs();
    let (mut r0, mut r1) = (b.mod_floor_pos(&m), m.clone());
    let (mut s0, mut s1) = (BigInt::one(), BigInt::zero());
    while !r1.is_zero() {
        let q = &r0 / &r1;
        let r2 = &r0 - &q * &r1;
        r0 = std::mem::replace(&mut r1, r2);
        let s2 = &s0 - &q * &s1;
        s0 = std::mem::replace(&mut s1, s2);
    }
    r0.is_one().then(|| s0.mod_floor_pos(&m))
}

trait ModFloorPos {
    fn mod_floor_pos(&self, m: &BigInt) -> BigInt;
}

impl ModFloorPos for BigInt {
    fn mod_floor_pos(&self, m: &BigInt) -> BigInt {
        let r = self % m;
        if r.is_negative() {
            r + m
        } else {
            r
        }
    }
}
