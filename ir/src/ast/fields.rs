//! A generic view of every node (class name, fields in ASDL order, attributes) shared by the text
//! and JSON dumps, so the per-node knowledge lives in one place.

use super::*;

pub(crate) enum DVal<'a> {
    Node(DNode<'a>),
    List(Vec<DVal<'a>>),
    Str(&'a str),
    Const(&'a Constant),
    Int(i64),
    /// A `None` inside a list (`kw_defaults`, `Dict.keys`); a `None` field is simply omitted.
    NoneVal,
}

pub(crate) struct DNode<'a> {
    pub name: &'static str,
    /// `None` values are optional fields holding None: `ast.dump` omits them.
    pub fields: Vec<(&'static str, Option<DVal<'a>>)>,
    pub loc: Option<Loc>,
}

fn node<'a>(name: &'static str, fields: Vec<(&'static str, Option<DVal<'a>>)>, loc: Option<Loc>) -> DVal<'a> {
    DVal::Node(DNode { name, fields, loc })
}

fn unit<'a>(name: &'static str) -> DVal<'a> {
    node(name, Vec::new(), None)
}

fn list<'a, T: 'a>(items: &'a [T], f: impl Fn(&'a T) -> DVal<'a>) -> Option<DVal<'a>> {
    Some(DVal::List(items.iter().map(f).collect()))
}

fn opt_expr(e: &Option<Box<Expr>>) -> Option<DVal<'_>> {
    e.as_deref().map(expr)
}

fn opt_str(s: &Option<Box<str>>) -> Option<DVal<'_>> {
    s.as_deref().map(DVal::Str)
}

fn stmts(body: &[Stmt]) -> Option<DVal<'_>> {
    list(body, stmt)
}

fn exprs(items: &[Expr]) -> Option<DVal<'_>> {
    list(items, expr)
}

pub(crate) fn module(m: &Mod) -> DVal<'_> {
    match m {
        Mod::Module { body, type_ignores } => node(
            "Module",
            vec![
                ("body", stmts(body)),
                (
                    "type_ignores",
                    list(type_ignores, |t| {
                        node(
                            "TypeIgnore",
                            vec![
                                ("lineno", Some(DVal::Int(t.lineno as i64))),
                                ("tag", Some(DVal::Str(&t.tag))),
                            ],
                            None,
                        )
                    }),
                ),
            ],
            None,
        ),
        Mod::Interactive { body } => node("Interactive", vec![("body", stmts(body))], None),
        Mod::Expression { body } => node("Expression", vec![("body", Some(expr(body)))], None),
        Mod::FunctionType { argtypes, returns } => {
            node("FunctionType", vec![("argtypes", exprs(argtypes)), ("returns", Some(expr(returns)))], None)
        }
    }
}

fn function_def<'a>(name: &'static str, f: &'a FunctionDef, loc: Loc) -> DVal<'a> {
    node(
        name,
        vec![
            ("name", Some(DVal::Str(&f.name))),
            ("args", Some(arguments(&f.args))),
            ("body", stmts(&f.body)),
            ("decorator_list", exprs(&f.decorator_list)),
            ("returns", f.returns.as_ref().map(expr)),
            ("type_comment", opt_str(&f.type_comment)),
        ],
        Some(loc),
    )
}

fn for_<'a>(name: &'static str, f: &'a For, loc: Loc) -> DVal<'a> {
    node(
        name,
        vec![
            ("target", Some(expr(&f.target))),
            ("iter", Some(expr(&f.iter))),
            ("body", stmts(&f.body)),
            ("orelse", stmts(&f.orelse)),
            ("type_comment", opt_str(&f.type_comment)),
        ],
        Some(loc),
    )
}

fn with<'a>(name: &'static str, w: &'a With, loc: Loc) -> DVal<'a> {
    node(
        name,
        vec![
            (
                "items",
                list(&w.items, |i| {
                    node(
                        "withitem",
                        vec![
                            ("context_expr", Some(expr(&i.context_expr))),
                            ("optional_vars", opt_expr(&i.optional_vars)),
                        ],
                        None,
                    )
                }),
            ),
            ("body", stmts(&w.body)),
            ("type_comment", opt_str(&w.type_comment)),
        ],
        Some(loc),
    )
}

fn try_<'a>(name: &'static str, t: &'a Try, loc: Loc) -> DVal<'a> {
    node(
        name,
        vec![
            (
                "handlers",
                list(&t.handlers, |h| {
                    node(
                        "ExceptHandler",
                        vec![
                            ("type", opt_expr(&h.type_)),
                            ("name", h.name.as_deref().map(DVal::Str)),
                            ("body", stmts(&h.body)),
                        ],
                        Some(h.loc),
                    )
                }),
            ),
            ("orelse", stmts(&t.orelse)),
            ("finalbody", stmts(&t.finalbody)),
        ],
        Some(loc),
    )
    .prepend("body", stmts(&t.body))
}

