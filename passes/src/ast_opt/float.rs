//! float and complex arithmetic as CPython's floatobject.c and complexobject.c do it, where plain
//! IEEE operators are not enough (floor division, modulo, powers, complex division), and int true
//! division with correct rounding (longobject.c's `long_true_divide`).

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

/// `_float_div_mod`: `(a // b, a % b)` with Python's signs; `None` on division by zero.
pub fn div_mod(vx: f64, wx: f64) -> Option<(f64, f64)> {
    if wx == 0.0 {
        return None;
    }
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    Some((floordiv, m))
}

pub enum Pow {
    Real(f64),
    /// A negative base to a non-integer power is complex in Python 3.
    Complex(f64, f64),
}

fn is_odd_integer(x: f64) -> bool {
    (x.abs() % 2.0) == 1.0
}

/// `float_pow` (no modulus).
pub fn float_pow(iv: f64, iw: f64) -> Option<Pow> {
    use Pow::Real;
    if iw == 0.0 {
        return Some(Real(1.0));
    }
    if iv.is_nan() {
        return Some(Real(iv));
    }
    if iw.is_nan() {
        return Some(Real(if iv == 1.0 { 1.0 } else { iw }));
    }
    if iw.is_infinite() {
        let a = iv.abs();
        return Some(Real(if a == 1.0 {
            1.0
        } else if (iw > 0.0) == (a > 1.0) {
            iw.abs()
        } else {
            0.0
        }));
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Some(Real(if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        }));
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return None; // ZeroDivisionError
        }
        return Some(Real(if is_odd_integer(iw) { iv } else { 0.0 }));
    }
    let mut base = iv;
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            let (re, im) = complex_pow((iv, 0.0), (iw, 0.0))?;
            return Some(Pow::Complex(re, im));
        }
        base = -iv;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return Some(Real(if negate { -1.0 } else { 1.0 }));
    }
    let ix = base.powf(iw);
    if ix.is_infinite() {
        return None; // OverflowError
    }
    Some(Real(if negate { -ix } else { ix }))
}

pub fn c_prod(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// `_Py_c_quot`; `None` where it reports EDOM (division by zero).
pub fn c_quot(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let (abs_breal, abs_bimag) = (b.0.abs(), b.1.abs());
    if abs_breal >= abs_bimag {
        if abs_breal == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bimag >= abs_breal {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

fn c_powu(x: (f64, f64), n: u64) -> (f64, f64) {
    let mut r = (1.0, 0.0);
    let mut p = x;
    let mut mask: u64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = c_prod(r, p);
        }
        mask <<= 1;
        p = c_prod(p, p);
    }
    r
}

/// `_Py_c_pow`.
fn c_pow(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    if b.0 == 0.0 && b.1 == 0.0 {
        return Some((1.0, 0.0));
    }
    if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return None;
        }
        return Some((0.0, 0.0));
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    Some((len * phase.cos(), len * phase.sin()))
}

/// `complex_pow`: small integral exponents by repeated multiplication, others by polar form;
/// division by zero and infinite results are errors.
pub fn complex_pow(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let p = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        if n > 0 {
            c_powu(a, n as u64)
        } else {
            c_quot((1.0, 0.0), c_powu(a, n.unsigned_abs()))?
        }
    } else {
        c_pow(a, b)?
    };
    if p.0.is_infinite() || p.1.is_infinite() {
        return None;
    }
    Some(p)
}

/// `long_true_divide`: `a / b` correctly rounded; `None` on division by zero or overflow.
pub fn int_true_divide(a: &BigInt, b: &BigInt) -> Option<f64> {
    if b.is_zero() {
        return None;
    }
    let negative = a.is_negative() != b.is_negative();
    const EXACT: i64 = 1 << 53;
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if (-EXACT..=EXACT).contains(&x) && (-EXACT..=EXACT).contains(&y) {
            return Some(x as f64 / y as f64);
        }
    }
    let (a, b) = (a.magnitude(), b.magnitude());
    if a.is_zero() {
        return Some(if negative { -0.0 } else { 0.0 });
    }
    // Scale so the quotient has 55 or 56 bits, then keep a sticky bit for the remainder.
    let shift = 55 - (a.bits() as i64 - b.bits() as i64);
    let (num, den) =
        if shift >= 0 { (a << shift as usize, b.clone()) } else { (a.clone(), b << (-shift) as usize) };
    let (q, r) = num_integer::Integer::div_rem(&num, &den);
    let x = (q.to_u64()? << 1) | u64::from(!r.is_zero());
    // x * 2^exp is the exact quotient (to within the sticky bit).
    let exp = -shift - 1;
    let top = 63 - x.leading_zeros() as i64 + exp;
    // Below the normal range fewer bits are kept (subnormals), rounded once.
    let precision = if top >= -1022 { 53 } else { 53 - (-1022 - top) };
    let (m, e) = round_to(x, precision, exp);
    let f = compose(m, e)?;
    Some(if negative { -f } else { f })
}

/// Rounds `x * 2^exp` to `precision` significant bits, half to even.
fn round_to(x: u64, precision: i64, exp: i64) -> (u64, i64) {
    let bits = 64 - x.leading_zeros() as i64;
    let drop = bits - precision;
    if drop <= 0 {
        return (x, exp);
    }
    if drop > 64 {
        return (0, exp + drop);
    }
    let drop = drop as u32;
    let x = x as u128;
    let rem = x & ((1u128 << drop) - 1);
    let half = 1u128 << (drop - 1);
    let mut kept = x >> drop;
    if rem > half || (rem == half && kept & 1 == 1) {
        kept += 1;
    }
    (kept as u64, exp + drop as i64)
}

/// The double `m * 2^e`, which must be exactly representable; `None` if it overflows.
fn compose(m: u64, e: i64) -> Option<f64> {
    if m == 0 {
        return Some(0.0);
    }
    let n = 64 - m.leading_zeros() as i64;
    let top = n - 1 + e;
    if top > 1023 {
        return None;
    }
    if top >= -1022 {
        let mantissa = if n <= 53 { m << (53 - n) } else { m >> (n - 53) };
        let biased = (top + 1023) as u64;
        return Some(f64::from_bits((biased << 52) | (mantissa & ((1u64 << 52) - 1))));
    }
    let s = e + 1074;
    Some(f64::from_bits(if s >= 0 { m << s } else { m >> -s }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_division_rounds_like_python() {
        // python3 -c 'print((10**30+1)/3, 2**200/3, -(7**40)/2**100, 1/10**400)'
        let big = |s: &str| s.parse::<BigInt>().unwrap();
        assert_eq!(
            int_true_divide(&(big("1000000000000000000000000000000") + 1), &big("3")),
            Some(3.333333333333333e29)
        );
        assert_eq!(int_true_divide(&(BigInt::from(1) << 200usize), &big("3")), Some(5.356460147529967e59));
        assert_eq!(
            int_true_divide(&-num_traits::pow(BigInt::from(7), 40), &(BigInt::from(1) << 100usize)),
            Some(-5022.524155917049)
        );
        assert_eq!(int_true_divide(&big("1"), &num_traits::pow(BigInt::from(10), 400)), Some(0.0));
        assert_eq!(int_true_divide(&(BigInt::from(1) << 2000usize), &big("1")), None);
    }
}
