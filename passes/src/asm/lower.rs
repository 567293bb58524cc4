//! Parsed assembly text -> code object, through the assemble core.
//!
//! Every mistake becomes a [`Diagnostic`] with the line, the column and a hint; lowering goes on
//! after an error where it can, so a file shows all its mistakes at once.

use super::parse::{parse, Arg, Pos, Span, Stmt, Value, Word};
use crate::assemble::{assemble_unit, ops, stack_effect, AssembleError, AssembleOptions};
use crate::serialize::pyc::Invalidation;
use pyrite_ir::cfg::{
    BlockId, CodeUnit, Instr, Location, Opcode, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL, CO_FLAG_NAMES,
};
use pyrite_ir::code::{CodeObject, Constant};
use pyrite_ir::pyint::PyInt;
use pyrite_ir::pystr::PyStr;
use pyrite_ir::{Diagnostic, DiagnosticKind};
use std::collections::HashMap;

/// Maps character offsets of the text to byte offsets, lines and columns.
struct Lines<'a> {
    path: &'a str,
    text: &'a str,
    /// Byte offset of every char, plus the text's length.
    byte_of: Vec<usize>,
    line_starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(path: &'a str, text: &'a str) -> Self {
        let mut byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_of.push(text.len());
        byte_of.push(text.len());
        let mut line_starts = vec![0];
        for (b, c) in text.char_indices() {
            if c == '\n' {
                line_starts.push(b + 1);
            }
        }
        Lines { path, text, byte_of, line_starts }
    }

    fn diag(&self, span: &Span, message: String, hint: &str) -> Diagnostic {
        let b0 = self.byte_of[span.start.min(self.byte_of.len() - 1)];
        let b1 = self.byte_of[span.end.min(self.byte_of.len() - 1)].max(b0);
        let line = self.line_starts.partition_point(|&s| s <= b0);
        let line_start = self.line_starts[line - 1];
        let col = self.text[line_start..b0].chars().count() + 1;
        let end_line = self.line_starts.partition_point(|&s| s <= b1.saturating_sub(1).max(b0));
        let end_start = self.line_starts[end_line - 1];
        let end_col = self.text[end_start..b1].chars().count() + 1;
        let line_text = self.text[line_start..].lines().next().unwrap_or("");
        let message = if hint.is_empty() { message } else { format!("{message}\n  hint: {hint}") };
        Diagnostic::error(DiagnosticKind::SyntaxError, self.path, message)
            .with_span(b0 as u32, b1 as u32)
            .at(line as u32, col as u32, end_line as u32, end_col as u32)
            .with_text(line_text)
    }
}

/// One instruction as written, before blocks exist.
struct Written {
    opcode: Opcode,
    oparg: u32,
    label: Option<(String, Span)>,
    loc: Location,
    span: Span,
}

/// `try START END -> HANDLER depth N [lasti]`: the three labels, the depth and the lasti flag.
type TryRange = ((String, Span), (String, Span), (String, Span), u32, bool);

#[derive(Default)]
struct Builder {
    start: Span,
    name: Option<PyStr>,
    qualname: Option<PyStr>,
    filename: Option<PyStr>,
    firstlineno: Option<i64>,
    flags: u32,
    argcount: u32,
    posonlyargcount: u32,
    kwonlyargcount: u32,
    stacksize: Option<u32>,
    linetable: Option<Vec<u8>>,
    exceptiontable: Option<Vec<u8>>,
    names: Vec<PyStr>,
    vars: Vec<(PyStr, u8)>,
    consts: Vec<Option<Constant>>,
    /// The `const code` slot the next nested `.code` fills.
    pending_code: Option<usize>,
    instrs: Vec<Written>,
    /// Label -> index of the instruction it precedes.
    labels: HashMap<String, (usize, Span)>,
    tries: Vec<TryRange>,
    entries: Vec<((String, Span), u32)>,
    /// Errors reported inside this code object: it is not assembled (that would only report
    /// consequences of them, such as a stack underflow where an instruction was dropped).
    errors: usize,
}

/// Assembles `text`; `path` names it in diagnostics. Returns the root code object, or every error.
pub fn assemble_text(path: &str, text: &str) -> Result<CodeObject, Vec<Diagnostic>> {
    assemble_module(path, text).map(|(code, _)| code)
}

