//! AST -> Python source, byte for byte what CPython 3.11's `ast.unparse` prints: the same
//! precedence-driven parenthesisation (including its quirks, such as `a and b and (not c)`), the
//! same quote selection for strings and f-strings, `1e309` for infinities, docstrings as
//! triple-quoted strings.
//!
//! `_Unparser` keeps a precedence per node in a dict; here the precedence a parent assigns is
//! passed down as an argument instead (TEST where the parent sets none, as the dict's default).

mod strings;

use pyrite_ir::ast::*;
use pyrite_ir::pyrepr::{complex_repr, float_repr, write_bytes_repr, wtf8_code_points};
use std::collections::HashMap;
use strings::{code_points, repr_code_points, str_literal_helper, ALL_QUOTES, MULTI_QUOTES};

/// Why a tree cannot be unparsed (CPython raises `ValueError` for these).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnparseError(pub String);

impl std::fmt::Display for UnparseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ValueError: {}", self.0)
    }
}

type R = Result<(), UnparseError>;

/// `ast._Precedence` (1-based like its `auto()` values; `next()` saturates at ATOM).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Prec(u8);

const NAMED_EXPR: Prec = Prec(1);
const TUPLE: Prec = Prec(2);
const YIELD: Prec = Prec(3);
const TEST: Prec = Prec(4);
const OR: Prec = Prec(5);
const AND: Prec = Prec(6);
const NOT: Prec = Prec(7);
const CMP: Prec = Prec(8);
const EXPR: Prec = Prec(9);
const BOR: Prec = EXPR;
const BXOR: Prec = Prec(10);
const BAND: Prec = Prec(11);
const SHIFT: Prec = Prec(12);
const ARITH: Prec = Prec(13);
const TERM: Prec = Prec(14);
const FACTOR: Prec = Prec(15);
const POWER: Prec = Prec(16);
const AWAIT: Prec = Prec(17);
const ATOM: Prec = Prec(18);

impl Prec {
    fn next(self) -> Prec {
        Prec((self.0 + 1).min(ATOM.0))
    }
}

/// `_INFSTR`: a literal that overflows to infinity.
const INFSTR: &str = "1e309";
const MAX_DEPTH: u32 = 3000;

/// Stack for the recursive walks over deep trees (symtable, unparse), run on their own thread.
pub const DEEP_STACK: usize = 512 << 20;

/// `ast.unparse(tree)`. Runs on a thread with a large stack: the printer recurses once per
/// nesting level (bounded by a 3000-level limit).
pub fn unparse(m: &Mod) -> Result<String, UnparseError> {
    std::thread::scope(|scope| {
        match std::thread::Builder::new().stack_size(DEEP_STACK).spawn_scoped(scope, || unparse_here(m)) {
            Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            Err(_) => unparse_here(m),
        }
    })
}

fn unparse_here(m: &Mod) -> Result<String, UnparseError> {
    let mut u = Unparser::new(false);
    match m {
        Mod::Module { body, type_ignores } => {
            u.type_ignores = type_ignores.iter().map(|t| (t.lineno, format!("ignore{}", t.tag))).collect();
            u.docstring_and_body(body)?;
        }
        Mod::Interactive { body } => u.stmts(body)?,
        Mod::Expression { body } => u.expr(body, TEST)?,
        Mod::FunctionType { argtypes, returns } => {
            u.write("(");
            for (i, a) in argtypes.iter().enumerate() {
                if i > 0 {
                    u.write(", ");
                }
                u.expr(a, TEST)?;
            }
            u.write(")");
            u.write(" -> ");
            u.expr(returns, TEST)?;
        }
    }
    Ok(u.out)
}

/// Unparses one expression (`ast.unparse(expr_node)`).
pub fn unparse_expr(e: &Expr) -> Result<String, UnparseError> {
    let mut u = Unparser::new(false);
    u.expr(e, TEST)?;
    Ok(u.out)
}

struct Unparser {
    out: String,
    /// Whether anything was written (`_source` non-empty), even an empty string.
    started: bool,
    indent: usize,
    avoid_backslashes: bool,
    in_try_star: bool,
    type_ignores: HashMap<u32, String>,
    depth: u32,
}

fn is_docstring(body: &[Stmt]) -> Option<&Expr> {
    match &body.first()?.kind {
        StmtKind::Expr { value } => match &value.kind {
            ExprKind::Constant { value: Constant::Str(_) | Constant::SurrogateStr(_), .. } => Some(value),
            _ => None,
        },
        _ => None,
    }
}

