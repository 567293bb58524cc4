//! `complex`: the constructor's argument forms, operators mixing complex with int and float,
//! comparisons, attributes and methods.

use super::{add_method, check_args, split_args};
use crate::heap::{Kind, ObjRef};
use crate::object::complex::{ComplexObj, MathError};
use crate::object::float::FloatObj;
use crate::object::int::IntObj;
use crate::object::str::StrObj;
use crate::runtime::attr::lookup_type;
use crate::runtime::ops::CmpOp;
use crate::{PyResult, Vm};

pub fn install(vm: &mut Vm) {
    let c = vm.t.complex.clone();
    add_method(vm, &c, "__new__", complex_new);
    add_method(vm, &c, "conjugate", complex_conjugate);
    add_method(vm, &c, "__abs__", complex_abs);
    add_method(vm, &c, "__neg__", complex_neg);
    add_method(vm, &c, "__pos__", complex_pos);
    add_method(vm, &c, "__complex__", complex_pos);
    add_method(vm, &c, "__getnewargs__", complex_getnewargs);
}

pub fn new_complex(vm: &Vm, z: ComplexObj) -> ObjRef {
    ObjRef::new(&vm.t.complex, z)
}

fn value(o: &ObjRef) -> ComplexObj {
    *o.expect::<ComplexObj>()
}

/// An int, float or complex operand as a complex number; None for other types.
pub fn operand(vm: &mut Vm, o: &ObjRef) -> PyResult<Option<ComplexObj>> {
    Ok(match o.kind() {
        Kind::Complex => Some(value(o)),
        Kind::Float => Some(ComplexObj::new(o.expect::<FloatObj>().0, 0.0)),
        Kind::Int => match o.expect::<IntObj>().0.to_f64() {
            Some(f) => Some(ComplexObj::new(f, 0.0)),
            None => return vm.overflow("int too large to convert to float"),
        },
        _ => None,
    })
}

fn math_result(vm: &mut Vm, r: Result<ComplexObj, MathError>, zero: &str, overflow: &str) -> PyResult {
    match r {
        Ok(z) => Ok(new_complex(vm, z)),
        Err(MathError::Domain) => vm.zero_div(zero),
        Err(MathError::Range) => vm.overflow(overflow),
    }
}

/// BINARY_OP (NB_* numbering, in-place forms folded) when one operand is complex; None when the
/// operator is not defined for the pair (the caller raises CPython's TypeError).
pub fn binop(vm: &mut Vm, a: &ObjRef, b: &ObjRef, op: usize) -> PyResult<Option<ObjRef>> {
    let (Some(x), Some(y)) = (operand(vm, a)?, operand(vm, b)?) else {
        return Ok(None);
    };
    pow_or_arith(vm, x, y, op).map(Some).or_else(|e| match e {
        Unsupported::No => Ok(None),
        Unsupported::Err(e) => Err(e),
    })
}

enum Unsupported {
    No,
    Err(ObjRef),
}

impl From<ObjRef> for Unsupported {
    fn from(e: ObjRef) -> Self {
        Unsupported::Err(e)
    }
}

fn pow_or_arith(vm: &mut Vm, x: ComplexObj, y: ComplexObj, op: usize) -> Result<ObjRef, Unsupported> {
    Ok(match op {
        0 => new_complex(vm, x + y),
        10 => new_complex(vm, x - y),
        5 => new_complex(vm, x * y),
        11 => math_result(vm, x.quot(y), "complex division by zero", "")?,
        8 => pow(vm, x, y)?,
        _ => return Err(Unsupported::No),
    })
}

/// `x ** y` for complex values (also what a negative float to a fractional power becomes).
pub fn pow(vm: &mut Vm, x: ComplexObj, y: ComplexObj) -> PyResult {
    math_result(vm, x.pow(y), "0.0 to a negative or complex power", "complex exponentiation")
}

/// Comparisons with a complex operand: equality with numbers; None otherwise (ordering is a
/// TypeError, other types compare by identity).
pub fn compare(vm: &mut Vm, a: &ObjRef, b: &ObjRef, op: CmpOp) -> PyResult<Option<bool>> {
    if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
        return Ok(None);
    }
    // Ints compare exactly, not through a rounded float.
    let int_eq = |i: &ObjRef, z: ComplexObj| -> Option<bool> {
        Some(z.im == 0.0 && crate::runtime::ops::int_float_eq(&i.expect::<IntObj>().0, z.re))
    };
    let eq = match (a.kind(), b.kind()) {
        (Kind::Complex, Kind::Int) => int_eq(b, value(a)),
        (Kind::Int, Kind::Complex) => int_eq(a, value(b)),
        _ => match (operand(vm, a)?, operand(vm, b)?) {
            (Some(x), Some(y)) => Some(x.re == y.re && x.im == y.im),
            _ => None,
        },
    };
    Ok(eq.map(|e| e == (op == CmpOp::Eq)))
}

pub fn repr(o: &ObjRef) -> String {
    value(o).repr()
}

pub fn hash(o: &ObjRef) -> Option<i64> {
    value(o).hash()
}

pub fn truthy(o: &ObjRef) -> bool {
    let z = value(o);
    z.re != 0.0 || z.im != 0.0
}

