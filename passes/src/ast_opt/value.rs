//! Python semantics of the operations `ast-opt` folds, on AST constants.
//!
//! Every function returns `None` where CPython's operation raises (TypeError, ZeroDivisionError,
//! OverflowError, IndexError...) or where `ast_opt.c` refuses to fold (its size limits): in both
//! cases the expression is left as it was, the exception swallowed.

use super::float;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use pyrite_ir::ast::{Constant, Operator, UnaryOp};

/// `MAX_INT_SIZE`: bits of an int result of `*`, `**` and `<<`.
const MAX_INT_SIZE: u64 = 128;
/// `MAX_COLLECTION_SIZE`: items of a repeated tuple.
const MAX_COLLECTION_SIZE: i64 = 256;
/// `MAX_STR_SIZE`: characters (or bytes) of a repeated str (or bytes).
const MAX_STR_SIZE: i64 = 4096;
/// `MAX_TOTAL_ITEMS`: items of a repeated tuple, nested collections included.
const MAX_TOTAL_ITEMS: i64 = 1024;

/// A number operand, bools already turned into ints where arithmetic makes them so.
enum Num {
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
}

pub(super) fn int_of(c: &Constant) -> Option<BigInt> {
    match c {
        Constant::True => Some(BigInt::one()),
        Constant::False => Some(BigInt::zero()),
        Constant::Int(i) => Some(BigInt::from(*i)),
        Constant::BigInt(d) => d.parse().ok(),
        _ => None,
    }
}

fn num_of(c: &Constant) -> Option<Num> {
    match c {
        Constant::Float(f) => Some(Num::Float(*f)),
        Constant::Complex(z) => Some(Num::Complex(z.0, z.1)),
        _ => int_of(c).map(Num::Int),
    }
}

fn int_const(v: BigInt) -> Constant {
    match v.to_i64() {
        Some(i) => Constant::Int(i),
        None => Constant::BigInt(v.to_string().into()),
    }
}

fn complex_const(re: f64, im: f64) -> Constant {
    Constant::Complex(Box::new((re, im)))
}

/// `int.__float__`: correctly rounded; too large is an OverflowError.
pub(super) fn int_to_float(v: &BigInt) -> Option<f64> {
    let f = match v.to_i64() {
        Some(i) => i as f64,
        None => v.to_f64()?,
    };
    f.is_finite().then_some(f)
}

fn to_float(n: &Num) -> Option<f64> {
    match n {
        Num::Int(i) => int_to_float(i),
        Num::Float(f) => Some(*f),
        Num::Complex(..) => None,
    }
}

fn to_complex(n: &Num) -> Option<(f64, f64)> {
    match n {
        Num::Complex(re, im) => Some((*re, *im)),
        _ => to_float(n).map(|f| (f, 0.0)),
    }
}

/// The contents of a str constant as WTF-8 (lone surrogates encoded like other code points).
fn str_bytes(c: &Constant) -> Option<&[u8]> {
    match c {
        Constant::Str(s) => Some(s.as_bytes()),
        Constant::SurrogateStr(b) => Some(b),
        _ => None,
    }
}

fn str_const(b: Vec<u8>) -> Constant {
    match String::from_utf8(b) {
        Ok(s) => Constant::Str(s.into()),
        Err(e) => Constant::SurrogateStr(e.into_bytes().into()),
    }
}

/// Number of code points of WTF-8 text.
fn char_len(b: &[u8]) -> usize {
    b.iter().filter(|&&x| (x & 0xc0) != 0x80).count()
}

/// `bool(c)`.
pub(super) fn truthy(c: &Constant) -> bool {
    match c {
        Constant::None | Constant::False => false,
        Constant::True | Constant::Ellipsis => true,
        Constant::Int(i) => *i != 0,
        Constant::BigInt(_) => true,
        Constant::Float(f) => *f != 0.0,
        Constant::Complex(z) => z.0 != 0.0 || z.1 != 0.0,
        Constant::Str(s) => !s.is_empty(),
        Constant::SurrogateStr(b) | Constant::Bytes(b) => !b.is_empty(),
        Constant::Tuple(v) | Constant::FrozenSet(v) => !v.is_empty(),
    }
}