fn binop(op: Operator) -> (&'static str, Prec) {
    match op {
        Operator::Add => ("+", ARITH),
        Operator::Sub => ("-", ARITH),
        Operator::Mult => ("*", TERM),
        Operator::MatMult => ("@", TERM),
        Operator::Div => ("/", TERM),
        Operator::Mod => ("%", TERM),
        Operator::LShift => ("<<", SHIFT),
        Operator::RShift => (">>", SHIFT),
        Operator::BitOr => ("|", BOR),
        Operator::BitXor => ("^", BXOR),
        Operator::BitAnd => ("&", BAND),
        Operator::FloorDiv => ("//", TERM),
        Operator::Pow => ("**", POWER),
    }
}

fn cmpop(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "==",
        CmpOp::NotEq => "!=",
        CmpOp::Lt => "<",
        CmpOp::LtE => "<=",
        CmpOp::Gt => ">",
        CmpOp::GtE => ">=",
        CmpOp::Is => "is",
        CmpOp::IsNot => "is not",
        CmpOp::In => "in",
        CmpOp::NotIn => "not in",
    }
}

fn str_code_points(c: &Constant) -> Option<Vec<u32>> {
    match c {
        Constant::Str(s) => Some(code_points(s)),
        Constant::SurrogateStr(b) => Some(wtf8_code_points(b).collect()),
        _ => None,
    }
}

impl Unparser {
    fn new(avoid_backslashes: bool) -> Self {
        Unparser {
            out: String::new(),
            started: false,
            indent: 0,
            avoid_backslashes,
            in_try_star: false,
            type_ignores: HashMap::new(),
            depth: 0,
        }
    }

    fn write(&mut self, s: &str) {
        self.started = true;
        self.out.push_str(s);
    }

    fn maybe_newline(&mut self) {
        if self.started {
            self.write("\n");
        }
    }

    fn fill(&mut self, text: &str) {
        self.maybe_newline();
        for _ in 0..self.indent {
            self.out.push_str("    ");
        }
        self.write(text);
    }

    /// Runs `f` writing into a fresh buffer and returns what it wrote.
    fn buffered(&mut self, f: impl FnOnce(&mut Self) -> R) -> Result<String, UnparseError> {
        let saved = std::mem::take(&mut self.out);
        let saved_started = std::mem::replace(&mut self.started, false);
        let r = f(self);
        let buf = std::mem::replace(&mut self.out, saved);
        self.started = saved_started;
        r.map(|()| buf)
    }

    fn block(&mut self, extra: Option<String>, body: impl FnOnce(&mut Self) -> R) -> R {
        self.write(":");
        if let Some(e) = extra {
            self.write(&e);
        }
        self.indent += 1;
        body(self)?;
        self.indent -= 1;
        Ok(())
    }

    fn type_comment(&self, lineno: u32, own: Option<&str>) -> Option<String> {
        self.type_ignores.get(&lineno).map(String::as_str).or(own).map(|c| format!(" # type: {c}"))
    }

    fn docstring_and_body(&mut self, body: &[Stmt]) -> R {
        if let Some(doc) = is_docstring(body) {
            self.fill("");
            let ExprKind::Constant { value, kind_u } = &doc.kind else { unreachable!() };
            if *kind_u {
                self.write("u");
            }
            let cps = str_code_points(value).unwrap_or_default();
            self.write_str_avoiding_backslashes(&cps, &MULTI_QUOTES);
            self.stmts(&body[1..])
        } else {
            self.stmts(body)
        }
    }