impl<'a> DVal<'a> {
    fn prepend(mut self, name: &'static str, v: Option<DVal<'a>>) -> Self {
        if let DVal::Node(n) = &mut self {
            n.fields.insert(0, (name, v));
        }
        self
    }
}

pub(crate) fn stmt(s: &Stmt) -> DVal<'_> {
    let loc = Some(s.loc);
    let n = |name, fields| node(name, fields, loc);
    match &s.kind {
        StmtKind::FunctionDef(f) => function_def("FunctionDef", f, s.loc),
        StmtKind::AsyncFunctionDef(f) => function_def("AsyncFunctionDef", f, s.loc),
        StmtKind::ClassDef(c) => n(
            "ClassDef",
            vec![
                ("name", Some(DVal::Str(&c.name))),
                ("bases", exprs(&c.bases)),
                ("keywords", list(&c.keywords, keyword)),
                ("body", stmts(&c.body)),
                ("decorator_list", exprs(&c.decorator_list)),
            ],
        ),
        StmtKind::Return { value } => n("Return", vec![("value", opt_expr(value))]),
        StmtKind::Delete { targets } => n("Delete", vec![("targets", exprs(targets))]),
        StmtKind::Assign { targets, value, type_comment } => n(
            "Assign",
            vec![
                ("targets", exprs(targets)),
                ("value", Some(expr(value))),
                ("type_comment", opt_str(type_comment)),
            ],
        ),
        StmtKind::AugAssign { target, op, value } => n(
            "AugAssign",
            vec![("target", Some(expr(target))), ("op", Some(unit(op.name()))), ("value", Some(expr(value)))],
        ),
        StmtKind::AnnAssign { target, annotation, value, simple } => n(
            "AnnAssign",
            vec![
                ("target", Some(expr(target))),
                ("annotation", Some(expr(annotation))),
                ("value", opt_expr(value)),
                ("simple", Some(DVal::Int(*simple as i64))),
            ],
        ),
        StmtKind::For(f) => for_("For", f, s.loc),
        StmtKind::AsyncFor(f) => for_("AsyncFor", f, s.loc),
        StmtKind::While { test, body, orelse } => {
            n("While", vec![("test", Some(expr(test))), ("body", stmts(body)), ("orelse", stmts(orelse))])
        }
        StmtKind::If { test, body, orelse } => {
            n("If", vec![("test", Some(expr(test))), ("body", stmts(body)), ("orelse", stmts(orelse))])
        }
        StmtKind::With(w) => with("With", w, s.loc),
        StmtKind::AsyncWith(w) => with("AsyncWith", w, s.loc),
        StmtKind::Match { subject, cases } => n(
            "Match",
            vec![
                ("subject", Some(expr(subject))),
                (
                    "cases",
                    list(cases, |c| {
                        node(
                            "match_case",
                            vec![
                                ("pattern", Some(pattern(&c.pattern))),
                                ("guard", opt_expr(&c.guard)),
                                ("body", stmts(&c.body)),
                            ],
                            None,
                        )
                    }),
                ),
            ],
        ),
        StmtKind::Raise { exc, cause } => {
            n("Raise", vec![("exc", opt_expr(exc)), ("cause", opt_expr(cause))])
        }
        StmtKind::Try(t) => try_("Try", t, s.loc),
        StmtKind::TryStar(t) => try_("TryStar", t, s.loc),
        StmtKind::Assert { test, msg } => {
            n("Assert", vec![("test", Some(expr(test))), ("msg", opt_expr(msg))])
        }
        StmtKind::Import { names } => n("Import", vec![("names", list(names, alias))]),
        StmtKind::ImportFrom { module, names, level } => n(
            "ImportFrom",
            vec![
                ("module", module.as_deref().map(DVal::Str)),
                ("names", list(names, alias)),
                ("level", Some(DVal::Int(*level as i64))),
            ],
        ),
        StmtKind::Global { names } => n("Global", vec![("names", list(names, |s| DVal::Str(s)))]),
        StmtKind::Nonlocal { names } => n("Nonlocal", vec![("names", list(names, |s| DVal::Str(s)))]),
        StmtKind::Expr { value } => n("Expr", vec![("value", Some(expr(value)))]),
        StmtKind::Pass => n("Pass", vec![]),
        StmtKind::Break => n("Break", vec![]),
        StmtKind::Continue => n("Continue", vec![]),
    }
}