/// `fold_unaryop` on a constant operand.
pub fn unary(op: UnaryOp, v: &Constant) -> Option<Constant> {
    if op == UnaryOp::Not {
        return Some(if truthy(v) { Constant::False } else { Constant::True });
    }
    match (op, num_of(v)?) {
        (UnaryOp::Invert, Num::Int(i)) => Some(int_const(-(i + BigInt::one()))),
        (UnaryOp::UAdd, Num::Int(i)) => Some(int_const(i)),
        (UnaryOp::USub, Num::Int(i)) => Some(int_const(-i)),
        (UnaryOp::UAdd, Num::Float(f)) => Some(Constant::Float(f)),
        (UnaryOp::USub, Num::Float(f)) => Some(Constant::Float(-f)),
        (UnaryOp::UAdd, Num::Complex(re, im)) => Some(complex_const(re, im)),
        (UnaryOp::USub, Num::Complex(re, im)) => Some(complex_const(-re, -im)),
        _ => None,
    }
}

/// `fold_binop` on two constant operands.
pub fn binop(op: Operator, l: &Constant, r: &Constant) -> Option<Constant> {
    match op {
        Operator::Add => add(l, r),
        Operator::Mult => safe_multiply(l, r),
        // `safe_mod`: `%` on str and bytes is formatting, never folded here.
        Operator::Mod if str_bytes(l).is_some() || matches!(l, Constant::Bytes(_)) => None,
        Operator::LShift | Operator::RShift | Operator::BitAnd | Operator::BitOr | Operator::BitXor => {
            int_binop(op, l, r)
        }
        Operator::MatMult => None,
        _ => numeric(op, num_of(l)?, num_of(r)?),
    }
}

fn add(l: &Constant, r: &Constant) -> Option<Constant> {
    match (l, r) {
        (Constant::Bytes(a), Constant::Bytes(b)) => Some(Constant::Bytes([&a[..], &b[..]].concat().into())),
        (Constant::Tuple(a), Constant::Tuple(b)) => {
            Some(Constant::Tuple(a.iter().chain(b.iter()).cloned().collect()))
        }
        _ => {
            if let (Some(a), Some(b)) = (str_bytes(l), str_bytes(r)) {
                return Some(str_const([a, b].concat()));
            }
            numeric(Operator::Add, num_of(l)?, num_of(r)?)
        }
    }
}

/// `check_complexity`: the limit less the items of `c`, nested tuples and frozensets included;
/// negative once the limit is exceeded.
fn check_complexity(c: &Constant, mut limit: i64) -> i64 {
    if let Constant::Tuple(items) | Constant::FrozenSet(items) = c {
        limit -= items.len() as i64;
        for item in items.iter() {
            if limit < 0 {
                break;
            }
            limit = check_complexity(item, limit);
        }
    }
    limit
}

/// `PyLong_AsLong` for the size checks: `None` (an error, so no folding) when out of range.
fn as_long(c: &Constant) -> Option<i64> {
    int_of(c)?.to_i64()
}

/// `safe_multiply`.
fn safe_multiply(v: &Constant, w: &Constant) -> Option<Constant> {
    let v_int = int_of(v);
    let w_int = int_of(w);
    if let (Some(a), Some(b)) = (&v_int, &w_int) {
        if !a.is_zero() && !b.is_zero() && a.bits() + b.bits() > MAX_INT_SIZE {
            return None;
        }
        return Some(int_const(a * b));
    }
    if v_int.is_some() {
        return repeat(v, w);
    }
    if w_int.is_some() && is_sequence(v) {
        return repeat(w, v);
    }
    numeric(Operator::Mult, num_of(v)?, num_of(w)?)
}

fn is_sequence(c: &Constant) -> bool {
    matches!(
        c,
        Constant::Tuple(_)
            | Constant::FrozenSet(_)
            | Constant::Str(_)
            | Constant::SurrogateStr(_)
            | Constant::Bytes(_)
    )
}