/// `z.real`, `z.imag`.
pub fn attribute(vm: &Vm, o: &ObjRef, name: &str) -> Option<ObjRef> {
    let z = value(o);
    match name {
        "real" => Some(vm.new_float(z.re)),
        "imag" => Some(vm.new_float(z.im)),
        _ => None,
    }
}

fn complex_conjugate(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "conjugate", &a[1..], 0, 0)?;
    let z = value(&a[0]);
    Ok(new_complex(vm, ComplexObj::new(z.re, -z.im)))
}

fn complex_abs(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    match value(&a[0]).abs() {
        Ok(f) => Ok(vm.new_float(f)),
        Err(_) => vm.overflow("absolute value too large"),
    }
}

fn complex_neg(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let z = value(&a[0]);
    Ok(new_complex(vm, ComplexObj::new(-z.re, -z.im)))
}

fn complex_pos(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    if a[0].ty().is(&vm.t.complex) {
        return Ok(a[0].clone());
    }
    Ok(new_complex(vm, value(&a[0])))
}

fn complex_getnewargs(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let z = value(&a[0]);
    let (r, i) = (vm.new_float(z.re), vm.new_float(z.im));
    Ok(vm.new_tuple(vec![r, i]))
}

/// What `complex(x)` makes of a non-string argument: a complex (from `__complex__`), or a real
/// number (from int, float, `__float__`, `__index__`).
fn number_arg(vm: &mut Vm, x: &ObjRef, which: &str) -> PyResult<ComplexObj> {
    if let Some(z) = operand(vm, x)? {
        return Ok(z);
    }
    let ty = x.ty().clone();
    let name = vm.intern("__complex__");
    if let Some(f) = lookup_type(&ty, &name) {
        let r = vm.call(&f, &[x.clone()], &[])?;
        if r.kind() != Kind::Complex {
            return vm.type_error(format!("__complex__ returned non-complex (type {})", vm.type_name(&r)));
        }
        return Ok(value(&r));
    }
    for n in ["__float__", "__index__"] {
        let name = vm.intern(n);
        if lookup_type(&ty, &name).is_some() {
            return Ok(ComplexObj::new(vm.to_f64(x)?, 0.0));
        }
    }
    vm.type_error(format!("complex() {which} must be a string or a number, not '{}'", vm.type_name(x)))
}

fn complex_new(vm: &mut Vm, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(args, kwnames);
    let cls = match pos.first() {
        Some(c) if c.kind() == Kind::Type => c.clone(),
        _ => return vm.type_error("complex.__new__(X): X is not a type object"),
    };
    let mut real = pos.get(1).cloned();
    let mut imag = pos.get(2).cloned();
    if pos.len() > 3 {
        return vm.type_error(format!("complex() takes at most 2 arguments ({} given)", pos.len() - 1));
    }
    for (k, v) in kws {
        let slot = match k {
            "real" => &mut real,
            "imag" => &mut imag,
            _ => return vm.type_error(format!("complex() got an unexpected keyword argument '{k}'")),
        };
        if slot.is_some() {
            let n = if k == "real" { 1 } else { 2 };
            return vm.type_error(format!("argument for complex() given by name ('{k}') and position ({n})"));
        }
        *slot = Some(v.clone());
    }
    let z = match (&real, &imag) {
        (None, None) => ComplexObj::new(0.0, 0.0),
        (Some(r), _) if r.kind() == Kind::Str => {
            if imag.is_some() {
                return vm.type_error("complex() can't take second arg if first is a string");
            }
            let s = r.expect::<StrObj>().s.to_string();
            if !underscores_valid(&s) {
                let r = crate::object::str::repr(&s);
                return vm.value_error(format!("could not convert string to complex: {r}"));
            }
            match crate::object::complex::parse(&s, super::types::parse_float) {
                Some(z) => z,
                None => return vm.value_error("complex() arg is a malformed string"),
            }
        }
        (_, Some(i)) if i.kind() == Kind::Str => {
            return vm.type_error("complex() second arg can't be a string");
        }
        _ => {
            // CPython's rule: r + i*1j, where only complex parts mix into the other component
            // (so complex(1, -0.0) keeps its negative zero).
            let r = match &real {
                Some(r) => Some((number_arg(vm, r, "first argument")?, r.kind() == Kind::Complex)),
                None => None,
            };
            let i = match &imag {
                Some(i) => Some((number_arg(vm, i, "second argument")?, i.kind() == Kind::Complex)),
                None => None,
            };
            let (mut re, mut im) = match r {
                Some((z, _)) => (z.re, z.im),
                None => (0.0, 0.0),
            };
            if let Some((zi, i_complex)) = i {
                if i_complex {
                    re -= zi.im;
                }
                im = if r.is_some_and(|(_, c)| c) { im + zi.re } else { zi.re };
            }
            ComplexObj::new(re, im)
        }
    };
    if cls.is(&vm.t.complex) {
        if let Some(r) = &real {
            if imag.is_none() && r.ty().is(&vm.t.complex) {
                return Ok(r.clone());
            }
        }
        return Ok(new_complex(vm, z));
    }
    Ok(ObjRef::new(&cls, z))
}

/// CPython strips underscores from a number string first, refusing any not between two digits.
fn underscores_valid(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).all(|i| {
        b[i] != b'_' || (i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    })
}
