//! `float`: the object, and Python's floor division and modulo.

pub struct FloatObj(pub f64);

/// `repr(x)` exactly as CPython prints it (shared with the dumps: one implementation).
pub use pyrite_ir::pyrepr::float_repr as repr;

/// `hash(x)` for a finite or infinite float (NaN is hashed by identity by the caller).
pub use pyrite_ir::pyhash::hash_float as hash;

/// Python's float floor-modulo (result has the sign of the divisor).
pub fn py_mod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m + b
        } else {
            m
        }
    } else {
        0.0f64.copysign(b)
    }
}

pub fn py_floordiv(a: f64, b: f64) -> f64 {
    let m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(a / b)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reprs() {
        for (x, s) in [
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5, "1.5"),
            (-2.0, "-2.0"),
            (1.0 / 3.0, "0.3333333333333333"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (123456789012345680.0, "1.2345678901234568e+17"),
        ] {
            assert_eq!(super::repr(x), s);
        }
        assert_eq!(super::hash(1.5), 1152921504606846977);
        assert_eq!(super::hash(2.0), 2);
    }
}
