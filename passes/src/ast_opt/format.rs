//! `'...%s...' % (a, b)` -> `f'...{a!s}...'` (ast_opt.c's `optimize_format`).
//!
//! Only `%s`, `%r` and `%a` with at most two-digit width and precision are rewritten, and only
//! when the format has exactly as many units as the tuple has items; anything else is left to run
//! (and perhaps fail) at run time.

use pyrite_ir::ast::{Constant, Expr, ExprKind, Loc};

/// The pieces of the f-string that `fmt % elts` equals, or `None` to leave the expression alone.
pub fn optimize(fmt: &[u32], elts: &[Expr]) -> Option<Vec<Expr>> {
    let mut pos = 0;
    let mut used = 0;
    let mut values = Vec::with_capacity(elts.len() * 2 + 1);
    loop {
        if let Some(lit) = literal(fmt, &mut pos) {
            values.push(lit);
        }
        if pos >= fmt.len() {
            break;
        }
        // More format units than items.
        let arg = elts.get(used)?;
        pos += 1; // the '%'
        values.push(format_unit(fmt, &mut pos, arg)?);
        used += 1;
    }
    // More items than format units.
    (used == elts.len()).then_some(values)
}

/// Text up to the next lone `%`, with `%%` unescaped, as a Constant without a position.
fn literal(fmt: &[u32], pos: &mut usize) -> Option<Expr> {
    let start = *pos;
    let mut text = Vec::new();
    while *pos < fmt.len() {
        if fmt[*pos] != '%' as u32 {
            text.push(fmt[*pos]);
            *pos += 1;
        } else if *pos + 1 < fmt.len() && fmt[*pos + 1] == '%' as u32 {
            text.push('%' as u32);
            *pos += 2;
        } else {
            break;
        }
    }
    (*pos > start).then(|| str_constant(&text))
}

const MAXDIGITS: u32 = 3;
const F_LJUST: u32 = 1;

/// `simple_format_arg_parse` and `parse_format`: one conversion (after its `%`) as a
/// FormattedValue of `arg`.
fn format_unit(fmt: &[u32], pos: &mut usize, arg: &Expr) -> Option<Expr> {
    let mut next = || -> Option<u32> {
        let c = *fmt.get(*pos)?;
        *pos += 1;
        Some(c)
    };
    let mut flags = 0;
    let mut ch;
    loop {
        ch = next()?;
        match char::from_u32(ch) {
            Some('-') => flags |= F_LJUST,
            Some('+' | ' ' | '#' | '0') => {}
            _ => break,
        }
    }
    let digit = |c: u32| (('0' as u32)..=('9' as u32)).contains(&c);
    let mut width: i32 = -1;
    let mut prec: i32 = -1;
    if digit(ch) {
        width = 0;
        let mut digits = 0;
        while digit(ch) {
            width = width * 10 + (ch - '0' as u32) as i32;
            ch = next()?;
            digits += 1;
            if digits >= MAXDIGITS {
                return None;
            }
        }
    }
    if ch == '.' as u32 {
        ch = next()?;
        prec = 0;
        if digit(ch) {
            let mut digits = 0;
            while digit(ch) {
                prec = prec * 10 + (ch - '0' as u32) as i32;
                ch = next()?;
                digits += 1;
                if digits >= MAXDIGITS {
                    return None;
                }
            }
        }
    }
    let conversion = char::from_u32(ch).filter(|c| matches!(c, 's' | 'r' | 'a'))?;
    let mut spec = String::new();
    if flags & F_LJUST == 0 && width > 0 {
        spec.push('>');
    }
    if width >= 0 {
        spec.push_str(&width.to_string());
    }
    if prec >= 0 {
        spec.push_str(&format!(".{prec}"));
    }
    let format_spec = (!spec.is_empty()).then(|| {
        Box::new(Expr::new(
            ExprKind::Constant { value: Constant::Str(spec.into()), kind_u: false },
            Loc::NONE,
        ))
    });
    Some(Expr::new(
        ExprKind::FormattedValue { value: Box::new(arg.clone()), conversion: conversion as i32, format_spec },
        arg.loc,
    ))
}

fn str_constant(cps: &[u32]) -> Expr {
    let mut b = Vec::with_capacity(cps.len());
    for &c in cps {
        push_wtf8(&mut b, c);
    }
    let value = match String::from_utf8(b) {
        Ok(s) => Constant::Str(s.into()),
        Err(e) => Constant::SurrogateStr(e.into_bytes().into()),
    };
    Expr::new(ExprKind::Constant { value, kind_u: false }, Loc::NONE)
}

/// UTF-8 encoding that lets surrogates through (WTF-8, as `Constant::SurrogateStr` holds).
fn push_wtf8(out: &mut Vec<u8>, c: u32) {
    match c {
        0..=0x7f => out.push(c as u8),
        0x80..=0x7ff => out.extend([0xc0 | (c >> 6) as u8, 0x80 | (c & 0x3f) as u8]),
        0x800..=0xffff => {
            out.extend([0xe0 | (c >> 12) as u8, 0x80 | ((c >> 6) & 0x3f) as u8, 0x80 | (c & 0x3f) as u8])
        }
        _ => out.extend([
            0xf0 | (c >> 18) as u8,
            0x80 | ((c >> 12) & 0x3f) as u8,
            0x80 | ((c >> 6) & 0x3f) as u8,
            0x80 | (c & 0x3f) as u8,
        ]),
    }
}
