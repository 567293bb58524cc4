//! The native `math` module (CPython's Modules/mathmodule.c semantics: which inputs raise
//! "math domain error" (ValueError) and which "math range error" (OverflowError)).

use super::{check_args, split_args};
use crate::heap::{Kind, ObjRef};
use crate::object::func::NativeFn;
use crate::object::int::{Int, IntObj};
use crate::runtime::attr::lookup_type;
use crate::{PyResult, Vm};
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};

pub fn functions() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("sqrt", m_sqrt),
        ("exp", m_exp),
        ("expm1", m_expm1),
        ("exp2", m_exp2),
        ("cbrt", m_cbrt),
        ("log1p", m_log1p),
        ("sin", m_sin),
        ("cos", m_cos),
        ("tan", m_tan),
        ("asin", m_asin),
        ("acos", m_acos),
        ("atan", m_atan),
        ("sinh", m_sinh),
        ("cosh", m_cosh),
        ("tanh", m_tanh),
        ("asinh", m_asinh),
        ("acosh", m_acosh),
        ("atanh", m_atanh),
        ("fabs", m_fabs),
        ("degrees", m_degrees),
        ("radians", m_radians),
        ("floor", m_floor),
        ("ceil", m_ceil),
        ("trunc", m_trunc),
        ("log", m_log),
        ("log2", m_log2),
        ("log10", m_log10),
        ("atan2", m_atan2),
        ("pow", m_pow),
        ("hypot", m_hypot),
        ("dist", m_dist),
        ("copysign", m_copysign),
        ("fmod", m_fmod),
        ("remainder", m_remainder),
        ("fsum", m_fsum),
        ("prod", m_prod),
        ("gcd", m_gcd),
        ("lcm", m_lcm),
        ("factorial", m_factorial),
        ("isqrt", m_isqrt),
        ("comb", m_comb),
        ("perm", m_perm),
        ("ldexp", m_ldexp),
        ("frexp", m_frexp),
        ("modf", m_modf),
        ("isnan", m_isnan),
        ("isinf", m_isinf),
        ("isfinite", m_isfinite),
        ("isclose", m_isclose),
        ("nextafter", m_nextafter),
        ("ulp", m_ulp),
    ]
}

fn f1(vm: &mut Vm, a: &[ObjRef], name: &str) -> PyResult<f64> {
    if a.len() != 1 {
        return vm.type_error(format!("math.{name}() takes exactly one argument ({} given)", a.len()));
    }
    vm.to_f64(&a[0])
}

fn f2(vm: &mut Vm, a: &[ObjRef], name: &str) -> PyResult<(f64, f64)> {
    if a.len() != 2 {
        return vm.type_error(format!("{name} expected 2 arguments, got {}", a.len()));
    }
    Ok((vm.to_f64(&a[0])?, vm.to_f64(&a[1])?))
}

fn domain<T>(vm: &mut Vm) -> PyResult<T> {
    vm.value_error("math domain error")
}

fn range<T>(vm: &mut Vm) -> PyResult<T> {
    vm.overflow("math range error")
}

/// CPython's `math_1` rule: a NaN from a non-NaN input is a domain error; an infinity from a
/// finite input is a range error for functions that can overflow, a domain error (a pole) for
/// the others.
fn checked(vm: &mut Vm, x: f64, r: f64, can_overflow: bool) -> PyResult {
    if r.is_nan() && !x.is_nan() {
        return domain(vm);
    }
    if r.is_infinite() && x.is_finite() {
        return if can_overflow { range(vm) } else { domain(vm) };
    }
    Ok(vm.new_float(r))
}

macro_rules! math1 {
    ($name:ident, $s:expr, $f:expr, $of:expr) => {
        fn $name(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
            let x = f1(vm, a, $s)?;
            let f: fn(f64) -> f64 = $f;
            checked(vm, x, f(x), $of)
        }
    };
}