/// Like [`assemble_text`], also returning the .pyc invalidation mode a top-level `.pyc` line gives.
pub fn assemble_module(
    path: &str,
    text: &str,
) -> Result<(CodeObject, Option<Invalidation>), Vec<Diagnostic>> {
    let lines = Lines::new(path, text);
    let (stmts, perrors) = parse(text);
    let mut diags: Vec<Diagnostic> = perrors
        .iter()
        .map(|e| lines.diag(&e.span, e.message.clone(), "see docs/asm.md for the statement forms"))
        .collect();
    let mut stack: Vec<Builder> = Vec::new();
    let mut root: Option<CodeObject> = None;
    let mut expect_code: Option<Span> = None;
    let mut header = None;
    for (stmt, span) in stmts {
        if let Some(s) = &expect_code {
            if !matches!(&stmt, Stmt::Directive { name, .. } if name == "code") {
                diags.push(lines.diag(
                    s,
                    "`const code` is not followed by a `.code` block".into(),
                    "write the nested code object right after it, between `.code` and `.end`",
                ));
                expect_code = None;
                if let Some(b) = stack.last_mut() {
                    b.pending_code = None;
                }
            }
        }
        match stmt {
            Stmt::Error => {
                if let Some(b) = stack.last_mut() {
                    b.errors += 1;
                }
            }
            Stmt::Directive { name, args } if name == "code" => {
                expect_code = None;
                if stack.is_empty() && root.is_some() {
                    diags.push(lines.diag(
                        &span,
                        "a second top-level `.code`".into(),
                        "a file holds one code object; nest others with `const code`",
                    ));
                }
                stack.push(Builder { start: span.clone(), ..Default::default() });
                let _ = args;
            }
            Stmt::Directive { name, args } if name == "pyc" && stack.is_empty() => {
                match pyc_header(&args, &span, &lines) {
                    Ok(h) => header = Some(h),
                    Err(d) => diags.push(d),
                }
            }
            Stmt::Directive { name, .. } if name == "end" => {
                let Some(b) = stack.pop() else {
                    diags.push(lines.diag(
                        &span,
                        "`.end` without `.code`".into(),
                        "remove it or add the `.code` it closes",
                    ));
                    continue;
                };
                match finish(b, &lines) {
                    Ok(code) => match stack.last_mut() {
                        Some(parent) => {
                            if let Some(slot) = parent.pending_code.take() {
                                parent.consts[slot] = Some(Constant::Code(Box::new(code)));
                            }
                        }
                        None => root = Some(code),
                    },
                    Err(mut d) => diags.append(&mut d),
                }
            }
            stmt => {
                let Some(b) = stack.last_mut() else {
                    diags.push(lines.diag(
                        &span,
                        "statement outside a `.code` block".into(),
                        "start the file with `.code`",
                    ));
                    continue;
                };
                if let Err(d) = statement(b, stmt, span.clone(), &lines, &mut expect_code) {
                    b.errors += 1;
                    diags.push(d);
                }
            }
        }
    }
    if let Some(b) = stack.first() {
        diags.push(lines.diag(
            &b.start,
            "`.code` is never closed".into(),
            "add `.end` after its last statement",
        ));
    }
    if root.is_none() && diags.is_empty() {
        diags.push(lines.diag(
            &(0..0),
            "no code object in the text".into(),
            "start with `.code` and end with `.end`",
        ));
    }
    if !diags.is_empty() {
        diags.sort_by_key(|d| (d.lineno, d.offset));
        return Err(diags);
    }
    Ok((root.expect("checked above"), header))
}

