//! f-strings as CPython 3.11 parses them (Parser/string_parser.c): the STRING token's body is
//! scanned for literals and `{...}` fields; each field's expression is re-tokenized and parsed
//! as `(expr)` with positions shifted to where it sits in the file, quirks included:
//! literal and FormattedValue pieces carry the span of the whole implicit concatenation, a
//! format_spec JoinedStr the span of its own token.

use super::expressions::{boxed, P};
use super::literals::{decode_escapes, raw_body, split_string_token, str_constant};
use super::parser::{PTok, Parser, SyntaxErr};
use pyrite_ir::ast::*;
use pyrite_ir::TokenType as T;

/// The state of one implicit concatenation being built (FstringParser in CPython).
struct Builder {
    /// The span the last literal piece gets when the builder finishes: the whole concatenation
    /// at the top level, the STRING token for a format spec (pieces flushed before a field get
    /// `loc` in both cases).
    finish_loc: Loc,
    values: Vec<Expr>,
    last_str: Vec<u8>,
    loc: Loc,
    kind_u: bool,
}

impl Builder {
    fn flush(&mut self, loc: Loc) {
        if !self.last_str.is_empty() {
            let value = str_constant(std::mem::take(&mut self.last_str));
            self.values.push(Expr::new(ExprKind::Constant { value, kind_u: self.kind_u }, loc));
        }
    }
}