math1!(m_exp, "exp", f64::exp, true);
math1!(m_expm1, "expm1", f64::exp_m1, true);
math1!(m_exp2, "exp2", f64::exp2, true);
math1!(m_cbrt, "cbrt", f64::cbrt, false);
math1!(m_sin, "sin", f64::sin, false);
math1!(m_cos, "cos", f64::cos, false);
math1!(m_tan, "tan", f64::tan, false);
math1!(m_asin, "asin", f64::asin, false);
math1!(m_acos, "acos", f64::acos, false);
math1!(m_atan, "atan", f64::atan, false);
math1!(m_sinh, "sinh", f64::sinh, true);
math1!(m_cosh, "cosh", f64::cosh, true);
math1!(m_tanh, "tanh", f64::tanh, false);
math1!(m_asinh, "asinh", asinh, false);
math1!(m_acosh, "acosh", acosh, false);
math1!(m_atanh, "atanh", atanh, false);
math1!(m_fabs, "fabs", f64::abs, false);

// The inverse hyperbolic functions as the C library computes them (the classic fdlibm
// formulas over log/log1p), so results agree with CPython to the last bit; Rust's own
// versions round differently.
const TWO_POW_28: f64 = 268435456.0;

fn asinh(x: f64) -> f64 {
    let a = x.abs();
    if !a.is_finite() || a < 1.0 / TWO_POW_28 {
        return x;
    }
    let w = if a > TWO_POW_28 {
        a.ln() + std::f64::consts::LN_2
    } else if a > 2.0 {
        (2.0 * a + 1.0 / ((x * x + 1.0).sqrt() + a)).ln()
    } else {
        let t = x * x;
        (a + t / (1.0 + (1.0 + t).sqrt())).ln_1p()
    };
    w.copysign(x)
}

fn acosh(x: f64) -> f64 {
    if x.is_nan() || x < 1.0 {
        return f64::NAN;
    }
    if x >= TWO_POW_28 {
        return if x.is_infinite() { x } else { x.ln() + std::f64::consts::LN_2 };
    }
    if x == 1.0 {
        return 0.0;
    }
    if x > 2.0 {
        let t = x * x;
        (2.0 * x - 1.0 / (x + (t - 1.0).sqrt())).ln()
    } else {
        let t = x - 1.0;
        (t + (2.0 * t + t * t).sqrt()).ln_1p()
    }
}

fn atanh(x: f64) -> f64 {
    let a = x.abs();
    if x.is_nan() || a > 1.0 {
        return f64::NAN;
    }
    if a == 1.0 {
        return x / 0.0;
    }
    if a < 1.0 / TWO_POW_28 {
        return x;
    }
    let t = if a < 0.5 {
        let t = a + a;
        0.5 * (t + t * a / (1.0 - a)).ln_1p()
    } else {
        0.5 * ((a + a) / (1.0 - a)).ln_1p()
    };
    t.copysign(x)
}

fn m_sqrt(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let x = f1(vm, a, "sqrt")?;
    checked(vm, x, x.sqrt(), false)
}

fn m_log1p(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let x = f1(vm, a, "log1p")?;
    if x <= -1.0 {
        return domain(vm);
    }
    checked(vm, x, x.ln_1p(), false)
}

fn m_degrees(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let x = f1(vm, a, "degrees")?;
    Ok(vm.new_float(x * (180.0 / std::f64::consts::PI)))
}

fn m_radians(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let x = f1(vm, a, "radians")?;
    Ok(vm.new_float(x * (std::f64::consts::PI / 180.0)))
}

fn float_to_int_result(vm: &mut Vm, f: f64) -> PyResult {
    if f.is_nan() {
        return vm.value_error("cannot convert float NaN to integer");
    }
    if f.is_infinite() {
        return vm.overflow("cannot convert float infinity to integer");
    }
    Ok(super::float_to_int(vm, f))
}

