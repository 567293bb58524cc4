//! Python `int` values as constants hold them: arbitrary precision, but almost always small.
//!
//! Own representation rather than `num-bigint`: constants only need construction from marshal's
//! 15-bit digits, conversion back to them, `repr()` (decimal) and `hash()`. An `i64` fast path
//! keeps the common case allocation-free; big values keep a sign and a base-2^32 magnitude.
//! The VM's arithmetic is a separate concern and may pick a full bignum crate.

use serde::Serialize;
use std::fmt;

/// A Python int. Invariant: values in `i64` range are always `Small`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum PyInt {
    Small(i64),
    /// |value| > i64 range; `mag` is little-endian base 2^32 with no trailing zero limb.
    Big {
        negative: bool,
        mag: Vec<u32>,
    },
}

impl PyInt {
    /// Builds from a sign and a little-endian base-2^32 magnitude (normalised here).
    pub fn from_sign_mag(negative: bool, mut mag: Vec<u32>) -> PyInt {
        while mag.last() == Some(&0) {
            mag.pop();
        }
        if mag.len() <= 2 {
            let m = mag.iter().rev().fold(0u64, |acc, &l| (acc << 32) | l as u64);
            if !negative && m <= i64::MAX as u64 {
                return PyInt::Small(m as i64);
            }
            if negative && m <= 1u64 << 63 {
                return PyInt::Small((m as i64).wrapping_neg());
            }
        }
        PyInt::Big { negative, mag }
    }

    /// Builds from marshal's 15-bit digits (little-endian) and a sign.
    pub fn from_digits15(negative: bool, digits: &[u16]) -> PyInt {
        let mut mag: Vec<u32> = Vec::with_capacity(digits.len() * 15 / 32 + 1);
        let mut acc: u64 = 0;
        let mut bits = 0u32;
        for &d in digits {
            acc |= (d as u64) << bits;
            bits += 15;
            if bits >= 32 {
                mag.push(acc as u32);
                acc >>= 32;
                bits -= 32;
            }
        }
        if bits > 0 {
            mag.push(acc as u32);
        }
        PyInt::from_sign_mag(negative, mag)
    }

    /// Sign and little-endian base-2^32 magnitude.
    pub fn sign_mag(&self) -> (bool, Vec<u32>) {
        match self {
            PyInt::Small(v) => {
                let m = v.unsigned_abs();
                let mut mag = vec![m as u32, (m >> 32) as u32];
                while mag.last() == Some(&0) {
                    mag.pop();
                }
                (*v < 0, mag)
            }
            PyInt::Big { negative, mag } => (*negative, mag.clone()),
        }
    }

    /// Marshal's 15-bit digits (little-endian, no leading zero digit) and the sign.
    pub fn digits15(&self) -> (bool, Vec<u16>) {
        let (neg, mag) = self.sign_mag();
        let mut out = Vec::new();
        let mut acc: u64 = 0;
        let mut bits = 0u32;
        for l in mag {
            acc |= (l as u64) << bits;
            bits += 32;
            while bits >= 15 {
                out.push((acc & 0x7fff) as u16);
                acc >>= 15;
                bits -= 15;
            }
        }
        if bits > 0 {
            out.push(acc as u16);
        }
        while out.last() == Some(&0) {
            out.pop();
        }
        (neg, out)
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            PyInt::Small(v) => Some(*v),
            PyInt::Big { .. } => None,
        }
    }

    pub fn is_negative(&self) -> bool {
        match self {
            PyInt::Small(v) => *v < 0,
            PyInt::Big { negative, .. } => *negative,
        }
    }

    /// Decimal digits of the value (Python's `repr`).
    pub fn to_decimal(&self) -> String {
        match self {
            PyInt::Small(v) => v.to_string(),
            PyInt::Big { negative, mag } => {
                let mut mag = mag.clone();
                let mut chunks = Vec::new();
                while !mag.is_empty() {
                    let mut rem: u64 = 0;
                    for l in mag.iter_mut().rev() {
                        let cur = (rem << 32) | *l as u64;
                        *l = (cur / 1_000_000_000) as u32;
                        rem = cur % 1_000_000_000;
                    }
                    while mag.last() == Some(&0) {
                        mag.pop();
                    }
                    chunks.push(rem as u32);
                }
                let mut s = String::new();
                if *negative {
                    s.push('-');
                }
                let mut it = chunks.iter().rev();
                if let Some(first) = it.next() {
                    s.push_str(&first.to_string());
                }
                for c in it {
                    s.push_str(&format!("{c:09}"));
                }
                s
            }
        }
    }
}

impl fmt::Debug for PyInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_decimal())
    }
}

impl fmt::Display for PyInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_decimal())
    }
}

impl From<i64> for PyInt {
    fn from(v: i64) -> PyInt {
        PyInt::Small(v)
    }
}

impl Serialize for PyInt {
    /// Small values as JSON numbers, big ones as decimal strings (JSON numbers lose precision).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PyInt::Small(v) => s.serialize_i64(*v),
            PyInt::Big { .. } => s.serialize_str(&self.to_decimal()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_round_trip_and_decimal() {
        let v = PyInt::from_sign_mag(false, vec![0, 0, 1]); // 2**64
        assert_eq!(v.to_decimal(), "18446744073709551616");
        let (neg, d) = v.digits15();
        assert!(!neg);
        assert_eq!(PyInt::from_digits15(false, &d), v);
        let m = PyInt::from_sign_mag(true, vec![0, 0x8000_0000]);
        assert_eq!(m, PyInt::Small(i64::MIN));
        assert_eq!(PyInt::Small(-5).digits15(), (true, vec![5]));
        assert_eq!(PyInt::Small(1 << 15).digits15(), (false, vec![0, 1]));
    }
}
