//! The first pass of symtable.c: walks the tree in CPython's order, opening a block for every
//! scope and recording each name's `DEF_*`/`USE` flags, plus the errors that can be seen locally
//! (global/nonlocal after use, duplicate parameters, walrus misuse in comprehensions, ...).

use super::*;
use pyrite_ir::ast::*;
use pyrite_ir::DiagnosticKind;
use std::borrow::Cow;

/// symtable.c scales the interpreter's recursion limit (1000) by 3 for its own recursion.
const RECURSION_LIMIT: u32 = 3000;

/// symtable.c starts its depth at the Python frames already on the stack when `compile()` runs,
/// times the same scale, so CPython's threshold depends on the caller. We mirror
/// `python3 -m py_compile` (what the CLI imitates): 9 frames deep, so the depth starts at 27 and a
/// chain of 2972 nested unary operators is the first RecursionError (measured on 3.11.7).
const STARTING_DEPTH: u32 = 9 * 3;

type R = Result<(), Diagnostic>;

pub(super) struct Builder<'p> {
    path: &'p str,
    future: FutureFeatures,
    entries: Vec<Entry>,
    by_node: pyrite_ir::fxhash::FxMap<usize, usize>,
    stack: Vec<usize>,
    cur: usize,
    private: Option<Box<str>>,
    depth: u32,
}

fn addr<T>(node: &T) -> usize {
    node as *const T as usize
}

impl<'p> Builder<'p> {
    pub(super) fn new(path: &'p str, future: FutureFeatures) -> Self {
        Builder {
            path,
            future,
            entries: Vec::new(),
            by_node: Default::default(),
            stack: Vec::new(),
            cur: 0,
            private: None,
            depth: STARTING_DEPTH,
        }
    }

    pub(super) fn finish(self) -> SymbolTable {
        SymbolTable { entries: self.entries, future: self.future, by_node: self.by_node }
    }

    fn error(&self, msg: impl Into<String>, loc: Loc) -> Diagnostic {
        syntax_error(self.path, msg, loc)
    }

    fn cur(&mut self) -> &mut Entry {
        &mut self.entries[self.cur]
    }

    pub(super) fn visit_mod(&mut self, m: &Mod) -> R {
        self.enter_block("top", BlockKind::Module, addr(m), Loc::default());
        match m {
            Mod::Module { body, .. } | Mod::Interactive { body } => self.stmts(body)?,
            Mod::Expression { body } => self.expr(body)?,
            Mod::FunctionType { .. } => {
                return Err(Diagnostic::error(
                    DiagnosticKind::SyntaxError,
                    self.path,
                    "this compiler does not handle FunctionTypes",
                ))
            }
        }
        self.exit_block();
        Ok(())
    }

    fn enter_block(&mut self, name: &str, kind: BlockKind, key: usize, loc: Loc) {
        let mut e = Entry::new(name, kind, loc);
        let idx = self.entries.len();
        if let Some(&prev) = self.stack.last() {
            let p = &self.entries[prev];
            e.nested = p.nested || p.kind == BlockKind::Function;
            // bpo-37757: walrus is refused anywhere inside a comprehension's outermost iterable.
            e.comp_iter_expr = p.comp_iter_expr;
        }
        self.entries.push(e);
        self.by_node.insert(key, idx);
        if kind != BlockKind::Annotation {
            if let Some(&prev) = self.stack.last() {
                self.entries[prev].children.push(idx);
            }
        }
        self.stack.push(idx);
        self.cur = idx;
    }

    fn exit_block(&mut self) {
        self.stack.pop();
        if let Some(&c) = self.stack.last() {
            self.cur = c;
        }
    }

    fn enter(&mut self) -> R {
        self.depth += 1;
        if self.depth > RECURSION_LIMIT {
            return Err(Diagnostic::error(
                DiagnosticKind::RecursionError,
                self.path,
                "maximum recursion depth exceeded during compilation",
            ));
        }
        Ok(())
    }