/// `n * seq` under `safe_multiply`'s limits, then `sequence_repeat`.
fn repeat(n: &Constant, seq: &Constant) -> Option<Constant> {
    let (size, limit) = match seq {
        Constant::Tuple(items) | Constant::FrozenSet(items) => (items.len() as i64, MAX_COLLECTION_SIZE),
        Constant::Bytes(b) => (b.len() as i64, MAX_STR_SIZE),
        _ => match str_bytes(seq) {
            Some(b) => (char_len(b) as i64, MAX_STR_SIZE),
            // int * float and friends.
            None => return numeric(Operator::Mult, num_of(n)?, num_of(seq)?),
        },
    };
    if size > 0 {
        let count = as_long(n)?;
        if count < 0 || count > limit / size {
            return None;
        }
        if let Constant::Tuple(_) | Constant::FrozenSet(_) = seq {
            if count > 0 && check_complexity(seq, MAX_TOTAL_ITEMS / count) < 0 {
                return None;
            }
        }
    }
    // `sequence_repeat` takes the count as a Py_ssize_t (an OverflowError beyond it); a count
    // below zero gives an empty sequence.
    let count = usize::try_from(as_long(n)?.max(0)).ok()?;
    match seq {
        Constant::Tuple(items) => {
            let mut out = Vec::with_capacity(items.len() * count);
            for _ in 0..count {
                out.extend(items.iter().cloned());
            }
            Some(Constant::Tuple(out.into()))
        }
        Constant::FrozenSet(_) => None,
        Constant::Bytes(b) => Some(Constant::Bytes(b.repeat(count).into())),
        _ => Some(str_const(str_bytes(seq)?.repeat(count))),
    }
}

/// Shifts and bitwise operators: ints only; `&`, `|`, `^` of two bools stay bools.
fn int_binop(op: Operator, l: &Constant, r: &Constant) -> Option<Constant> {
    let is_bool = |c: &Constant| matches!(c, Constant::True | Constant::False);
    if is_bool(l) && is_bool(r) {
        let (a, b) = (truthy(l), truthy(r));
        let v = match op {
            Operator::BitAnd => Some(a & b),
            Operator::BitOr => Some(a | b),
            Operator::BitXor => Some(a ^ b),
            _ => None,
        };
        if let Some(v) = v {
            return Some(if v { Constant::True } else { Constant::False });
        }
    }
    let (a, b) = (int_of(l)?, int_of(r)?);
    match op {
        Operator::BitAnd => Some(int_const(a & b)),
        Operator::BitOr => Some(int_const(a | b)),
        Operator::BitXor => Some(int_const(a ^ b)),
        Operator::LShift => {
            if b.is_negative() {
                return None;
            }
            if a.is_zero() || b.is_zero() {
                return Some(int_const(a));
            }
            // `safe_lshift`.
            let shift = b.to_u64()?;
            if shift > MAX_INT_SIZE || a.bits() > MAX_INT_SIZE - shift {
                return None;
            }
            Some(int_const(a << shift as usize))
        }
        Operator::RShift => {
            if b.is_negative() {
                return None;
            }
            // Shifting past every bit leaves the sign: 0 or -1 (Python's >> floors).
            match b.to_u64().filter(|&s| s <= a.bits() + 1) {
                Some(s) => Some(int_const(a >> s as usize)),
                None => Some(Constant::Int(if a.is_negative() { -1 } else { 0 })),
            }
        }
        _ => None,
    }
}

/// The arithmetic operators on numbers, after Python's int -> float -> complex promotion.
fn numeric(op: Operator, l: Num, r: Num) -> Option<Constant> {
    match (l, r) {
        (Num::Int(a), Num::Int(b)) => int_arith(op, a, b),
        (l @ Num::Complex(..), r) | (l, r @ Num::Complex(..)) => {
            let (a, b) = (to_complex(&l)?, to_complex(&r)?);
            let (re, im) = match op {
                Operator::Add => (a.0 + b.0, a.1 + b.1),
                Operator::Sub => (a.0 - b.0, a.1 - b.1),
                Operator::Mult => float::c_prod(a, b),
                Operator::Div => float::c_quot(a, b)?,
                Operator::Pow => float::complex_pow(a, b)?,
                _ => return None,
            };
            Some(complex_const(re, im))
        }
        (l, r) => float_arith(op, to_float(&l)?, to_float(&r)?),
    }
}

