//! The `match` statement and its patterns (`match_stmt` ... `keyword_pattern`).

use super::expressions::{boxed, P};
use super::parser::{Kw, Parser};
use pyrite_ir::ast::*;
use pyrite_ir::TokenType as T;

impl Parser<'_> {
    /// match_stmt: "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT
    /// Returns `None` without an error when this is not a match statement after all.
    pub(crate) fn match_stmt(&mut self) -> P<Stmt> {
        let start = self.mark();
        self.bump();
        if !(self.starts_star_expression()) {
            return None;
        }
        let subject = self.subject_expr()?;
        if self.eat(T::COLON).is_none() {
            if self.call_invalid_rules && self.at(T::NEWLINE) {
                let t = self.peek();
                return self.raise_tok("expected ':'", t);
            }
            return None;
        }
        self.eat(T::NEWLINE)?;
        if self.eat(T::INDENT).is_none() {
            let t = self.peek();
            let l = self.toks[start].line;
            return self.raise_kind(
                pyrite_ir::DiagnosticKind::IndentationError,
                format!("expected an indented block after 'match' statement on line {l}"),
                (t.line, t.col),
                (t.end_line, t.end_col),
            );
        }
        let mut cases = Vec::new();
        while self.at_kw(Kw::Case) {
            cases.push(self.case_block()?);
        }
        if cases.is_empty() {
            return None;
        }
        self.expect(T::DEDENT)?;
        Some(Stmt::new(StmtKind::Match { subject: boxed(subject), cases }, self.loc_from(start)))
    }

    /// subject_expr: star_named_expression ',' star_named_expressions? | named_expression
    fn subject_expr(&mut self) -> P<Expr> {
        let start = self.mark();
        let first = self.star_named_expression()?;
        if !self.at(T::COMMA) {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return None;
            }
            return Some(first);
        }
        let elts = self.star_named_expressions(Some(first))?;
        Some(Expr::new(ExprKind::Tuple { elts, ctx: ExprContext::Load }, self.loc_from(start)))
    }

    /// case_block: "case" patterns guard? ':' block
    fn case_block(&mut self) -> P<MatchCase> {
        let case = self.bump();
        let pattern = self.patterns()?;
        let guard = if self.eat_kw(Kw::If).is_some() { Some(boxed(self.named_expression()?)) } else { None };
        self.expect_colon_nl()?;
        let body = self.block_after("'case' statement", case.line)?;
        Some(MatchCase { pattern, guard, body })
    }

    /// patterns: open_sequence_pattern | pattern
    fn patterns(&mut self) -> P<Pattern> {
        let start = self.mark();
        let first = self.maybe_star_pattern()?;
        if !self.at(T::COMMA) {
            if matches!(first.kind, PatternKind::MatchStar { .. }) {
                return None;
            }
            return Some(first);
        }
        let mut patterns = vec![first];
        while self.eat(T::COMMA).is_some() {
            if !self.starts_pattern() {
                break;
            }
            patterns.push(self.maybe_star_pattern()?);
        }
        Some(Pattern { kind: PatternKind::MatchSequence { patterns }, loc: self.loc_from(start) })
    }

    fn starts_pattern(&mut self) -> bool {
        let t = self.peek();
        match t.ty {
            T::NAME => !t.kw.is_hard() || matches!(t.kw, Kw::None | Kw::True | Kw::False),
            T::NUMBER | T::STRING | T::MINUS | T::LPAR | T::LSQB | T::LBRACE | T::STAR => true,
            _ => false,
        }
    }

    /// maybe_star_pattern: star_pattern | pattern
    fn maybe_star_pattern(&mut self) -> P<Pattern> {
        if self.at(T::STAR) {
            let start = self.mark();
            self.bump();
            if !self.at_name() {
                return None;
            }
            let n = self.bump();
            let name = if n.kw == Kw::Underscore { None } else { Some(self.ident(&n)) };
            return Some(Pattern { kind: PatternKind::MatchStar { name }, loc: self.loc_from(start) });
        }
        self.pattern()
    }

    /// pattern: as_pattern | or_pattern
    fn pattern(&mut self) -> P<Pattern> {
        if !self.enter() {
            return None;
        }
        let r = self.pattern_inner();
        self.leave();
        r
    }

    fn pattern_inner(&mut self) -> P<Pattern> {
        let start = self.mark();
        let p = self.or_pattern()?;
        if self.eat_kw(Kw::As).is_none() {
            return Some(p);
        }
        if !self.at_name() {
            // invalid_as_pattern: `or_pattern 'as' !NAME expression`
            if self.call_invalid_rules {
                if let Some(e) = self.expression() {
                    return self.raise_at("invalid pattern target", e.loc);
                }
            }
            return None;
        }
        let n = self.peek();
        if n.kw == Kw::Underscore {
            return self.raise_tok("cannot use '_' as a target", n);
        }
        if matches!(self.peek_n(1).ty, T::DOT | T::LPAR | T::EQUAL) {
            return None;
        }
        self.bump();
        let name = Some(self.ident(&n));
        Some(Pattern {
            kind: PatternKind::MatchAs { pattern: Some(Box::new(p)), name },
            loc: self.loc_from(start),
        })
    }

    /// or_pattern: '|'.closed_pattern+
    fn or_pattern(&mut self) -> P<Pattern> {
        let start = self.mark();
        let first = self.closed_pattern()?;
        if !self.at(T::VBAR) {
            return Some(first);
        }
        let mut patterns = vec![first];
        while self.eat(T::VBAR).is_some() {
            patterns.push(self.closed_pattern()?);
        }
        Some(Pattern { kind: PatternKind::MatchOr { patterns }, loc: self.loc_from(start) })
    }

    fn closed_pattern(&mut self) -> P<Pattern> {
        let start = self.mark();
        let t = self.peek();
        match t.ty {
            T::NUMBER | T::MINUS | T::STRING => {
                let value = self.literal_expr()?;
                Some(Pattern {
                    kind: PatternKind::MatchValue { value: boxed(value) },
                    loc: self.loc_from(start),
                })
            }
            T::NAME => {
                let singleton = match t.kw {
                    Kw::None => Some(Constant::None),
                    Kw::True => Some(Constant::True),
                    Kw::False => Some(Constant::False),
                    k if k.is_hard() => return None,
                    _ => None,
                };
                if let Some(value) = singleton {
                    self.bump();
                    return Some(Pattern { kind: PatternKind::MatchSingleton { value }, loc: t.loc() });
                }
                let next = self.peek_n(1).ty;
                if t.kw == Kw::Underscore && !matches!(next, T::DOT | T::LPAR) {
                    self.bump();
                    return Some(Pattern {
                        kind: PatternKind::MatchAs { pattern: None, name: None },
                        loc: t.loc(),
                    });
                }
                if !matches!(next, T::DOT | T::LPAR | T::EQUAL) {
                    self.bump();
                    let name = Some(self.ident(&t));
                    return Some(Pattern {
                        kind: PatternKind::MatchAs { pattern: None, name },
                        loc: t.loc(),
                    });
                }
                let cls = self.name_or_attr()?;
                if self.at(T::LPAR) {
                    return self.class_pattern(start, cls);
                }
                if !matches!(cls.kind, ExprKind::Attribute { .. }) {
                    return None;
                }
                Some(Pattern {
                    kind: PatternKind::MatchValue { value: boxed(cls) },
                    loc: self.loc_from(start),
                })
            }
            T::LPAR => {
                self.bump();
                if self.eat(T::RPAR).is_some() {
                    return Some(Pattern {
                        kind: PatternKind::MatchSequence { patterns: vec![] },
                        loc: self.loc_from(start),
                    });
                }
                let first = self.maybe_star_pattern()?;
                if self.eat(T::RPAR).is_some() {
                    if matches!(first.kind, PatternKind::MatchStar { .. }) {
                        return None;
                    }
                    return Some(first);
                }
                let mut patterns = vec![first];
                self.expect(T::COMMA)?;
                while !self.at(T::RPAR) {
                    patterns.push(self.maybe_star_pattern()?);
                    if self.eat(T::COMMA).is_none() {
                        break;
                    }
                }
                self.expect(T::RPAR)?;
                Some(Pattern { kind: PatternKind::MatchSequence { patterns }, loc: self.loc_from(start) })
            }
            T::LSQB => {
                self.bump();
                let mut patterns = Vec::new();
                while !self.at(T::RSQB) {
                    patterns.push(self.maybe_star_pattern()?);
                    if self.eat(T::COMMA).is_none() {
                        break;
                    }
                }
                self.expect(T::RSQB)?;
                Some(Pattern { kind: PatternKind::MatchSequence { patterns }, loc: self.loc_from(start) })
            }
            T::LBRACE => self.mapping_pattern(),
            _ => None,
        }
    }

    /// name_or_attr: attr | NAME
    fn name_or_attr(&mut self) -> P<Expr> {
        let start = self.mark();
        if !self.at_name() {
            return None;
        }
        let n = self.bump();
        let mut e = Expr::new(ExprKind::Name { id: self.ident(&n), ctx: ExprContext::Load }, n.loc());
        while self.eat(T::DOT).is_some() {
            if !self.at_name() {
                return None;
            }
            let a = self.bump();
            let attr = self.ident(&a);
            e = Expr::new(
                ExprKind::Attribute { value: boxed(e), attr, ctx: ExprContext::Load },
                self.loc_from(start),
            );
        }
        Some(e)
    }

    /// literal_expr / literal_pattern's value: signed_number !('+' | '-') | complex_number |
    /// strings | None | True | False
    fn literal_expr(&mut self) -> P<Expr> {
        let start = self.mark();
        let t = self.peek();
        if t.ty == T::STRING {
            let e = self.strings()?;
            if matches!(e.kind, ExprKind::JoinedStr { .. }) {
                return self.raise_at("patterns may only match literals and attribute lookups", e.loc);
            }
            return Some(e);
        }
        if t.ty == T::NAME {
            let value = match t.kw {
                Kw::None => Constant::None,
                Kw::True => Constant::True,
                Kw::False => Constant::False,
                _ => return None,
            };
            self.bump();
            return Some(Expr::new(ExprKind::Constant { value, kind_u: false }, t.loc()));
        }
        let real = self.signed_number()?;
        let op = match self.peek_ty() {
            T::PLUS => Operator::Add,
            T::MINUS => Operator::Sub,
            _ => return Some(real),
        };
        self.bump();
        if let ExprKind::Constant { value: Constant::Complex(_), .. } = inner_number(&real) {
            return self.raise_at("real number required in complex literal", real.loc);
        }
        let n = self.peek();
        if n.ty != T::NUMBER {
            return None;
        }
        self.bump();
        let value = self.number(&n)?;
        let imag = Expr::new(ExprKind::Constant { value, kind_u: false }, n.loc());
        if !matches!(imag.kind, ExprKind::Constant { value: Constant::Complex(_), .. }) {
            return self.raise_at("imaginary number required in complex literal", imag.loc);
        }
        Some(Expr::new(ExprKind::BinOp { left: boxed(real), op, right: boxed(imag) }, self.loc_from(start)))
    }

    /// signed_number: NUMBER | '-' NUMBER
    fn signed_number(&mut self) -> P<Expr> {
        let start = self.mark();
        let neg = self.eat(T::MINUS).is_some();
        let n = self.peek();
        if n.ty != T::NUMBER {
            return None;
        }
        self.bump();
        let value = self.number(&n)?;
        let c = Expr::new(ExprKind::Constant { value, kind_u: false }, n.loc());
        if !neg {
            return Some(c);
        }
        Some(Expr::new(ExprKind::UnaryOp { op: UnaryOp::USub, operand: boxed(c) }, self.loc_from(start)))
    }

    /// mapping_pattern
    fn mapping_pattern(&mut self) -> P<Pattern> {
        let start = self.mark();
        self.bump();
        let mut keys = Vec::new();
        let mut patterns = Vec::new();
        let mut rest = None;
        while !self.at(T::RBRACE) {
            if self.eat(T::DOUBLESTAR).is_some() {
                // double_star_pattern: '**' pattern_capture_target (a NAME that is not `_`)
                if !self.at_name() || self.peek().kw == Kw::Underscore {
                    return None;
                }
                let n = self.bump();
                rest = Some(self.ident(&n));
                self.eat(T::COMMA);
                break;
            }
            let key = if self.at_name() && !matches!(self.peek().kw, Kw::None | Kw::True | Kw::False) {
                let e = self.name_or_attr()?;
                if !matches!(e.kind, ExprKind::Attribute { .. }) {
                    return None;
                }
                e
            } else {
                self.literal_expr()?
            };
            self.expect(T::COLON)?;
            keys.push(key);
            patterns.push(self.pattern()?);
            if self.eat(T::COMMA).is_none() {
                break;
            }
        }
        self.expect(T::RBRACE)?;
        Some(Pattern { kind: PatternKind::MatchMapping { keys, patterns, rest }, loc: self.loc_from(start) })
    }

    /// class_pattern: name_or_attr '(' [positional_patterns] [keyword_patterns] ','? ')'
    fn class_pattern(&mut self, start: usize, cls: Expr) -> P<Pattern> {
        self.bump();
        let mut patterns = Vec::new();
        let mut kwd_attrs = Vec::new();
        let mut kwd_patterns = Vec::new();
        while !self.at(T::RPAR) {
            if self.at_name() && self.peek_n(1).ty == T::EQUAL {
                let n = self.bump();
                self.bump();
                kwd_attrs.push(self.ident(&n));
                kwd_patterns.push(self.pattern()?);
            } else {
                let p = self.pattern()?;
                if !kwd_attrs.is_empty() {
                    return self.raise_at("positional patterns follow keyword patterns", p.loc);
                }
                patterns.push(p);
            }
            if self.eat(T::COMMA).is_none() {
                break;
            }
        }
        self.expect(T::RPAR)?;
        Some(Pattern {
            kind: PatternKind::MatchClass { cls: boxed(cls), patterns, kwd_attrs, kwd_patterns },
            loc: self.loc_from(start),
        })
    }
}

fn inner_number(e: &Expr) -> &ExprKind {
    match &e.kind {
        ExprKind::UnaryOp { operand, .. } => &operand.kind,
        k => k,
    }
}