/// `.pyc timestamp MTIME SIZE`, `.pyc checked-hash HEX16` or `.pyc unchecked-hash HEX16`.
fn pyc_header(args: &[(Word, Span)], span: &Span, lines: &Lines) -> Result<Invalidation, Diagnostic> {
    let bad = || {
        lines.diag(
            span,
            "bad `.pyc` header line".into(),
            "write `.pyc timestamp MTIME SIZE`, `.pyc checked-hash HASH` or `.pyc unchecked-hash HASH` (HASH: 16 hex digits)",
        )
    };
    let word = |i: usize| match args.get(i) {
        Some((Word::Bare(s), _)) => Some(s.as_str()),
        _ => None,
    };
    let hash = |s: Option<&str>| -> Option<[u8; 8]> {
        let s = s?;
        if s.len() != 16 {
            return None;
        }
        let mut h = [0u8; 8];
        for (i, b) in h.iter_mut().enumerate() {
            *b = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(h)
    };
    match (word(0), args.len()) {
        (Some("timestamp"), 3) => {
            let mtime = word(1).and_then(|s| s.parse().ok()).ok_or_else(bad)?;
            let size = word(2).and_then(|s| s.parse().ok()).ok_or_else(bad)?;
            Ok(Invalidation::Timestamp { mtime, size })
        }
        (Some("checked-hash"), 2) => hash(word(1)).map(Invalidation::CheckedHash).ok_or_else(bad),
        (Some("unchecked-hash"), 2) => hash(word(1)).map(Invalidation::UncheckedHash).ok_or_else(bad),
        _ => Err(bad()),
    }
}

fn str_of(cps: &[u32]) -> PyStr {
    PyStr::from_code_points(cps).unwrap_or_default()
}

fn one_word<'s>(
    args: &'s [(Word, Span)],
    span: &Span,
    lines: &Lines,
    what: &str,
) -> Result<(&'s Word, Span), Diagnostic> {
    match args {
        [(w, s)] => Ok((w, s.clone())),
        _ => Err(lines.diag(span, format!("this directive takes exactly one argument ({what})"), "")),
    }
}

fn int_word(w: &Word, span: &Span, lines: &Lines) -> Result<i64, Diagnostic> {
    let Word::Bare(s) = w else {
        return Err(lines.diag(span, "expected an integer, found a string".into(), ""));
    };
    let parsed =
        if let Some(h) = s.strip_prefix("0x") { i64::from_str_radix(h, 16) } else { s.parse::<i64>() };
    parsed.map_err(|_| lines.diag(span, format!("expected an integer, found `{s}`"), ""))
}

fn u32_word(w: &Word, span: &Span, lines: &Lines) -> Result<u32, Diagnostic> {
    let v = int_word(w, span, lines)?;
    u32::try_from(v).map_err(|_| lines.diag(span, format!("{v} is out of range (0 to 4294967295)"), ""))
}

fn hex_word(w: &Word, span: &Span, lines: &Lines) -> Result<Vec<u8>, Diagnostic> {
    let Word::Bare(s) = w else { return Err(lines.diag(span, "expected hex bytes".into(), "")) };
    if s.len() % 2 != 0 || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(lines.diag(
            span,
            "expected an even number of hex digits".into(),
            "write bytes as two hex digits each, e.g. `.linetable 8001`",
        ));
    }
    Ok((0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap_or(0)).collect())
}

fn flags_word(w: &Word, span: &Span, lines: &Lines) -> Result<u32, Diagnostic> {
    if let Ok(v) = u32_word(w, span, lines) {
        return Ok(v);
    }
    let Word::Bare(s) = w else { return Err(lines.diag(span, "expected flags".into(), "")) };
    let mut flags = 0;
    for part in s.split('|') {
        match CO_FLAG_NAMES.iter().find(|(_, n)| *n == part) {
            Some((bit, _)) => flags |= bit,
            None => {
                return Err(lines.diag(
                    span,
                    format!("unknown flag `{part}`"),
                    "use a number (`0x3`) or names joined by `|` (`OPTIMIZED|NEWLOCALS`)",
                ))
            }
        }
    }
    Ok(flags)
}

fn directive(
    b: &mut Builder,
    name: &str,
    args: &[(Word, Span)],
    span: &Span,
    lines: &Lines,
) -> Result<(), Diagnostic> {
    let text = |what| -> Result<PyStr, Diagnostic> {
        match one_word(args, span, lines, what)? {
            (Word::Str(cps), _) => Ok(str_of(cps)),
            (_, s) => {
                Err(lines.diag(&s, format!("expected a string literal ({what})"), "quote it: '<module>'"))
            }
        }
    };
    match name {
        "name" => b.name = Some(text("the code object's name")?),
        "qualname" => b.qualname = Some(text("the qualified name")?),
        "filename" => b.filename = Some(text("the file name")?),
        "firstlineno" => {
            let (w, s) = one_word(args, span, lines, "a line number")?;
            b.firstlineno = Some(int_word(w, &s, lines)?);
        }
        "flags" => {
            let (w, s) = one_word(args, span, lines, "flags")?;
            b.flags = flags_word(w, &s, lines)?;
        }
        "argcount" | "posonlyargcount" | "kwonlyargcount" | "stacksize" => {
            let (w, s) = one_word(args, span, lines, "a count")?;
            let v = u32_word(w, &s, lines)?;
            match name {
                "argcount" => b.argcount = v,
                "posonlyargcount" => b.posonlyargcount = v,
                "kwonlyargcount" => b.kwonlyargcount = v,
                _ => b.stacksize = Some(v),
            }
        }
        "linetable" | "exceptiontable" => {
            let bytes = match args {
                [] => Vec::new(),
                _ => {
                    let (w, s) = one_word(args, span, lines, "hex bytes")?;
                    hex_word(w, &s, lines)?
                }
            };
            if name == "linetable" {
                b.linetable = Some(bytes);
            } else {
                b.exceptiontable = Some(bytes);
            }
        }
        other => {
            return Err(lines.diag(
                span,
                format!("unknown directive `.{other}`"),
                ".code .end .name .qualname .filename .firstlineno .flags .argcount .posonlyargcount .kwonlyargcount .stacksize .linetable .exceptiontable",
            ))
        }
    }
    Ok(())
}

