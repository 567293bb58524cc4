//! The format-spec mini-language as CPython's Python/formatter_unicode.c reads and renders it:
//! parsing (`[[fill]align][sign][z][#][0][width][,|_][.precision][type]`), the layout of a number
//! (sign, prefix, zero padding that grows into the digit grouping, remainder, padding), and
//! PyOS_double_to_string's float texts.

use crate::object::float;

#[derive(Debug, Clone)]
pub struct Spec {
    pub fill: char,
    pub align: char,
    pub align_given: bool,
    pub sign: Option<char>,
    pub no_neg_0: bool,
    pub alt: bool,
    pub width: Option<usize>,
    /// The separator and the digits per group.
    pub grouping: Option<(char, usize)>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

/// Why a spec does not parse (the message needs the object's type for some).
pub enum SpecError {
    Invalid,
    MissingPrecision,
    TooManyDigits,
    CommaAndUnderscore,
    SeparatorWithType(char, char),
}

impl SpecError {
    pub fn message(&self, spec: &str, type_name: &str) -> String {
        match self {
            SpecError::Invalid => {
                format!("Invalid format specifier '{spec}' for object of type '{type_name}'")
            }
            SpecError::MissingPrecision => "Format specifier missing precision".into(),
            SpecError::TooManyDigits => "Too many decimal digits in format string".into(),
            SpecError::CommaAndUnderscore => "Cannot specify both ',' and '_'.".into(),
            SpecError::SeparatorWithType(sep, t) => {
                format!("Cannot specify '{sep}' with {}.", code_text(*t))
            }
        }
    }
}

/// A presentation type as CPython's messages show it: printable ASCII quoted, else `'\xNN'`.
pub fn code_text(t: char) -> String {
    let n = t as u32;
    if n > 32 && n < 128 {
        format!("'{t}'")
    } else {
        format!("'\\x{n:x}'")
    }
}

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

fn integer(c: &[char], i: &mut usize) -> Result<Option<usize>, SpecError> {
    let start = *i;
    let mut n: usize = 0;
    while *i < c.len() && c[*i].is_ascii_digit() {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(c[*i] as usize - '0' as usize))
            .filter(|&n| n <= isize::MAX as usize)
            .ok_or(SpecError::TooManyDigits)?;
        *i += 1;
    }
    Ok((*i > start).then_some(n))
}

/// CPython's parse_internal_render_format_spec.
pub fn parse(s: &str, default_type: Option<char>, default_align: char) -> Result<Spec, SpecError> {
    let c: Vec<char> = s.chars().collect();
    let mut sp = Spec {
        fill: ' ',
        align: default_align,
        align_given: false,
        sign: None,
        no_neg_0: false,
        alt: false,
        width: None,
        grouping: None,
        precision: None,
        ty: default_type,
    };
    let mut i = 0;
    let mut fill_given = false;
    if c.len() >= 2 && is_align(c[1]) {
        sp.fill = c[0];
        sp.align = c[1];
        fill_given = true;
        sp.align_given = true;
        i = 2;
    } else if !c.is_empty() && is_align(c[0]) {
        sp.align = c[0];
        sp.align_given = true;
        i = 1;
    }
    if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
        sp.sign = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == 'z' {
        sp.no_neg_0 = true;
        i += 1;
    }
    if i < c.len() && c[i] == '#' {
        sp.alt = true;
        i += 1;
    }
    if !fill_given && i < c.len() && c[i] == '0' {
        sp.fill = '0';
        if !sp.align_given && default_align == '>' {
            sp.align = '=';
        }
        i += 1;
    }
    sp.width = integer(&c, &mut i)?;
    let mut sep = None;
    if i < c.len() && c[i] == ',' {
        sep = Some(',');
        i += 1;
    }
    if i < c.len() && c[i] == '_' {
        if sep.is_some() {
            return Err(SpecError::CommaAndUnderscore);
        }
        sep = Some('_');
        i += 1;
    }
    if i < c.len() && c[i] == ',' && sep == Some('_') {
        return Err(SpecError::CommaAndUnderscore);
    }
    if i < c.len() && c[i] == '.' {
        i += 1;
        sp.precision = Some(integer(&c, &mut i)?.ok_or(SpecError::MissingPrecision)?);
    }
    if c.len() - i > 1 {
        return Err(SpecError::Invalid);
    }
    if i < c.len() {
        sp.ty = Some(c[i]);
    }
    if let Some(sep) = sep {
        let t = sp.ty.unwrap_or('\0');
        sp.grouping = match t {
            'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => Some((sep, 3)),
            // Underscores group hex, octal and binary digits by four (PEP 515).
            'b' | 'o' | 'x' | 'X' if sep == '_' => Some((sep, 4)),
            _ => return Err(SpecError::SeparatorWithType(sep, t)),
        };
    }
    Ok(sp)
}