    fn mangled<'n>(&self, name: &'n str) -> std::borrow::Cow<'n, str> {
        mangle(self.private.as_deref(), name)
    }

    /// `symtable_lookup`: the current block's flags for (mangled) `name`.
    fn lookup(&self, name: &str) -> u32 {
        self.entries[self.cur].symbols.flags(&self.mangled(name))
    }

    fn add_def<N: NameRef + ?Sized>(&mut self, name: &N, flag: u32, loc: Loc) -> R {
        self.add_def_in(self.cur, name, flag, loc)
    }

    /// `symtable_add_def_helper`: ORs `flag` into `name`'s flags in block `ste`.
    fn add_def_in<N: NameRef + ?Sized>(&mut self, ste: usize, name: &N, flag: u32, loc: Loc) -> R {
        let mangled = mangle(self.private.as_deref(), name.text());
        let at = self.entries[ste].symbols.position(&mangled);
        let mut val = self.entries[ste].symbols.flags_at(at);
        if flag & DEF_PARAM != 0 && val & DEF_PARAM != 0 {
            return Err(self.error(format!("duplicate argument '{mangled}' in function definition"), loc));
        }
        val |= flag;
        if self.entries[ste].comp_iter_target {
            // An iteration variable: it may not also be a walrus target bound outside.
            if val & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                return Err(self.error(
                    format!(
                        "comprehension inner loop cannot rebind assignment expression target '{mangled}'"
                    ),
                    loc,
                ));
            }
            val |= DEF_COMP_ITER;
        }
        let e = &mut self.entries[ste];
        // A name new to the scope shares the tree's identifier unless mangling made a new one.
        e.symbols.update(at, &mangled, name.shared().filter(|_| matches!(mangled, Cow::Borrowed(_))), val);
        if flag & DEF_PARAM != 0 {
            let at = at.unwrap_or(e.symbols.len() as u32 - 1);
            e.varnames.push(e.symbols.name_at(at).clone());
        } else if flag & DEF_GLOBAL != 0 {
            // The module's dict is also `st_global`: a global declaration anywhere shows there.
            let top = &mut self.entries[0].symbols;
            let g = top.flags(&mangled) | flag;
            top.set(&mangled, g);
        }
        Ok(())
    }

    fn record_directive(&mut self, name: &str, loc: Loc) {
        let m: Box<str> = self.mangled(name).into();
        self.cur().directives.push((m, loc));
    }

    fn stmts(&mut self, body: &[Stmt]) -> R {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn exprs(&mut self, es: &[Expr]) -> R {
        es.iter().try_for_each(|e| self.expr(e))
    }

    fn stmt(&mut self, s: &Stmt) -> R {
        self.enter()?;
        self.stmt_inner(s)?;
        self.depth -= 1;
        Ok(())
    }

    fn stmt_inner(&mut self, s: &Stmt) -> R {
        match &s.kind {
            StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => {
                self.add_def(&f.name, DEF_LOCAL, s.loc)?;
                self.exprs(&f.args.defaults)?;
                self.opt_exprs(&f.args.kw_defaults)?;
                self.annotations(s.loc, addr(&*f.args), &f.args, f.returns.as_ref())?;
                self.exprs(&f.decorator_list)?;
                self.enter_block(&f.name, BlockKind::Function, addr(s), s.loc);
                if matches!(s.kind, StmtKind::AsyncFunctionDef(_)) {
                    self.cur().coroutine = true;
                }
                self.arguments(&f.args)?;
                self.stmts(&f.body)?;
                self.exit_block();
            }
            StmtKind::ClassDef(c) => {
                self.add_def(&c.name, DEF_LOCAL, s.loc)?;
                self.exprs(&c.bases)?;
                for k in &c.keywords {
                    self.expr(&k.value)?;
                }
                self.exprs(&c.decorator_list)?;
                self.enter_block(&c.name, BlockKind::Class, addr(s), s.loc);
                let saved = self.private.replace(Box::from(&*c.name));
                self.stmts(&c.body)?;
                self.private = saved;
                self.exit_block();
            }
            StmtKind::Return { value } => {
                if let Some(v) = value {
                    self.expr(v)?;
                    self.cur().returns_value = true;
                }
            }
            StmtKind::Delete { targets } => self.exprs(targets)?,
            StmtKind::Assign { targets, value, .. } => {
                self.exprs(targets)?;
                self.expr(value)?;
            }
            StmtKind::AnnAssign { target, annotation, value, simple } => {
                if let ExprKind::Name { id, .. } = &target.kind {
                    let cur = self.lookup(id);
                    if cur & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && self.cur != 0 && *simple {
                        let what = if cur & DEF_GLOBAL != 0 { "global" } else { "nonlocal" };
                        return Err(self.error(format!("annotated name '{id}' can't be {what}"), s.loc));
                    }
                    // CPython's `if (simple && !add_def(ANNOT|LOCAL)) fail; else if (value) ...`
                    // also runs the else branch after a successful simple definition.
                    if *simple {
                        self.add_def(id, DEF_ANNOT | DEF_LOCAL, target.loc)?;
                    }
                    if value.is_some() {
                        self.add_def(id, DEF_LOCAL, target.loc)?;
                    }
                } else {
                    self.expr(target)?;
                }
                self.annotation(annotation)?;
                if let Some(v) = value {
                    self.expr(v)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target)?;
                self.expr(value)?;
            }
            StmtKind::For(f) | StmtKind::AsyncFor(f) => {
                self.expr(&f.target)?;
                self.expr(&f.iter)?;
                self.stmts(&f.body)?;
                self.stmts(&f.orelse)?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject)?;
                for c in cases {
                    self.pattern(&c.pattern)?;
                    if let Some(g) = &c.guard {
                        self.expr(g)?;
                    }
                    self.stmts(&c.body)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.expr(e)?;
                }
                if let Some(c) = cause {
                    self.expr(c)?;
                }
            }
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                self.stmts(&t.body)?;
                self.stmts(&t.orelse)?;
                for h in &t.handlers {
                    if let Some(ty) = &h.type_ {
                        self.expr(ty)?;
                    }
                    if let Some(n) = &h.name {
                        self.add_def(n, DEF_LOCAL, h.loc)?;
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(&t.finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                if let Some(m) = msg {
                    self.expr(m)?;
                }
            }
            StmtKind::Import { names } | StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    self.alias(a)?;
                }
            }
            StmtKind::Global { names } => self.declaration(s, names, DEF_GLOBAL)?,
            StmtKind::Nonlocal { names } => self.declaration(s, names, DEF_NONLOCAL)?,
            StmtKind::Expr { value } => self.expr(value)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
            StmtKind::With(w) | StmtKind::AsyncWith(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.expr(v)?;
                    }
                }
                self.stmts(&w.body)?;
            }
        }
        Ok(())
    }

    /// `global` / `nonlocal`: refused after the name was used, assigned, annotated or is a
    /// parameter in this block; otherwise recorded with a directive for the analysis' errors.
    fn declaration(&mut self, s: &Stmt, names: &[Ident], flag: u32) -> R {
        let what = if flag == DEF_GLOBAL { "global" } else { "nonlocal" };
        for name in names {
            let cur = self.lookup(name);
            if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                let msg = if cur & DEF_PARAM != 0 {
                    format!("name '{name}' is parameter and {what}")
                } else if cur & USE != 0 {
                    format!("name '{name}' is used prior to {what} declaration")
                } else if cur & DEF_ANNOT != 0 {
                    format!("annotated name '{name}' can't be {what}")
                } else {
                    format!("name '{name}' is assigned to before {what} declaration")
                };
                return Err(self.error(msg, s.loc));
            }
            self.add_def(name, flag, s.loc)?;
            self.record_directive(name, s.loc);
        }
        Ok(())
    }

    fn alias(&mut self, a: &Alias) -> R {
        let name = a.asname.as_deref().unwrap_or(&a.name);
        if name == "*" {
            if self.entries[self.cur].kind != BlockKind::Module {
                return Err(self.error("import * only allowed at module level", a.loc));
            }
            return Ok(());
        }
        let store = name.split('.').next().unwrap_or(name);
        self.add_def(store, DEF_IMPORT, a.loc)
    }

    fn opt_exprs(&mut self, es: &[Option<Expr>]) -> R {
        es.iter().flatten().try_for_each(|e| self.expr(e))
    }

    fn arguments(&mut self, a: &Arguments) -> R {
        for arg in a.posonlyargs.iter().chain(&a.args).chain(&a.kwonlyargs) {
            self.add_def(&arg.arg, DEF_PARAM, arg.loc)?;
        }
        if let Some(v) = &a.vararg {
            self.add_def(&v.arg, DEF_PARAM, v.loc)?;
            self.cur().varargs = true;
        }
        if let Some(k) = &a.kwarg {
            self.add_def(&k.arg, DEF_PARAM, k.loc)?;
            self.cur().varkeywords = true;
        }
        Ok(())
    }

    /// Parameter and return annotations, evaluated in the enclosing scope (or, under
    /// `from __future__ import annotations`, in a detached annotation block).
    fn annotations(&mut self, loc: Loc, key: usize, a: &Arguments, returns: Option<&Expr>) -> R {
        let future = self.future.annotations();
        if future {
            self.enter_block("_annotation", BlockKind::Annotation, key, loc);
        }
        for arg in a.posonlyargs.iter().chain(&a.args) {
            if let Some(ann) = &arg.annotation {
                self.expr(ann)?;
            }
        }
        for arg in a.vararg.iter().chain(&a.kwarg) {
            if let Some(ann) = &arg.annotation {
                self.expr(ann)?;
            }
        }
        for arg in &a.kwonlyargs {
            if let Some(ann) = &arg.annotation {
                self.expr(ann)?;
            }
        }
        if future {
            self.exit_block();
        }
        if let Some(r) = returns {
            self.annotation(r)?;
        }
        Ok(())
    }

    fn annotation(&mut self, ann: &Expr) -> R {
        let future = self.future.annotations();
        if future {
            self.enter_block("_annotation", BlockKind::Annotation, addr(ann), ann.loc);
        }
        self.expr(ann)?;
        if future {
            self.exit_block();
        }
        Ok(())
    }

    fn not_in_annotation(&self, what: &str, e: &Expr) -> R {
        if self.entries[self.cur].kind == BlockKind::Annotation {
            return Err(self.error(format!("'{what}' can not be used within an annotation"), e.loc));
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> R {
        self.enter()?;
        self.expr_inner(e)?;
        self.depth -= 1;
        Ok(())
    }

    fn expr_inner(&mut self, e: &Expr) -> R {
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.not_in_annotation("named expression", e)?;
                if self.entries[self.cur].comp_iter_expr > 0 {
                    return Err(self.error(
                        "assignment expression cannot be used in a comprehension iterable expression",
                        e.loc,
                    ));
                }
                if self.entries[self.cur].comprehension.is_some() {
                    self.extend_namedexpr_scope(target)?;
                }
                self.expr(value)?;
                self.expr(target)?;
            }
            ExprKind::BoolOp { values, .. } => self.exprs(values)?,
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.exprs(&args.defaults)?;
                self.opt_exprs(&args.kw_defaults)?;
                self.enter_block("lambda", BlockKind::Function, addr(e), e.loc);
                self.arguments(args)?;
                self.expr(body)?;
                self.exit_block();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Dict(d) => {
                self.opt_exprs(&d.keys)?;
                self.exprs(&d.values)?;
            }
            ExprKind::Set { elts } => self.exprs(elts)?,
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, "listcomp", CompKind::List, generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, "setcomp", CompKind::Set, generators, elt, None)?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, "genexpr", CompKind::Generator, generators, elt, None)?
            }
            ExprKind::DictComp { key_value, generators } => self.comprehension(
                e,
                "dictcomp",
                CompKind::Dict,
                generators,
                &key_value.0,
                Some(&key_value.1),
            )?,
            ExprKind::Yield { value } => {
                self.not_in_annotation("yield expression", e)?;
                if let Some(v) = value {
                    self.expr(v)?;
                }
                self.yield_seen(e)?;
            }
            ExprKind::YieldFrom { value } => {
                self.not_in_annotation("yield expression", e)?;
                self.expr(value)?;
                self.yield_seen(e)?;
            }
            ExprKind::Await { value } => {
                self.not_in_annotation("await expression", e)?;
                self.expr(value)?;
                self.cur().coroutine = true;
            }
            ExprKind::Compare(c) => {
                self.expr(&c.left)?;
                self.exprs(&c.comparators)?;
            }
            ExprKind::Call(c) => {
                self.expr(&c.func)?;
                self.exprs(&c.args)?;
                for k in &c.keywords {
                    self.expr(&k.value)?;
                }
            }
            ExprKind::FormattedValue { value, format_spec, .. } => {
                self.expr(value)?;
                if let Some(f) = format_spec {
                    self.expr(f)?;
                }
            }
            ExprKind::JoinedStr { values } => self.exprs(values)?,
            ExprKind::Constant { .. } => {}
            ExprKind::Attribute { value, .. } => self.expr(value)?,
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value)?;
                self.expr(slice)?;
            }
            ExprKind::Starred { value, .. } => self.expr(value)?,
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.expr(part)?;
                }
            }
            ExprKind::Name { id, ctx } => {
                let load = *ctx == ExprContext::Load;
                self.add_def(id, if load { USE } else { DEF_LOCAL }, e.loc)?;
                // A bare `super` in a function is an implicit use of `__class__`.
                if load && self.entries[self.cur].kind == BlockKind::Function && &**id == "super" {
                    self.add_def("__class__", USE, e.loc)?;
                }
            }
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => self.exprs(elts)?,
        }
        Ok(())
    }

    fn yield_seen(&mut self, e: &Expr) -> R {
        let cur = self.cur();
        cur.generator = true;
        if let Some(kind) = cur.comprehension {
            let what = match kind {
                CompKind::List => "list comprehension",
                CompKind::Set => "set comprehension",
                CompKind::Dict => "dict comprehension",
                CompKind::Generator => "generator expression",
            };
            return Err(self.error(format!("'yield' inside {what}"), e.loc));
        }
        Ok(())
    }

    /// A walrus inside a comprehension binds in the nearest enclosing function or module
    /// (declared nonlocal/global in the comprehension), never in a class.
    fn extend_namedexpr_scope(&mut self, target: &Expr) -> R {
        let ExprKind::Name { id: name, .. } = &target.kind else { return Ok(()) };
        let loc = target.loc;
        for k in (0..self.stack.len()).rev() {
            let ste = self.stack[k];
            let e = &self.entries[ste];
            if e.comprehension.is_some() {
                if e.symbols.flags(name) & DEF_COMP_ITER != 0 {
                    return Err(self.error(
                        format!(
                            "assignment expression cannot rebind comprehension iteration variable '{name}'"
                        ),
                        loc,
                    ));
                }
                continue;
            }
            match e.kind {
                BlockKind::Function => {
                    let flag =
                        if e.symbols.flags(name) & DEF_GLOBAL != 0 { DEF_GLOBAL } else { DEF_NONLOCAL };
                    self.add_def(name, flag, loc)?;
                    self.record_directive(name, loc);
                    return self.add_def_in(ste, name, DEF_LOCAL, loc);
                }
                BlockKind::Module => {
                    self.add_def(name, DEF_GLOBAL, loc)?;
                    self.record_directive(name, loc);
                    return self.add_def_in(ste, name, DEF_GLOBAL, loc);
                }
                BlockKind::Class => {
                    return Err(self.error(
                        "assignment expression within a comprehension cannot be used in a class body",
                        loc,
                    ));
                }
                BlockKind::Annotation => {}
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        e: &Expr,
        name: &str,
        kind: CompKind,
        generators: &[pyrite_ir::ast::Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
    ) -> R {
        let Some(outermost) = generators.first() else { return Ok(()) };
        // The outermost iterable is evaluated in the enclosing scope.
        self.cur().comp_iter_expr += 1;
        self.expr(&outermost.iter)?;
        self.cur().comp_iter_expr -= 1;
        self.enter_block(name, BlockKind::Function, addr(e), e.loc);
        self.cur().comprehension = Some(kind);
        if outermost.is_async {
            self.cur().coroutine = true;
        }
        // ... and received as the implicit parameter `.0`.
        self.add_def(".0", DEF_PARAM, e.loc)?;
        self.cur().comp_iter_target = true;
        self.expr(&outermost.target)?;
        self.cur().comp_iter_target = false;
        self.exprs(&outermost.ifs)?;
        for g in &generators[1..] {
            self.cur().comp_iter_target = true;
            self.expr(&g.target)?;
            self.cur().comp_iter_target = false;
            self.cur().comp_iter_expr += 1;
            self.expr(&g.iter)?;
            self.cur().comp_iter_expr -= 1;
            self.exprs(&g.ifs)?;
            if g.is_async {
                self.cur().coroutine = true;
            }
        }
        if let Some(v) = value {
            self.expr(v)?;
        }
        self.expr(elt)?;
        let is_generator = kind == CompKind::Generator;
        self.cur().generator = is_generator;
        let is_async = self.entries[self.cur].coroutine && !is_generator;
        self.exit_block();
        if is_async {
            self.cur().coroutine = true;
        }
        Ok(())
    }

    fn pattern(&mut self, p: &Pattern) -> R {
        self.enter()?;
        match &p.kind {
            PatternKind::MatchValue { value } => self.expr(value)?,
            PatternKind::MatchSingleton { .. } => {}
            PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
                patterns.iter().try_for_each(|q| self.pattern(q))?
            }
            PatternKind::MatchStar { name } => {
                if let Some(n) = name {
                    self.add_def(n, DEF_LOCAL, p.loc)?;
                }
            }
            PatternKind::MatchMapping { keys, patterns, rest } => {
                self.exprs(keys)?;
                patterns.iter().try_for_each(|q| self.pattern(q))?;
                if let Some(n) = rest {
                    self.add_def(n, DEF_LOCAL, p.loc)?;
                }
            }
            PatternKind::MatchClass { cls, patterns, kwd_patterns, .. } => {
                self.expr(cls)?;
                patterns.iter().chain(kwd_patterns).try_for_each(|q| self.pattern(q))?;
            }
            PatternKind::MatchAs { pattern, name } => {
                if let Some(q) = pattern {
                    self.pattern(q)?;
                }
                if let Some(n) = name {
                    self.add_def(n, DEF_LOCAL, p.loc)?;
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }
}

/// A SyntaxError at an AST node's span, positions as CPython's `PyErr_RangedSyntaxLocationObject`
/// receives them (byte columns + 1).
pub(super) fn syntax_error(path: &str, msg: impl Into<String>, loc: Loc) -> Diagnostic {
    Diagnostic::error(DiagnosticKind::SyntaxError, path, msg).at(
        loc.lineno,
        loc.col_offset + 1,
        loc.end_lineno,
        loc.end_col_offset + 1,
    )
}