    fn write_str_avoiding_backslashes(&mut self, cps: &[u32], quote_types: &[&'static str]) {
        let (s, quotes) = str_literal_helper(cps, quote_types, false);
        let q = quotes[0];
        self.write(q);
        self.write(&s);
        self.write(q);
    }

    fn stmts(&mut self, body: &[Stmt]) -> R {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn deeper(&mut self) -> R {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(UnparseError("maximum recursion depth exceeded".into()));
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> R {
        self.deeper()?;
        self.stmt_inner(s)?;
        self.depth -= 1;
        Ok(())
    }

    fn comma_exprs(&mut self, es: &[Expr], prec: Prec) -> R {
        for (i, e) in es.iter().enumerate() {
            if i > 0 {
                self.write(", ");
            }
            self.expr(e, prec)?;
        }
        Ok(())
    }

    fn else_block(&mut self, word: &str, body: &[Stmt]) -> R {
        if !body.is_empty() {
            self.fill(word);
            self.block(None, |u| u.stmts(body))?;
        }
        Ok(())
    }

    fn stmt_inner(&mut self, s: &Stmt) -> R {
        match &s.kind {
            StmtKind::Expr { value } => {
                self.fill("");
                self.expr(value, YIELD)?;
            }
            StmtKind::Import { names } => {
                self.fill("import ");
                self.aliases(names);
            }
            StmtKind::ImportFrom { module, names, level } => {
                self.fill("from ");
                self.write(&".".repeat(*level as usize));
                if let Some(m) = module {
                    self.write(m);
                }
                self.write(" import ");
                self.aliases(names);
            }
            StmtKind::Assign { targets, value, type_comment } => {
                self.fill("");
                for t in targets {
                    self.expr(t, TUPLE)?;
                    self.write(" = ");
                }
                self.expr(value, TEST)?;
                if let Some(c) = self.type_comment(s.loc.lineno, type_comment.as_deref()) {
                    self.write(&c);
                }
            }
            StmtKind::AugAssign { target, op, value } => {
                self.fill("");
                self.expr(target, TEST)?;
                self.write(" ");
                self.write(binop(*op).0);
                self.write("= ");
                self.expr(value, TEST)?;
            }
            StmtKind::AnnAssign { target, annotation, value, simple } => {
                self.fill("");
                let parens = !*simple && matches!(target.kind, ExprKind::Name { .. });
                if parens {
                    self.write("(");
                }
                self.expr(target, TEST)?;
                if parens {
                    self.write(")");
                }
                self.write(": ");
                self.expr(annotation, TEST)?;
                if let Some(v) = value {
                    self.write(" = ");
                    self.expr(v, TEST)?;
                }
            }
            StmtKind::Return { value } => {
                self.fill("return");
                if let Some(v) = value {
                    self.write(" ");
                    self.expr(v, TEST)?;
                }
            }
            StmtKind::Pass => self.fill("pass"),
            StmtKind::Break => self.fill("break"),
            StmtKind::Continue => self.fill("continue"),
            StmtKind::Delete { targets } => {
                self.fill("del ");
                self.comma_exprs(targets, TEST)?;
            }
            StmtKind::Assert { test, msg } => {
                self.fill("assert ");
                self.expr(test, TEST)?;
                if let Some(m) = msg {
                    self.write(", ");
                    self.expr(m, TEST)?;
                }
            }
            StmtKind::Global { names } | StmtKind::Nonlocal { names } => {
                self.fill(if matches!(s.kind, StmtKind::Global { .. }) { "global " } else { "nonlocal " });
                self.write(&names.join(", "));
            }
            StmtKind::Raise { exc, cause } => {
                self.fill("raise");
                let Some(exc) = exc else {
                    if cause.is_some() {
                        return Err(UnparseError("Node can't use cause without an exception.".into()));
                    }
                    return Ok(());
                };
                self.write(" ");
                self.expr(exc, TEST)?;
                if let Some(c) = cause {
                    self.write(" from ");
                    self.expr(c, TEST)?;
                }
            }
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                let saved = std::mem::replace(&mut self.in_try_star, matches!(s.kind, StmtKind::TryStar(_)));
                let r = self.try_stmt(t);
                self.in_try_star = saved;
                r?;
            }
            StmtKind::ClassDef(c) => {
                self.maybe_newline();
                for d in &c.decorator_list {
                    self.fill("@");
                    self.expr(d, TEST)?;
                }
                self.fill(&format!("class {}", c.name));
                let parens = !c.bases.is_empty() || !c.keywords.is_empty();
                if parens {
                    self.write("(");
                }
                self.comma_exprs(&c.bases, TEST)?;
                for (i, k) in c.keywords.iter().enumerate() {
                    if i > 0 || !c.bases.is_empty() {
                        self.write(", ");
                    }
                    self.keyword(k)?;
                }
                if parens {
                    self.write(")");
                }
                self.block(None, |u| u.docstring_and_body(&c.body))?;
            }
            StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => {
                self.maybe_newline();
                for d in &f.decorator_list {
                    self.fill("@");
                    self.expr(d, TEST)?;
                }
                let kw = if matches!(s.kind, StmtKind::AsyncFunctionDef(_)) { "async def" } else { "def" };
                self.fill(&format!("{kw} {}", f.name));
                self.write("(");
                self.arguments(&f.args)?;
                self.write(")");
                if let Some(r) = &f.returns {
                    self.write(" -> ");
                    self.expr(r, TEST)?;
                }
                let extra = self.type_comment(s.loc.lineno, f.type_comment.as_deref());
                self.block(extra, |u| u.docstring_and_body(&f.body))?;
            }
            StmtKind::For(f) | StmtKind::AsyncFor(f) => {
                self.fill(if matches!(s.kind, StmtKind::AsyncFor(_)) { "async for " } else { "for " });
                self.expr(&f.target, TUPLE)?;
                self.write(" in ");
                self.expr(&f.iter, TEST)?;
                let extra = self.type_comment(s.loc.lineno, f.type_comment.as_deref());
                self.block(extra, |u| u.stmts(&f.body))?;
                self.else_block("else", &f.orelse)?;
            }
            StmtKind::If { test, body, orelse } => {
                self.fill("if ");
                self.expr(test, TEST)?;
                self.block(None, |u| u.stmts(body))?;
                let mut orelse = orelse;
                while orelse.len() == 1 {
                    let StmtKind::If { test, body, orelse: next } = &orelse[0].kind else { break };
                    self.fill("elif ");
                    self.expr(test, TEST)?;
                    self.block(None, |u| u.stmts(body))?;
                    orelse = next;
                }
                self.else_block("else", orelse)?;
            }
            StmtKind::While { test, body, orelse } => {
                self.fill("while ");
                self.expr(test, TEST)?;
                self.block(None, |u| u.stmts(body))?;
                self.else_block("else", orelse)?;
            }
            StmtKind::With(w) | StmtKind::AsyncWith(w) => {
                self.fill(if matches!(s.kind, StmtKind::AsyncWith(_)) { "async with " } else { "with " });
                for (i, item) in w.items.iter().enumerate() {
                    if i > 0 {
                        self.write(", ");
                    }
                    self.expr(&item.context_expr, TEST)?;
                    if let Some(v) = &item.optional_vars {
                        self.write(" as ");
                        self.expr(v, TEST)?;
                    }
                }
                let extra = self.type_comment(s.loc.lineno, w.type_comment.as_deref());
                self.block(extra, |u| u.stmts(&w.body))?;
            }
            StmtKind::Match { subject, cases } => {
                self.fill("match ");
                self.expr(subject, TEST)?;
                self.block(None, |u| {
                    for c in cases {
                        u.fill("case ");
                        u.pattern(&c.pattern, TEST)?;
                        if let Some(g) = &c.guard {
                            u.write(" if ");
                            u.expr(g, TEST)?;
                        }
                        u.block(None, |u| u.stmts(&c.body))?;
                    }
                    Ok(())
                })?;
            }
        }
        Ok(())
    }

    fn try_stmt(&mut self, t: &Try) -> R {
        self.fill("try");
        self.block(None, |u| u.stmts(&t.body))?;
        for h in &t.handlers {
            self.fill(if self.in_try_star { "except*" } else { "except" });
            if let Some(ty) = &h.type_ {
                self.write(" ");
                self.expr(ty, TEST)?;
            }
            if let Some(n) = &h.name {
                self.write(" as ");
                self.write(n);
            }
            self.block(None, |u| u.stmts(&h.body))?;
        }
        self.else_block("else", &t.orelse)?;
        self.else_block("finally", &t.finalbody)
    }

    fn aliases(&mut self, names: &[Alias]) {
        for (i, a) in names.iter().enumerate() {
            if i > 0 {
                self.write(", ");
            }
            self.write(&a.name);
            if let Some(n) = &a.asname {
                self.write(" as ");
                self.write(n);
            }
        }
    }

    fn keyword(&mut self, k: &Keyword) -> R {
        match &k.arg {
            None => self.write("**"),
            Some(a) => {
                self.write(a);
                self.write("=");
            }
        }
        self.expr(&k.value, TEST)
    }

    fn arg(&mut self, a: &Arg) -> R {
        self.write(&a.arg);
        if let Some(ann) = &a.annotation {
            self.write(": ");
            self.expr(ann, TEST)?;
        }
        Ok(())
    }

    fn arguments(&mut self, a: &Arguments) -> R {
        let mut first = true;
        let all: Vec<&Arg> = a.posonlyargs.iter().chain(&a.args).collect();
        let missing = all.len().saturating_sub(a.defaults.len());
        for (i, arg) in all.iter().enumerate() {
            if first {
                first = false;
            } else {
                self.write(", ");
            }
            self.arg(arg)?;
            if i >= missing {
                self.write("=");
                self.expr(&a.defaults[i - missing], TEST)?;
            }
            if i + 1 == a.posonlyargs.len() {
                self.write(", /");
            }
        }
        if a.vararg.is_some() || !a.kwonlyargs.is_empty() {
            if first {
                first = false;
            } else {
                self.write(", ");
            }
            self.write("*");
            if let Some(v) = &a.vararg {
                self.write(&v.arg);
                if let Some(ann) = &v.annotation {
                    self.write(": ");
                    self.expr(ann, TEST)?;
                }
            }
        }
        for (arg, d) in a.kwonlyargs.iter().zip(&a.kw_defaults) {
            self.write(", ");
            self.arg(arg)?;
            if let Some(d) = d {
                self.write("=");
                self.expr(d, TEST)?;
            }
        }
        if let Some(k) = &a.kwarg {
            if !first {
                self.write(", ");
            }
            self.write("**");
            self.write(&k.arg);
            if let Some(ann) = &k.annotation {
                self.write(": ");
                self.expr(ann, TEST)?;
            }
        }
        Ok(())
    }

    fn open_if(&mut self, cond: bool, s: &str) {
        if cond {
            self.write(s);
        }
    }

    fn items_view(&mut self, es: &[Expr]) -> R {
        if es.len() == 1 {
            self.expr(&es[0], TEST)?;
            self.write(",");
            Ok(())
        } else {
            self.comma_exprs(es, TEST)
        }
    }

    fn expr(&mut self, e: &Expr, prec: Prec) -> R {
        self.deeper()?;
        self.expr_inner(e, prec)?;
        self.depth -= 1;
        Ok(())
    }

    fn expr_inner(&mut self, e: &Expr, prec: Prec) -> R {
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                let p = prec > NAMED_EXPR;
                self.open_if(p, "(");
                self.expr(target, ATOM)?;
                self.write(" := ");
                self.expr(value, ATOM)?;
                self.open_if(p, ")");
            }
            ExprKind::Await { value } => {
                let p = prec > AWAIT;
                self.open_if(p, "(");
                self.write("await ");
                self.expr(value, ATOM)?;
                self.open_if(p, ")");
            }
            ExprKind::Yield { value } => {
                let p = prec > YIELD;
                self.open_if(p, "(");
                self.write("yield");
                if let Some(v) = value {
                    self.write(" ");
                    self.expr(v, ATOM)?;
                }
                self.open_if(p, ")");
            }
            ExprKind::YieldFrom { value } => {
                let p = prec > YIELD;
                self.open_if(p, "(");
                self.write("yield from ");
                self.expr(value, ATOM)?;
                self.open_if(p, ")");
            }
            ExprKind::JoinedStr { values } => self.joined_str(e, values)?,
            ExprKind::FormattedValue { .. } => self.formatted_value(e)?,
            ExprKind::Name { id, .. } => self.write(id),
            ExprKind::Constant { value, kind_u } => {
                if matches!(value, Constant::Ellipsis) {
                    self.write("...");
                } else {
                    if *kind_u {
                        self.write("u");
                    }
                    self.constant(value);
                }
            }
            ExprKind::List { elts, .. } => {
                self.write("[");
                self.comma_exprs(elts, TEST)?;
                self.write("]");
            }
            ExprKind::ListComp { elt, generators } => {
                self.write("[");
                self.expr(elt, TEST)?;
                self.generators(generators)?;
                self.write("]");
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.write("(");
                self.expr(elt, TEST)?;
                self.generators(generators)?;
                self.write(")");
            }
            ExprKind::SetComp { elt, generators } => {
                self.write("{");
                self.expr(elt, TEST)?;
                self.generators(generators)?;
                self.write("}");
            }
            ExprKind::DictComp { key_value, generators } => {
                self.write("{");
                self.expr(&key_value.0, TEST)?;
                self.write(": ");
                self.expr(&key_value.1, TEST)?;
                self.generators(generators)?;
                self.write("}");
            }
            ExprKind::IfExp { test, body, orelse } => {
                let p = prec > TEST;
                self.open_if(p, "(");
                self.expr(body, TEST.next())?;
                self.write(" if ");
                self.expr(test, TEST.next())?;
                self.write(" else ");
                self.expr(orelse, TEST)?;
                self.open_if(p, ")");
            }
            ExprKind::Set { elts } => {
                if elts.is_empty() {
                    self.write("{*()}");
                } else {
                    self.write("{");
                    self.comma_exprs(elts, TEST)?;
                    self.write("}");
                }
            }
            ExprKind::Dict(d) => {
                self.write("{");
                for (i, (k, v)) in d.keys.iter().zip(&d.values).enumerate() {
                    if i > 0 {
                        self.write(", ");
                    }
                    match k {
                        None => {
                            self.write("**");
                            self.expr(v, EXPR)?;
                        }
                        Some(k) => {
                            self.expr(k, TEST)?;
                            self.write(": ");
                            self.expr(v, TEST)?;
                        }
                    }
                }
                self.write("}");
            }
            ExprKind::Tuple { elts, .. } => {
                let p = elts.is_empty() || prec > TUPLE;
                self.open_if(p, "(");
                self.items_view(elts)?;
                self.open_if(p, ")");
            }
            ExprKind::UnaryOp { op, operand } => {
                let (s, op_prec) = match op {
                    UnaryOp::Invert => ("~", FACTOR),
                    UnaryOp::Not => ("not", NOT),
                    UnaryOp::UAdd => ("+", FACTOR),
                    UnaryOp::USub => ("-", FACTOR),
                };
                let p = prec > op_prec;
                self.open_if(p, "(");
                self.write(s);
                if op_prec != FACTOR {
                    self.write(" ");
                }
                self.expr(operand, op_prec)?;
                self.open_if(p, ")");
            }
            ExprKind::BinOp { left, op, right } => {
                let (s, op_prec) = binop(*op);
                let p = prec > op_prec;
                self.open_if(p, "(");
                let (lp, rp) =
                    if *op == Operator::Pow { (op_prec.next(), op_prec) } else { (op_prec, op_prec.next()) };
                self.expr(left, lp)?;
                self.write(" ");
                self.write(s);
                self.write(" ");
                self.expr(right, rp)?;
                self.open_if(p, ")");
            }
            ExprKind::Compare(c) => {
                let p = prec > CMP;
                self.open_if(p, "(");
                self.expr(&c.left, CMP.next())?;
                for (o, x) in c.ops.iter().zip(&c.comparators) {
                    self.write(" ");
                    self.write(cmpop(*o));
                    self.write(" ");
                    self.expr(x, CMP.next())?;
                }
                self.open_if(p, ")");
            }
            ExprKind::BoolOp { op, values } => {
                let (s, mut op_prec) = match op {
                    BoolOp::And => (" and ", AND),
                    BoolOp::Or => (" or ", OR),
                };
                let p = prec > op_prec;
                self.open_if(p, "(");
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        self.write(s);
                    }
                    // `_Unparser` raises the bar for every further operand.
                    op_prec = op_prec.next();
                    self.expr(v, op_prec)?;
                }
                self.open_if(p, ")");
            }
            ExprKind::Attribute { value, attr, .. } => {
                self.expr(value, ATOM)?;
                if let ExprKind::Constant {
                    value: Constant::Int(_) | Constant::BigInt(_) | Constant::True | Constant::False,
                    ..
                } = &value.kind
                {
                    self.write(" ");
                }
                self.write(".");
                self.write(attr);
            }
            ExprKind::Call(c) => {
                self.expr(&c.func, ATOM)?;
                self.write("(");
                self.comma_exprs(&c.args, TEST)?;
                for (i, k) in c.keywords.iter().enumerate() {
                    if i > 0 || !c.args.is_empty() {
                        self.write(", ");
                    }
                    self.keyword(k)?;
                }
                self.write(")");
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value, ATOM)?;
                self.write("[");
                match &slice.kind {
                    ExprKind::Tuple { elts, .. } if !elts.is_empty() => self.items_view(elts)?,
                    _ => self.expr(slice, TEST)?,
                }
                self.write("]");
            }
            ExprKind::Starred { value, .. } => {
                self.write("*");
                self.expr(value, EXPR)?;
            }
            ExprKind::Slice { lower, upper, step } => {
                if let Some(l) = lower {
                    self.expr(l, TEST)?;
                }
                self.write(":");
                if let Some(u) = upper {
                    self.expr(u, TEST)?;
                }
                if let Some(s) = step {
                    self.write(":");
                    self.expr(s, TEST)?;
                }
            }
            ExprKind::Lambda { args, body } => {
                let p = prec > TEST;
                self.open_if(p, "(");
                self.write("lambda");
                let buf = self.buffered(|u| u.arguments(args))?;
                if !buf.is_empty() {
                    self.write(" ");
                    self.write(&buf);
                }
                self.write(": ");
                self.expr(body, TEST)?;
                self.open_if(p, ")");
            }
        }
        Ok(())
    }

    fn generators(&mut self, gens: &[pyrite_ir::ast::Comprehension]) -> R {
        for g in gens {
            self.write(if g.is_async { " async for " } else { " for " });
            self.expr(&g.target, TUPLE)?;
            self.write(" in ");
            self.expr(&g.iter, TEST.next())?;
            for c in &g.ifs {
                self.write(" if ");
                self.expr(c, TEST.next())?;
            }
        }
        Ok(())
    }

    /// `_write_constant`.
    fn constant(&mut self, c: &Constant) {
        let text = match c {
            Constant::None => "None".to_string(),
            Constant::True => "True".to_string(),
            Constant::False => "False".to_string(),
            Constant::Ellipsis => "Ellipsis".to_string(),
            Constant::Int(i) => i.to_string(),
            Constant::BigInt(d) => d.to_string(),
            Constant::Float(f) => special_floats(float_repr(*f)),
            Constant::Complex(c) => special_floats(complex_repr(c.0, c.1)),
            Constant::Str(_) | Constant::SurrogateStr(_) => {
                let cps = str_code_points(c).unwrap_or_default();
                if self.avoid_backslashes {
                    self.write_str_avoiding_backslashes(&cps, &ALL_QUOTES);
                    return;
                }
                repr_code_points(&cps)
            }
            Constant::Bytes(b) => {
                let mut s = String::new();
                write_bytes_repr(b, &mut s);
                s
            }
            // `ast.unparse` writes a tuple item by item (so inf and nan inside get their
            // spellings) and anything else, a frozenset included, by repr().
            Constant::Tuple(items) => {
                self.write("(");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.write(", ");
                    }
                    if let Constant::Tuple(_) = item {
                        let mut s = String::new();
                        pyrite_ir::ast::dump::constant_repr(item, &mut s);
                        self.write(&s);
                    } else {
                        self.constant(item);
                    }
                }
                self.write(if items.len() == 1 { ",)" } else { ")" });
                return;
            }
            Constant::FrozenSet(_) => {
                let mut s = String::new();
                pyrite_ir::ast::dump::constant_repr(c, &mut s);
                s
            }
        };
        self.write(&text);
    }

    /// The text between an f-string's quotes for one of its parts (`_write_fstring_inner`).
    fn fstring_inner(&mut self, e: &Expr) -> R {
        match &e.kind {
            ExprKind::JoinedStr { values } => values.iter().try_for_each(|v| self.fstring_inner(v)),
            ExprKind::Constant { value: Constant::Str(s), .. } => {
                self.write(&s.replace('{', "{{").replace('}', "}}"));
                Ok(())
            }
            ExprKind::FormattedValue { .. } => self.formatted_value(e),
            _ => Err(UnparseError("Unexpected node inside JoinedStr".into())),
        }
    }

    fn formatted_value(&mut self, e: &Expr) -> R {
        let ExprKind::FormattedValue { value, conversion, format_spec } = &e.kind else { return Ok(()) };
        self.write("{");
        let mut inner = Unparser::new(true);
        inner.depth = self.depth;
        inner.expr(value, TEST.next())?;
        let expr = inner.out;
        if expr.contains('\\') {
            return Err(UnparseError("Unable to avoid backslash in f-string expression part".into()));
        }
        if expr.starts_with('{') {
            self.write(" ");
        }
        self.write(&expr);
        if *conversion != -1 {
            self.write("!");
            self.write(&char::from_u32(*conversion as u32).unwrap_or('?').to_string());
        }
        if let Some(spec) = format_spec {
            self.write(":");
            self.fstring_inner(spec)?;
        }
        self.write("}");
        Ok(())
    }

    fn joined_str(&mut self, e: &Expr, values: &[Expr]) -> R {
        self.write("f");
        if self.avoid_backslashes {
            let buf = self.buffered(|u| u.fstring_inner(e))?;
            self.write_str_avoiding_backslashes(&code_points(&buf), &ALL_QUOTES);
            return Ok(());
        }
        let mut parts = Vec::with_capacity(values.len());
        for v in values {
            let buf = self.buffered(|u| u.fstring_inner(v))?;
            parts.push((buf, matches!(v.kind, ExprKind::Constant { .. })));
        }
        let mut new_parts = Vec::with_capacity(parts.len());
        let mut quote_types: Vec<&'static str> = ALL_QUOTES.to_vec();
        let mut fallback = false;
        for (value, is_constant) in &parts {
            let (v, new_quotes) = str_literal_helper(&code_points(value), &quote_types, *is_constant);
            new_parts.push(v);
            if new_quotes.iter().all(|q| !quote_types.contains(q)) {
                fallback = true;
                break;
            }
            quote_types = new_quotes;
        }
        if fallback {
            quote_types = vec!["'''"];
            new_parts.clear();
            for (value, _) in &parts {
                // repr('"' + value) is single-quoted; drop its `'"` prefix and final quote.
                let mut cps = vec![u32::from('"')];
                cps.extend(code_points(value));
                let r = repr_code_points(&cps);
                new_parts.push(r[2..r.len() - 1].to_string());
            }
        }
        let q = quote_types[0];
        self.write(q);
        self.write(&new_parts.concat());
        self.write(q);
        Ok(())
    }

    fn pattern(&mut self, p: &Pattern, prec: Prec) -> R {
        self.deeper()?;
        match &p.kind {
            PatternKind::MatchValue { value } => self.expr(value, TEST)?,
            PatternKind::MatchSingleton { value } => self.constant(value),
            PatternKind::MatchSequence { patterns } => {
                self.write("[");
                for (i, q) in patterns.iter().enumerate() {
                    if i > 0 {
                        self.write(", ");
                    }
                    self.pattern(q, TEST)?;
                }
                self.write("]");
            }
            PatternKind::MatchStar { name } => {
                self.write("*");
                self.write(name.as_deref().unwrap_or("_"));
            }
            PatternKind::MatchMapping { keys, patterns, rest } => {
                self.write("{");
                for (i, (k, q)) in keys.iter().zip(patterns).enumerate() {
                    if i > 0 {
                        self.write(", ");
                    }
                    self.expr(k, TEST)?;
                    self.write(": ");
                    self.pattern(q, TEST)?;
                }
                if let Some(r) = rest {
                    if !keys.is_empty() {
                        self.write(", ");
                    }
                    self.write("**");
                    self.write(r);
                }
                self.write("}");
            }
            PatternKind::MatchClass { cls, patterns, kwd_attrs, kwd_patterns } => {
                self.expr(cls, ATOM)?;
                self.write("(");
                for (i, q) in patterns.iter().enumerate() {
                    if i > 0 {
                        self.write(", ");
                    }
                    self.pattern(q, TEST)?;
                }
                if !kwd_attrs.is_empty() {
                    if !patterns.is_empty() {
                        self.write(", ");
                    }
                    for (i, (a, q)) in kwd_attrs.iter().zip(kwd_patterns).enumerate() {
                        if i > 0 {
                            self.write(", ");
                        }
                        self.write(a);
                        self.write("=");
                        self.pattern(q, TEST)?;
                    }
                }
                self.write(")");
            }
            PatternKind::MatchAs { pattern, name } => match (name, pattern) {
                (None, _) => self.write("_"),
                (Some(n), None) => self.write(n),
                (Some(n), Some(q)) => {
                    let par = prec > TEST;
                    self.open_if(par, "(");
                    self.pattern(q, BOR)?;
                    self.write(" as ");
                    self.write(n);
                    self.open_if(par, ")");
                }
            },
            PatternKind::MatchOr { patterns } => {
                let par = prec > BOR;
                self.open_if(par, "(");
                for (i, q) in patterns.iter().enumerate() {
                    if i > 0 {
                        self.write(" | ");
                    }
                    self.pattern(q, BOR.next())?;
                }
                self.open_if(par, ")");
            }
        }
        self.depth -= 1;
        Ok(())
    }
}

/// `repr(x).replace("inf", _INFSTR).replace("nan", f"({_INFSTR}-{_INFSTR})")`.
fn special_floats(r: String) -> String {
    if r.contains("inf") || r.contains("nan") {
        r.replace("inf", INFSTR).replace("nan", &format!("({INFSTR}-{INFSTR})"))
    } else {
        r
    }
}
