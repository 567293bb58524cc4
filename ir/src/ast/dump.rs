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

/// `python3 -m ast`'s interpreter limits, which `ast.dump` (pure Python in Lib/ast.py) runs into on
/// deep trees. [`dump_as_python_m_ast`] fails exactly where `python3 -m ast` does.
pub mod limits {
    /// `sys.getrecursionlimit()` at startup: a check fails once more than this many frames and
    /// C-level recursion checks are active at once (3.11 counts both in one counter).
    pub const RECURSION_LIMIT: u32 = 1000;
    /// Counter entries already active when `dump` calls `_format` on the root: runpy's
    /// `_run_module_as_main` and `_run_code`, the `exec` of ast.py, `<module>`, `main()`,
    /// `dump()`. Calibrated on 3.11.7: with it, the root's `_format` frame is entry 7, and
    /// `not`*985 + `x` is the deepest chain `python3 -m ast` prints (986 fails).
    pub const STARTING_DEPTH: u32 = 6;
    /// `ast.parse` builds Python objects from the C tree (ast2obj in Python-ast.c), counting one
    /// level per node (not the operator and context singletons) against the recursion limit
    /// scaled by 3, from the Python depth when `compile()` runs (7 entries, scaled too).
    /// Calibrated on 3.11.7: `not`*2976 + `x` converts, 2977 fails.
    pub const AST2OBJ_LIMIT: u32 = RECURSION_LIMIT * 3;
    pub const AST2OBJ_STARTING_DEPTH: u32 = 7 * 3;
    /// `sys.get_int_max_str_digits()`: `repr` of an int with more decimal digits raises.
    pub const INT_MAX_STR_DIGITS: usize = 4300;
}

/// An exception `ast.dump` raises while `python3 -m ast` prints: the traceback's last line is
/// `{kind}: {message}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DumpError {
    pub kind: &'static str,
    pub message: String,
}

impl std::fmt::Display for DumpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

/// Where the recursion check that fails sits, which picks RecursionError's message suffix.
#[derive(Clone, Copy)]
enum Check {
    /// Entering a Python frame (`_format`, the `<genexpr>` of a list).
    Frame,
    /// A call of a C function with a recursion check (`repr`, `str.join`).
    Call,
    /// `PyObject_Repr` itself.
    Repr,
}

impl Check {
    fn error(self) -> DumpError {
        let suffix = match self {
            Check::Frame => "",
            Check::Call => " while calling a Python object",
            Check::Repr => " while getting the repr of an object",
        };
        DumpError { kind: "RecursionError", message: format!("maximum recursion depth exceeded{suffix}") }
    }
}

/// One pass over the tree, writing straight into `out`. When `limit` is set it also counts what
/// Lib/ast.py's `_format` keeps on CPython's recursion counter, in execution order, so the first
/// check to overflow is the one CPython's fails on:
/// - every `_format` call is a frame;
/// - a leaf is `repr(value)`: the call of the builtin is checked, then `PyObject_Repr` is;
/// - a node calls `', '.join(args)` (or `sep.join`) after formatting its children: one check;
/// - a non-empty list calls `sep.join(<genexpr>)`: the join's check stays active while the
///   generator's frame formats each item, so items sit 3 entries below the list's frame.
struct Dumper {
    opts: DumpOptions,
    out: String,
    limit: Option<u32>,
    depth: u32,
}

type Step = Result<(), DumpError>;

impl Dumper {
    fn push(&mut self, check: Check) -> Step {
        self.depth += 1;
        match self.limit {
            Some(limit) if self.depth > limit => Err(check.error()),
            _ => Ok(()),
        }
    }

    /// A check that is released at once.
    fn touch(&mut self, check: Check) -> Step {
        self.push(check)?;
        self.depth -= 1;
        Ok(())
    }

    /// `repr()` of a leaf, called from a `_format` frame.
    fn repr_checks(&mut self) -> Step {
        self.push(Check::Call)?;
        self.touch(Check::Repr)?;
        self.depth -= 1;
        Ok(())
    }