/// floor/ceil/trunc: ints are their own answer; other objects are asked through their dunder
/// (`__floor__`...) before falling back to a float conversion (trunc has no fallback).
fn rounding(vm: &mut Vm, a: &[ObjRef], name: &str, dunder: &str, f: fn(f64) -> f64) -> PyResult {
    if a.len() != 1 {
        return vm.type_error(format!("math.{name}() takes exactly one argument ({} given)", a.len()));
    }
    let x = &a[0];
    if x.kind() == Kind::Int {
        return Ok(vm.new_bigint(x.expect::<IntObj>().0.clone()));
    }
    if x.kind() != Kind::Float {
        let key = vm.intern(dunder);
        if let Some(m) = lookup_type(&x.ty().clone(), &key) {
            return vm.call(&m, &[x.clone()], &[]);
        }
        if name == "trunc" {
            return vm.type_error(format!("type {} doesn't define __trunc__ method", vm.type_name(x)));
        }
    }
    let v = vm.to_f64(x)?;
    float_to_int_result(vm, f(v))
}

fn m_floor(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    rounding(vm, a, "floor", "__floor__", f64::floor)
}
fn m_ceil(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    rounding(vm, a, "ceil", "__ceil__", f64::ceil)
}
fn m_trunc(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    rounding(vm, a, "trunc", "__trunc__", f64::trunc)
}

/// A big int as `m * 2**e` with `m` in [0.5, 1) correctly rounded to 53 bits (half to even).
fn big_frexp(b: &BigInt) -> (f64, i64) {
    let bits = b.bits() as i64;
    let mag = b.abs();
    let shift = (bits - 55).max(0);
    let top: BigInt = &mag >> shift as usize;
    let sticky = shift > 0 && !(&mag - (&top << shift as usize)).is_zero();
    let top = u64::try_from(top).unwrap_or(0);
    let extra = if shift > 0 { 2 } else { 0 };
    let (mut m, rem) = if shift > 0 { (top >> 2, top & 3) } else { (top, 0) };
    if rem == 3 || (rem == 2 && (sticky || m & 1 == 1)) {
        m += 1;
    }
    let sig_bits = 64 - m.leading_zeros() as i64;
    let e = shift + extra + sig_bits;
    let x = m as f64 / 2f64.powi(sig_bits as i32);
    (if b.is_negative() { -x } else { x }, e)
}

/// log-like functions of ints too large for a float: `f(m) + e * f(2)`.
fn log_helper(vm: &mut Vm, x: &ObjRef, f: fn(f64) -> f64) -> PyResult<f64> {
    if let Some(IntObj(i)) = x.get::<IntObj>() {
        if i.is_negative() || i.is_zero() {
            return domain(vm);
        }
        if let Int::Big(b) = i {
            if i.to_f64().is_none_or(f64::is_infinite) {
                let (m, e) = big_frexp(b);
                return Ok(f(m) + e as f64 * f(2.0));
            }
        }
    }
    let v = vm.to_f64(x)?;
    if v.is_nan() {
        return Ok(v);
    }
    if v <= 0.0 {
        return domain(vm);
    }
    Ok(f(v))
}

fn m_log(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    if !(1..=2).contains(&a.len()) {
        return vm.type_error("math.log requires 1 to 2 arguments");
    }
    let num = log_helper(vm, &a[0], f64::ln)?;
    let r = match a.get(1) {
        Some(base) => {
            let den = log_helper(vm, base, f64::ln)?;
            if den == 0.0 {
                return vm.zero_div("float division by zero");
            }
            num / den
        }
        None => num,
    };
    Ok(vm.new_float(r))
}
fn m_log2(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "log2", a, 1, 1)?;
    let r = log_helper(vm, &a[0], f64::log2)?;
    Ok(vm.new_float(r))
}
fn m_log10(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "log10", a, 1, 1)?;
    let r = log_helper(vm, &a[0], f64::log10)?;
    Ok(vm.new_float(r))
}

fn m_atan2(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (y, x) = f2(vm, a, "atan2")?;
    Ok(vm.new_float(y.atan2(x)))
}

fn m_pow(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (x, y) = f2(vm, a, "pow")?;
    // Non-finite inputs follow C99 Annex F exactly and never raise.
    if !x.is_finite() || !y.is_finite() {
        return Ok(vm.new_float(x.powf(y)));
    }
    if x == 0.0 && y < 0.0 {
        return domain(vm);
    }
    let r = x.powf(y);
    if r.is_nan() {
        return domain(vm);
    }
    if r.is_infinite() {
        return range(vm);
    }
    Ok(vm.new_float(r))
}