/// Decimal digits (with an optional `-`) to an int.
fn parse_int(s: &str) -> PyInt {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let mut mag: Vec<u32> = Vec::new();
    for c in digits.bytes() {
        let mut carry = (c - b'0') as u64;
        for limb in mag.iter_mut() {
            let v = *limb as u64 * 10 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            mag.push(carry as u32);
        }
    }
    PyInt::from_sign_mag(neg && !mag.is_empty(), mag)
}

fn constant(v: Value) -> Constant {
    match v {
        Value::None => Constant::None,
        Value::True => Constant::Bool(true),
        Value::False => Constant::Bool(false),
        Value::Ellipsis => Constant::Ellipsis,
        Value::Int(s) => Constant::Int(parse_int(&s)),
        Value::Float(f) => Constant::Float(f),
        Value::Complex(real, imag) => Constant::Complex { real, imag },
        Value::Str(cps) => Constant::Str(str_of(&cps)),
        Value::Bytes(b) => Constant::Bytes(b),
        Value::Tuple(items) => Constant::Tuple(items.into_iter().map(constant).collect()),
        Value::FrozenSet(items) => Constant::FrozenSet(items.into_iter().map(constant).collect()),
        // Only reachable inside a tuple: the parser accepts `code` anywhere a constant goes.
        Value::Code => Constant::None,
    }
}

fn contains_code(v: &Value) -> bool {
    match v {
        Value::Code => true,
        Value::Tuple(items) | Value::FrozenSet(items) => items.iter().any(contains_code),
        _ => false,
    }
}

fn kind_word(s: &str) -> Option<u8> {
    Some(match s {
        "local" => CO_FAST_LOCAL,
        "cell" => CO_FAST_CELL,
        "free" => CO_FAST_FREE,
        "local+cell" => CO_FAST_LOCAL | CO_FAST_CELL,
        s => u8::from_str_radix(s.strip_prefix("0x")?, 16).ok()?,
    })
}

