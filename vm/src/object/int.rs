//! `int`: machine integers while they fit in an i64, arbitrary precision beyond.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

#[derive(Clone, Debug, PartialEq)]
pub enum Int {
    Small(i64),
    Big(Box<BigInt>),
}

pub struct IntObj(pub Int);

impl Int {
    /// Normalises: values that fit in an i64 are always `Small`, so equality is structural.
    pub fn from_big(b: BigInt) -> Int {
        match b.to_i64() {
            Some(v) => Int::Small(v),
            None => Int::Big(Box::new(b)),
        }
    }

    pub fn to_big(&self) -> BigInt {
        match self {
            Int::Small(v) => BigInt::from(*v),
            Int::Big(b) => (**b).clone(),
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Int::Small(v) => Some(*v),
            Int::Big(_) => None,
        }
    }

    pub fn is_zero(&self) -> bool {
        matches!(self, Int::Small(0))
    }

    pub fn is_negative(&self) -> bool {
        match self {
            Int::Small(v) => *v < 0,
            Int::Big(b) => b.is_negative(),
        }
    }

    pub fn add(&self, o: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, o) {
            if let Some(r) = a.checked_add(*b) {
                return Int::Small(r);
            }
        }
        Int::from_big(self.to_big() + o.to_big())
    }

    pub fn sub(&self, o: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, o) {
            if let Some(r) = a.checked_sub(*b) {
                return Int::Small(r);
            }
        }
        Int::from_big(self.to_big() - o.to_big())
    }

    pub fn mul(&self, o: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, o) {
            if let Some(r) = a.checked_mul(*b) {
                return Int::Small(r);
            }
        }
        Int::from_big(self.to_big() * o.to_big())
    }

    pub fn neg(&self) -> Int {
        match self {
            Int::Small(a) if *a != i64::MIN => Int::Small(-a),
            _ => Int::from_big(-self.to_big()),
        }
    }

    pub fn abs(&self) -> Int {
        if self.is_negative() {
            self.neg()
        } else {
            self.clone()
        }
    }

    /// Floor division and modulo with Python's signs; `None` on division by zero.
    pub fn divmod(&self, o: &Int) -> Option<(Int, Int)> {
        if o.is_zero() {
            return None;
        }
        if let (Int::Small(a), Int::Small(b)) = (self, o) {
            if !(*a == i64::MIN && *b == -1) {
                return Some((Int::Small(a.div_floor(b)), Int::Small(a.mod_floor(b))));
            }
        }
        let (q, r) = self.to_big().div_mod_floor(&o.to_big());
        Some((Int::from_big(q), Int::from_big(r)))
    }

    pub fn floordiv(&self, o: &Int) -> Option<Int> {
        self.divmod(o).map(|x| x.0)
    }

    pub fn modulo(&self, o: &Int) -> Option<Int> {
        if let (Int::Small(a), Int::Small(b)) = (self, o) {
            if *b != 0 && *b != -1 {
                return Some(Int::Small(a.mod_floor(b)));
            }
        }
        self.divmod(o).map(|x| x.1)
    }

    /// Non-negative exponent only.
    pub fn pow(&self, e: u64) -> Int {
        if let Int::Small(b) = self {
            if e <= u32::MAX as u64 {
                if let Some(r) = b.checked_pow(e as u32) {
                    return Int::Small(r);
                }
            }
        }
        let mut result = BigInt::from(1);
        let mut base = self.to_big();
        let mut e = e;
        while e > 0 {
            if e & 1 == 1 {
                result *= &base;
            }
            e >>= 1;
            if e > 0 {
                base = &base * &base;
            }
        }
        Int::from_big(result)
    }

    pub fn powmod(&self, e: &Int, m: &Int) -> Int {
        let m = m.to_big();
        let r = self.to_big().modpow(&e.to_big(), &m);
        // Python's result has the sign of the modulus.
        let r = if !r.is_zero() && (r.is_negative() != m.is_negative()) { r + m } else { r };
        Int::from_big(r)
    }

    pub fn shl(&self, n: u64) -> Int {
        if let Int::Small(a) = self {
            if n < 63 {
                let r = a.checked_mul(1i64 << n);
                if let Some(r) = r {
                    return Int::Small(r);
                }
            }
        }
        Int::from_big(self.to_big() << n as usize)
    }

    pub fn shr(&self, n: u64) -> Int {
        match self {
            Int::Small(a) => Int::Small(if n >= 64 {
                if *a < 0 {
                    -1
                } else {
                    0
                }
            } else {
                a >> n
            }),
            Int::Big(b) => Int::from_big(if n > usize::MAX as u64 / 2 {
                if b.is_negative() {
                    BigInt::from(-1)
                } else {
                    BigInt::zero()
                }
            } else {
                // BigInt's >> rounds toward negative infinity for negatives, like Python.
                &**b >> n as usize
            }),
        }
    }

    pub fn bitand(&self, o: &Int) -> Int {
        match (self, o) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a & b),
            _ => Int::from_big(self.to_big() & o.to_big()),
        }
    }

    pub fn bitor(&self, o: &Int) -> Int {
        match (self, o) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a | b),
            _ => Int::from_big(self.to_big() | o.to_big()),
        }
    }

    pub fn bitxor(&self, o: &Int) -> Int {
        match (self, o) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a ^ b),
            _ => Int::from_big(self.to_big() ^ o.to_big()),
        }
    }

    pub fn invert(&self) -> Int {
        self.neg().sub(&Int::Small(1))
    }

    pub fn compare(&self, o: &Int) -> std::cmp::Ordering {
        match (self, o) {
            (Int::Small(a), Int::Small(b)) => a.cmp(b),
            _ => self.to_big().cmp(&o.to_big()),
        }
    }

    /// `float(n)`, rounded half-to-even; `None` when too large for a float.
    pub fn to_f64(&self) -> Option<f64> {
        super::int_float::int_to_f64(self)
    }

    pub fn bit_length(&self) -> u64 {
        match self {
            Int::Small(v) => 64 - v.unsigned_abs().leading_zeros() as u64,
            Int::Big(b) => b.bits(),
        }
    }

    pub fn to_str_radix(&self, radix: u32) -> String {
        match self {
            Int::Small(v) if radix == 10 => v.to_string(),
            _ => self.to_big().to_str_radix(radix),
        }
    }

    /// `hash(n)`: the value modulo 2**61 - 1, with Python's sign and -1 mapped to -2.
    pub fn hash(&self) -> i64 {
        const M: u64 = (1 << 61) - 1;
        let h = match self {
            Int::Small(v) => {
                let m = (v.unsigned_abs() % M) as i64;
                if *v < 0 {
                    -m
                } else {
                    m
                }
            }
            Int::Big(b) => {
                let (sign, digits) = b.to_u32_digits();
                let mut acc: u128 = 0;
                for &d in digits.iter().rev() {
                    acc = ((acc << 32) | d as u128) % M as u128;
                }
                if sign == num_bigint::Sign::Minus {
                    -(acc as i64)
                } else {
                    acc as i64
                }
            }
        };
        if h == -1 {
            -2
        } else {
            h
        }
    }

    /// Parses Python int literal text in a radix (underscores allowed between digits).
    pub fn parse(s: &str, radix: u32) -> Option<Int> {
        let (neg, radix, body) = Int::split_literal(s, radix)?;
        let clean: String = body.chars().filter(|&c| c != '_').collect();
        let b = BigInt::parse_bytes(clean.as_bytes(), radix)?;
        Some(Int::from_big(if neg { -b } else { b }))
    }

    /// Checks an int literal's syntax as `int(s, radix)` does (radix 0: from the prefix, where
    /// leading zeros are refused) and returns its sign, radix and digits (underscores kept).
    pub fn split_literal(s: &str, radix: u32) -> Option<(bool, u32, &str)> {
        let t = s.trim();
        let (neg, body) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        let mut radix = radix;
        let mut body = body;
        let lower = body.get(..2).unwrap_or("").to_ascii_lowercase();
        let mut prefixed = true;
        match lower.as_str() {
            "0x" if radix == 16 || radix == 0 => radix = 16,
            "0o" if radix == 8 || radix == 0 => radix = 8,
            "0b" if radix == 2 || radix == 0 => radix = 2,
            _ => prefixed = false,
        }
        if prefixed {
            // One underscore may separate the prefix from the digits.
            body = &body[2..];
            body = body.strip_prefix('_').unwrap_or(body);
        }
        if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
            return None;
        }
        if radix == 0 {
            radix = 10;
            if body.starts_with('0') && body.bytes().any(|b| b != b'0' && b != b'_') {
                return None;
            }
        }
        let valid = body.bytes().all(|b| b == b'_' || (b as char).is_digit(radix));
        ((2..=36).contains(&radix) && valid).then_some((neg, radix, body))
    }
}
