//! Statement rules of Grammar/python.gram (`file` ... `block`, simple and compound statements).

use super::expressions::{boxed, P};
use super::parser::{Kw, Parser};
use pyrite_ir::ast::*;
use pyrite_ir::TokenType as T;

/// Whether `e` is what the `bitwise_or` rule (or a tighter one) produces.
fn is_bitwise_or_level(e: &Expr) -> bool {
    !matches!(
        e.kind,
        ExprKind::BoolOp { .. }
            | ExprKind::Compare(_)
            | ExprKind::UnaryOp { op: UnaryOp::Not, .. }
            | ExprKind::IfExp { .. }
            | ExprKind::Lambda { .. }
            | ExprKind::NamedExpr { .. }
            | ExprKind::Starred { .. }
            | ExprKind::Yield { .. }
            | ExprKind::YieldFrom { .. }
            | ExprKind::Tuple { .. }
    )
}

fn augassign(ty: T) -> Option<Operator> {
    Some(match ty {
        T::PLUSEQUAL => Operator::Add,
        T::MINEQUAL => Operator::Sub,
        T::STAREQUAL => Operator::Mult,
        T::ATEQUAL => Operator::MatMult,
        T::SLASHEQUAL => Operator::Div,
        T::PERCENTEQUAL => Operator::Mod,
        T::AMPEREQUAL => Operator::BitAnd,
        T::VBAREQUAL => Operator::BitOr,
        T::CIRCUMFLEXEQUAL => Operator::BitXor,
        T::LEFTSHIFTEQUAL => Operator::LShift,
        T::RIGHTSHIFTEQUAL => Operator::RShift,
        T::DOUBLESTAREQUAL => Operator::Pow,
        T::DOUBLESLASHEQUAL => Operator::FloorDiv,
        _ => return None,
    })
}