/// Edit distance, for "did you mean" hints.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let upper = word.to_ascii_uppercase();
    candidates
        .map(|c| (distance(&upper, &c.to_ascii_uppercase()), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn all_opcode_names() -> impl Iterator<Item = &'static str> {
    pyrite_ir::cfg::opcode_names()
        .iter()
        .enumerate()
        .filter(|(i, _)| stack_effect::real_stack_effect(*i as u8, 0, None).is_some())
        .map(|(_, n)| *n)
        .chain(pyrite_ir::cfg::Pseudo::ALL.iter().map(|p| p.name()))
}

fn location(p: Option<Pos>, span: &Span, lines: &Lines) -> Result<Location, Diagnostic> {
    let conv = |v: Option<i64>| -> Result<i32, Diagnostic> {
        match v {
            None => Ok(-1),
            Some(v) => i32::try_from(v).ok().filter(|v| *v >= 0).ok_or_else(|| {
                lines.diag(span, format!("position {v} is out of range"), "lines and columns are 0 or more")
            }),
        }
    };
    Ok(match p {
        None | Some(Pos::None) => Location::NONE,
        Some(Pos::Line(l)) => {
            let l = conv(Some(l))?;
            Location::new(l, l, -1, -1)
        }
        Some(Pos::Full(l, c, el, ec)) => Location::new(conv(Some(l))?, conv(el)?, conv(c)?, conv(ec)?),
    })
}

fn statement(
    b: &mut Builder,
    stmt: Stmt,
    span: Span,
    lines: &Lines,
    expect_code: &mut Option<Span>,
) -> Result<(), Diagnostic> {
    match stmt {
        Stmt::Directive { name, args } => directive(b, &name, &args, &span, lines)?,
        Stmt::Name(cps) => b.names.push(str_of(&cps)),
        Stmt::Var { name, kind } => {
            let k = kind_word(&kind.0).ok_or_else(|| {
                lines.diag(
                    &kind.1,
                    format!("unknown variable kind `{}`", kind.0),
                    "use local, cell, free, local+cell or a hex byte like 0x20",
                )
            })?;
            b.vars.push((str_of(&name), k));
        }
        Stmt::Const(Value::Code) => {
            b.consts.push(None);
            b.pending_code = Some(b.consts.len() - 1);
            *expect_code = Some(span);
        }
        Stmt::Const(v) => {
            if contains_code(&v) {
                return Err(lines.diag(
                    &span,
                    "a code object can only be a constant of its own".into(),
                    "write `const code` followed by a `.code` block",
                ));
            }
            b.consts.push(Some(constant(v)));
        }
        Stmt::Label(name) => {
            if let Some((_, first)) = b.labels.get(&name) {
                let line = lines.diag(first, String::new(), "").lineno.unwrap_or(0);
                return Err(lines.diag(
                    &span,
                    format!("label `{name}` is defined twice"),
                    &format!("it is first defined on line {line}"),
                ));
            }
            b.labels.insert(name, (b.instrs.len(), span));
        }
        Stmt::Instr { op, arg, pos } => {
            let Some(opcode) = Opcode::from_name(&op.0).filter(|o| match o {
                Opcode::Real(n) => stack_effect::real_stack_effect(*n, 0, None).is_some(),
                Opcode::Pseudo(_) => true,
            }) else {
                let hint = match closest(&op.0, all_opcode_names()) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => "see Lib/opcode.py of CPython 3.11 for the opcode names".into(),
                };
                return Err(lines.diag(&op.1, format!("unknown opcode `{}`", op.0), &hint));
            };
            let loc = location(pos, &span, lines)?;
            let o = ops();
            let (is_jump, takes_arg) = match opcode {
                Opcode::Real(n) => (
                    o.forward[n as usize] || o.backward[n as usize],
                    n >= pyrite_ir::target::default_target().opcodes().have_argument,
                ),
                Opcode::Pseudo(p) => (p.has_target(), false),
            };
            let (oparg, label) = match (arg, is_jump) {
                (Some((Arg::Label(l), s)), true) => (0, Some((l, s))),
                (None, true) => {
                    return Err(lines.diag(
                        &op.1,
                        format!("{} needs a jump target", op.0),
                        "give a label: `JUMP L3`",
                    ));
                }
                (Some((Arg::Int(_), s)), true) => {
                    return Err(lines.diag(
                        &s,
                        format!("{} takes a label, not a number", op.0),
                        "jump offsets are computed; write the label of the target",
                    ));
                }
                (Some((Arg::Label(l), s)), false) => {
                    return Err(lines.diag(
                        &s,
                        format!("{} takes no label (`{l}`)", op.0),
                        "only jumps and SETUP_* take labels",
                    ));
                }
                (Some((Arg::Int(v), s)), false) => {
                    if !takes_arg && v != 0 {
                        return Err(lines.diag(
                            &s,
                            format!("{} takes no argument", op.0),
                            "remove the argument",
                        ));
                    }
                    let v = u32::try_from(v).map_err(|_| {
                        lines.diag(
                            &s,
                            format!("argument {v} of {} is out of range", op.0),
                            "arguments are 0 to 4294967295",
                        )
                    })?;
                    (v, None)
                }
                (None, false) => {
                    if takes_arg {
                        return Err(lines.diag(
                            &op.1,
                            format!("{} needs an argument", op.0),
                            &format!("write `{} N`", op.0),
                        ));
                    }
                    (0, None)
                }
            };
            b.instrs.push(Written { opcode, oparg, label, loc, span });
        }
        Stmt::Try { start, end, handler, depth, lasti } => {
            let depth =
                u32::try_from(depth).map_err(|_| lines.diag(&span, "depth must be 0 or more".into(), ""))?;
            b.tries.push((start, end, handler, depth, lasti));
        }
        Stmt::Entry { label, depth } => {
            let depth =
                u32::try_from(depth).map_err(|_| lines.diag(&span, "depth must be 0 or more".into(), ""))?;
            b.entries.push((label, depth));
        }
        Stmt::Error => {}
    }
    Ok(())
}

