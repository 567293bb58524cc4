//! `repr()` of float, complex and bytes, as CPython 3.11 prints them.

/// Shortest round-trip digits and decimal exponent of a finite non-zero |v|:
/// v = 0.d1d2d3... * 10**decpt.
fn shortest_digits(v: f64) -> (String, i32) {
    // `{:e}` gives a shortest round-trip digit string; CPython's dtoa gives the one closest to the
    // exact value (ties to even). At that length `{:.N$e}` is the correctly rounded (closest)
    // string: take it when it still round-trips (2**-25 ends in ...312, not ...313); near a power
    // of two it may not (2**-24 must stay ...063).
    let shortest = format!("{:e}", v.abs());
    let n = shortest.split_once('e').map_or(1, |(m, _)| m.chars().filter(char::is_ascii_digit).count());
    let rounded = format!("{:.*e}", n.saturating_sub(1), v.abs());
    let s = if rounded.parse::<f64>() == Ok(v.abs()) { rounded } else { shortest };
    let (mant, exp) = s.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("integer exponent");
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    (digits, exp + 1)
}

/// `repr(float)` ('r' format); `add_dot_0` false gives complex's component style (`1`, not `1.0`).
fn format_r(v: f64, add_dot_0: bool, sign: bool) -> String {
    let mut out = String::new();
    if v.is_sign_negative() && !v.is_nan() {
        out.push('-');
    } else if sign {
        out.push('+');
    }
    if v.is_nan() {
        out.push_str("nan");
        return out;
    }
    if v.is_infinite() {
        out.push_str("inf");
        return out;
    }
    if v == 0.0 {
        out.push_str(if add_dot_0 { "0.0" } else { "0" });
        return out;
    }
    let (digits, decpt) = shortest_digits(v);
    if decpt <= -4 || decpt > 16 {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = decpt - 1;
        out.push_str(&format!("e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs()));
    } else if decpt <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-decpt) as usize));
        out.push_str(&digits);
    } else {
        let d = decpt as usize;
        if digits.len() <= d {
            out.push_str(&digits);
            out.push_str(&"0".repeat(d - digits.len()));
            if add_dot_0 {
                out.push_str(".0");
            }
        } else {
            out.push_str(&digits[..d]);
            out.push('.');
            out.push_str(&digits[d..]);
        }
    }
    out
}

/// `repr(x)` for a float.
pub fn float_repr(v: f64) -> String {
    format_r(v, true, false)
}

/// `repr(complex(real, imag))`.
pub fn complex_repr(real: f64, imag: f64) -> String {
    if real == 0.0 && real.is_sign_positive() {
        format!("{}j", format_r(imag, false, false))
    } else {
        format!("({}{}j)", format_r(real, false, false), format_r(imag, false, true))
    }
}

/// `repr(b)` for bytes.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { b'"' } else { b'\'' };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote as char);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_python() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (0.1, "0.1"),
            (-0.0, "-0.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-300, "1.5e-300"),
            (123.456, "123.456"),
            (f64::INFINITY, "inf"),
            (2.5e16, "2.5e+16"),
            (2f64.powi(-25), "2.9802322387695312e-08"),
            (2f64.powi(-24), "5.960464477539063e-08"),
        ];
        for (v, s) in cases {
            assert_eq!(float_repr(*v), *s);
        }
        assert_eq!(complex_repr(0.0, 1.0), "1j");
        assert_eq!(complex_repr(-0.0, -1.0), "(-0-1j)");
        assert_eq!(complex_repr(1.0, 2.5), "(1+2.5j)");
        assert_eq!(complex_repr(0.0, f64::INFINITY), "infj");
        assert_eq!(bytes_repr(b"a'\x00\xff"), "b\"a'\\x00\\xff\"");
    }
}