    /// `_format(v, level)`.
    fn format(&mut self, v: &DVal<'_>, level: usize) -> Step {
        self.push(Check::Frame)?;
        match v {
            DVal::Node(n) => self.node(n, level)?,
            DVal::List(items) if items.is_empty() => self.out.push_str("[]"),
            DVal::List(items) => {
                self.push(Check::Call)?;
                self.push(Check::Frame)?;
                self.out.push('[');
                let level = level + 1;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.sep(level);
                    } else {
                        self.prefix(level);
                    }
                    self.format(item, level)?;
                }
                self.out.push(']');
                self.depth -= 2;
            }
            DVal::Str(s) => {
                self.repr_checks()?;
                pyrepr::write_str_repr(s, &mut self.out);
            }
            DVal::Const(c) => {
                self.repr_checks()?;
                if let Constant::BigInt(digits) = c {
                    if self.limit.is_some()
                        && digits.trim_start_matches('-').len() > limits::INT_MAX_STR_DIGITS
                    {
                        return Err(int_str_digits_error());
                    }
                }
                constant_repr(c, &mut self.out);
            }
            DVal::Int(i) => {
                self.repr_checks()?;
                self.out.push_str(&i.to_string());
            }
            DVal::NoneVal => {
                self.repr_checks()?;
                self.out.push_str("None");
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// An attribute (`lineno=...`): formatted by `_format` like a field.
    fn attribute(&mut self, value: i32) -> Step {
        self.push(Check::Frame)?;
        self.repr_checks()?;
        self.out.push_str(&value.to_string());
        self.depth -= 1;
        Ok(())
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

    fn node(&mut self, n: &DNode<'_>, level: usize) -> Step {
        // Whether the node fits on one line depends on every argument being "simple" in
        // ast.dump's sense; that is known from each child's shape alone (a leaf, an empty list or
        // a node printing no arguments), so the layout is chosen before anything is written.
        let inner = level + 1;
        let attrs = if self.opts.include_attributes { n.loc } else { None };
        let nargs =
            n.fields.iter().filter(|(_, v)| v.is_some()).count() + if attrs.is_some() { 4 } else { 0 };
        let allsimple = n
            .fields
            .iter()
            .filter_map(|(_, v)| v.as_ref())
            .all(|v| is_simple(v, self.opts.include_attributes));
        let one_line = allsimple && nargs <= 3;
        self.out.push_str(n.name);
        self.out.push('(');
        let mut i = 0;
        let mut start_arg = |d: &mut Self| {
            if one_line {
                if i > 0 {
                    d.out.push_str(", ");
                }
            } else if i > 0 {
                d.sep(inner);
            } else {
                d.prefix(inner);
            }
            i += 1;
        };
        for (name, v) in &n.fields {
            let Some(v) = v else { continue };
            start_arg(self);
            self.out.push_str(name);
            self.out.push('=');
            self.format(v, inner)?;
        }
        if let Some(loc) = attrs {
            for (name, val) in [
                ("lineno", loc.lineno),
                ("col_offset", loc.col_offset),
                ("end_lineno", loc.end_lineno),
                ("end_col_offset", loc.end_col_offset),
            ] {
                start_arg(self);
                self.out.push_str(name);
                self.out.push('=');
                // Nodes CPython makes without a position (ast-opt's format pieces) hold -1.
                self.attribute(val as i32)?;
            }
        }
        self.touch(Check::Call)?;
        self.out.push(')');
        Ok(())
    }
}

/// Whether `_format` returns "simple" for `v`: a node is when it prints no argument at all.
fn is_simple(v: &DVal<'_>, include_attributes: bool) -> bool {
    match v {
        DVal::Node(n) => {
            n.fields.iter().all(|(_, v)| v.is_none()) && !(include_attributes && n.loc.is_some())
        }
        DVal::List(items) => items.is_empty(),
        _ => true,
    }
}

/// The deepest chain of nodes ast2obj recurses through; the singletons of the simple sums
/// (operators, `Load()`...: no fields, no position) are shared objects it does not count.
fn object_depth(v: &DVal<'_>) -> u32 {
    match v {
        DVal::Node(n) if n.fields.is_empty() && n.loc.is_none() => 0,
        DVal::Node(n) => {
            1 + n.fields.iter().filter_map(|(_, v)| v.as_ref()).map(object_depth).max().unwrap_or(0)
        }
        DVal::List(items) => items.iter().map(object_depth).max().unwrap_or(0),
        _ => 0,
    }
}

fn int_str_digits_error() -> DumpError {
    DumpError {
        kind: "ValueError",
        message: format!(
            "Exceeds the limit ({} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
            limits::INT_MAX_STR_DIGITS
        ),
    }
}

/// `ast.dump(tree, include_attributes=..., indent=...)`, with no interpreter limits.
pub fn dump(m: &Mod, opts: DumpOptions) -> String {
    let mut d = Dumper { opts, out: String::new(), limit: None, depth: 0 };
    let _ = d.format(&fields::module(m), 0);
    d.out
}

/// What `python3 -m ast` prints on stdout (without the final newline), or the exception it dies
/// with: RecursionError where Lib/ast.py's recursion reaches the interpreter's limit, ValueError
/// for an int too long for `repr`.
pub fn dump_as_python_m_ast(m: &Mod, opts: DumpOptions) -> Result<String, DumpError> {
    let root = fields::module(m);
    if limits::AST2OBJ_STARTING_DEPTH + object_depth(&root) > limits::AST2OBJ_LIMIT {
        return Err(DumpError {
            kind: "RecursionError",
            message: "maximum recursion depth exceeded during ast construction".into(),
        });
    }
    let mut d = Dumper {
        opts,
        out: String::new(),
        limit: Some(limits::RECURSION_LIMIT),
        depth: limits::STARTING_DEPTH,
    };
    d.format(&root, 0)?;
    Ok(d.out)
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
