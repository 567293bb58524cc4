//! `ast.dump` reproduced exactly (`python3 -m ast [-a] [-i N]`), and the JSON dump.

use super::fields::{self, DNode, DVal};
use super::{Constant, Mod};
use crate::pyrepr;

/// `ast.dump`'s options: `include_attributes` and `indent` (`None` = single line).
#[derive(Clone, Copy, Debug, Default)]
pub struct DumpOptions {
    pub include_attributes: bool,
    pub indent: Option<usize>,
}

/// `repr()` of a constant value.
pub fn constant_repr(c: &Constant, out: &mut String) {
    match c {
        Constant::None => out.push_str("None"),
        Constant::True => out.push_str("True"),
        Constant::False => out.push_str("False"),
        Constant::Ellipsis => out.push_str("Ellipsis"),
        Constant::Int(i) => out.push_str(itoa_like(*i).as_str()),
        Constant::BigInt(d) => out.push_str(d),
        Constant::Float(f) => out.push_str(&pyrepr::float_repr(*f)),
        Constant::Complex(c) => out.push_str(&pyrepr::complex_repr(c.0, c.1)),
        Constant::Str(s) => pyrepr::write_str_repr(s, out),
        Constant::SurrogateStr(b) => pyrepr::write_wtf8_str_repr(b, out),
        Constant::Bytes(b) => pyrepr::write_bytes_repr(b, out),
        Constant::Tuple(items) => {
            out.push('(');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                constant_repr(item, out);
            }
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        Constant::FrozenSet(items) if items.is_empty() => out.push_str("frozenset()"),
        Constant::FrozenSet(items) => {
            // Python prints a set in hash-table order (PYTHONHASHSEED=0 for str and bytes).
            let values: Vec<_> = items.iter().map(Constant::to_value).collect();
            let order = crate::pyhash::set_order(&values, &Default::default())
                .unwrap_or_else(|| (0..items.len()).collect());
            out.push_str("frozenset({");
            for (i, &k) in order.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                constant_repr(&items[k], out);
            }
            out.push_str("})");
        }
    }
}

fn itoa_like(i: i64) -> String {
    i.to_string()
}

struct Dumper {
    opts: DumpOptions,
    out: String,
}

impl Dumper {
    /// Appends the dump of `v` at nesting `level`; returns whether it is "simple" in `ast.dump`'s
    /// sense (decides whether the parent may stay on one line).
    fn value(&mut self, v: &DVal<'_>, level: usize) -> bool {
        match v {
            DVal::Node(n) => self.node(n, level),
            DVal::List(items) => {
                if items.is_empty() {
                    self.out.push_str("[]");
                    return true;
                }
                self.out.push('[');
                let level = level + 1;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.sep(level);
                    } else {
                        self.prefix(level);
                    }
                    self.value(item, level);
                }
                self.out.push(']');
                false
            }
            DVal::Str(s) => {
                pyrepr::write_str_repr(s, &mut self.out);
                true
            }
            DVal::Const(c) => {
                constant_repr(c, &mut self.out);
                true
            }
            DVal::Int(i) => {
                self.out.push_str(&i.to_string());
                true
            }
            DVal::NoneVal => {
                self.out.push_str("None");
                true
            }
        }
    }

    fn prefix(&mut self, level: usize) {
        if let Some(ind) = self.opts.indent {
            self.out.push('\n');
            for _ in 0..ind * level {
                self.out.push(' ');
            }
        }
    }

    fn sep(&mut self, level: usize) {
        self.out.push(',');
        if self.opts.indent.is_some() {
            self.prefix(level);
        } else {
            self.out.push(' ');
        }
    }

    fn node(&mut self, n: &DNode<'_>, level: usize) -> bool {
        // Dump each argument separately first: whether the node fits on one line depends on all
        // of them being simple, as in ast.dump.
        let inner = level + 1;
        let mut args: Vec<String> = Vec::with_capacity(n.fields.len() + 4);
        let mut allsimple = true;
        let saved = std::mem::take(&mut self.out);
        for (name, v) in &n.fields {
            let Some(v) = v else { continue };
            self.out.push_str(name);
            self.out.push('=');
            allsimple &= self.value(v, inner);
            args.push(std::mem::take(&mut self.out));
        }
        if self.opts.include_attributes {
            if let Some(loc) = n.loc {
                for (name, val) in [
                    ("lineno", loc.lineno),
                    ("col_offset", loc.col_offset),
                    ("end_lineno", loc.end_lineno),
                    ("end_col_offset", loc.end_col_offset),
                ] {
                    // Nodes CPython makes without a position (ast-opt's format pieces) hold -1.
                    args.push(format!("{name}={}", val as i32));
                }
            }
        }
        self.out = saved;
        self.out.push_str(n.name);
        self.out.push('(');
        if allsimple && args.len() <= 3 {
            self.out.push_str(&args.join(", "));
            self.out.push(')');
            return args.is_empty();
        }
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                self.sep(inner);
            } else {
                self.prefix(inner);
            }
            self.out.push_str(a);
        }
        self.out.push(')');
        false
    }
}

/// `ast.dump(tree, include_attributes=..., indent=...)`.
pub fn dump(m: &Mod, opts: DumpOptions) -> String {
    let mut d = Dumper { opts, out: String::new() };
    d.value(&fields::module(m), 0);
    d.out
}

fn constant_json(c: &Constant) -> serde_json::Value {
    use serde_json::json;
    match c {
        Constant::None => json!(null),
        Constant::True => json!(true),
        Constant::False => json!(false),
        Constant::Ellipsis => json!({"ellipsis": true}),
        Constant::Int(i) => json!(i),
        Constant::BigInt(d) => json!({"int": d}),
        Constant::Float(f) if f.is_finite() => json!(f),
        Constant::Float(f) => json!({"float": pyrepr::float_repr(*f)}),
        Constant::Complex(c) => json!({"complex": [pyrepr::float_repr(c.0), pyrepr::float_repr(c.1)]}),
        Constant::Str(s) => json!(s),
        Constant::SurrogateStr(b) => json!({"str_wtf8_hex": hex(b)}),
        Constant::Bytes(b) => json!({"bytes_hex": hex(b)}),
        Constant::Tuple(items) => json!({"tuple": items.iter().map(constant_json).collect::<Vec<_>>()}),
        Constant::FrozenSet(items) => {
            json!({"frozenset": items.iter().map(constant_json).collect::<Vec<_>>()})
        }
    }
}

fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

fn value_json(v: &DVal<'_>) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    match v {
        DVal::Node(n) => {
            let mut m = Map::new();
            m.insert("_type".into(), json!(n.name));
            for (name, v) in &n.fields {
                m.insert((*name).into(), v.as_ref().map_or(Value::Null, value_json));
            }
            if let Some(l) = n.loc {
                m.insert("lineno".into(), json!(l.lineno as i32));
                m.insert("col_offset".into(), json!(l.col_offset as i32));
                m.insert("end_lineno".into(), json!(l.end_lineno as i32));
                m.insert("end_col_offset".into(), json!(l.end_col_offset as i32));
            }
            Value::Object(m)
        }
        DVal::List(items) => Value::Array(items.iter().map(value_json).collect()),
        DVal::Str(s) => json!(s),
        DVal::Const(c) => constant_json(c),
        DVal::Int(i) => json!(i),
        DVal::NoneVal => Value::Null,
    }
}

/// The JSON dump (shape documented in docs/ir-json.md).
pub fn dump_json(m: &Mod) -> serde_json::Value {
    serde_json::json!({"ir": "ast", "tree": value_json(&fields::module(m))})
}