/// The Euclidean norm, scaled by the largest magnitude so that squares cannot overflow.
fn norm(v: &[f64]) -> f64 {
    let mut max = 0.0f64;
    let mut nan = false;
    for &x in v {
        let x = x.abs();
        nan |= x.is_nan();
        if x > max {
            max = x;
        }
    }
    if max.is_infinite() {
        return max;
    }
    if nan {
        return f64::NAN;
    }
    if max == 0.0 || v.len() <= 1 {
        return max;
    }
    let s: f64 = v.iter().map(|x| (x / max) * (x / max)).sum();
    max * s.sqrt()
}

fn m_hypot(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let mut v = Vec::with_capacity(a.len());
    for x in a {
        v.push(vm.to_f64(x)?);
    }
    Ok(vm.new_float(norm(&v)))
}

fn m_dist(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "dist", a, 2, 2)?;
    let p = vm.collect(&a[0])?;
    let q = vm.collect(&a[1])?;
    if p.len() != q.len() {
        return vm.value_error("both points must have the same number of dimensions");
    }
    let mut v = Vec::with_capacity(p.len());
    for (x, y) in p.iter().zip(&q) {
        v.push(vm.to_f64(x)? - vm.to_f64(y)?);
    }
    Ok(vm.new_float(norm(&v)))
}

fn m_copysign(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (x, y) = f2(vm, a, "copysign")?;
    Ok(vm.new_float(x.copysign(y)))
}

fn m_fmod(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (x, y) = f2(vm, a, "fmod")?;
    if y.is_infinite() && x.is_finite() {
        return Ok(vm.new_float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return domain(vm);
    }
    Ok(vm.new_float(r))
}

/// IEEE 754 remainder: `x - n*y` with `n` the integer nearest `x/y`, ties to even.
fn m_remainder(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (x, y) = f2(vm, a, "remainder")?;
    if x.is_nan() || y.is_nan() {
        return Ok(vm.new_float(f64::NAN));
    }
    if x.is_infinite() || y == 0.0 {
        return domain(vm);
    }
    if y.is_infinite() {
        return Ok(vm.new_float(x));
    }
    let (ax, ay) = (x.abs(), y.abs());
    let m = ax % ay;
    let rest = ay - m;
    let r = if m < rest {
        m
    } else if m > rest {
        -rest
    } else {
        // Exactly halfway: ax - m is an exact multiple of ay; the parity of that multiple picks
        // the even quotient.
        m - 2.0 * ((0.5 * (ax - m)) % ay)
    };
    Ok(vm.new_float(if x < 0.0 { -r } else { r }))
}

fn m_fsum(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "fsum", a, 1, 1)?;
    // Shewchuk's exact partials; infinities and NaNs are summed apart, as CPython does.
    let mut partials: Vec<f64> = Vec::new();
    let mut special = 0.0f64;
    let mut inf_sum = 0.0f64;
    let it = vm.iter(&a[0])?;
    while let Some(item) = vm.next(&it)? {
        let mut x = vm.to_f64(&item)?;
        let xsave = x;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return vm.overflow("intermediate overflow in fsum");
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special != 0.0 {
        if inf_sum.is_nan() {
            return vm.value_error("-inf + inf in fsum");
        }
        return Ok(vm.new_float(special));
    }
    let mut hi = 0.0;
    if let Some(mut n) = partials.len().checked_sub(1) {
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            n -= 1;
            let x = hi;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(vm.new_float(hi))
}

fn m_prod(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    if pos.len() != 1 {
        return vm.type_error(format!("prod() takes exactly 1 positional argument ({} given)", pos.len()));
    }
    let mut acc = vm.new_int(1);
    for (k, v) in kws {
        if k != "start" {
            return vm.type_error(format!("prod() got an unexpected keyword argument '{k}'"));
        }
        acc = v.clone();
    }
    let it = vm.iter(&pos[0])?;
    while let Some(x) = vm.next(&it)? {
        acc = vm.binary_op(&acc, &x, 5)?;
    }
    Ok(acc)
}

/// An integer argument through `__index__`.
fn index_arg(vm: &mut Vm, o: &ObjRef) -> PyResult<BigInt> {
    if let Some(i) = o.get::<IntObj>() {
        return Ok(i.0.to_big());
    }
    let key = vm.n.index.clone();
    if let Some(f) = lookup_type(&o.ty().clone(), &key) {
        let r = vm.call(&f, &[o.clone()], &[])?;
        if let Some(i) = r.get::<IntObj>() {
            return Ok(i.0.to_big());
        }
        return vm.type_error(format!("__index__ returned non-int (type {})", vm.type_name(&r)));
    }
    vm.type_error(format!("'{}' object cannot be interpreted as an integer", vm.type_name(o)))
}

fn big(vm: &Vm, b: BigInt) -> ObjRef {
    vm.new_bigint(Int::from_big(b))
}

fn m_gcd(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    use num_integer::Integer;
    let mut g = BigInt::zero();
    for x in a {
        let v = index_arg(vm, x)?;
        g = g.gcd(&v);
    }
    Ok(big(vm, g))
}

fn m_lcm(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    use num_integer::Integer;
    let mut l = BigInt::one();
    for x in a {
        let v = index_arg(vm, x)?;
        l = if l.is_zero() || v.is_zero() { BigInt::zero() } else { l.lcm(&v).abs() };
    }
    Ok(big(vm, l))
}

fn product(lo: u64, hi: u64) -> BigInt {
    // Balanced splitting keeps the multiplications of similar sizes.
    if hi < lo {
        return BigInt::one();
    }
    if hi - lo < 16 {
        let mut r = BigInt::one();
        for i in lo..=hi {
            r *= i;
        }
        return r;
    }
    let mid = lo + (hi - lo) / 2;
    product(lo, mid) * product(mid + 1, hi)
}

fn m_factorial(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "factorial", a, 1, 1)?;
    let n = index_arg(vm, &a[0])?;
    if n.is_negative() {
        return vm.value_error("factorial() not defined for negative values");
    }
    let Ok(n) = i64::try_from(&n) else {
        return vm.overflow(format!("factorial() argument should not exceed {}", i64::MAX));
    };
    Ok(big(vm, product(2, n as u64)))
}

fn m_isqrt(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "isqrt", a, 1, 1)?;
    let n = index_arg(vm, &a[0])?;
    if n.is_negative() {
        return vm.value_error("isqrt() argument must be nonnegative");
    }
    Ok(big(vm, n.sqrt()))
}