/// Checks an argument against the tables it indexes.
fn check_arg(b: &Builder, w: &Written, lines: &Lines) -> Result<(), Diagnostic> {
    let Opcode::Real(_) = w.opcode else { return Ok(()) };
    let name = w.opcode.name();
    let a = w.oparg as usize;
    let (len, what) = match name.as_ref() {
        "LOAD_CONST" | "KW_NAMES" => (b.consts.len(), "constants"),
        "LOAD_GLOBAL" => (b.names.len() * 2, "names (LOAD_GLOBAL's argument is index << 1 | push_null)"),
        "STORE_NAME" | "DELETE_NAME" | "STORE_ATTR" | "DELETE_ATTR" | "STORE_GLOBAL" | "DELETE_GLOBAL"
        | "LOAD_NAME" | "LOAD_ATTR" | "IMPORT_NAME" | "IMPORT_FROM" | "LOAD_METHOD" => {
            (b.names.len(), "names")
        }
        "LOAD_FAST" | "STORE_FAST" | "DELETE_FAST" | "MAKE_CELL" | "LOAD_CLOSURE" | "LOAD_DEREF"
        | "STORE_DEREF" | "DELETE_DEREF" | "LOAD_CLASSDEREF" => (b.vars.len(), "variables"),
        _ => return Ok(()),
    };
    if a >= len {
        let count = if name == "LOAD_GLOBAL" { len / 2 } else { len };
        return Err(lines.diag(
            &w.span,
            format!("bad argument: {name} {a} is past the end of the {count} {what}"),
            &format!("declare it first (`name`, `var` or `const` lines) or use an index below {len}"),
        ));
    }
    Ok(())
}