fn alias(a: &Alias) -> DVal<'_> {
    node(
        "alias",
        vec![("name", Some(DVal::Str(&a.name))), ("asname", a.asname.as_deref().map(DVal::Str))],
        Some(a.loc),
    )
}

fn keyword(k: &Keyword) -> DVal<'_> {
    node(
        "keyword",
        vec![("arg", k.arg.as_deref().map(DVal::Str)), ("value", Some(expr(&k.value)))],
        Some(k.loc),
    )
}

fn arg(a: &Arg) -> DVal<'_> {
    node(
        "arg",
        vec![
            ("arg", Some(DVal::Str(&a.arg))),
            ("annotation", opt_expr(&a.annotation)),
            ("type_comment", opt_str(&a.type_comment)),
        ],
        Some(a.loc),
    )
}

fn arguments(a: &Arguments) -> DVal<'_> {
    node(
        "arguments",
        vec![
            ("posonlyargs", list(&a.posonlyargs, arg)),
            ("args", list(&a.args, arg)),
            ("vararg", a.vararg.as_deref().map(arg)),
            ("kwonlyargs", list(&a.kwonlyargs, arg)),
            ("kw_defaults", list(&a.kw_defaults, |d| d.as_ref().map_or(DVal::NoneVal, expr))),
            ("kwarg", a.kwarg.as_deref().map(arg)),
            ("defaults", exprs(&a.defaults)),
        ],
        None,
    )
}

fn comprehensions(gens: &[Comprehension]) -> Option<DVal<'_>> {
    list(gens, |c| {
        node(
            "comprehension",
            vec![
                ("target", Some(expr(&c.target))),
                ("iter", Some(expr(&c.iter))),
                ("ifs", exprs(&c.ifs)),
                ("is_async", Some(DVal::Int(c.is_async as i64))),
            ],
            None,
        )
    })
}

pub(crate) fn expr(e: &Expr) -> DVal<'_> {
    let loc = Some(e.loc);
    let n = |name, fields| node(name, fields, loc);
    let ctx = |c: &ExprContext| Some(unit(c.name()));
    match &e.kind {
        ExprKind::BoolOp { op, values } => {
            n("BoolOp", vec![("op", Some(unit(op.name()))), ("values", exprs(values))])
        }
        ExprKind::NamedExpr { target, value } => {
            n("NamedExpr", vec![("target", Some(expr(target))), ("value", Some(expr(value)))])
        }
        ExprKind::BinOp { left, op, right } => n(
            "BinOp",
            vec![("left", Some(expr(left))), ("op", Some(unit(op.name()))), ("right", Some(expr(right)))],
        ),
        ExprKind::UnaryOp { op, operand } => {
            n("UnaryOp", vec![("op", Some(unit(op.name()))), ("operand", Some(expr(operand)))])
        }
        ExprKind::Lambda { args, body } => {
            n("Lambda", vec![("args", Some(arguments(args))), ("body", Some(expr(body)))])
        }
        ExprKind::IfExp { test, body, orelse } => n(
            "IfExp",
            vec![("test", Some(expr(test))), ("body", Some(expr(body))), ("orelse", Some(expr(orelse)))],
        ),
        ExprKind::Dict(d) => n(
            "Dict",
            vec![
                ("keys", list(&d.keys, |k| k.as_ref().map_or(DVal::NoneVal, expr))),
                ("values", exprs(&d.values)),
            ],
        ),
        ExprKind::Set { elts } => n("Set", vec![("elts", exprs(elts))]),
        ExprKind::ListComp { elt, generators } => {
            n("ListComp", vec![("elt", Some(expr(elt))), ("generators", comprehensions(generators))])
        }
        ExprKind::SetComp { elt, generators } => {
            n("SetComp", vec![("elt", Some(expr(elt))), ("generators", comprehensions(generators))])
        }
        ExprKind::DictComp { key_value, generators } => n(
            "DictComp",
            vec![
                ("key", Some(expr(&key_value.0))),
                ("value", Some(expr(&key_value.1))),
                ("generators", comprehensions(generators)),
            ],
        ),
        ExprKind::GeneratorExp { elt, generators } => {
            n("GeneratorExp", vec![("elt", Some(expr(elt))), ("generators", comprehensions(generators))])
        }
        ExprKind::Await { value } => n("Await", vec![("value", Some(expr(value)))]),
        ExprKind::Yield { value } => n("Yield", vec![("value", opt_expr(value))]),
        ExprKind::YieldFrom { value } => n("YieldFrom", vec![("value", Some(expr(value)))]),
        ExprKind::Compare(c) => n(
            "Compare",
            vec![
                ("left", Some(expr(&c.left))),
                ("ops", list(&c.ops, |o| unit(o.name()))),
                ("comparators", exprs(&c.comparators)),
            ],
        ),
        ExprKind::Call(c) => n(
            "Call",
            vec![
                ("func", Some(expr(&c.func))),
                ("args", exprs(&c.args)),
                ("keywords", list(&c.keywords, keyword)),
            ],
        ),
        ExprKind::FormattedValue { value, conversion, format_spec } => n(
            "FormattedValue",
            vec![
                ("value", Some(expr(value))),
                ("conversion", Some(DVal::Int(*conversion as i64))),
                ("format_spec", opt_expr(format_spec)),
            ],
        ),
        ExprKind::JoinedStr { values } => n("JoinedStr", vec![("values", exprs(values))]),
        ExprKind::Constant { value, kind_u } => n(
            "Constant",
            vec![("value", Some(DVal::Const(value))), ("kind", kind_u.then_some(DVal::Str("u")))],
        ),
        ExprKind::Attribute { value, attr, ctx: c } => n(
            "Attribute",
            vec![("value", Some(expr(value))), ("attr", Some(DVal::Str(attr))), ("ctx", ctx(c))],
        ),
        ExprKind::Subscript { value, slice, ctx: c } => {
            n("Subscript", vec![("value", Some(expr(value))), ("slice", Some(expr(slice))), ("ctx", ctx(c))])
        }
        ExprKind::Starred { value, ctx: c } => {
            n("Starred", vec![("value", Some(expr(value))), ("ctx", ctx(c))])
        }
        ExprKind::Name { id, ctx: c } => n("Name", vec![("id", Some(DVal::Str(id))), ("ctx", ctx(c))]),
        ExprKind::List { elts, ctx: c } => n("List", vec![("elts", exprs(elts)), ("ctx", ctx(c))]),
        ExprKind::Tuple { elts, ctx: c } => n("Tuple", vec![("elts", exprs(elts)), ("ctx", ctx(c))]),
        ExprKind::Slice { lower, upper, step } => {
            n("Slice", vec![("lower", opt_expr(lower)), ("upper", opt_expr(upper)), ("step", opt_expr(step))])
        }
    }
}