fn float_arith(op: Operator, a: f64, b: f64) -> Option<Constant> {
    let v = match op {
        Operator::Add => a + b,
        Operator::Sub => a - b,
        Operator::Mult => a * b,
        Operator::Div => {
            if b == 0.0 {
                return None;
            }
            a / b
        }
        Operator::FloorDiv => float::div_mod(a, b)?.0,
        Operator::Mod => float::div_mod(a, b)?.1,
        Operator::Pow => {
            return match float::float_pow(a, b)? {
                float::Pow::Real(f) => Some(Constant::Float(f)),
                float::Pow::Complex(re, im) => Some(complex_const(re, im)),
            }
        }
        _ => return None,
    };
    Some(Constant::Float(v))
}

fn int_arith(op: Operator, a: BigInt, b: BigInt) -> Option<Constant> {
    match op {
        Operator::Add => Some(int_const(a + b)),
        Operator::Sub => Some(int_const(a - b)),
        Operator::Mult => Some(int_const(a * b)),
        Operator::Div => float::int_true_divide(&a, &b).map(Constant::Float),
        Operator::FloorDiv => (!b.is_zero()).then(|| int_const(a.div_floor(&b))),
        Operator::Mod => (!b.is_zero()).then(|| int_const(a.mod_floor(&b))),
        Operator::Pow => {
            if b.is_negative() {
                // `long_pow` hands a negative exponent to float's `**`.
                return float_arith(Operator::Pow, int_to_float(&a)?, int_to_float(&b)?);
            }
            if b.is_zero() {
                return Some(Constant::Int(1));
            }
            if a.is_zero() {
                return Some(Constant::Int(0));
            }
            // `safe_power`: bits(base) <= MAX_INT_SIZE / exponent.
            let exp = b.to_u64()?;
            if a.bits() > MAX_INT_SIZE / exp {
                return None;
            }
            Some(int_const(num_traits::pow(a, exp as usize)))
        }
        _ => None,
    }
}

/// `PyObject_GetItem(value, index)` for `fold_subscr`: str, bytes and tuple indexed by an int.
pub fn subscript(value: &Constant, index: &Constant) -> Option<Constant> {
    let i = int_of(index)?.to_i64()?;
    let pick = |len: usize| -> Option<usize> {
        let i = if i < 0 { i + len as i64 } else { i };
        (0..len as i64).contains(&i).then_some(i as usize)
    };
    match value {
        Constant::Tuple(items) => Some(items[pick(items.len())?].clone()),
        Constant::Bytes(b) => Some(Constant::Int(b[pick(b.len())?] as i64)),
        _ => {
            let b = str_bytes(value)?;
            let k = pick(char_len(b))?;
            let start = b.iter().enumerate().filter(|(_, &x)| (x & 0xc0) != 0x80).nth(k)?.0;
            let end =
                b[start + 1..].iter().position(|&x| (x & 0xc0) != 0x80).map_or(b.len(), |p| start + 1 + p);
            Some(str_const(b[start..end].to_vec()))
        }
    }
}

/// Python's `==` between constants, as a set uses it to drop duplicates.
pub fn py_eq(a: &Constant, b: &Constant) -> bool {
    if let (Some(x), Some(y)) = (num_of(a), num_of(b)) {
        return num_eq(&x, &y);
    }
    match (a, b) {
        (Constant::None, Constant::None) | (Constant::Ellipsis, Constant::Ellipsis) => true,
        (Constant::Bytes(x), Constant::Bytes(y)) => x == y,
        (Constant::Tuple(x), Constant::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| py_eq(p, q))
        }
        (Constant::FrozenSet(x), Constant::FrozenSet(y)) => {
            x.len() == y.len() && x.iter().all(|p| y.iter().any(|q| py_eq(p, q)))
        }
        _ => match (str_bytes(a), str_bytes(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

fn num_eq(a: &Num, b: &Num) -> bool {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => x == y,
        (Num::Int(i), Num::Float(f)) | (Num::Float(f), Num::Int(i)) => {
            f.is_finite()
                && f.fract() == 0.0
                && <BigInt as num_traits::FromPrimitive>::from_f64(*f).as_ref() == Some(i)
        }
        (Num::Float(x), Num::Float(y)) => x == y,
        _ => match (to_complex(a), to_complex(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}
