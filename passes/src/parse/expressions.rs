//! Expression rules of Grammar/python.gram (`expressions` down to `atom`), with precedence
//! climbing for the binary operators between `bitwise_or` and `term`.

use super::parser::{Kw, Parser};
use pyrite_ir::ast::*;
use pyrite_ir::TokenType as T;

pub(crate) type P<X> = Option<X>;

fn binop(ty: T) -> Option<(u8, Operator)> {
    Some(match ty {
        T::VBAR => (1, Operator::BitOr),
        T::CIRCUMFLEX => (2, Operator::BitXor),
        T::AMPER => (3, Operator::BitAnd),
        T::LEFTSHIFT => (4, Operator::LShift),
        T::RIGHTSHIFT => (4, Operator::RShift),
        T::PLUS => (5, Operator::Add),
        T::MINUS => (5, Operator::Sub),
        T::STAR => (6, Operator::Mult),
        T::SLASH => (6, Operator::Div),
        T::DOUBLESLASH => (6, Operator::FloorDiv),
        T::PERCENT => (6, Operator::Mod),
        T::AT => (6, Operator::MatMult),
        _ => return None,
    })
}

pub(crate) fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

impl Parser<'_> {
    /// Whether the current token can start an `expression`.
    pub(crate) fn starts_expression(&mut self) -> bool {
        let t = self.peek();
        match t.ty {
            T::NAME => {
                !t.kw.is_hard()
                    || matches!(t.kw, Kw::False | Kw::None | Kw::True | Kw::Lambda | Kw::Not | Kw::Await)
            }
            T::NUMBER
            | T::STRING
            | T::LPAR
            | T::LSQB
            | T::LBRACE
            | T::MINUS
            | T::PLUS
            | T::TILDE
            | T::ELLIPSIS => true,
            _ => false,
        }
    }

    pub(crate) fn starts_star_expression(&mut self) -> bool {
        self.at(T::STAR) || self.starts_expression()
    }

    /// expressions: expression (',' expression)* [','] (a Tuple when there is a comma)
    pub(crate) fn expressions(&mut self) -> P<Expr> {
        let start = self.mark();
        let first = self.expression()?;
        if !self.at(T::COMMA) {
            return Some(first);
        }
        let mut elts = self.take_exprs();
        elts.push(first);
        while self.eat(T::COMMA).is_some() {
            if !self.starts_expression() {
                break;
            }
            elts.push(self.expression()?);
        }
        let elts = self.finish_exprs(elts);
        Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Load }, self.loc_from(start)))
    }

    /// star_expressions: star_expression (',' star_expression)* [',']
    pub(crate) fn star_expressions(&mut self) -> P<Expr> {
        let start = self.mark();
        let first = self.star_expression()?;
        if !self.at(T::COMMA) {
            return Some(first);
        }
        let mut elts = self.take_exprs();
        elts.push(first);
        while self.eat(T::COMMA).is_some() {
            if !self.starts_star_expression() {
                break;
            }
            elts.push(self.star_expression()?);
        }
        let elts = self.finish_exprs(elts);
        Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Load }, self.loc_from(start)))
    }

    /// star_expression: '*' bitwise_or | expression
    pub(crate) fn star_expression(&mut self) -> P<Expr> {
        if self.at(T::STAR) {
            let start = self.mark();
            self.bump();
            let value = self.bitwise_or()?;
            return Some(Expr::new(
                ExprKind::Starred { value: boxed(value), ctx: ExprContext::Load },
                self.loc_from(start),
            ));
        }
        self.expression()
    }

    /// star_named_expressions: ','.star_named_expression+ [','] (the list, for displays)
    pub(crate) fn star_named_expressions(&mut self, first: Option<Expr>) -> P<Vec<Expr>> {
        let mut elts = self.take_exprs();
        match first {
            Some(e) => elts.push(e),
            None => elts.push(self.star_named_expression()?),
        }
        while self.eat(T::COMMA).is_some() {
            if !self.starts_star_expression() {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        Some(self.finish_exprs(elts))
    }

    /// star_named_expression: '*' bitwise_or | named_expression
    pub(crate) fn star_named_expression(&mut self) -> P<Expr> {
        if self.at(T::STAR) {
            return self.star_expression();
        }
        self.named_expression()
    }

    /// named_expression: assignment_expression | expression !':='
    pub(crate) fn named_expression(&mut self) -> P<Expr> {
        if self.at_name() && self.peek_n(1).ty == T::COLONEQUAL {
            return self.assignment_expression();
        }
        let start = self.mark();
        if self.call_invalid_rules && self.at_name() && self.peek_n(1).ty == T::EQUAL {
            // invalid_named_expression: NAME '=' bitwise_or !('='|':=')
            let name = self.bump();
            self.bump();
            let saved = std::mem::replace(&mut self.call_invalid_rules, false);
            let b = self.bitwise_or();
            self.call_invalid_rules = saved;
            if let Some(b) = b {
                if !matches!(self.peek_ty(), T::EQUAL | T::COLONEQUAL) {
                    let loc = name.loc().to(b.loc);
                    return self
                        .raise_at("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", loc);
                }
            }
            if self.failed() {
                return None;
            }
            self.reset(start);
        }
        let e = self.expression()?;
        if self.call_invalid_rules && self.at(T::EQUAL) {
            self.invalid_named_assignment(start, &e)?;
        }
        if self.at(T::COLONEQUAL) {
            return self.invalid_named_expression(e);
        }
        Some(e)
    }

    /// assignment_expression: NAME ':=' ~ expression
    pub(crate) fn assignment_expression(&mut self) -> P<Expr> {
        let start = self.mark();
        let name = self.bump();
        let target = Expr::new(ExprKind::Name { id: self.ident(&name), ctx: ExprContext::Store }, name.loc());
        self.bump();
        let value = self.expression()?;
        Some(Expr::new(
            ExprKind::NamedExpr { target: boxed(target), value: boxed(value) },
            self.loc_from(start),
        ))
    }

    /// expression: disjunction 'if' disjunction 'else' expression | disjunction | lambdef
    pub(crate) fn expression(&mut self) -> P<Expr> {
        if !self.enter() {
            return None;
        }
        let r = match self.lone_atom() {
            Some(r) => r,
            None => self.primary_first(),
        };
        self.leave();
        r
    }

    /// `expression` for one starting with a primary (`a.b(c)`, `x[i]`, `"s"`, `(a, b)`): the
    /// primary is parsed first, and when the token after it ends the expression (`,`, `)`, `=`,
    /// ...: none of the rules between `expression` and `primary` applies), it is the whole
    /// expression, without descending through those rules. Otherwise they run as usual and find
    /// the primary already parsed ([`Parser::primary`] takes it from the one-entry memo). Every
    /// rule on that path reads the same tokens either way, so error positions are unchanged.
    /// The first pass only: the second tries `invalid_*` rules on the way down.
    fn primary_first(&mut self) -> P<Expr> {
        let t = self.peek();
        let starts_primary = match t.ty {
            T::NAME => !t.kw.is_hard() || matches!(t.kw, Kw::True | Kw::False | Kw::None),
            T::NUMBER | T::STRING | T::LPAR | T::LSQB | T::LBRACE | T::ELLIPSIS => true,
            _ => false,
        };
        if self.call_invalid_rules || !starts_primary {
            return self.expression_inner();
        }
        let start = self.mark();
        let e = self.primary()?;
        let next = self.peek();
        let continues = match next.ty {
            T::NAME => matches!(next.kw, Kw::If | Kw::Or | Kw::And | Kw::Not | Kw::In | Kw::Is),
            T::DOUBLESTAR
            | T::EQEQUAL
            | T::NOTEQUAL
            | T::LESS
            | T::LESSEQUAL
            | T::GREATER
            | T::GREATEREQUAL => true,
            ty => binop(ty).is_some(),
        };
        if !continues {
            return Some(e);
        }
        self.primary_memo = Some((start, self.pos, e));
        self.reset(start);
        let r = self.expression_inner();
        self.primary_memo = None;
        r
    }

    /// The common case of an expression that is one name or number followed by a token that
    /// ends it (`f(a, 1)`, `x = y`): the atom, without descending through the ten rules between
    /// `expression` and `atom`, which would each return it unchanged. `None` when the case does
    /// not apply. The first pass only: the second tries `invalid_*` rules on the way down.
    #[inline]
    fn lone_atom(&mut self) -> Option<P<Expr>> {
        if self.call_invalid_rules {
            return None;
        }
        let t = self.peek();
        match t.ty {
            T::NAME if !t.kw.is_hard() || matches!(t.kw, Kw::True | Kw::False | Kw::None) => {}
            T::NUMBER => {}
            _ => return None,
        }
        // Looking ahead must not count as reading ahead: error positions depend on how far the
        // rules have read (`furthest`).
        let read = self.furthest;
        let ends = matches!(
            self.peek_n(1).ty,
            T::COMMA | T::RPAR | T::RSQB | T::RBRACE | T::COLON | T::NEWLINE | T::EQUAL | T::SEMI
        );
        self.furthest = read;
        if !ends {
            return None;
        }
        self.bump();
        let value = match t.kw {
            _ if t.ty == T::NUMBER => match self.number(&t) {
                Some(v) => v,
                None => return Some(None),
            },
            Kw::True => Constant::True,
            Kw::False => Constant::False,
            Kw::None => Constant::None,
            _ => {
                let id = self.ident(&t);
                // `primary` reads the token after the atom to see it ends there.
                self.peek();
                return Some(Some(Expr::new(ExprKind::Name { id, ctx: ExprContext::Load }, t.loc())));
            }
        };
        self.peek();
        Some(Some(Expr::new(ExprKind::Constant { value, kind_u: false }, t.loc())))
    }

    fn expression_inner(&mut self) -> P<Expr> {
        if self.at_kw(Kw::Lambda) {
            return self.lambdef();
        }
        let start = self.mark();
        let body = self.disjunction()?;
        if self.call_invalid_rules {
            // CPython's order: invalid_expression, then invalid_legacy_expression.
            self.invalid_expression(start, &body)?;
            let after = self.mark();
            self.reset(start);
            self.invalid_legacy_expression()?;
            self.reset(after);
        }
        if !self.at_kw(Kw::If) {
            return Some(body);
        }
        let before_if = self.mark();
        self.bump();
        let Some(test) = self.disjunction() else {
            if self.failed() {
                return None;
            }
            self.reset(before_if);
            return Some(body);
        };
        if self.eat_kw(Kw::Else).is_none() {
            if self.call_invalid_rules && !self.at(T::COLON) {
                let (el, ec) = self.last_end();
                let loc = Loc::new(self.toks[start].line, self.toks[start].col, el, ec);
                return self.raise_at("expected 'else' after 'if' expression", loc);
            }
            self.reset(before_if);
            return Some(body);
        }
        // `expression` recurses into itself here: one level of CPython's parser stack, not the
        // two an `expression` nested through other rules costs (a chain of 5970 `a if b else`
        // is CPython's first MemoryError, as for `not`).
        self.leave_by(1);
        let orelse = self.expression();
        self.depth += 1;
        let orelse = orelse?;
        Some(Expr::new(
            ExprKind::IfExp { test: boxed(test), body: boxed(body), orelse: boxed(orelse) },
            self.loc_from(start),
        ))
    }

    /// disjunction: conjunction ('or' conjunction)+ | conjunction
    pub(crate) fn disjunction(&mut self) -> P<Expr> {
        let start = self.mark();
        let first = self.conjunction()?;
        if !self.at_kw(Kw::Or) {
            return Some(first);
        }
        let mut values = vec![first];
        while self.eat_kw(Kw::Or).is_some() {
            values.push(self.conjunction()?);
        }
        values.shrink_to_fit();
        Some(Expr::new(ExprKind::BoolOp { op: BoolOp::Or, values }, self.loc_from(start)))
    }

    /// conjunction: inversion ('and' inversion)+ | inversion
    fn conjunction(&mut self) -> P<Expr> {
        let start = self.mark();
        let first = self.inversion()?;
        if !self.at_kw(Kw::And) {
            return Some(first);
        }
        let mut values = vec![first];
        while self.eat_kw(Kw::And).is_some() {
            values.push(self.inversion()?);
        }
        values.shrink_to_fit();
        Some(Expr::new(ExprKind::BoolOp { op: BoolOp::And, values }, self.loc_from(start)))
    }

    /// inversion: 'not' inversion | comparison
    fn inversion(&mut self) -> P<Expr> {
        if self.at_kw(Kw::Not) {
            let start = self.mark();
            self.bump();
            if !self.enter_by(1) {
                return None;
            }
            let operand = self.inversion();
            self.leave_by(1);
            let operand = operand?;
            return Some(Expr::new(
                ExprKind::UnaryOp { op: UnaryOp::Not, operand: boxed(operand) },
                self.loc_from(start),
            ));
        }
        self.comparison()
    }

    fn cmp_op(&mut self) -> Option<CmpOp> {
        let t = self.peek();
        let op = match t.ty {
            T::EQEQUAL => CmpOp::Eq,
            T::NOTEQUAL => CmpOp::NotEq,
            T::LESS => CmpOp::Lt,
            T::LESSEQUAL => CmpOp::LtE,
            T::GREATER => CmpOp::Gt,
            T::GREATEREQUAL => CmpOp::GtE,
            T::NAME => match t.kw {
                Kw::In => CmpOp::In,
                Kw::Is => {
                    if self.peek_n(1).kw == Kw::Not && self.peek_n(1).ty == T::NAME {
                        self.bump();
                        self.bump();
                        return Some(CmpOp::IsNot);
                    }
                    CmpOp::Is
                }
                Kw::Not => {
                    if self.peek_n(1).kw == Kw::In && self.peek_n(1).ty == T::NAME {
                        self.bump();
                        self.bump();
                        return Some(CmpOp::NotIn);
                    }
                    return None;
                }
                _ => return None,
            },
            _ => return None,
        };
        self.bump();
        Some(op)
    }

    /// comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or
    fn comparison(&mut self) -> P<Expr> {
        let start = self.mark();
        let left = self.bitwise_or()?;
        let Some(op) = self.cmp_op() else { return Some(left) };
        let mut ops = vec![op];
        let mut comparators = vec![self.bitwise_or()?];
        while let Some(op) = self.cmp_op() {
            ops.push(op);
            comparators.push(self.bitwise_or()?);
        }
        ops.shrink_to_fit();
        comparators.shrink_to_fit();
        Some(Expr::new(ExprKind::Compare(Box::new(Compare { left, ops, comparators })), self.loc_from(start)))
    }

    /// bitwise_or .. term: left-associative binary operators by precedence climbing.
    pub(crate) fn bitwise_or(&mut self) -> P<Expr> {
        self.binary(1)
    }

    fn binary(&mut self, min_prec: u8) -> P<Expr> {
        let start = self.mark();
        let mut left = self.factor()?;
        loop {
            let ty = self.peek_ty();
            let Some((prec, op)) = binop(ty) else { break };
            if prec < min_prec {
                break;
            }
            let before_op = self.mark();
            self.bump();
            // PEG semantics: a failed right operand leaves the operator unconsumed.
            let Some(right) = self.binary(prec + 1) else {
                if self.failed() {
                    return None;
                }
                self.reset(before_op);
                break;
            };
            left = Expr::new(
                ExprKind::BinOp { left: boxed(left), op, right: boxed(right) },
                self.loc_from(start),
            );
        }
        Some(left)
    }

    /// factor: '+' factor | '-' factor | '~' factor | power
    fn factor(&mut self) -> P<Expr> {
        let op = match self.peek_ty() {
            T::PLUS => UnaryOp::UAdd,
            T::MINUS => UnaryOp::USub,
            T::TILDE => UnaryOp::Invert,
            _ => return self.power(),
        };
        let start = self.mark();
        self.bump();
        if !self.enter_by(1) {
            return None;
        }
        let operand = self.factor();
        self.leave_by(1);
        let operand = operand?;
        Some(Expr::new(ExprKind::UnaryOp { op, operand: boxed(operand) }, self.loc_from(start)))
    }

    /// power: await_primary '**' factor | await_primary
    fn power(&mut self) -> P<Expr> {
        let start = self.mark();
        let left = self.await_primary()?;
        if self.eat(T::DOUBLESTAR).is_none() {
            return Some(left);
        }
        if !self.enter_by(2) {
            return None;
        }
        let right = self.factor();
        self.leave_by(2);
        let right = right?;
        Some(Expr::new(
            ExprKind::BinOp { left: boxed(left), op: Operator::Pow, right: boxed(right) },
            self.loc_from(start),
        ))
    }

    /// await_primary: AWAIT primary | primary
    fn await_primary(&mut self) -> P<Expr> {
        if self.at_kw(Kw::Await) {
            let start = self.mark();
            self.bump();
            let value = self.primary()?;
            return Some(Expr::new(ExprKind::Await { value: boxed(value) }, self.loc_from(start)));
        }
        self.primary()
    }

    /// primary: primary '.' NAME | primary genexp | primary '(' [arguments] ')' |
    /// primary '[' slices ']' | atom
    pub(crate) fn primary(&mut self) -> P<Expr> {
        if self.primary_memo.as_ref().is_some_and(|m| m.0 == self.pos) {
            let (_, end, e) = self.primary_memo.take()?;
            self.reset(end);
            return Some(e);
        }
        let start = self.mark();
        let mut e = self.atom()?;
        loop {
            match self.peek_ty() {
                T::DOT => {
                    self.bump();
                    if !self.at_name() {
                        return None;
                    }
                    let n = self.bump();
                    let attr = self.ident(&n);
                    e = Expr::new(
                        ExprKind::Attribute { value: boxed(e), attr, ctx: ExprContext::Load },
                        self.loc_from(start),
                    );
                }
                T::LPAR => {
                    let (args, keywords) = self.call_arguments()?;
                    e = Expr::new(
                        ExprKind::Call(Box::new(Call { func: e, args, keywords })),
                        self.loc_from(start),
                    );
                }
                T::LSQB => {
                    self.bump();
                    let slice = self.slices()?;
                    self.expect(T::RSQB)?;
                    e = Expr::new(
                        ExprKind::Subscript { value: boxed(e), slice: boxed(slice), ctx: ExprContext::Load },
                        self.loc_from(start),
                    );
                }
                _ => return Some(e),
            }
        }
    }

    /// Consumes a token of type `ty` or fails.
    pub(crate) fn expect(&mut self, ty: T) -> P<pyrite_ir::ast::Loc> {
        self.eat(ty).map(|t| t.loc())
    }

    /// slices: slice !',' | ','.(slice | starred_expression)+ [',']
    fn slices(&mut self) -> P<Expr> {
        let start = self.mark();
        let first = self.slice_or_starred()?;
        if !self.at(T::COMMA) && !matches!(first.kind, ExprKind::Starred { .. }) {
            return Some(first);
        }
        let mut elts = self.take_exprs();
        elts.push(first);
        while self.eat(T::COMMA).is_some() {
            if !(self.starts_star_expression() || self.at(T::COLON)) {
                break;
            }
            elts.push(self.slice_or_starred()?);
        }
        let elts = self.finish_exprs(elts);
        Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Load }, self.loc_from(start)))
    }

    fn slice_or_starred(&mut self) -> P<Expr> {
        if self.at(T::STAR) {
            let start = self.mark();
            self.bump();
            let value = self.expression()?;
            return Some(Expr::new(
                ExprKind::Starred { value: boxed(value), ctx: ExprContext::Load },
                self.loc_from(start),
            ));
        }
        self.slice()
    }

    /// slice: [expression] ':' [expression] [':' [expression]] | named_expression
    fn slice(&mut self) -> P<Expr> {
        let start = self.mark();
        let lower = if self.at(T::COLON) {
            None
        } else {
            let e = self.named_expression()?;
            if !self.at(T::COLON)
                || matches!(e.kind, ExprKind::NamedExpr { .. }) && self.toks[start].ty != T::LPAR
            {
                return Some(e);
            }
            Some(boxed(e))
        };
        self.expect(T::COLON)?;
        let upper = if self.starts_expression() { Some(boxed(self.expression()?)) } else { None };
        let step = if self.eat(T::COLON).is_some() {
            if self.starts_expression() {
                Some(boxed(self.expression()?))
            } else {
                None
            }
        } else {
            None
        };
        Some(Expr::new(ExprKind::Slice { lower, upper, step }, self.loc_from(start)))
    }

    /// The identifier of a NAME token, NFKC-normalised when not ASCII (as CPython does).
    pub(crate) fn ident(&mut self, t: &super::parser::PTok) -> Ident {
        let slot = if t.ty == T::NAME { t.name as usize } else { usize::MAX };
        if let Some(Some(id)) = self.idents.get(slot) {
            return id.clone();
        }
        let s = self.text_of(t);
        let id: Ident = if s.is_ascii() { s.into() } else { super::literals::nfkc(s).into() };
        if let Some(entry) = self.idents.get_mut(slot) {
            *entry = Some(id.clone());
        }
        id
    }

    /// atom
    fn atom(&mut self) -> P<Expr> {
        let t = self.peek();
        match t.ty {
            T::NAME => {
                let value = match t.kw {
                    Kw::True => Constant::True,
                    Kw::False => Constant::False,
                    Kw::None => Constant::None,
                    k if k.is_hard() => return None,
                    _ => {
                        self.bump();
                        return Some(Expr::new(
                            ExprKind::Name { id: self.ident(&t), ctx: ExprContext::Load },
                            t.loc(),
                        ));
                    }
                };
                self.bump();
                Some(Expr::new(ExprKind::Constant { value, kind_u: false }, t.loc()))
            }
            T::NUMBER => {
                self.bump();
                let value = self.number(&t)?;
                Some(Expr::new(ExprKind::Constant { value, kind_u: false }, t.loc()))
            }
            T::STRING => self.strings(),
            T::LPAR => self.tuple_group_genexp(),
            T::LSQB => self.list_or_listcomp(),
            T::LBRACE => self.dict_set_or_comp(),
            T::ELLIPSIS => {
                self.bump();
                Some(Expr::new(ExprKind::Constant { value: Constant::Ellipsis, kind_u: false }, t.loc()))
            }
            _ => None,
        }
    }

    /// tuple | group | genexp
    fn tuple_group_genexp(&mut self) -> P<Expr> {
        let start = self.mark();
        self.bump();
        if self.eat(T::RPAR).is_some() {
            return Some(Expr::new(
                ExprKind::Tuple { elts: vec![], ctx: ExprContext::Load },
                self.loc_from(start),
            ));
        }
        if self.at_kw(Kw::Yield) {
            let e = self.yield_expr()?;
            self.expect(T::RPAR)?;
            return Some(e);
        }
        if self.call_invalid_rules && self.at(T::DOUBLESTAR) {
            self.invalid_double_starred_group()?;
        }
        let first = self.star_named_expression()?;
        if self.at_comprehension_for() {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return self.invalid_starred_comprehension(&first);
            }
            let generators = self.for_if_clauses()?;
            self.expect(T::RPAR)?;
            return Some(Expr::new(
                ExprKind::GeneratorExp { elt: boxed(first), generators },
                self.loc_from(start),
            ));
        }
        if self.at(T::RPAR) {
            self.bump();
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return self.raise_at("cannot use starred expression here", first.loc);
            }
            return Some(first);
        }
        if !self.at(T::COMMA) {
            return None;
        }
        let elts = self.star_named_expressions(Some(first))?;
        self.expect(T::RPAR)?;
        Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Load }, self.loc_from(start)))
    }

    /// list | listcomp
    fn list_or_listcomp(&mut self) -> P<Expr> {
        let start = self.mark();
        self.bump();
        if self.eat(T::RSQB).is_some() {
            return Some(Expr::new(
                ExprKind::List { elts: vec![], ctx: ExprContext::Load },
                self.loc_from(start),
            ));
        }
        let first = self.star_named_expression()?;
        if self.at_comprehension_for() {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return self.invalid_starred_comprehension(&first);
            }
            let generators = self.for_if_clauses()?;
            self.expect(T::RSQB)?;
            return Some(Expr::new(
                ExprKind::ListComp { elt: boxed(first), generators },
                self.loc_from(start),
            ));
        }
        let elts = self.star_named_expressions(Some(first))?;
        if self.call_invalid_rules && self.at_comprehension_for() {
            return self.invalid_comprehension_target(&elts);
        }
        self.expect(T::RSQB)?;
        Some(Expr::new(ExprKind::List { elts, ctx: ExprContext::Load }, self.loc_from(start)))
    }

    /// dict | set | dictcomp | setcomp
    fn dict_set_or_comp(&mut self) -> P<Expr> {
        let start = self.mark();
        self.bump();
        if self.eat(T::RBRACE).is_some() {
            return Some(Expr::new(
                ExprKind::Dict(Box::new(Dict { keys: vec![], values: vec![] })),
                self.loc_from(start),
            ));
        }
        let mut keys = Vec::new();
        let mut values = Vec::new();
        if self.eat(T::DOUBLESTAR).is_some() {
            keys.push(None);
            values.push(self.bitwise_or()?);
        } else {
            let first = self.star_named_expression()?;
            if self.eat(T::COLON).is_some() {
                let bare = self.toks[start + 1].line == first.loc.lineno
                    && self.toks[start + 1].col == first.loc.col_offset;
                if bare && matches!(first.kind, ExprKind::Starred { .. } | ExprKind::NamedExpr { .. }) {
                    return None;
                }
                self.invalid_dict_value()?;
                let value = self.expression()?;
                if self.at_comprehension_for() {
                    let generators = self.for_if_clauses()?;
                    self.expect(T::RBRACE)?;
                    return Some(Expr::new(
                        ExprKind::DictComp { key_value: Box::new((first, value)), generators },
                        self.loc_from(start),
                    ));
                }
                keys.push(Some(first));
                values.push(value);
            } else {
                if self.at_comprehension_for() {
                    if matches!(first.kind, ExprKind::Starred { .. }) {
                        return self.invalid_starred_comprehension(&first);
                    }
                    let generators = self.for_if_clauses()?;
                    self.expect(T::RBRACE)?;
                    return Some(Expr::new(
                        ExprKind::SetComp { elt: boxed(first), generators },
                        self.loc_from(start),
                    ));
                }
                let elts = self.star_named_expressions(Some(first))?;
                if self.call_invalid_rules && self.at_comprehension_for() {
                    return self.invalid_comprehension_target(&elts);
                }
                self.expect(T::RBRACE)?;
                return Some(Expr::new(ExprKind::Set { elts }, self.loc_from(start)));
            }
        }
        // The rest of a dict display: (',' double_starred_kvpair)* [',']
        while self.eat(T::COMMA).is_some() {
            if self.eat(T::DOUBLESTAR).is_some() {
                keys.push(None);
                values.push(self.bitwise_or()?);
            } else if self.starts_expression() {
                let k = self.expression()?;
                if self.call_invalid_rules && !self.at(T::COLON) {
                    // invalid_kvpair: CPython's place is the key's last column, no end.
                    let mut e = Loc::new(
                        k.loc.end_lineno,
                        k.loc.end_col_offset.saturating_sub(1),
                        k.loc.end_lineno,
                        0,
                    );
                    e.end_col_offset = 0;
                    return self.raise_end_raw("':' expected after dictionary key", e);
                }
                self.expect(T::COLON)?;
                self.invalid_dict_value()?;
                keys.push(Some(k));
                values.push(self.expression()?);
            } else {
                break;
            }
        }
        self.expect(T::RBRACE)?;
        Some(Expr::new(ExprKind::Dict(Box::new(Dict { keys, values })), self.loc_from(start)))
    }

    /// Whether a comprehension's `for` (or `async for`) comes next.
    pub(crate) fn at_comprehension_for(&mut self) -> bool {
        self.at_kw(Kw::For) || self.at_kw(Kw::Async) && self.peek_n(1).kw == Kw::For
    }

    /// invalid_comprehension: `[*a for ...]`. Fails without an error in the first pass.
    fn invalid_starred_comprehension<X>(&mut self, first: &Expr) -> P<X> {
        if !self.call_invalid_rules {
            return None;
        }
        let m = self.mark();
        if self.for_if_clauses().is_some() {
            return self.raise_at("iterable unpacking cannot be used in comprehension", first.loc);
        }
        if !self.failed() {
            self.reset(m);
        }
        None
    }

    /// invalid_comprehension: `[a, b for ...]` and `[a, for ...]` (second pass only).
    fn invalid_comprehension_target<X>(&mut self, elts: &[Expr]) -> P<X> {
        let comma = self.toks[self.pos - 1];
        let m = self.mark();
        if self.for_if_clauses().is_none() {
            if !self.failed() {
                self.reset(m);
            }
            return None;
        }
        let msg = "did you forget parentheses around the comprehension target?";
        match elts {
            [a, .., b] => self.raise_at(msg, a.loc.to(b.loc)),
            [a] if comma.ty == T::COMMA => self.raise_at(msg, a.loc.to(comma.loc())),
            _ => None,
        }
    }

    /// invalid_double_starred_kvpairs / invalid_kvpair after `key ':'`: a starred value or no
    /// value. Returns `None` only after raising.
    fn invalid_dict_value(&mut self) -> P<()> {
        if !self.call_invalid_rules {
            return Some(());
        }
        let colon = self.toks[self.pos - 1];
        match self.peek_ty() {
            T::STAR => {
                let star = self.peek();
                let m = self.mark();
                self.bump();
                if self.bitwise_or().is_some() {
                    // RAISE_SYNTAX_ERROR_STARTING_FROM: up to where the tokenizer stands.
                    let last = self.toks[self.furthest];
                    let loc = Loc::new(star.line, star.col, last.end_line, last.end_col);
                    return self.raise_end_raw("cannot use a starred expression in a dictionary value", loc);
                }
                if self.failed() {
                    return None;
                }
                self.reset(m);
                Some(())
            }
            T::RBRACE | T::COMMA => self.raise_tok("expression expected after dictionary key and ':'", colon),
            _ => Some(()),
        }
    }

    /// for_if_clauses: (ASYNC? 'for' star_targets 'in' ~ disjunction ('if' disjunction)*)+
    pub(crate) fn for_if_clauses(&mut self) -> P<Vec<Comprehension>> {
        let mut gens = Vec::new();
        loop {
            let is_async = if self.at_kw(Kw::Async) && self.peek_n(1).kw == Kw::For {
                self.bump();
                true
            } else if self.at_kw(Kw::For) {
                false
            } else {
                break;
            };
            self.bump();
            let target = self.star_targets()?;
            self.eat_kw(Kw::In)?;
            let iter = self.disjunction()?;
            let mut ifs = Vec::new();
            while self.eat_kw(Kw::If).is_some() {
                ifs.push(self.disjunction()?);
            }
            gens.push(Comprehension { target, iter, ifs, is_async });
        }
        Some(gens)
    }

    /// yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]
    pub(crate) fn yield_expr(&mut self) -> P<Expr> {
        let start = self.mark();
        self.bump();
        if self.eat_kw(Kw::From).is_some() {
            let value = self.expression()?;
            return Some(Expr::new(ExprKind::YieldFrom { value: boxed(value) }, self.loc_from(start)));
        }
        let value = if self.starts_star_expression() { Some(boxed(self.star_expressions()?)) } else { None };
        Some(Expr::new(ExprKind::Yield { value }, self.loc_from(start)))
    }

    /// The parenthesised part of a call: `genexp` or `'(' [arguments] ')'`.
    pub(crate) fn call_arguments(&mut self) -> P<(Vec<Expr>, Vec<Keyword>)> {
        self.arguments_in_parens(true)
    }

    /// `'(' [arguments] ')'`, with `genexp` (a lone unparenthesised generator expression)
    /// allowed when the parentheses are a call's.
    pub(crate) fn arguments_in_parens(&mut self, genexp: bool) -> P<(Vec<Expr>, Vec<Keyword>)> {
        let open = self.mark();
        let mut positional_after_keyword = None;
        self.bump();
        let mut args = self.take_exprs();
        let mut keywords: Vec<Keyword> = Vec::new();
        loop {
            if self.at(T::RPAR) {
                break;
            }
            let start = self.mark();
            let t = self.peek();
            match t.ty {
                T::STAR => {
                    if keywords.iter().any(|k| k.arg.is_none()) {
                        return self
                            .raise_tok("iterable argument unpacking follows keyword argument unpacking", t);
                    }
                    let first = args.is_empty() && keywords.is_empty();
                    self.bump();
                    let value = self.expression()?;
                    let starred = Expr::new(
                        ExprKind::Starred { value: boxed(value), ctx: ExprContext::Load },
                        self.loc_from(start),
                    );
                    // `f(*a for ...)`: CPython tries `primary genexp` before a call, so its
                    // invalid_comprehension rule sees `(*a for ...`.
                    if first && self.at_comprehension_for() {
                        return self.invalid_starred_comprehension(&starred);
                    }
                    if !args.is_empty() && self.call_invalid_rules && self.at_comprehension_for() {
                        return self.nonparen_genexp_in_call(&starred);
                    }
                    args.push(starred);
                }
                T::DOUBLESTAR => {
                    self.bump();
                    let value = self.expression()?;
                    keywords.push(Keyword { arg: None, value, loc: self.loc_from(start) });
                }
                T::NAME if !t.kw.is_hard() && self.peek_n(1).ty == T::EQUAL => {
                    self.bump();
                    self.bump();
                    let value = self.expression()?;
                    keywords.push(Keyword { arg: Some(self.ident(&t)), value, loc: self.loc_from(start) });
                }
                _ => {
                    // The first pass stops where CPython's `args` rule does; the second goes on
                    // to find "positional argument follows keyword argument".
                    if !keywords.is_empty() && !self.call_invalid_rules {
                        return None;
                    }
                    let e = if self.at_name() && self.peek_n(1).ty == T::COLONEQUAL {
                        self.assignment_expression()?
                    } else {
                        let e = self.expression()?;
                        if self.at(T::COLONEQUAL) {
                            self.invalid_named_expression(e)?;
                            return None;
                        }
                        e
                    };
                    if self.at_comprehension_for() {
                        if !genexp && start == open + 1 {
                            return None;
                        }
                        let generators = self.for_if_clauses()?;
                        if start == open + 1 && self.at(T::RPAR) {
                            self.bump();
                            let g = Expr::new(
                                ExprKind::GeneratorExp { elt: boxed(e), generators },
                                self.loc_from(open),
                            );
                            return Some((vec![g], vec![]));
                        }
                        if self.at(T::COMMA) {
                            // invalid_arguments reads on after the comma before it raises.
                            self.peek_n(1);
                        }
                        let loc =
                            Loc::new(e.loc.lineno, e.loc.col_offset, self.last_end().0, self.last_end().1);
                        return self.raise_at("Generator expression must be parenthesized", loc);
                    }
                    if self.at(T::EQUAL) {
                        return self.invalid_kwarg(e);
                    }
                    if !keywords.is_empty() && positional_after_keyword.is_none() {
                        // _PyPegen_arguments_parsing_error raises once the rest of the
                        // arguments are read, at the last token read.
                        positional_after_keyword = Some(if keywords.iter().any(|k| k.arg.is_none()) {
                            "positional argument follows keyword argument unpacking"
                        } else {
                            "positional argument follows keyword argument"
                        });
                    }
                    args.push(e);
                }
            }
            if self.eat(T::COMMA).is_none() {
                break;
            }
        }
        if let Some(msg) = positional_after_keyword {
            self.peek();
            return self.raise_last(msg);
        }
        self.expect(T::RPAR)?;
        let args = self.finish_exprs(args);
        // The ASTs of a whole program are kept: no spare capacity (a Vec grows to 4 at once).
        keywords.shrink_to_fit();
        Some((args, keywords))
    }
}