/// `digits` with separators every `group` digits from the right; zeros are added on the left
/// (and grouped too) until the result is at least `min_width` long (CPython's
/// _PyUnicode_InsertThousandsGrouping).
fn insert_grouping(digits: &str, min_width: isize, grouping: Option<(char, usize)>) -> String {
    if digits.is_empty() {
        return String::new();
    }
    let d: Vec<char> = digits.chars().collect();
    let mut remaining = d.len() as isize;
    let mut min_width = min_width.max(0);
    let mut chunks: Vec<String> = Vec::new();
    let mut take = |len: isize, remaining: &mut isize| {
        let zeros = (len - *remaining).max(0);
        let n = (*remaining).min(len).max(0);
        let end = *remaining as usize;
        let mut s: String = std::iter::repeat_n('0', zeros as usize).collect();
        s.extend(&d[end - n as usize..end]);
        *remaining -= n;
        chunks.push(s);
    };
    let mut done = false;
    if let Some((_, every)) = grouping {
        loop {
            let len = (every as isize).min(remaining.max(min_width).max(1));
            take(len, &mut remaining);
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                done = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !done {
        let len = remaining.max(min_width).max(1);
        take(len, &mut remaining);
    }
    chunks.reverse();
    let sep = grouping.map(|(c, _)| c.to_string()).unwrap_or_default();
    chunks.join(&sep)
}

/// Lays out a number (CPython's calc_number_widths and fill_number): `digits` are the integer
/// digits, `rest` what follows them (decimal point, fraction, exponent, `%`, or a whole text
/// such as `inf` when there are no digits), `prefix` a `0x`-style prefix.
pub fn render_number(neg: bool, prefix: &str, digits: &str, rest: &str, sp: &Spec) -> String {
    let sign = match (sp.sign, neg) {
        (_, true) => "-",
        (Some('+'), false) => "+",
        (Some(' '), false) => " ",
        _ => "",
    };
    let width = sp.width.map_or(-1, |w| w as isize);
    let non_digit = (sign.len() + prefix.len() + rest.chars().count()) as isize;
    let min_width = if sp.fill == '0' && sp.align == '=' { width - non_digit } else { 0 };
    let grouped = insert_grouping(digits, min_width, sp.grouping);
    let padding = (width - non_digit - grouped.chars().count() as isize).max(0) as usize;
    let (left, middle, right) = match sp.align {
        '<' => (0, 0, padding),
        '^' => (padding / 2, 0, padding - padding / 2),
        '=' => (0, padding, 0),
        _ => (padding, 0, 0),
    };
    let fill = |n: usize| std::iter::repeat_n(sp.fill, n).collect::<String>();
    format!("{}{sign}{prefix}{}{grouped}{rest}{}", fill(left), fill(middle), fill(right))
}

/// Pads a text (strings, and complex numbers) to the width (CPython's calc_padding).
pub fn pad_text(body: &str, sp: &Spec) -> String {
    let len = body.chars().count();
    let total = sp.width.unwrap_or(0).max(len);
    let n = total - len;
    let left = match sp.align {
        '>' => n,
        '^' => n / 2,
        _ => 0,
    };
    let fill = |k: usize| std::iter::repeat_n(sp.fill, k).collect::<String>();
    format!("{}{body}{}", fill(left), fill(n - left))
}

/// Splits a number's text into its leading digits and the rest (CPython's parse_number).
pub fn split_digits(s: &str) -> (&str, &str) {
    let p = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(p)
}

/// PyOS_double_to_string of |x|, with a separate sign: `ty` is one of e E f F g G r (`r`: the
/// shortest repr, `%` already folded into `f`); `alt` keeps a decimal point (and, for g, the
/// trailing zeros); `add_dot_0` gives integral results a `.0`; `no_neg_0` drops the sign of a
/// value that rounds to zero. Returns (negative, text).
pub fn double_to_string(
    x: f64,
    ty: char,
    prec: usize,
    alt: bool,
    add_dot_0: bool,
    no_neg_0: bool,
) -> (bool, String) {
    let upper = matches!(ty, 'E' | 'F' | 'G');
    if x.is_nan() {
        return (false, if upper { "NAN" } else { "nan" }.into());
    }
    let neg = x.is_sign_negative();
    if x.is_infinite() {
        return (neg, if upper { "INF" } else { "inf" }.into());
    }
    let a = x.abs();
    let mut s = match ty {
        'f' | 'F' => format!("{a:.prec$}"),
        'e' | 'E' => exp_format(a, prec),
        'g' | 'G' => general_format(a, prec.max(1), alt, add_dot_0),
        _ => {
            let r = float::repr(a);
            match r.strip_suffix(".0") {
                Some(int) if !add_dot_0 => int.to_string(),
                _ => r,
            }
        }
    };
    if (ty == 'g' || ty == 'G') && add_dot_0 && !s.contains(['.', 'e']) {
        s.push_str(".0");
    }
    if alt {
        let mant_end = s.find('e').unwrap_or(s.len());
        if !s[..mant_end].contains('.') {
            s.insert(mant_end, '.');
        }
    }
    if upper {
        s = s.to_uppercase();
    }
    let mant = &s[..s.find(['e', 'E']).unwrap_or(s.len())];
    let zero = mant.chars().all(|c| c == '0' || c == '.');
    (neg && !(no_neg_0 && zero), s)
}

/// `{:.{prec}e}` with CPython's exponent (a sign and at least two digits).
pub fn exp_format(f: f64, prec: usize) -> String {
    let s = format!("{:.*e}", prec, f);
    let (m, e) = s.split_once('e').expect("exponent");
    let e: i32 = e.parse().expect("digits");
    format!("{}e{}{:02}", m, if e < 0 { '-' } else { '+' }, e.abs())
}

/// `g` formatting of a non-negative finite value with `prec` significant digits. With
/// `dot_0` (a float spec without a type) the exponent form starts one digit earlier, as in
/// CPython's format_float_short, so that the `.0` it adds never shows a digit the precision lacks.
pub fn general_format(f: f64, prec: usize, alt: bool, dot_0: bool) -> String {
    let s = format!("{:.*e}", prec - 1, f);
    let (_, e) = s.split_once('e').expect("exponent");
    let exp: i32 = e.parse().expect("digits");
    let limit = if dot_0 { prec as i32 - 1 } else { prec as i32 };
    let out = if exp >= -4 && exp < limit {
        format!("{:.*}", (prec as i32 - 1 - exp).max(0) as usize, f)
    } else {
        exp_format(f, prec - 1)
    };
    if alt {
        return out;
    }
    // Trailing zeros of the fraction go, and the point with them.
    match out.split_once('e') {
        Some((m, e)) => {
            let m = if m.contains('.') { m.trim_end_matches('0').trim_end_matches('.') } else { m };
            format!("{m}e{e}")
        }
        None if out.contains('.') => out.trim_end_matches('0').trim_end_matches('.').to_string(),
        None => out,
    }
}
