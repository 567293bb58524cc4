//! Function and lambda parameters (`params`, `lambda_params` and their sub-rules).

use super::expressions::{boxed, P};
use super::parser::Parser;
use pyrite_ir::ast::*;
use pyrite_ir::TokenType as T;

impl Parser<'_> {
    /// parameters / lambda_parameters, up to (not including) the closing `)` or `:`.
    /// `lambda` parameters take no annotations and no type comments.
    pub(crate) fn parameters(&mut self, lambda: bool) -> P<Arguments> {
        let close = if lambda { T::COLON } else { T::RPAR };
        let mut a = Arguments::default();
        let mut plain: Vec<Arg> = Vec::new();
        let mut seen_default = false;
        let mut seen_star = false;
        loop {
            if self.at(close) {
                break;
            }
            let t = self.peek();
            match t.ty {
                T::SLASH => {
                    if seen_star {
                        return self.raise_tok("/ must be ahead of *", t);
                    }
                    if !a.posonlyargs.is_empty() {
                        return self.raise_tok("/ may appear only once", t);
                    }
                    if plain.is_empty() {
                        return self.raise_tok("at least one argument must precede /", t);
                    }
                    self.bump();
                    if self.at(T::STAR) {
                        let star = self.peek();
                        return self.raise_tok("expected comma between / and *", star);
                    }
                    a.posonlyargs = std::mem::take(&mut plain);
                }
                T::STAR => {
                    if seen_star {
                        return self.raise_tok("* argument may appear only once", t);
                    }
                    self.bump();
                    seen_star = true;
                    // invalid_star_etc: `*` then `)`, `,)` or `,**`. The lambda rule raises at
                    // the last token it read rather than at the `*`.
                    let bare = if self.at(close) {
                        Some(self.peek())
                    } else if self.at(T::COMMA) && {
                        let next = self.peek_n(1).ty;
                        next == close || next == T::DOUBLESTAR
                    } {
                        Some(self.peek_n(1))
                    } else {
                        None
                    };
                    if let Some(last) = bare {
                        let at = if lambda { last } else { t };
                        return self.raise_tok("named arguments must follow bare *", at);
                    }
                    if !self.at(T::COMMA) {
                        let arg = self.param(lambda, true)?;
                        if self.at(T::EQUAL) {
                            let eq = self.peek();
                            return self.raise_tok("var-positional argument cannot have default value", eq);
                        }
                        a.vararg = Some(Box::new(arg));
                    }
                }
                T::DOUBLESTAR => {
                    self.bump();
                    let arg = self.param(lambda, false)?;
                    if self.at(T::EQUAL) {
                        let eq = self.peek();
                        return self.raise_tok("var-keyword argument cannot have default value", eq);
                    }
                    a.kwarg = Some(Box::new(arg));
                    self.eat(T::COMMA);
                    self.param_type_comment(&mut a, lambda);
                    if !self.at(close) {
                        let t = self.peek();
                        return self.raise_tok("arguments cannot follow var-keyword argument", t);
                    }
                    break;
                }
                T::LPAR
                    if self.call_invalid_rules && !seen_star && !seen_default && a.posonlyargs.is_empty() =>
                {
                    return self.invalid_parenthesized_params(lambda);
                }
                _ => {
                    let arg = self.param(lambda, false)?;
                    let default = if let Some(eq) = self.eat(T::EQUAL) {
                        if matches!(self.peek_ty(), T::COMMA | T::RPAR) || self.at(close) {
                            return self.raise_tok("expected default value expression", eq);
                        }
                        Some(self.default_value(lambda)?)
                    } else {
                        None
                    };
                    if seen_star {
                        a.kwonlyargs.push(arg);
                        a.kw_defaults.push(default);
                    } else {
                        match default {
                            Some(d) => {
                                seen_default = true;
                                a.defaults.push(d);
                            }
                            None if seen_default => {
                                let l = arg.loc;
                                return self.raise_at("non-default argument follows default argument", l);
                            }
                            None => {}
                        }
                        plain.push(arg);
                    }
                }
            }
            let comma = self.eat(T::COMMA).is_some();
            // A type comment after a parameter belongs to it (param ',' TYPE_COMMENT? | param TYPE_COMMENT? &')').
            if !lambda && self.at(T::TYPE_COMMENT) {
                let tc = self.type_comment();
                let last = if let Some(k) = a.kwarg.as_deref_mut() {
                    Some(k)
                } else if seen_star && !a.kwonlyargs.is_empty() {
                    a.kwonlyargs.last_mut()
                } else if seen_star && a.vararg.is_some() {
                    a.vararg.as_deref_mut()
                } else if !plain.is_empty() {
                    plain.last_mut()
                } else {
                    a.posonlyargs.last_mut()
                };
                if let Some(arg) = last {
                    arg.type_comment = tc;
                }
            }
            if !comma {
                break;
            }
        }
        a.args = plain;
        Some(a)
    }

    /// invalid_parameters / invalid_lambda_parameters: `def f(a, (b, c))`. Fails without an
    /// error unless a parenthesised list of plain parameters follows.
    fn invalid_parenthesized_params<X>(&mut self, lambda: bool) -> P<X> {
        let open = self.bump();
        loop {
            self.param(lambda, false)?;
            if self.eat(T::COMMA).is_none() || self.at(T::RPAR) {
                break;
            }
        }
        let close = self.eat(T::RPAR)?;
        let msg = if lambda {
            "Lambda expression parameters cannot be parenthesized"
        } else {
            "Function parameters cannot be parenthesized"
        };
        self.raise_at(msg, open.loc().to(close.loc()))
    }

    fn param_type_comment(&mut self, a: &mut Arguments, lambda: bool) {
        if !lambda && self.at(T::TYPE_COMMENT) {
            let tc = self.type_comment();
            if let Some(k) = a.kwarg.as_deref_mut() {
                k.type_comment = tc;
            }
        }
    }

    /// param: NAME annotation? (`star` allows `*args: *Ts`).
    fn param(&mut self, lambda: bool, star: bool) -> P<Arg> {
        let start = self.mark();
        if !self.at_name() {
            return None;
        }
        let n = self.bump();
        let arg = self.ident(&n);
        let annotation = if !lambda && self.eat(T::COLON).is_some() {
            if star && self.at(T::STAR) {
                Some(boxed(self.star_expression()?))
            } else {
                Some(boxed(self.expression()?))
            }
        } else {
            None
        };
        Some(Arg { arg, annotation, type_comment: None, loc: self.loc_from(start) })
    }

    /// default: '=' expression. In a lambda, CPython's parser stack holds 6 more rules between
    /// the lambda's `expression` and its default's (lambdef, lambda_params, lambda_parameters,
    /// the alternative and its loop, lambda_param_with_default, default), so a chain of
    /// `lambda x=` costs 8 levels each: 747 of them are CPython's first MemoryError (3.11.7).
    fn default_value(&mut self, lambda: bool) -> P<Expr> {
        const LAMBDA_DEFAULT_LEVELS: u32 = 6;
        if !lambda {
            return self.expression();
        }
        if !self.enter_by(LAMBDA_DEFAULT_LEVELS) {
            return None;
        }
        let r = self.expression();
        self.leave_by(LAMBDA_DEFAULT_LEVELS);
        r
    }

    /// lambdef: 'lambda' [lambda_params] ':' expression
    pub(crate) fn lambdef(&mut self) -> P<Expr> {
        let start = self.mark();
        self.bump();
        let args = self.parameters(true)?;
        self.expect_colon()?;
        let body = self.expression()?;
        Some(Expr::new(ExprKind::Lambda { args: Box::new(args), body: boxed(body) }, self.loc_from(start)))
    }

    /// The `(bases, keywords)` of a class definition's argument list.
    pub(crate) fn class_arguments(&mut self) -> P<(Vec<Expr>, Vec<Keyword>)> {
        // The grammar of call arguments, without the call's lone generator expression.
        self.arguments_in_parens(false)
    }
}
