//! Printing uncaught exceptions in CPython 3.11's format (chained exceptions included).

use crate::heap::ObjRef;
use crate::object::exc::{ExcObj, TracebackObj};
use crate::Vm;
use std::collections::HashMap;

/// Renders `exc` the way CPython's default excepthook does.
pub fn format_exception(vm: &mut Vm, exc: &ObjRef) -> String {
    let mut out = String::new();
    let mut seen = Vec::new();
    let mut sources: HashMap<String, Option<Vec<String>>> = HashMap::new();
    format_chain(vm, exc, &mut out, &mut seen, &mut sources);
    out
}

fn format_chain(
    vm: &mut Vm,
    exc: &ObjRef,
    out: &mut String,
    seen: &mut Vec<usize>,
    src: &mut HashMap<String, Option<Vec<String>>>,
) {
    seen.push(exc.id());
    if let Some(e) = exc.get::<ExcObj>() {
        let cause = e.cause.with(|c| c.clone());
        let context = e.context.with(|c| c.clone());
        if let Some(c) = cause {
            if !seen.contains(&c.id()) {
                format_chain(vm, &c, out, seen, src);
                out.push_str("\nThe above exception was the direct cause of the following exception:\n\n");
            }
        } else if let Some(c) = context {
            if !e.suppress_context.get() && !seen.contains(&c.id()) {
                format_chain(vm, &c, out, seen, src);
                out.push_str("\nDuring handling of the above exception, another exception occurred:\n\n");
            }
        }
    }
    format_one(vm, exc, out, src);
}

fn format_one(vm: &mut Vm, exc: &ObjRef, out: &mut String, src: &mut HashMap<String, Option<Vec<String>>>) {
    let tb = exc.get::<ExcObj>().and_then(|e| e.traceback.with(|t| t.clone()));
    if let Some(tb) = tb {
        out.push_str("Traceback (most recent call last):\n");
        // Like CPython (sys.tracebacklimit defaults to 1000): only the innermost 1000 entries.
        let mut depth = 0usize;
        let mut t = Some(tb.clone());
        while let Some(x) = t {
            depth += 1;
            t = x.expect::<TracebackObj>().next.clone();
        }
        let mut cur = Some(tb);
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
    let name = exc_display_name(vm, exc);
    let msg = vm.str(exc).unwrap_or_else(|_| "<exception str() failed>".into());
    if msg.is_empty() {
        out.push_str(&format!("{name}\n"));
    } else {
        out.push_str(&format!("{name}: {msg}\n"));
    }
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
