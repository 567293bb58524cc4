//! Correctly rounded int -> float conversions: `float(n)` and `n / d` round half-to-even however
//! large the operands are, as CPython's `PyLong_AsDouble` and `long_true_divide` do.

use super::int::Int;
use num_bigint::BigUint;
use num_traits::ToPrimitive;

/// Why an int quotient has no float value.
#[derive(Debug, PartialEq)]
pub enum TrueDivError {
    ZeroDivision,
    Overflow,
}

/// Significant bits of an f64, and the exponent of its least subnormal (2**-1074).
const MANT: i64 = 53;
const MIN_LSB: i64 = -1074;
/// Every finite f64 is below 2**MAX_EXP.
const MAX_EXP: i64 = 1024;

/// `2**k` for any k a finite product may need, built so no intermediate is subnormal.
fn scale(m: f64, k: i64) -> f64 {
    let pow2 = |e: i64| f64::from_bits(((e + 1023) as u64) << 52);
    if k < -1022 {
        // The caller's value is representable, so the second multiply is exact too.
        m * pow2(k + 60) * pow2(-60)
    } else {
        m * pow2(k)
    }
}

/// Rounds `q * 2**shift` (with `sticky` set when bits below `q` were dropped and were nonzero)
/// to the nearest f64, ties to even; `None` when it rounds to 2**1024 or beyond.
fn round_to_f64(q: u64, shift: i64, sticky: bool) -> Option<f64> {
    let bits = 64 - q.leading_zeros() as i64;
    let keep_low = (shift + bits - MANT).max(MIN_LSB);
    let extra = keep_low - shift;
    let (m, exp) = if extra <= 0 {
        (q, shift)
    } else if extra >= 64 {
        // Everything is below half the least subnormal (the callers keep two guard bits above
        // it, so this is only reached with q == 0).
        (0, keep_low)
    } else {
        let low = q & ((1u64 << extra) - 1);
        let half = 1u64 << (extra - 1);
        let mut m = q >> extra;
        if low > half || (low == half && (sticky || m & 1 == 1)) {
            m += 1;
        }
        (m, keep_low)
    };
    if m == 0 {
        return Some(0.0);
    }
    // m may have become 2**53 by rounding up; it stays exact as an f64.
    let top = 64 - m.leading_zeros() as i64 + exp;
    if top > MAX_EXP {
        return None;
    }
    Some(scale(m as f64, exp))
}

fn magnitude(n: &Int) -> BigUint {
    n.to_big().magnitude().clone()
}

/// `float(n)`, or `None` when |n| rounds to 2**1024 or more.
pub fn int_to_f64(n: &Int) -> Option<f64> {
    if let Int::Small(v) = n {
        // i64 -> f64 is correctly rounded.
        return Some(*v as f64);
    }
    let a = magnitude(n);
    let bits = a.bits() as i64;
    if bits > MAX_EXP + 1 {
        return None;
    }
    // Keep 55 bits: the rounding bit, and one more that absorbs everything below as a sticky bit.
    let shift = bits - 55;
    let top = (&a >> shift as u64).to_u64().unwrap_or(u64::MAX);
    let sticky = a.trailing_zeros().unwrap_or(0) < shift as u64;
    let r = round_to_f64(top, shift, sticky)?;
    Some(if n.is_negative() { -r } else { r })
}

/// `n / d` for ints, correctly rounded.
pub fn true_divide(n: &Int, d: &Int) -> Result<f64, TrueDivError> {
    if d.is_zero() {
        return Err(TrueDivError::ZeroDivision);
    }
    const EXACT: i64 = 1 << MANT;
    if let (Int::Small(a), Int::Small(b)) = (n, d) {
        // Both convert exactly, so IEEE division rounds the true quotient once.
        if a.unsigned_abs() <= EXACT as u64 && b.unsigned_abs() <= EXACT as u64 {
            return Ok(*a as f64 / *b as f64);
        }
    }
    let negative = n.is_negative() != d.is_negative();
    let signed = |r: f64| if negative { -r } else { r };
    if n.is_zero() {
        return Ok(signed(0.0));
    }
    let (a, b) = (magnitude(n), magnitude(d));
    // a / b lies in [2**(diff-1), 2**(diff+1)).
    let diff = a.bits() as i64 - b.bits() as i64;
    if diff > MAX_EXP {
        return Err(TrueDivError::Overflow);
    }
    if diff < MIN_LSB - 2 {
        // Below half the least subnormal: rounds to zero without dividing huge numbers.
        return Ok(signed(0.0));
    }
    // Scale so the integer quotient carries at least 55 significant bits (two guard bits past
    // the 53 kept), or down to two bits below the least subnormal for tiny results.
    let shift = diff.max(MIN_LSB + MANT - 1) - MANT - 2;
    let (x, mut sticky) = if shift >= 0 {
        let dropped = a.trailing_zeros().unwrap_or(0) < shift as u64;
        (&a >> shift as u64, dropped)
    } else {
        (&a << (-shift) as u64, false)
    };
    let (q, r) = num_integer::Integer::div_rem(&x, &b);
    sticky |= r.bits() != 0;
    let q = q.to_u64().expect("quotient of at most 57 bits");
    round_to_f64(q, shift, sticky).map(signed).ok_or(TrueDivError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigInt;

    fn big(s: &str) -> Int {
        Int::from_big(s.parse::<BigInt>().unwrap())
    }

    #[test]
    fn float_of_int_rounds_half_even() {
        // 2**53 + 1 is a tie between 2**53 and 2**53 + 2: the even one wins.
        assert_eq!(int_to_f64(&big("9007199254740993")), Some(9007199254740992.0));
        assert_eq!(int_to_f64(&big("9007199254740995")), Some(9007199254740996.0));
        // 2**64 + 2**11 is a tie too; one more pushes it up.
        assert_eq!(int_to_f64(&big("18446744073709553664")), Some(18446744073709551616.0));
        assert_eq!(int_to_f64(&big("18446744073709553665")), Some(18446744073709555712.0));
        assert_eq!(int_to_f64(&Int::from_big(BigInt::from(1) << 1024u32)), None);
    }

    #[test]
    fn true_divide_is_correctly_rounded() {
        let one = Int::Small(1);
        assert_eq!(true_divide(&one, &big("9007199254740993")), Ok(1.1102230246251564e-16));
        assert_eq!(true_divide(&Int::Small(7), &big("1000000000000000000000000000000")), Ok(7e-30));
        let p1074 = Int::from_big(BigInt::from(1) << 1074u32);
        assert_eq!(true_divide(&one, &p1074), Ok(5e-324));
        // 2**-1075 is half the least subnormal: ties to zero (even).
        assert_eq!(true_divide(&one, &p1074.mul(&Int::Small(2))), Ok(0.0));
        assert_eq!(true_divide(&Int::Small(-1), &p1074), Ok(-5e-324));
        assert_eq!(true_divide(&one, &Int::Small(0)), Err(TrueDivError::ZeroDivision));
        let huge = Int::from_big(BigInt::from(1) << 1024u32);
        assert_eq!(true_divide(&huge, &one), Err(TrueDivError::Overflow));
    }
}