fn nk_args(vm: &mut Vm, a: &[ObjRef]) -> PyResult<(BigInt, Option<BigInt>)> {
    let n = index_arg(vm, &a[0])?;
    let k = match a.get(1) {
        Some(k) if !k.is(&vm.none) => Some(index_arg(vm, k)?),
        _ => None,
    };
    if n.is_negative() {
        return vm.value_error("n must be a non-negative integer");
    }
    if k.as_ref().is_some_and(|k| k.is_negative()) {
        return vm.value_error("k must be a non-negative integer");
    }
    Ok((n, k))
}

fn m_comb(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "comb", a, 2, 2)?;
    let (n, k) = nk_args(vm, a)?;
    let k = k.unwrap_or_default();
    if k > n {
        return Ok(vm.new_int(0));
    }
    let k = (&n - &k).min(k);
    let Ok(k) = u64::try_from(&k) else {
        return vm.overflow(format!("min(n - k, k) must not exceed {}", i64::MAX));
    };
    let mut r = BigInt::one();
    for i in 0..k {
        r = r * (&n - i) / (i + 1);
    }
    Ok(big(vm, r))
}

fn m_perm(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "perm", a, 1, 2)?;
    let (n, k) = nk_args(vm, a)?;
    let k = k.unwrap_or_else(|| n.clone());
    if k > n {
        return Ok(vm.new_int(0));
    }
    let Ok(k) = u64::try_from(&k) else {
        return vm.overflow(format!("k must not exceed {}", i64::MAX));
    };
    let mut r = BigInt::one();
    for i in 0..k {
        r *= &n - i;
    }
    Ok(big(vm, r))
}

