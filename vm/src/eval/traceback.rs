//! Printing uncaught exceptions in CPython 3.11's format (chained exceptions included).

use crate::heap::ObjRef;
use crate::object::exc::{ExcObj, TracebackObj};
use crate::Vm;
use std::collections::HashMap;

/// Renders `exc` the way CPython's default excepthook does.
pub fn format_exception(vm: &mut Vm, exc: &ObjRef) -> String {
    let mut ctx =
        Ctx { out: String::new(), seen: Vec::new(), src: HashMap::new(), depth: 0, need_close: false };
    print_recursive(vm, &mut ctx, exc);
    ctx.out
}

/// CPython's limits on how much of an exception group tree is shown.
const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

/// The printer's state (pythonrun.c's `exception_print_context`): exceptions already shown
/// (each appears once), the nesting depth inside exception groups (which sets the `| ` margin),
/// and whether the innermost group still owes its closing `+----` line.
struct Ctx {
    out: String,
    seen: Vec<usize>,
    src: HashMap<String, Option<Vec<String>>>,
    depth: usize,
    need_close: bool,
}

impl Ctx {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    fn margin(&self) -> String {
        let mut m = self.indent();
        if self.depth > 0 {
            m.push_str("| ");
        }
        m
    }

    /// Writes `text` (whole lines) with the margin before each line.
    fn write_lines(&mut self, text: &str) {
        let m = self.margin();
        for line in text.split_inclusive('\n') {
            self.out.push_str(&m);
            self.out.push_str(line);
        }
    }
}

fn print_recursive(vm: &mut Vm, ctx: &mut Ctx, exc: &ObjRef) {
    ctx.seen.push(exc.id());
    if let Some(e) = exc.get::<ExcObj>() {
        let cause = e.cause.with(|c| c.clone());
        let context = e.context.with(|c| c.clone());
        if let Some(c) = cause {
            if !ctx.seen.contains(&c.id()) {
                print_chained(
                    vm,
                    ctx,
                    &c,
                    "The above exception was the direct cause of the following exception:\n",
                );
            }
        } else if let Some(c) = context {
            if !e.suppress_context.get() && !ctx.seen.contains(&c.id()) {
                print_chained(
                    vm,
                    ctx,
                    &c,
                    "During handling of the above exception, another exception occurred:\n",
                );
            }
        }
    }
    if crate::builtins::excgroup::is_group(vm, exc) {
        print_group(vm, ctx, exc);
    } else {
        print_exception(vm, ctx, exc);
    }
}

fn print_chained(vm: &mut Vm, ctx: &mut Ctx, exc: &ObjRef, message: &str) {
    let need_close = ctx.need_close;
    print_recursive(vm, ctx, exc);
    ctx.need_close = need_close;
    ctx.write_lines("\n");
    ctx.write_lines(message);
    ctx.write_lines("\n");
}

