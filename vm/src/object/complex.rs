//! `complex`: the object and CPython's complex arithmetic (`_Py_c_prod`, `_Py_c_quot`,
//! `_Py_c_pow` and the repeated squaring it uses for small integer exponents), whose exact
//! operation order decides the last bits of every printed result.

use crate::heap::Trace;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ComplexObj {
    pub re: f64,
    pub im: f64,
}

impl Trace for ComplexObj {}

impl std::ops::Add for ComplexObj {
    type Output = ComplexObj;
    fn add(self, o: ComplexObj) -> ComplexObj {
        ComplexObj::new(self.re + o.re, self.im + o.im)
    }
}

impl std::ops::Sub for ComplexObj {
    type Output = ComplexObj;
    fn sub(self, o: ComplexObj) -> ComplexObj {
        ComplexObj::new(self.re - o.re, self.im - o.im)
    }
}

/// `_Py_c_prod`: no special handling of infinities or NaNs.
impl std::ops::Mul for ComplexObj {
    type Output = ComplexObj;
    fn mul(self, o: ComplexObj) -> ComplexObj {
        ComplexObj::new(self.re * o.re - self.im * o.im, self.re * o.im + self.im * o.re)
    }
}

/// Why a complex operation has no value (CPython's errno after the C routine).
#[derive(Debug, PartialEq, Eq)]
pub enum MathError {
    /// Division by zero, or zero to a negative or complex power (EDOM).
    Domain,
    /// A finite computation overflowed to infinity (ERANGE).
    Range,
}

impl ComplexObj {
    pub const fn new(re: f64, im: f64) -> ComplexObj {
        ComplexObj { re, im }
    }

    /// Smith's algorithm, scaling by the larger component of the divisor as CPython does.
    pub fn quot(self, b: ComplexObj) -> Result<ComplexObj, MathError> {
        let (abs_re, abs_im) = (b.re.abs(), b.im.abs());
        if abs_re >= abs_im {
            if abs_re == 0.0 {
                return Err(MathError::Domain);
            }
            let ratio = b.im / b.re;
            let denom = b.re + b.im * ratio;
            Ok(ComplexObj::new((self.re + self.im * ratio) / denom, (self.im - self.re * ratio) / denom))
        } else if abs_im >= abs_re {
            let ratio = b.re / b.im;
            let denom = b.re * ratio + b.im;
            Ok(ComplexObj::new((self.re * ratio + self.im) / denom, (self.im * ratio - self.re) / denom))
        } else {
            // A NaN component: neither comparison holds.
            Ok(ComplexObj::new(f64::NAN, f64::NAN))
        }
    }

    /// `self ** e`: repeated squaring for integral exponents up to 100 in magnitude, the polar
    /// formula otherwise; an infinite result from finite operands is an overflow.
    pub fn pow(self, e: ComplexObj) -> Result<ComplexObj, MathError> {
        let r = if e.im == 0.0 && e.re == e.re.floor() && e.re.abs() <= 100.0 {
            let n = e.re as i64;
            if n > 0 {
                self.powu(n)
            } else {
                ComplexObj::new(1.0, 0.0).quot(self.powu(-n))?
            }
        } else {
            self.pow_polar(e)?
        };
        if r.re.is_infinite() || r.im.is_infinite() {
            return Err(MathError::Range);
        }
        Ok(r)
    }

    fn powu(self, n: i64) -> ComplexObj {
        let mut r = ComplexObj::new(1.0, 0.0);
        let mut p = self;
        let mut mask = 1i64;
        while mask > 0 && n >= mask {
            if n & mask != 0 {
                r = r * p;
            }
            mask <<= 1;
            p = p * p;
        }
        r
    }

    fn pow_polar(self, b: ComplexObj) -> Result<ComplexObj, MathError> {
        if b.re == 0.0 && b.im == 0.0 {
            return Ok(ComplexObj::new(1.0, 0.0));
        }
        if self.re == 0.0 && self.im == 0.0 {
            if b.im != 0.0 || b.re < 0.0 {
                return Err(MathError::Domain);
            }
            return Ok(ComplexObj::new(0.0, 0.0));
        }
        let vabs = self.re.hypot(self.im);
        let mut len = vabs.powf(b.re);
        let at = self.im.atan2(self.re);
        let mut phase = at * b.re;
        if b.im != 0.0 {
            len /= (at * b.im).exp();
            phase += b.im * vabs.ln();
        }
        // libm's cos and sin of an infinite phase set errno to EDOM, which CPython reports as
        // a zero division whatever the magnitude (overflow flags are reset or overwritten).
        if phase.is_infinite() {
            return Err(MathError::Domain);
        }
        Ok(ComplexObj::new(len * phase.cos(), len * phase.sin()))
    }