fn pow2(e: i64) -> f64 {
    // 2**e for e in [-1074, 1023], built from its bits (subnormal below -1022).
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074))
    }
}

fn frexp(x: f64) -> (f64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    if exp == 0 {
        // Subnormal: normalise first.
        let (m, e) = frexp(x * pow2(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, exp - 1022)
}

fn m_ldexp(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "ldexp", a, 2, 2)?;
    let x = vm.to_f64(&a[0])?;
    let Some(i) = a[1].get::<IntObj>() else {
        return vm.type_error("Expected an int as second argument to ldexp.");
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(vm.new_float(x));
    }
    let e = match i.0.as_i64() {
        Some(e) => e,
        None if i.0.is_negative() => i64::MIN / 2,
        None => i64::MAX / 2,
    };
    let (m, xe) = frexp(x);
    let target = xe.saturating_add(e);
    if target > 1024 {
        return range(vm);
    }
    let r = if target >= -1073 {
        // One multiplication by an exact power of two: a single rounding, even when the result
        // is subnormal.
        (m * 2.0) * pow2(target - 1)
    } else if target == -1074 {
        // m * 2**-1074 lies in [2**-1075, 2**-1074): halfway rounds to even (zero).
        if m.abs() > 0.5 {
            pow2(-1074).copysign(m)
        } else {
            0.0f64.copysign(m)
        }
    } else {
        0.0f64.copysign(m)
    };
    Ok(vm.new_float(r))
}

fn m_frexp(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let x = f1(vm, a, "frexp")?;
    let (m, e) = frexp(x);
    let (m, e) = (vm.new_float(m), vm.new_int(e));
    Ok(vm.new_tuple(vec![m, e]))
}

fn m_modf(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let x = f1(vm, a, "modf")?;
    let (frac, int) =
        if x.is_infinite() { (0.0f64.copysign(x), x) } else { ((x % 1.0).copysign(x), x.trunc()) };
    let (f, i) = (vm.new_float(frac), vm.new_float(int));
    Ok(vm.new_tuple(vec![f, i]))
}

fn m_isnan(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let x = f1(vm, a, "isnan")?;
    Ok(vm.new_bool(x.is_nan()))
}
fn m_isinf(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let x = f1(vm, a, "isinf")?;
    Ok(vm.new_bool(x.is_infinite()))
}
fn m_isfinite(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let x = f1(vm, a, "isfinite")?;
    Ok(vm.new_bool(x.is_finite()))
}

fn m_isclose(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    if pos.len() != 2 {
        return vm
            .type_error(format!("isclose() takes exactly 2 positional arguments ({} given)", pos.len()));
    }
    let (a, b) = (vm.to_f64(&pos[0])?, vm.to_f64(&pos[1])?);
    let mut rel = 1e-9;
    let mut abs = 0.0;
    for (k, v) in kws {
        match k {
            "rel_tol" => rel = vm.to_f64(v)?,
            "abs_tol" => abs = vm.to_f64(v)?,
            _ => return vm.type_error(format!("isclose() got an unexpected keyword argument '{k}'")),
        }
    }
    if rel < 0.0 || abs < 0.0 {
        return vm.value_error("tolerances must be non-negative");
    }
    if a == b {
        return Ok(vm.true_.clone());
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(vm.false_.clone());
    }
    let d = (a - b).abs();
    Ok(vm.new_bool(d <= (rel * b).abs() || d <= (rel * a).abs() || d <= abs))
}

fn next_toward(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return pow2(-1074).copysign(y);
    }
    let bits = x.to_bits();
    let away = (y > x) == (x > 0.0);
    f64::from_bits(if away { bits + 1 } else { bits - 1 })
}

fn m_nextafter(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (x, y) = f2(vm, a, "nextafter")?;
    Ok(vm.new_float(next_toward(x, y)))
}

fn m_ulp(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let x = f1(vm, a, "ulp")?.abs();
    if !x.is_finite() {
        return Ok(vm.new_float(x));
    }
    let up = next_toward(x, f64::INFINITY);
    let r = if up.is_infinite() { x - next_toward(x, f64::NEG_INFINITY) } else { up - x };
    Ok(vm.new_float(r))
}