/// A group: its own traceback and message, then each member in a numbered box (at most 15,
/// nested at most 10 deep), the last box closed by whoever prints the innermost member last.
fn print_group(vm: &mut Vm, ctx: &mut Ctx, exc: &ObjRef) {
    if ctx.depth > MAX_GROUP_DEPTH {
        ctx.write_lines(&format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n"));
        return;
    }
    if ctx.depth == 0 {
        ctx.depth += 1;
    }
    print_exception(vm, ctx, exc);
    let excs = match crate::builtins::excgroup::attribute(vm, exc, "exceptions") {
        Ok(Some(t)) => t.expect::<crate::object::seq::TupleObj>().0.to_vec(),
        _ => Vec::new(),
    };
    let n = if excs.len() <= MAX_GROUP_WIDTH { excs.len() } else { MAX_GROUP_WIDTH + 1 };
    ctx.need_close = false;
    for i in 0..n {
        let last = i == n - 1;
        if last {
            ctx.need_close = true;
        }
        let lead = if i == 0 { "+-" } else { "  " };
        let truncated = i >= MAX_GROUP_WIDTH;
        let label = if truncated { "...".to_string() } else { (i + 1).to_string() };
        let indent = ctx.indent();
        ctx.out.push_str(&format!("{indent}{lead}+---------------- {label} ----------------\n"));
        ctx.depth += 1;
        if truncated {
            let more = excs.len() - MAX_GROUP_WIDTH;
            ctx.write_lines(&format!("and {more} more exception{}\n", if more > 1 { "s" } else { "" }));
        } else {
            print_recursive(vm, ctx, &excs[i]);
        }
        if last && ctx.need_close {
            let indent = ctx.indent();
            ctx.out.push_str(&format!("{indent}+------------------------------------\n"));
            ctx.need_close = false;
        }
        ctx.depth -= 1;
    }
    if ctx.depth == 1 {
        ctx.depth -= 1;
    }
}

fn print_exception(vm: &mut Vm, ctx: &mut Ctx, exc: &ObjRef) {
    let tb = exc.get::<ExcObj>().and_then(|e| e.traceback.with(|t| t.clone()));
    if let Some(tb) = tb {
        let group = crate::builtins::excgroup::is_group(vm, exc);
        let header = if group {
            "Exception Group Traceback (most recent call last):\n"
        } else {
            "Traceback (most recent call last):\n"
        };
        let header_margin =
            if group && ctx.depth == 1 { format!("{}+ ", ctx.indent()) } else { ctx.margin() };
        ctx.out.push_str(&header_margin);
        ctx.out.push_str(header);
        let body = format_tb(vm, &tb, &mut ctx.src);
        ctx.write_lines(&body);
    }
    let name = exc_display_name(vm, exc);
    let msg = vm.str(exc).unwrap_or_else(|_| "<exception str() failed>".into());
    let line = if msg.is_empty() { format!("{name}\n") } else { format!("{name}: {msg}\n") };
    ctx.write_lines(&line);
    print_notes(vm, ctx, exc);
}

/// The `__notes__` after the message, each line with the margin (pythonrun.c's
/// print_exception_notes): a str note as it is, another value through str(), a `__notes__`
/// that is not a sequence as its repr.
fn print_notes(vm: &mut Vm, ctx: &mut Ctx, exc: &ObjRef) {
    let name = vm.intern("__notes__");
    let Ok(Some(notes)) = vm.getattr_opt(exc, &name) else { return };
    let items = match notes.kind() {
        crate::heap::Kind::List | crate::heap::Kind::Tuple => vm.collect(&notes).unwrap_or_default(),
        _ => {
            let r = vm.repr(&notes).unwrap_or_else(|_| "<__notes__ repr() failed>".into());
            ctx.write_lines(&format!("{r}\n"));
            return;
        }
    };
    for n in items {
        let text = vm.str(&n).unwrap_or_else(|_| "<note str() failed>".into());
        for line in text.split('\n') {
            ctx.write_lines(&format!("{line}\n"));
        }
    }
}

/// The `File ..., line N, in NAME` entries of a traceback with their source lines and markers.
fn format_tb(vm: &mut Vm, tb: &ObjRef, src: &mut HashMap<String, Option<Vec<String>>>) -> String {
    let mut out = String::new();
    let out = &mut out;
    {
        // Like CPython (sys.tracebacklimit defaults to 1000): only the innermost 1000 entries.
        let mut depth = 0usize;
        let mut t = Some(tb.clone());
        while let Some(x) = t {
            depth += 1;
            t = x.expect::<TracebackObj>().next.clone();
        }
        let mut cur = Some(tb.clone());
        while depth > 1000 {
            cur = cur.and_then(|x| x.expect::<TracebackObj>().next.clone());
            depth -= 1;
        }
        let mut last: Option<(String, u32, String)> = None;
        let mut repeat = 0usize;
        while let Some(t) = cur {
            let tbo = t.expect::<TracebackObj>();
            let code = &tbo.code;
            let pos = code.positions.get(tbo.lasti).copied().unwrap_or_default();
            let line = pos.line.unwrap_or(code.firstlineno);
            let key = (code.filename.clone(), line, code.name.clone());
            if last.as_ref() == Some(&key) {
                repeat += 1;
            } else {
                flush_repeats(out, repeat);
                repeat = 0;
                last = Some(key);
            }
            if repeat < 3 {
                out.push_str(&format!("  File \"{}\", line {}, in {}\n", code.filename, line, code.name));
                let lines = src.entry(code.filename.clone()).or_insert_with(|| {
                    std::fs::read(&code.filename)
                        .ok()
                        .map(|b| String::from_utf8_lossy(&b).lines().map(str::to_string).collect())
                });
                if let Some(lines) = lines {
                    if let Some(text) = lines.get(line as usize - 1) {
                        let stripped = text.trim_start();
                        let indent = text.len() - stripped.len();
                        let trimmed = stripped.trim_end();
                        if !trimmed.is_empty() {
                            out.push_str(&format!("    {trimmed}\n"));
                            if let Some(m) = markers(text, indent, trimmed, pos, vm.opts.caret_anchors) {
                                out.push_str(&m);
                            }
                        }
                    }
                }
            }
            cur = tbo.next.clone();
        }
        flush_repeats(out, repeat);
    }
    std::mem::take(out)
}

fn flush_repeats(out: &mut String, repeat: usize) {
    if repeat >= 3 {
        let n = repeat - 2;
        out.push_str(&format!(
            "  [Previous line repeated {} more time{}]\n",
            n,
            if n == 1 { "" } else { "s" }
        ));
    }
}

/// The `^^^^` line, shown when the instruction's span is a strict part of the line or when the
/// span is a binary operation or subscript, whose operator or brackets get `^` and the rest `~`
/// (CPython 3.11's tb_displayline).
fn markers(
    text: &str,
    indent: usize,
    trimmed: &str,
    pos: crate::object::func::Position,
    anchors_of: Option<fn(&str) -> Option<(usize, usize)>>,
) -> Option<String> {
    let (Some(l), Some(el), Some(c), Some(ec)) = (pos.line, pos.end_line, pos.col, pos.end_col) else {
        return None;
    };
    let _ = l;
    // Columns are UTF-8 byte offsets; convert to character positions.
    let bytes = text.as_bytes();
    let c = c as usize;
    let ec = if el == l { ec as usize } else { indent + trimmed.len() };
    if c > bytes.len() || ec > bytes.len() || ec <= c {
        return None;
    }
    let to_chars = |b: usize| text.get(..b).map(|s| s.chars().count());
    let (cc, ecc, ic, endc) =
        (to_chars(c)?, to_chars(ec)?, to_chars(indent)?, to_chars(indent + trimmed.len())?);
    // Anchors in characters from the start of the line.
    let anchors = match anchors_of {
        Some(f) if el == l => text.get(c..ec).and_then(f).and_then(|(la, ra)| {
            let seg = &text[c..ec];
            let at = |b: usize| seg.get(..b).map(|s| cc + s.chars().count());
            Some((at(la)?, at(ra.min(seg.len()))?))
        }),
        _ => None,
    };
    let anchored = anchors.is_some_and(|(la, ra)| ra > la);
    if cc <= ic && ecc >= endc && !anchored {
        return None;
    }
    let mut s = String::from("    ");
    for _ in ic..cc {
        s.push(' ');
    }
    for i in cc..ecc {
        s.push(match anchors {
            Some((la, ra)) if i < la || i >= ra => '~',
            _ => '^',
        });
    }
    s.push('\n');
    Some(s)
}

fn exc_display_name(vm: &mut Vm, exc: &ObjRef) -> String {
    let ty = exc.ty().clone();
    let name = crate::runtime::types::type_name(&ty);
    let t = ty.expect::<crate::object::typeobj::TypeObj>();
    if !t.heap_type {
        return name;
    }
    let module = crate::runtime::attr::dict_get_str_table(t, &vm.n.module.clone());
    let qual = t.qualname.with(|q| q.clone());
    match module {
        Some(m) if m.kind() == crate::heap::Kind::Str => {
            let m = m.expect::<crate::object::str::StrObj>().s.to_string();
            if m == "__main__" || m == "builtins" {
                qual
            } else {
                format!("{m}.{qual}")
            }
        }
        _ => qual,
    }
}