    /// `abs(z)`; an overflow when finite parts give an infinite magnitude.
    pub fn abs(self) -> Result<f64, MathError> {
        if self.re.is_infinite() || self.im.is_infinite() {
            return Ok(f64::INFINITY);
        }
        if self.re.is_nan() || self.im.is_nan() {
            return Ok(f64::NAN);
        }
        let r = self.re.hypot(self.im);
        if r.is_infinite() {
            return Err(MathError::Range);
        }
        Ok(r)
    }

    pub fn repr(self) -> String {
        pyrite_ir::pyrepr::complex_repr(self.re, self.im)
    }

    /// `hash(z)`, or None when a part is NaN (hashed by identity, as CPython 3.10+ does).
    pub fn hash(self) -> Option<i64> {
        if self.re.is_nan() || self.im.is_nan() {
            return None;
        }
        Some(pyrite_ir::pyhash::hash_complex(self.re, self.im))
    }
}

/// Parses `complex(str)`: optional blanks and parentheses around `real`, `imagj`, or
/// `real(+|-)imagj`, where a lone `j` means 1 and underscores follow the float rules.
pub fn parse(s: &str, parse_float: impl Fn(&str) -> Option<f64>) -> Option<ComplexObj> {
    let mut t = s.trim();
    if let Some(inner) = t.strip_prefix('(') {
        t = inner.strip_suffix(')')?.trim();
    }
    if t.is_empty() {
        return None;
    }
    let unit = |body: &str| -> Option<f64> {
        match body {
            "" | "+" => Some(1.0),
            "-" => Some(-1.0),
            _ => parse_float(body),
        }
    };
    let last = t.chars().last()?;
    if last != 'j' && last != 'J' {
        return valid_number(t).then(|| parse_float(t)).flatten().map(|r| ComplexObj::new(r, 0.0));
    }
    let body = &t[..t.len() - 1];
    // The split between the real and imaginary parts is the last sign not after an exponent.
    let bytes = body.as_bytes();
    let mut split = None;
    for i in (1..bytes.len()).rev() {
        if matches!(bytes[i], b'+' | b'-') && !matches!(bytes[i - 1], b'e' | b'E') {
            split = Some(i);
            break;
        }
    }
    match split {
        Some(i) => {
            let (re, im) = (&body[..i], &body[i..]);
            if !valid_number(re) || !(matches!(im, "+" | "-") || valid_number(im)) {
                return None;
            }
            Some(ComplexObj::new(parse_float(re)?, unit(im)?))
        }
        None => {
            if !(matches!(body, "" | "+" | "-") || valid_number(body)) {
                return None;
            }
            Some(ComplexObj::new(0.0, unit(body)?))
        }
    }
}

/// Whether a part is a plain number: inner blanks (allowed by the float parser after trimming)
/// are not.
fn valid_number(s: &str) -> bool {
    !s.is_empty() && !s.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pf(s: &str) -> Option<f64> {
        s.parse().ok().or(match s.to_ascii_lowercase().trim_start_matches('+') {
            "inf" => Some(f64::INFINITY),
            "-inf" => Some(f64::NEG_INFINITY),
            _ => None,
        })
    }

    #[test]
    fn parses_python_forms() {
        assert_eq!(parse("1+2j", pf), Some(ComplexObj::new(1.0, 2.0)));
        assert_eq!(parse(" (3-j) ", pf), Some(ComplexObj::new(3.0, -1.0)));
        assert_eq!(parse("j", pf), Some(ComplexObj::new(0.0, 1.0)));
        assert_eq!(parse("1e3-2.5e-2j", pf), Some(ComplexObj::new(1000.0, -0.025)));
        assert_eq!(parse("-inf", pf), Some(ComplexObj::new(f64::NEG_INFINITY, 0.0)));
        assert_eq!(parse("1 + 2j", pf), None);
        assert_eq!(parse("", pf), None);
        assert_eq!(parse("()", pf), None);
    }

    #[test]
    fn arithmetic_like_cpython() {
        let z = ComplexObj::new(1.0, 2.0);
        assert_eq!(z * z, ComplexObj::new(-3.0, 4.0));
        assert_eq!(z.quot(ComplexObj::new(0.0, 0.0)), Err(MathError::Domain));
        assert_eq!(z.pow(ComplexObj::new(2.0, 0.0)), Ok(ComplexObj::new(-3.0, 4.0)));
        assert_eq!(ComplexObj::new(0.0, 0.0).pow(ComplexObj::new(-1.0, 0.0)), Err(MathError::Domain));
        assert_eq!(ComplexObj::new(3.0, 4.0).abs(), Ok(5.0));
        assert_eq!(z.repr(), "(1+2j)");
        assert_eq!(ComplexObj::new(0.0, -1.5).repr(), "-1.5j");
    }
}