fn finish(b: Builder, lines: &Lines) -> Result<CodeObject, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    for w in &b.instrs {
        if let Err(d) = check_arg(&b, w, lines) {
            diags.push(d);
        }
    }
    let o = ops();
    // Blocks: a new one at every label and after every jump or unconditional transfer.
    let mut unit = CodeUnit::default();
    unit.meta.firstlineno = b.firstlineno.unwrap_or(1) as i32;
    unit.meta.flags = b.flags;
    let mut block_at: Vec<BlockId> = Vec::with_capacity(b.instrs.len() + 1);
    let mut label_positions: Vec<bool> = vec![false; b.instrs.len() + 1];
    for (p, _) in b.labels.values() {
        label_positions[*p] = true;
    }
    let mut where_: Vec<(BlockId, usize)> = Vec::new();
    let mut cur = unit.new_block();
    let mut instr_block_start = true;
    for (i, w) in b.instrs.iter().enumerate() {
        if label_positions[i] && !instr_block_start {
            cur = unit.new_block();
        }
        block_at.push(cur);
        where_.push((cur, unit.blocks[cur as usize].instrs.len()));
        unit.blocks[cur as usize].instrs.push(Instr::new(w.opcode, w.oparg, w.loc));
        let transfers = match w.opcode {
            Opcode::Real(n) => {
                o.forward[n as usize]
                    || o.backward[n as usize]
                    || [o.return_value, o.raise_varargs, o.reraise].contains(&n)
            }
            Opcode::Pseudo(p) => p.has_target() && !p.is_block_push(),
        };
        instr_block_start = false;
        if transfers {
            cur = unit.new_block();
            instr_block_start = true;
        }
    }
    if label_positions[b.instrs.len()] && !instr_block_start {
        cur = unit.new_block();
    }
    block_at.push(cur);
    let resolve = |l: &(String, Span)| -> Result<usize, Diagnostic> {
        b.labels.get(&l.0).map(|(p, _)| *p).ok_or_else(|| {
            let hint = match closest(&l.0, b.labels.keys().map(String::as_str)) {
                Some(c) => format!("did you mean `{c}`?"),
                None => "define it with a line `NAME:` before the instruction it labels".into(),
            };
            lines.diag(&l.1, format!("undefined label `{}`", l.0), &hint)
        })
    };
    for (i, w) in b.instrs.iter().enumerate() {
        if let Some(l) = &w.label {
            match resolve(l) {
                Ok(p) => {
                    if p >= b.instrs.len() {
                        diags.push(lines.diag(
                            &l.1,
                            format!(
                                "jump out of range: `{}` labels the end of the code, past every instruction",
                                l.0
                            ),
                            "a jump must land on an instruction",
                        ));
                        continue;
                    }
                    let (blk, idx) = where_[i];
                    unit.blocks[blk as usize].instrs[idx].target = Some(block_at[p]);
                }
                Err(d) => diags.push(d),
            }
        }
    }
    for (start, end, handler, depth, lasti) in &b.tries {
        let (s, e, h) = match (resolve(start), resolve(end), resolve(handler)) {
            (Ok(s), Ok(e), Ok(h)) => (s, e, h),
            (s, e, h) => {
                diags.extend([s.err(), e.err(), h.err()].into_iter().flatten());
                continue;
            }
        };
        if e < s {
            diags.push(lines.diag(
                &end.1,
                "the range ends before it starts".into(),
                "write `try START END -> HANDLER`",
            ));
            continue;
        }
        if h >= b.instrs.len() {
            diags.push(lines.diag(&handler.1, "the handler labels no instruction".into(), ""));
            continue;
        }
        let hb = block_at[h];
        unit.blocks[hb as usize].handler_depth = Some(*depth);
        unit.blocks[hb as usize].preserve_lasti = *lasti;
        for &(blk, idx) in &where_[s..e] {
            unit.blocks[blk as usize].instrs[idx].handler = Some(hb);
        }
    }
    for (label, depth) in &b.entries {
        match resolve(label) {
            Ok(p) => unit.blocks[block_at[p] as usize].entry_depth = Some(*depth),
            Err(d) => diags.push(d),
        }
    }
    let mut assembled = None;
    if diags.is_empty() && b.errors == 0 {
        // With SETUP_* / POP_BLOCK the text is codegen-style: those become NOPs and are cleaned
        // as CPython cleans them. Otherwise every written NOP stays.
        let codegen_style = b.instrs.iter().any(|w| {
            matches!(w.opcode, Opcode::Pseudo(p) if p.is_block_push() || p == pyrite_ir::cfg::Pseudo::PopBlock)
        });
        match assemble_unit(&mut unit, AssembleOptions { clean_nops: codegen_style }) {
            Ok(a) => assembled = Some(a),
            Err(e) => {
                let at = e.at();
                let span = where_
                    .iter()
                    .position(|&(blk, idx)| blk == at.block && idx == at.instr)
                    .map(|i| b.instrs[i].span.clone())
                    .unwrap_or(b.start.clone());
                let hint = match &e {
                    AssembleError::StackUnderflow { .. } => {
                        "check what each path leaves on the stack before this instruction (jumps, fall-through and handlers)"
                    }
                    AssembleError::JumpDirection { .. } => {
                        "use the direction-free form (JUMP, POP_JUMP_IF_FALSE...), which the assembler points the right way"
                    }
                    AssembleError::HandlerDepth { .. } => "give the handler range a depth: `try A B -> H depth N`",
                    _ => "",
                };
                let msg = match &e {
                    AssembleError::JumpDirection { .. } => format!("jump out of range: {e}"),
                    _ => e.to_string(),
                };
                diags.push(lines.diag(&span, msg, hint));
            }
        }
    }
    let Some(a) = assembled else {
        // A code object with errors reports them through its statements; say nothing more.
        return Err(diags);
    };
    if !diags.is_empty() {
        return Err(diags);
    }
    let name = b.name.unwrap_or_else(|| PyStr::from("<module>"));
    Ok(CodeObject {
        argcount: b.argcount,
        posonlyargcount: b.posonlyargcount,
        kwonlyargcount: b.kwonlyargcount,
        stacksize: b.stacksize.unwrap_or(a.stacksize),
        flags: b.flags,
        code: a.code,
        consts: b.consts.into_iter().map(|c| c.unwrap_or(Constant::None)).collect(),
        names: b.names,
        localsplusnames: b.vars.iter().map(|(n, _)| n.clone()).collect(),
        localspluskinds: b.vars.iter().map(|(_, k)| *k).collect(),
        filename: b.filename.unwrap_or_else(|| PyStr::from("<asm>")),
        qualname: b.qualname.unwrap_or_else(|| name.clone()),
        name,
        firstlineno: b.firstlineno.unwrap_or(1) as u32,
        linetable: b.linetable.unwrap_or(a.linetable),
        exceptiontable: b.exceptiontable.unwrap_or(a.exceptiontable),
    })
}