impl Parser<'_> {
    /// file: [statements] ENDMARKER
    pub(crate) fn file(&mut self) -> P<Vec<Stmt>> {
        let mut body = self.take_stmts();
        while !self.at(T::ENDMARKER) {
            self.statement(&mut body)?;
        }
        Some(self.finish_stmts(body))
    }

    /// interactive: statement_newline
    pub(crate) fn interactive(&mut self) -> P<Vec<Stmt>> {
        let mut body = Vec::new();
        if self.eat(T::NEWLINE).is_some() {
            return Some(body);
        }
        if self.at(T::ENDMARKER) {
            return None;
        }
        if self.starts_compound() {
            self.statement(&mut body)?;
            self.eat(T::NEWLINE);
        } else {
            self.simple_stmts(&mut body)?;
        }
        Some(body)
    }

    /// eval: expressions NEWLINE* ENDMARKER
    pub(crate) fn eval_input(&mut self) -> P<Expr> {
        let e = self.expressions()?;
        while self.eat(T::NEWLINE).is_some() {}
        self.expect(T::ENDMARKER)?;
        Some(e)
    }

    /// func_type: '(' [type_expressions] ')' '->' expression NEWLINE* ENDMARKER
    pub(crate) fn func_type_input(&mut self) -> P<(Vec<Expr>, Expr)> {
        self.expect(T::LPAR)?;
        let mut argtypes = Vec::new();
        while !self.at(T::RPAR) {
            let start = self.mark();
            if self.eat(T::STAR).is_some() || self.eat(T::DOUBLESTAR).is_some() {
                let value = self.expression()?;
                if self.toks[start].ty == T::STAR {
                    argtypes.push(Expr::new(
                        ExprKind::Starred { value: boxed(value), ctx: ExprContext::Load },
                        self.loc_from(start),
                    ));
                } else {
                    argtypes.push(value);
                }
            } else {
                argtypes.push(self.expression()?);
            }
            if self.eat(T::COMMA).is_none() {
                break;
            }
        }
        self.expect(T::RPAR)?;
        self.expect(T::RARROW)?;
        let returns = self.expression()?;
        while self.eat(T::NEWLINE).is_some() {}
        self.expect(T::ENDMARKER)?;
        Some((argtypes, returns))
    }

    fn starts_compound(&mut self) -> bool {
        let t = self.peek();
        match t.ty {
            T::AT => true,
            T::NAME => match t.kw {
                Kw::Def | Kw::If | Kw::Class | Kw::With | Kw::For | Kw::Try | Kw::While => true,
                Kw::Async => matches!(self.peek_n(1).kw, Kw::Def | Kw::With | Kw::For),
                _ => false,
            },
            _ => false,
        }
    }

    /// statement: compound_stmt | simple_stmts (appended to `out`)
    pub(crate) fn statement(&mut self, out: &mut Vec<Stmt>) -> P<()> {
        if self.starts_compound() {
            let s = self.compound_stmt()?;
            out.push(s);
            return Some(());
        }
        if self.at_kw(Kw::Match) {
            let m = self.mark();
            if let Some(s) = self.match_stmt() {
                out.push(s);
                return Some(());
            }
            if self.failed() {
                return None;
            }
            self.reset(m);
        }
        self.simple_stmts(out)
    }

    fn compound_stmt(&mut self) -> P<Stmt> {
        let t = self.peek();
        if t.ty == T::AT {
            return self.decorated();
        }
        match t.kw {
            Kw::Def => self.function_def(Vec::new()),
            Kw::Class => self.class_def(Vec::new()),
            Kw::If => self.if_stmt(),
            Kw::With => self.with_stmt(),
            Kw::For => self.for_stmt(),
            Kw::Try => self.try_stmt(),
            Kw::While => self.while_stmt(),
            Kw::Async => match self.peek_n(1).kw {
                Kw::Def => self.function_def(Vec::new()),
                Kw::With => self.with_stmt(),
                _ => self.for_stmt(),
            },
            _ => None,
        }
    }

    /// simple_stmts: simple_stmt !';' NEWLINE | ';'.simple_stmt+ [';'] NEWLINE
    pub(crate) fn simple_stmts(&mut self, out: &mut Vec<Stmt>) -> P<()> {
        loop {
            let s = self.simple_stmt()?;
            out.push(s);
            if self.eat(T::SEMI).is_none() {
                break;
            }
            if self.at(T::NEWLINE) {
                break;
            }
        }
        self.expect(T::NEWLINE)?;
        Some(())
    }

    /// simple_stmt: assignment | star_expressions | return_stmt | import_stmt | raise_stmt | 'pass'
    /// | del_stmt | yield_stmt | assert_stmt | 'break' | 'continue' | global_stmt | nonlocal_stmt
    fn simple_stmt(&mut self) -> P<Stmt> {
        let start = self.mark();
        let t = self.peek();
        if t.ty == T::NAME {
            let kind = match t.kw {
                Kw::Pass => {
                    self.bump();
                    StmtKind::Pass
                }
                Kw::Break => {
                    self.bump();
                    StmtKind::Break
                }
                Kw::Continue => {
                    self.bump();
                    StmtKind::Continue
                }
                Kw::Return => {
                    self.bump();
                    let value = if self.starts_star_expression() {
                        Some(boxed(self.star_expressions()?))
                    } else {
                        None
                    };
                    StmtKind::Return { value }
                }
                Kw::Raise => {
                    self.bump();
                    if self.starts_expression() {
                        let exc = self.expression()?;
                        let cause = if self.eat_kw(Kw::From).is_some() {
                            Some(boxed(self.expression()?))
                        } else {
                            None
                        };
                        StmtKind::Raise { exc: Some(boxed(exc)), cause }
                    } else {
                        StmtKind::Raise { exc: None, cause: None }
                    }
                }
                Kw::Global | Kw::Nonlocal => {
                    self.bump();
                    let mut names = Vec::new();
                    loop {
                        if !self.at_name() {
                            return None;
                        }
                        let n = self.bump();
                        names.push(self.ident(&n));
                        if self.eat(T::COMMA).is_none() {
                            break;
                        }
                    }
                    if t.kw == Kw::Global {
                        StmtKind::Global { names }
                    } else {
                        StmtKind::Nonlocal { names }
                    }
                }
                Kw::Del => return self.del_stmt(),
                Kw::Assert => {
                    self.bump();
                    let test = self.expression()?;
                    let msg =
                        if self.eat(T::COMMA).is_some() { Some(boxed(self.expression()?)) } else { None };
                    StmtKind::Assert { test: boxed(test), msg }
                }
                Kw::Import => return self.import_name(),
                Kw::From => return self.import_from(),
                Kw::Yield => {
                    let value = self.yield_expr()?;
                    if self.at(T::EQUAL) || augassign(self.peek_ty()).is_some() {
                        return self.assignment_rest(start, value);
                    }
                    StmtKind::Expr { value: boxed(value) }
                }
                _ => return self.assignment_or_expr(),
            };
            return Some(Stmt::new(kind, self.loc_from(start)));
        }
        self.assignment_or_expr()
    }

    /// assignment | star_expressions: parses the left-hand side as an expression, then decides
    /// from the next token and converts targets to Store context.
    fn assignment_or_expr(&mut self) -> P<Stmt> {
        let start = self.mark();
        let e = self.star_expressions()?;
        self.assignment_rest(start, e)
    }

    fn assignment_rest(&mut self, start: usize, e: Expr) -> P<Stmt> {
        let t = self.peek();
        match t.ty {
            T::COLON => {
                // NAME ':' expression ['=' annotated_rhs]  (simple=1), or a parenthesised name,
                // attribute or subscript target (simple=0).
                let parenthesised = self.toks[start].ty == T::LPAR;
                let simple = matches!(e.kind, ExprKind::Name { .. }) && !parenthesised;
                match &e.kind {
                    ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {}
                    ExprKind::Tuple { elts, .. } => {
                        // A bare `a, b: int` names its first element; `(a, b): int` the tuple.
                        let t0 = self.toks[start];
                        let bare =
                            !(t0.ty == T::LPAR && (t0.line, t0.col) == (e.loc.lineno, e.loc.col_offset));
                        let loc = if bare && !elts.is_empty() { elts[0].loc } else { e.loc };
                        return self.raise_at("only single target (not tuple) can be annotated", loc);
                    }
                    ExprKind::List { .. } => {
                        return self.raise_at("only single target (not list) can be annotated", e.loc)
                    }
                    _ => return self.raise_at("illegal target for annotation", e.loc),
                }
                self.bump();
                let target = self.set_ctx(e, ExprContext::Store)?;
                let annotation = self.expression()?;
                let value =
                    if self.eat(T::EQUAL).is_some() { Some(boxed(self.annotated_rhs()?)) } else { None };
                Some(Stmt::new(
                    StmtKind::AnnAssign {
                        target: boxed(target),
                        annotation: boxed(annotation),
                        value,
                        simple,
                    },
                    self.loc_from(start),
                ))
            }
            T::EQUAL => {
                let first_eq = self.mark();
                let mut chain = vec![e];
                let mut value = None;
                loop {
                    self.bump();
                    let Some(v) = self.annotated_rhs() else { break };
                    if !self.at(T::EQUAL) {
                        value = Some(v);
                        break;
                    }
                    chain.push(v);
                }
                if self.failed() {
                    return None;
                }
                let bad_target =
                    chain.iter().any(|t| super::targets::invalid_target(t, ExprContext::Store).is_some());
                // The first pass only fails here; the second looks for CPython's message.
                if bad_target && (value.is_some() || self.call_invalid_rules) {
                    return self.invalid_assignment(start, first_eq, &chain);
                }
                let value = value?;
                // Collected in place: the chain's vector becomes the node's (exact unless `a = b = c`).
                let mut targets = chain
                    .into_iter()
                    .map(|t| self.set_ctx(t, ExprContext::Store))
                    .collect::<Option<Vec<_>>>()?;
                targets.shrink_to_fit();
                let type_comment = self.type_comment();
                Some(Stmt::new(
                    StmtKind::Assign { targets, value: boxed(value), type_comment },
                    self.loc_from(start),
                ))
            }
            ty => {
                if let Some(op) = augassign(ty) {
                    match &e.kind {
                        ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {}
                        _ => {
                            let msg = format!(
                                "'{}' is an illegal expression for augmented assignment",
                                super::errors::expr_name(&e)
                            );
                            return self.raise_at(msg, e.loc);
                        }
                    }
                    self.bump();
                    let target = self.set_ctx(e, ExprContext::Store)?;
                    let value = self.annotated_rhs()?;
                    return Some(Stmt::new(
                        StmtKind::AugAssign { target: boxed(target), op, value: boxed(value) },
                        self.loc_from(start),
                    ));
                }
                Some(Stmt::new(StmtKind::Expr { value: boxed(e) }, self.loc_from(start)))
            }
        }
    }

    /// invalid_assignment for a chain of `=` targets one of which cannot be assigned to, in
    /// CPython's order: invalid_named_expression on the first target (`f() = x` is a "Maybe you
    /// meant '=='?"), then the first invalid target, then a yield expression.
    fn invalid_assignment(&mut self, start: usize, first_eq: usize, chain: &[Expr]) -> P<Stmt> {
        let first = &chain[0];
        let t0 = self.toks[start];
        let excluded_start = matches!(t0.kw, Kw::True | Kw::None | Kw::False) && t0.ty == T::NAME
            || matches!(first.kind, ExprKind::List { .. })
            || t0.ty == T::LPAR
                && matches!(first.kind, ExprKind::Tuple { .. } | ExprKind::GeneratorExp { .. })
                && first.loc.col_offset == t0.col
                && first.loc.lineno == t0.line;
        // A parenthesised group is an atom, whatever it holds.
        let grouped = t0.ty == T::LPAR && (first.loc.lineno, first.loc.col_offset) != (t0.line, t0.col);
        if !excluded_start && (grouped || is_bitwise_or_level(first)) {
            self.reset(first_eq + 1);
            let saved = std::mem::replace(&mut self.call_invalid_rules, false);
            let b = self.bitwise_or();
            self.call_invalid_rules = saved;
            if self.failed() {
                return None;
            }
            if b.is_some() && !matches!(self.peek_ty(), T::EQUAL | T::COLONEQUAL) {
                let msg = format!(
                    "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                    super::errors::expr_name(first)
                );
                return self.raise_at(msg, first.loc);
            }
        }
        let bad = chain.iter().find(|t| super::targets::invalid_target(t, ExprContext::Store).is_some())?;
        if matches!(bad.kind, ExprKind::Yield { .. } | ExprKind::YieldFrom { .. }) {
            return self.raise_at("assignment to yield expression not possible", bad.loc);
        }
        self.raise_invalid_target(bad, ExprContext::Store)
    }

    /// annotated_rhs: yield_expr | star_expressions
    fn annotated_rhs(&mut self) -> P<Expr> {
        if self.at_kw(Kw::Yield) {
            self.yield_expr()
        } else {
            self.star_expressions()
        }
    }

    /// An optional TYPE_COMMENT token's text.
    pub(crate) fn type_comment(&mut self) -> Option<Box<str>> {
        if self.at(T::TYPE_COMMENT) {
            let t = self.bump();
            Some(self.text_of(&t).into())
        } else {
            None
        }
    }

    /// del_stmt: 'del' del_targets &(';' | NEWLINE)
    fn del_stmt(&mut self) -> P<Stmt> {
        let start = self.mark();
        self.bump();
        let mut targets = Vec::new();
        loop {
            let Some(e) = self.primary_for_target() else { return self.invalid_del_stmt(start) };
            if !matches!(self.peek_ty(), T::COMMA | T::SEMI | T::NEWLINE) {
                return self.invalid_del_stmt(start);
            }
            targets.push(self.set_ctx(e, ExprContext::Del)?);
            if self.eat(T::COMMA).is_none() || !self.starts_expression() {
                break;
            }
        }
        if !(self.at(T::SEMI) || self.at(T::NEWLINE)) {
            return self.invalid_del_stmt(start);
        }
        Some(Stmt::new(StmtKind::Delete { targets }, self.loc_from(start)))
    }

    /// invalid_del_stmt: 'del' star_expressions with something that cannot be deleted.
    fn invalid_del_stmt(&mut self, start: usize) -> P<Stmt> {
        if self.failed() {
            return None;
        }
        self.reset(start + 1);
        let e = self.star_expressions()?;
        if super::targets::invalid_target(&e, ExprContext::Del).is_some() {
            return self.raise_invalid_target(&e, ExprContext::Del);
        }
        None
    }

    /// dotted_name: dotted_name '.' NAME | NAME
    fn dotted_name(&mut self) -> P<String> {
        if !self.at_name() {
            return None;
        }
        let t = self.bump();
        let mut s = String::from(&*self.ident(&t));
        while self.at(T::DOT) && self.peek_n(1).ty == T::NAME {
            self.bump();
            if !self.at_name() {
                return None;
            }
            let t = self.bump();
            s.push('.');
            s.push_str(&self.ident(&t));
        }
        Some(s)
    }

    /// import_name: 'import' dotted_as_names
    fn import_name(&mut self) -> P<Stmt> {
        let start = self.mark();
        self.bump();
        let mut names = Vec::new();
        loop {
            let s = self.mark();
            let name = self.dotted_name()?;
            let asname = if self.eat_kw(Kw::As).is_some() {
                if !self.at_name() {
                    return None;
                }
                let t = self.bump();
                Some(self.ident(&t))
            } else {
                None
            };
            names.push(Alias { name: name.into(), asname, loc: self.loc_from(s) });
            if self.eat(T::COMMA).is_none() {
                break;
            }
        }
        Some(Stmt::new(StmtKind::Import { names }, self.loc_from(start)))
    }

    /// import_from: 'from' ('.' | '...')* dotted_name 'import' import_from_targets
    /// | 'from' ('.' | '...')+ 'import' import_from_targets
    fn import_from(&mut self) -> P<Stmt> {
        let start = self.mark();
        self.bump();
        let mut level = 0;
        loop {
            match self.peek_ty() {
                T::DOT => level += 1,
                T::ELLIPSIS => level += 3,
                _ => break,
            }
            self.bump();
        }
        let module = if self.at_kw(Kw::Import) {
            if level == 0 {
                return None;
            }
            None
        } else {
            Some(self.dotted_name()?.into())
        };
        self.eat_kw(Kw::Import)?;
        let mut names = Vec::new();
        if self.at(T::STAR) {
            let t = self.bump();
            names.push(Alias { name: "*".into(), asname: None, loc: t.loc() });
        } else {
            let paren = self.eat(T::LPAR).is_some();
            loop {
                let s = self.mark();
                if !self.at_name() {
                    return None;
                }
                let t = self.bump();
                let name = self.ident(&t);
                let asname = if self.eat_kw(Kw::As).is_some() {
                    if !self.at_name() {
                        return None;
                    }
                    let t = self.bump();
                    Some(self.ident(&t))
                } else {
                    None
                };
                names.push(Alias { name, asname, loc: self.loc_from(s) });
                if self.eat(T::COMMA).is_none() {
                    break;
                }
                if paren && self.at(T::RPAR) {
                    break;
                }
                if !paren && self.at(T::NEWLINE) {
                    let t = self.peek();
                    return self.raise_tok("trailing comma not allowed without surrounding parentheses", t);
                }
            }
            if paren {
                self.expect(T::RPAR)?;
            }
        }
        Some(Stmt::new(StmtKind::ImportFrom { module, names, level }, self.loc_from(start)))
    }

    /// block: NEWLINE INDENT statements DEDENT | simple_stmts. `what` and `line` name the
    /// statement for the "expected an indented block after ..." IndentationError.
    pub(crate) fn block_after(&mut self, what: &str, line: u32) -> P<Vec<Stmt>> {
        let mut body = self.take_stmts();
        if self.eat(T::NEWLINE).is_some() {
            if self.eat(T::INDENT).is_none() {
                let t = self.peek();
                return self.raise_kind_tok(
                    pyrite_ir::DiagnosticKind::IndentationError,
                    format!("expected an indented block after {what} on line {line}"),
                    t,
                );
            }
            while !self.at(T::DEDENT) && !self.at(T::ENDMARKER) {
                self.statement(&mut body)?;
            }
            self.expect(T::DEDENT)?;
        } else {
            self.simple_stmts(&mut body)?;
        }
        Some(self.finish_stmts(body))
    }

    /// decorators: ('@' f=named_expression NEWLINE)+, then a class or function definition.
    fn decorated(&mut self) -> P<Stmt> {
        let mut decorators = Vec::new();
        while self.eat(T::AT).is_some() {
            decorators.push(self.named_expression()?);
            self.expect(T::NEWLINE)?;
        }
        match self.peek().kw {
            Kw::Class => self.class_def(decorators),
            Kw::Def | Kw::Async => self.function_def(decorators),
            _ => None,
        }
    }

    /// class_def_raw: 'class' NAME ['(' [arguments] ')'] ':' block
    fn class_def(&mut self, decorator_list: Vec<Expr>) -> P<Stmt> {
        let start = self.mark();
        self.bump();
        if !self.at_name() {
            return None;
        }
        let n = self.bump();
        let name = self.ident(&n);
        let (bases, keywords) = if self.at(T::LPAR) { self.class_arguments()? } else { (vec![], vec![]) };
        self.expect_colon_nl()?;
        let line = self.toks[start].line;
        let body = self.block_after("class definition", line)?;
        Some(Stmt::new(
            StmtKind::ClassDef(Box::new(ClassDef { name, bases, keywords, body, decorator_list })),
            self.loc_from(start),
        ))
    }

    /// `':'`, or "expected ':'" when the line ends instead (the `invalid_*_stmt` rules).
    pub(crate) fn expect_colon_nl(&mut self) -> P<()> {
        if self.eat(T::COLON).is_some() {
            return Some(());
        }
        if self.at(T::NEWLINE) {
            let t = self.peek();
            return self.raise_tok("expected ':'", t);
        }
        None
    }

    /// `':'`, or the "expected ':'" error CPython raises with `&&':'`.
    pub(crate) fn expect_colon(&mut self) -> P<()> {
        if self.eat(T::COLON).is_some() {
            return Some(());
        }
        let t = self.peek();
        self.raise_tok("expected ':'", t)
    }

    /// function_def_raw: ['async'] 'def' NAME &&'(' [params] ')' ['->' expression] &&':'
    /// [func_type_comment] block
    fn function_def(&mut self, decorator_list: Vec<Expr>) -> P<Stmt> {
        let start = self.mark();
        let is_async = self.eat_kw(Kw::Async).is_some();
        self.eat_kw(Kw::Def)?;
        if !self.at_name() {
            return None;
        }
        let n = self.bump();
        let name = self.ident(&n);
        if !self.at(T::LPAR) {
            let t = self.peek();
            return self.raise_tok("expected '('", t);
        }
        self.bump();
        let args = self.parameters(false)?;
        self.expect(T::RPAR)?;
        let returns = if self.eat(T::RARROW).is_some() { Some(self.expression()?) } else { None };
        self.expect_colon()?;
        let type_comment = self.func_type_comment();
        let line = self.toks[start].line;
        let body = self.block_after("function definition", line)?;
        let f =
            Box::new(FunctionDef { name, args: Box::new(args), body, decorator_list, returns, type_comment });
        let kind = if is_async { StmtKind::AsyncFunctionDef(f) } else { StmtKind::FunctionDef(f) };
        Some(Stmt::new(kind, self.loc_from(start)))
    }

    /// func_type_comment: NEWLINE TYPE_COMMENT &(NEWLINE INDENT) | TYPE_COMMENT
    fn func_type_comment(&mut self) -> Option<Box<str>> {
        if self.at(T::NEWLINE)
            && self.peek_n(1).ty == T::TYPE_COMMENT
            && self.peek_n(2).ty == T::NEWLINE
            && self.peek_n(3).ty == T::INDENT
        {
            self.bump();
            return self.type_comment();
        }
        self.type_comment()
    }

    /// if_stmt / elif_stmt, built iteratively so long elif chains need no recursion, but with
    /// the depth CPython's parser stack has along them (see `if_levels`).
    fn if_stmt(&mut self) -> P<Stmt> {
        let base = self.depth;
        let r = self.if_stmt_levels(base);
        self.depth = base;
        r
    }

    /// Sets the parser depth to CPython's rule levels at a part of an if statement, relative to
    /// the statement's own level `base`, and checks it as the part's deepest descent would
    /// (a body of `pass` still tries `star_expressions` down to `atom`, as an expression
    /// statement does). The body's statements sit 6 levels down (compound_stmt, if_stmt, block,
    /// statements, its loop, statement); elif_stmt recurses, so the k-th elif adds k to its body
    /// and k-1 to its test, and else_block one more. A chain of 5964 `elif` (5963 with an `else`)
    /// is CPython's first MemoryError (3.11.7), and ours.
    fn if_levels(&mut self, base: u32, levels: u32, is_body: bool) -> Option<()> {
        self.depth = base + levels;
        if is_body {
            if !self.enter() {
                return None;
            }
            self.leave();
        }
        Some(())
    }

    fn if_stmt_levels(&mut self, base: u32) -> P<Stmt> {
        const BODY: u32 = 6;
        let mut clauses: Vec<(usize, Expr, Vec<Stmt>)> = Vec::new();
        let start = self.mark();
        self.bump();
        let test = self.named_expression()?;
        self.expect_colon_nl()?;
        let line = self.toks[start].line;
        self.if_levels(base, BODY, true)?;
        let body = self.block_after("'if' statement", line)?;
        clauses.push((start, test, body));
        let mut elifs = 0;
        while self.at_kw(Kw::Elif) {
            elifs += 1;
            self.if_levels(base, elifs - 1, false)?;
            let s = self.mark();
            self.bump();
            let test = self.named_expression()?;
            self.expect_colon_nl()?;
            let line = self.toks[s].line;
            self.if_levels(base, BODY + elifs, true)?;
            let body = self.block_after("'elif' statement", line)?;
            clauses.push((s, test, body));
        }
        if self.at_kw(Kw::Else) {
            self.if_levels(base, BODY + elifs + 1, true)?;
        }
        let mut orelse = self.else_block()?;
        let end = self.last_end();
        let mut result = None;
        while let Some((s, test, body)) = clauses.pop() {
            let t = &self.toks[s];
            let loc = Loc::new(t.line, t.col, end.0, end.1);
            let stmt = Stmt::new(StmtKind::If { test: boxed(test), body, orelse }, loc);
            if clauses.is_empty() {
                result = Some(stmt);
                break;
            }
            orelse = vec![stmt];
        }
        result
    }

    /// else_block: 'else' &&':' block (empty when absent)
    fn else_block(&mut self) -> P<Vec<Stmt>> {
        if let Some(t) = self.eat_kw(Kw::Else) {
            self.expect_colon()?;
            self.block_after("'else' statement", t.line)
        } else {
            Some(Vec::new())
        }
    }

    /// while_stmt: 'while' named_expression ':' block [else_block]
    fn while_stmt(&mut self) -> P<Stmt> {
        let start = self.mark();
        self.bump();
        let test = self.named_expression()?;
        self.expect_colon_nl()?;
        let line = self.toks[start].line;
        let body = self.block_after("'while' statement", line)?;
        let orelse = self.else_block()?;
        Some(Stmt::new(StmtKind::While { test: boxed(test), body, orelse }, self.loc_from(start)))
    }

    /// for_stmt: ['async'] 'for' star_targets 'in' ~ star_expressions ':' [TYPE_COMMENT] block [else_block]
    fn for_stmt(&mut self) -> P<Stmt> {
        let start = self.mark();
        let is_async = self.eat_kw(Kw::Async).is_some();
        self.eat_kw(Kw::For)?;
        let target = self.star_targets()?;
        self.eat_kw(Kw::In)?;
        let iter = self.star_expressions()?;
        self.expect_colon_nl()?;
        let type_comment = self.type_comment();
        let line = self.toks[start].line;
        let body = self.block_after("'for' statement", line)?;
        let orelse = self.else_block()?;
        let f = Box::new(For { target, iter, body, orelse, type_comment });
        let kind = if is_async { StmtKind::AsyncFor(f) } else { StmtKind::For(f) };
        Some(Stmt::new(kind, self.loc_from(start)))
    }

    /// with_stmt: ['async'] 'with' '(' ','.with_item+ ','? ')' ':' block
    /// | ['async'] 'with' ','.with_item+ ':' [TYPE_COMMENT] block
    fn with_stmt(&mut self) -> P<Stmt> {
        let start = self.mark();
        let is_async = self.eat_kw(Kw::Async).is_some();
        self.eat_kw(Kw::With)?;
        let mut items = None;
        if self.at(T::LPAR) {
            let m = self.mark();
            self.bump();
            let mut v = Vec::new();
            let ok = loop {
                let Some(item) = self.with_item() else { break false };
                v.push(item);
                if self.eat(T::COMMA).is_none() || self.at(T::RPAR) {
                    break true;
                }
            };
            if ok && self.eat(T::RPAR).is_some() && self.at(T::COLON) {
                items = Some(v);
            } else if ok && self.toks[self.pos - 1].ty == T::RPAR && self.at(T::NEWLINE) {
                // invalid_with_stmt: `with (a as b)` at the end of the line.
                let t = self.peek();
                return self.raise_tok("expected ':'", t);
            } else {
                if self.failed() {
                    return None;
                }
                self.reset(m);
            }
        }
        let items = match items {
            Some(v) => v,
            None => {
                let mut v = Vec::new();
                loop {
                    v.push(self.with_item()?);
                    if self.eat(T::COMMA).is_none() {
                        break;
                    }
                }
                v
            }
        };
        self.expect_colon_nl()?;
        let type_comment = self.type_comment();
        let line = self.toks[start].line;
        let body = self.block_after("'with' statement", line)?;
        let w = Box::new(With { items, body, type_comment });
        let kind = if is_async { StmtKind::AsyncWith(w) } else { StmtKind::With(w) };
        Some(Stmt::new(kind, self.loc_from(start)))
    }

    /// with_item: expression 'as' star_target &(',' | ')' | ':') | expression
    fn with_item(&mut self) -> P<WithItem> {
        let context_expr = self.expression()?;
        if self.eat_kw(Kw::As).is_some() {
            let t = self.star_target()?;
            if !matches!(self.peek_ty(), T::COMMA | T::RPAR | T::COLON) {
                self.expect_colon_nl()?;
                return None;
            }
            return Some(WithItem { context_expr, optional_vars: Some(boxed(t)) });
        }
        Some(WithItem { context_expr, optional_vars: None })
    }

    /// try_stmt: 'try' &&':' block (finally_block | except_block+ ... | except_star_block+ ...)
    fn try_stmt(&mut self) -> P<Stmt> {
        let start = self.mark();
        self.bump();
        self.expect_colon()?;
        let line = self.toks[start].line;
        let body = self.block_after("'try' statement", line)?;
        let mut handlers = Vec::new();
        let mut star = None;
        while self.at_kw(Kw::Except) {
            let s = self.mark();
            self.bump();
            let is_star = self.eat(T::STAR).is_some();
            match star {
                None => star = Some(is_star),
                Some(prev) if prev != is_star => {
                    let msg = "cannot have both 'except' and 'except*' on the same 'try'";
                    let loc = if is_star {
                        self.toks[s].loc().to(self.toks[s + 1].loc())
                    } else {
                        self.toks[s].loc()
                    };
                    return self.raise_at(msg, loc);
                }
                _ => {}
            }
            if !is_star && self.at(T::NEWLINE) {
                // invalid_except_stmt: `except` at the end of the line.
                let t = self.peek();
                return self.raise_tok("expected ':'", t);
            }
            let (type_, name) = if self.at(T::COLON) {
                if is_star {
                    let t = self.peek();
                    return self.raise_tok("expected one or more exception types", t);
                }
                (None, None)
            } else {
                let e = self.expression()?;
                if self.at(T::COMMA) {
                    // invalid_except_stmt: `except A, B:`
                    // The error runs to where the tokenizer stands after the ':'.
                    self.bump();
                    self.expressions()?;
                    if self.eat_kw(Kw::As).is_some() {
                        if !self.at_name() {
                            return None;
                        }
                        self.bump();
                    }
                    // RAISE_SYNTAX_ERROR_STARTING_FROM: the end is where the tokenizer stands
                    // (after the ':'), which is not shifted like a column.
                    let colon = self.eat(T::COLON)?;
                    let loc = Loc::new(e.loc.lineno, e.loc.col_offset, colon.line, colon.col);
                    return self.raise_at("multiple exception types must be parenthesized", loc);
                }
                let name = if self.eat_kw(Kw::As).is_some() {
                    if !self.at_name() {
                        return None;
                    }
                    let t = self.bump();
                    Some(self.ident(&t))
                } else {
                    None
                };
                (Some(boxed(e)), name)
            };
            self.expect_colon_nl()?;
            let what = if is_star { "'except*' statement" } else { "'except' statement" };
            let line = self.toks[s].line;
            let hbody = self.block_after(what, line)?;
            handlers.push(ExceptHandler { type_, name, body: hbody, loc: self.loc_from(s) });
        }
        let orelse = if !handlers.is_empty() { self.else_block()? } else { Vec::new() };
        let finalbody = if let Some(t) = self.eat_kw(Kw::Finally) {
            self.expect_colon()?;
            self.block_after("'finally' statement", t.line)?
        } else {
            Vec::new()
        };
        if handlers.is_empty() && finalbody.is_empty() {
            self.peek();
            return self.raise_last("expected 'except' or 'finally' block");
        }
        let t = Box::new(Try { body, handlers, orelse, finalbody });
        let kind = if star == Some(true) { StmtKind::TryStar(t) } else { StmtKind::Try(t) };
        Some(Stmt::new(kind, self.loc_from(start)))
    }
}
