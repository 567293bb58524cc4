//! Conversions between the AST's constants and `co_consts` values ([`crate::code::Constant`]).

use super::Constant;
use crate::code::Constant as Value;
use crate::pyint::PyInt;
use crate::pystr::PyStr;

impl Constant {
    /// The value this constant stands for, as a code object would hold it.
    pub fn to_value(&self) -> Value {
        match self {
            Constant::None => Value::None,
            Constant::True => Value::Bool(true),
            Constant::False => Value::Bool(false),
            Constant::Ellipsis => Value::Ellipsis,
            Constant::Int(i) => Value::Int(PyInt::Small(*i)),
            Constant::BigInt(d) => Value::Int(parse_decimal(d)),
            Constant::Float(f) => Value::Float(*f),
            Constant::Complex(c) => Value::Complex { real: c.0, imag: c.1 },
            Constant::Str(s) => Value::Str(PyStr::from(&**s)),
            Constant::SurrogateStr(b) => {
                Value::Str(PyStr::from_utf8_surrogatepass(b).unwrap_or_else(|| PyStr::from_latin1(b)))
            }
            Constant::Bytes(b) => Value::Bytes(b.to_vec()),
            Constant::Tuple(items) => Value::Tuple(items.iter().map(Constant::to_value).collect()),
            Constant::FrozenSet(items) => Value::FrozenSet(items.iter().map(Constant::to_value).collect()),
        }
    }

    /// The AST constant for an int value (`Int` when it fits an `i64`, else decimal digits).
    pub fn from_int(v: &PyInt) -> Constant {
        match v.as_i64() {
            Some(i) => Constant::Int(i),
            None => Constant::BigInt(v.to_decimal().into()),
        }
    }
}

/// Decimal digits with an optional leading `-` (as [`Constant::BigInt`] holds them) to an int.
fn parse_decimal(d: &str) -> PyInt {
    let (negative, digits) = match d.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, d),
    };
    let mut mag: Vec<u32> = Vec::new();
    // Nine decimal digits at a time: 10^9 < 2^32, so each step is one multiply-add per limb.
    let bytes = digits.as_bytes();
    let first = bytes.len() % 9;
    let mut chunks: Vec<&[u8]> = Vec::new();
    if first > 0 {
        chunks.push(&bytes[..first]);
    }
    chunks.extend(bytes[first..].chunks(9));
    for chunk in chunks {
        let mut scale: u64 = 1;
        let mut add: u64 = 0;
        for &b in chunk {
            if b.is_ascii_digit() {
                add = add * 10 + (b - b'0') as u64;
                scale *= 10;
            }
        }
        let mut carry = add;
        for limb in mag.iter_mut() {
            let cur = *limb as u64 * scale + carry;
            *limb = cur as u32;
            carry = cur >> 32;
        }
        if carry > 0 {
            mag.push(carry as u32);
        }
    }
    PyInt::from_sign_mag(negative, mag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_decimals_round_trip() {
        for d in ["0", "123", "-9223372036854775809", "340282366920938463463374607431768211456"] {
            assert_eq!(parse_decimal(d).to_decimal(), d);
        }
        let digits = "1".repeat(200);
        assert_eq!(parse_decimal(&digits).to_decimal(), digits);
    }
}