pub(crate) fn pattern(p: &Pattern) -> DVal<'_> {
    let loc = Some(p.loc);
    let n = |name, fields| node(name, fields, loc);
    match &p.kind {
        PatternKind::MatchValue { value } => n("MatchValue", vec![("value", Some(expr(value)))]),
        PatternKind::MatchSingleton { value } => {
            n("MatchSingleton", vec![("value", Some(DVal::Const(value)))])
        }
        PatternKind::MatchSequence { patterns } => n("MatchSequence", vec![("patterns", pats_(patterns))]),
        PatternKind::MatchMapping { keys, patterns, rest } => n(
            "MatchMapping",
            vec![
                ("keys", exprs(keys)),
                ("patterns", pats_(patterns)),
                ("rest", rest.as_deref().map(DVal::Str)),
            ],
        ),
        PatternKind::MatchClass { cls, patterns, kwd_attrs, kwd_patterns } => n(
            "MatchClass",
            vec![
                ("cls", Some(expr(cls))),
                ("patterns", pats_(patterns)),
                ("kwd_attrs", list(kwd_attrs, |s| DVal::Str(s))),
                ("kwd_patterns", pats_(kwd_patterns)),
            ],
        ),
        PatternKind::MatchStar { name } => n("MatchStar", vec![("name", name.as_deref().map(DVal::Str))]),
        PatternKind::MatchAs { pattern: sub, name } => n(
            "MatchAs",
            vec![("pattern", sub.as_deref().map(pattern)), ("name", name.as_deref().map(DVal::Str))],
        ),
        PatternKind::MatchOr { patterns } => n("MatchOr", vec![("patterns", pats_(patterns))]),
    }
}

fn pats_(ps: &[Pattern]) -> Option<DVal<'_>> {
    list(ps, pattern)
}

/// Every identifier of a tree: the names CPython's parser creates (and interns) for it, each
/// part of a dotted import name separately. Type comments, tags and the `u` kind are not names.
pub fn identifiers(m: &Mod) -> Vec<&str> {
    fn walk<'a>(v: &DVal<'a>, field: &str, out: &mut Vec<&'a str>) {
        match v {
            DVal::Node(n) => {
                for (f, x) in &n.fields {
                    if let Some(x) = x {
                        walk(x, f, out);
                    }
                }
            }
            DVal::List(items) => items.iter().for_each(|x| walk(x, field, out)),
            DVal::Str(s) if !matches!(field, "type_comment" | "tag" | "kind") => out.extend(s.split('.')),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&module(m), "", &mut out);
    out
}