impl Parser<'_> {
    pub(crate) fn joined_str(&mut self, toks: &[PTok], loc: Loc, kind_u: bool) -> P<Expr> {
        let mut b = Builder { finish_loc: loc, values: Vec::new(), last_str: Vec::new(), loc, kind_u };
        for t in toks {
            let text = self.text_of(t);
            let p = split_string_token(text);
            if !p.fstring {
                if p.raw {
                    raw_body(p.body, &mut b.last_str);
                } else if let Err(e) = decode_escapes(p.body, false, &mut b.last_str) {
                    return self.raise_tok(e.msg, *t);
                }
                continue;
            }
            let end = p.body_offset + p.body.len();
            let mut i = p.body_offset;
            self.fstring_body(*t, text, &mut i, end, p.raw, 0, &mut b)?;
        }
        b.flush(b.finish_loc);
        Some(Expr::new(ExprKind::JoinedStr { values: b.values }, loc))
    }

    /// fstring_find_literal_and_expr loop over `text[*i..end]`; at `recurse_lvl` 1 (a format
    /// spec) it stops at the closing `}`.
    #[allow(clippy::too_many_arguments)]
    fn fstring_body(
        &mut self,
        t: PTok,
        text: &str,
        i: &mut usize,
        end: usize,
        raw: bool,
        recurse_lvl: u32,
        b: &mut Builder,
    ) -> P<()> {
        let bytes = text.as_bytes();
        loop {
            // The literal part.
            let lit_start = *i;
            let mut s = *i;
            let mut doubled = false;
            while s < end {
                let mut ch = bytes[s];
                s += 1;
                if !raw && ch == b'\\' && s < end {
                    ch = bytes[s];
                    s += 1;
                    if ch == b'N' {
                        if s < end {
                            let c = bytes[s];
                            s += 1;
                            if c == b'{' {
                                while s < end {
                                    let c = bytes[s];
                                    s += 1;
                                    if c == b'}' {
                                        break;
                                    }
                                }
                            }
                        }
                        continue;
                    }
                }
                if ch == b'{' || ch == b'}' {
                    if recurse_lvl == 0 {
                        if s < end && bytes[s] == ch {
                            doubled = true;
                            break;
                        }
                        if ch == b'}' {
                            return self.fstring_error("f-string: single '}' is not allowed", t);
                        }
                    }
                    s -= 1;
                    break;
                }
            }
            let lit_end = s;
            if lit_start != lit_end {
                let lit = &text[lit_start..lit_end];
                if raw {
                    raw_body(lit, &mut b.last_str);
                } else if let Err(e) = decode_escapes(lit, false, &mut b.last_str) {
                    return self.fstring_error(&e.msg, t);
                }
            }
            if doubled {
                *i = s + 1;
                continue;
            }
            *i = s;
            if *i >= end || bytes[*i] == b'}' {
                return Some(());
            }
            // An expression field at '{'.
            self.fstring_field(t, text, i, end, raw, recurse_lvl, b)?;
        }
    }

    /// string_parser.c raises with `RAISE_SYNTAX_ERROR`: at the last token the parser has read
    /// (the one after the string tokens), not at the f-string.
    fn fstring_error<X>(&mut self, msg: &str, _t: PTok) -> P<X> {
        self.raise_last(msg.to_string())
    }

    #[allow(clippy::too_many_arguments)]
    fn fstring_field(
        &mut self,
        t: PTok,
        text: &str,
        i: &mut usize,
        end: usize,
        raw: bool,
        recurse_lvl: u32,
        b: &mut Builder,
    ) -> P<()> {
        let bytes = text.as_bytes();
        if recurse_lvl >= 2 {
            return self.fstring_error("f-string: expressions nested too deeply", t);
        }
        let brace = *i;
        *i += 1;
        let expr_start = *i;
        let mut quote: u8 = 0;
        let mut triple = false;
        let mut stack: Vec<u8> = Vec::new();
        while *i < end {
            let ch = bytes[*i];
            if ch == b'\\' {
                return self.fstring_error("f-string expression part cannot include a backslash", t);
            }
            if quote != 0 {
                if ch == quote {
                    if triple {
                        if *i + 2 < end && bytes[*i + 1] == ch && bytes[*i + 2] == ch {
                            *i += 3;
                            quote = 0;
                            triple = false;
                            continue;
                        }
                    } else {
                        quote = 0;
                    }
                }
                *i += 1;
                continue;
            }
            match ch {
                b'\'' | b'"' => {
                    if *i + 2 < end && bytes[*i + 1] == ch && bytes[*i + 2] == ch {
                        triple = true;
                        *i += 2;
                    } else {
                        triple = false;
                    }
                    quote = ch;
                }
                b'[' | b'{' | b'(' => {
                    if stack.len() >= 200 {
                        return self.fstring_error("f-string: too many nested parenthesis", t);
                    }
                    stack.push(ch);
                }
                b'#' => return self.fstring_error("f-string expression part cannot include '#'", t),
                b'!' | b':' | b'}' | b'=' | b'>' | b'<' if stack.is_empty() => {
                    if *i + 1 < end {
                        let next = bytes[*i + 1];
                        if next == b'=' && matches!(ch, b'!' | b'=' | b'<' | b'>') {
                            *i += 2;
                            continue;
                        }
                    }
                    if ch == b'>' || ch == b'<' {
                        *i += 1;
                        continue;
                    }
                    break;
                }
                b']' | b'}' | b')' => {
                    let Some(open) = stack.pop() else {
                        return self.fstring_error(&format!("f-string: unmatched '{}'", ch as char), t);
                    };
                    let ok = matches!((open, ch), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
                    if !ok {
                        return self.fstring_error(
                            &format!(
                                "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                                ch as char, open as char
                            ),
                            t,
                        );
                    }
                }
                _ => {}
            }
            *i += 1;
        }
        let expr_end = *i;
        if quote != 0 {
            return self.fstring_error("f-string: unterminated string", t);
        }
        if let Some(&open) = stack.last() {
            return self.fstring_error(&format!("f-string: unmatched '{}'", open as char), t);
        }
        if *i >= end {
            return self.fstring_error("f-string: expecting '}'", t);
        }
        let value = self.fstring_compile_expr(t, text, brace, expr_start, expr_end)?;
        let mut expr_text: Option<&str> = None;
        if bytes[*i] == b'=' {
            *i += 1;
            while *i < end && matches!(bytes[*i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c') {
                *i += 1;
            }
            if *i >= end {
                return self.fstring_error("f-string: expecting '}'", t);
            }
            expr_text = Some(&text[expr_start..*i]);
        }
        let mut conversion = -1;
        if bytes[*i] == b'!' {
            *i += 1;
            if *i >= end {
                return self.fstring_error("f-string: expecting '}'", t);
            }
            let c = bytes[*i];
            *i += 1;
            if !matches!(c, b's' | b'r' | b'a') {
                return self
                    .fstring_error("f-string: invalid conversion character: expected 's', 'r', or 'a'", t);
            }
            conversion = c as i32;
        }
        let mut format_spec = None;
        if *i < end && bytes[*i] == b':' {
            *i += 1;
            if *i >= end {
                return self.fstring_error("f-string: expecting '}'", t);
            }
            let mut spec = Builder {
                finish_loc: t.loc(),
                values: Vec::new(),
                last_str: Vec::new(),
                loc: b.loc,
                kind_u: b.kind_u,
            };
            self.fstring_body(t, text, i, end, raw, recurse_lvl + 1, &mut spec)?;
            spec.flush(t.loc());
            format_spec = Some(boxed(Expr::new(ExprKind::JoinedStr { values: spec.values }, t.loc())));
        }
        if *i >= end || bytes[*i] != b'}' {
            return self.fstring_error("f-string: expecting '}'", t);
        }
        *i += 1;
        if expr_text.is_some() && format_spec.is_none() && conversion == -1 {
            conversion = 'r' as i32;
        }
        if let Some(et) = expr_text {
            let mut tmp = Vec::new();
            // The expression text is kept verbatim (newlines normalised).
            raw_body(et, &mut tmp);
            b.last_str.extend_from_slice(&tmp);
        }
        b.flush(b.loc);
        b.values.push(Expr::new(
            ExprKind::FormattedValue { value: boxed(value), conversion, format_spec },
            b.loc,
        ));
        Some(())
    }

    /// fstring_compile_expr: parses `(expr)` with positions shifted into place.
    fn fstring_compile_expr(
        &mut self,
        t: PTok,
        text: &str,
        brace: usize,
        start: usize,
        end: usize,
    ) -> P<Expr> {
        let expr = &text[start..end];
        if expr.bytes().all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')) {
            let next = text.as_bytes().get(end).copied().unwrap_or(b'}');
            if matches!(next, b'!' | b':' | b'=') {
                return self
                    .fstring_error(&format!("f-string: expression required before '{}'", next as char), t);
            }
            return self.fstring_error("f-string: empty expression not allowed", t);
        }
        // Where the expression sits: lines before the '{' within the token, and the column shift
        // applied to tokens on the expression's first line.
        let newline_after_brace = text[brace + 1..]
            .bytes()
            .take_while(|&c| c != b'}' && c != b'\n')
            .all(|c| matches!(c, b' ' | b'\t' | b'\x0c'));
        let lines = text[..brace].bytes().filter(|&c| c == b'\n').count() as u32;
        let mut cols = 0u32;
        if !newline_after_brace {
            let line_start = text[..brace].rfind('\n').map_or(0, |k| k + 1);
            cols = (brace - line_start) as u32;
        }
        let start_line = t.line + lines;
        let start_col = if lines != 0 { cols } else { t.col + cols };
        let mut src = String::with_capacity(expr.len() + 2);
        src.push('(');
        src.push_str(expr);
        src.push(')');
        let tokens = match (self.sub)(&src) {
            Ok(toks) => toks,
            // The C tokenizer raises its own errors (no "f-string: " prefix), placed in the
            // `(expr)` text on the line where the expression sits.
            Err(d) => return self.raise_in_fstring_text(&d, &src, start_line),
        };
        let mut sub = Parser::new(&tokens, &src, false, self.sub);
        sub.call_invalid_rules = false;
        for tok in sub.toks.iter_mut() {
            let first_line = tok.end_line == 1;
            tok.line += start_line - 1;
            tok.end_line += start_line - 1;
            if first_line {
                tok.col += start_col;
                tok.end_col += start_col;
            }
        }
        sub.depth = self.depth;
        // A parser run of its own (`_PyPegen_run_parser`): a first pass, then on failure a second
        // with the invalid_* rules, else "invalid syntax" at the furthest token of the first.
        if let Some(e) = sub.star_expressions() {
            if !sub.failed() {
                return Some(e);
            }
        }
        let err = match sub.error.take() {
            Some(err) => err,
            None => {
                let last = sub.toks[sub.furthest.min(sub.toks.len() - 1)];
                let mut second = Parser::new(&tokens, &src, false, self.sub);
                second.toks = sub.toks.clone();
                second.depth = self.depth;
                second.call_invalid_rules = true;
                let _ = second.star_expressions();
                match second.error.take() {
                    Some(err) => err,
                    None => {
                        let _ = sub.raise_tok::<()>("invalid syntax", last);
                        sub.error.take()?
                    }
                }
            }
        };
        self.raise_from_fstring(err, &src, start_line, start_col)
    }

    /// Raises an error of an f-string expression's parser as CPython's `_PyPegen_raise_error`
    /// does in `fstring_input` mode: "f-string: " before the message, columns made relative to
    /// the `(expr)` text by taking off the first line's shift, and left in bytes (that parser's
    /// tokenizer has no encoding to convert them with). An error of a nested f-string comes
    /// through as it was raised. CPython takes the shift off lines after the first too, where
    /// it was never added, and can report negative offsets there; those are clamped to 1.
    fn raise_from_fstring(
        &mut self,
        mut err: SyntaxErr,
        src: &str,
        start_line: u32,
        start_col: u32,
    ) -> P<Expr> {
        if err.text_override.is_none() && err.kind != pyrite_ir::DiagnosticKind::MemoryError {
            err.msg = format!("f-string: {}", err.msg);
            err.col = err.col.saturating_sub(start_col);
            err.end_col = err.end_col.saturating_sub(start_col);
            err.text_override = Some(expr_line(src, err.line + 1 - start_line));
        }
        if self.error.is_none() {
            self.furthest_at_error = self.furthest;
            self.error = Some(err);
        }
        None
    }

    /// Raises the sub-tokenizer's error `d` (placed in `src`) on the file's lines.
    fn raise_in_fstring_text(&mut self, d: &pyrite_ir::Diagnostic, src: &str, start_line: u32) -> P<Expr> {
        let rel_line = d.lineno.unwrap_or(1).max(1);
        let rel_end = d.end_lineno.unwrap_or(rel_line).max(1);
        let text = d.text.clone().unwrap_or_else(|| expr_line(src, rel_line));
        // The tokenizer's offsets count characters; they are kept as they are.
        let col = d.offset.unwrap_or(1).saturating_sub(1);
        let err = SyntaxErr {
            kind: d.kind,
            msg: d.message.clone(),
            line: rel_line + start_line - 1,
            col,
            end_line: rel_end + start_line - 1,
            end_col: d.end_offset.map_or(col, |e| e.saturating_sub(1)),
            text_override: Some(text),
            at_indent: false,
            end_raw: false,
        };
        if self.error.is_none() {
            self.furthest_at_error = self.furthest;
            self.error = Some(err);
        }
        None
    }
}

/// Line `n` (1-based) of an f-string expression's `(expr)` text, newline-terminated as the C
/// tokenizer's buffer holds it.
fn expr_line(src: &str, n: u32) -> String {
    let line = src.split_inclusive('\n').nth(n.saturating_sub(1) as usize).unwrap_or("");
    if line.ends_with('\n') {
        line.to_string()
    } else {
        format!("{line}\n")
    }
}

#[allow(dead_code)]
fn _unused(_: T) {}
