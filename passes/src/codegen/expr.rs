//! Expressions (`compiler_visit_expr` and helpers): operators, comparisons, boolean operators
//! and conditional jumps (`compiler_jump_if`), displays, subscripts, f-strings, yield and await.

use super::unit::{ScopeType, JUMP, POP_JUMP_IF_FALSE, POP_JUMP_IF_TRUE};
use super::{const_value, Compiler, R};
use pyrite_ir::ast::{self, BoolOp, CmpOp, Expr, ExprContext, ExprKind, Operator, UnaryOp};
use pyrite_ir::cfg::{BlockId, Opcode};
use pyrite_ir::code::Constant;

/// `STACK_USE_GUIDELINE`.
pub(super) const STACK_USE_GUIDELINE: usize = 30;

impl<'a> Compiler<'a> {
    /// `compiler_visit_expr`: the expression at its own location, the location restored after.
    pub(super) fn expr(&mut self, e: &'a Expr) -> R {
        let saved = self.loc();
        self.set_loc(e.loc);
        let r = self.expr1(e);
        self.restore_loc(saved);
        r
    }

    fn expr1(&mut self, e: &'a Expr) -> R {
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                self.addop_i(self.ops.COPY, 1);
                self.expr(target)?;
            }
            ExprKind::BoolOp { op, values } => self.boolop(*op, values)?,
            ExprKind::BinOp { left, op, right } => {
                self.expr(left)?;
                self.expr(right)?;
                self.binop(*op, false);
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                let o = match op {
                    UnaryOp::Invert => self.ops.UNARY_INVERT,
                    UnaryOp::Not => self.ops.UNARY_NOT,
                    UnaryOp::UAdd => self.ops.UNARY_POSITIVE,
                    UnaryOp::USub => self.ops.UNARY_NEGATIVE,
                };
                self.addop(o);
            }
            ExprKind::Lambda { args, body } => self.lambda(e, args, body)?,
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_block();
                let next = self.new_block();
                self.jump_if(test, next, false)?;
                self.expr(body)?;
                self.addop_j_noline(JUMP, end);
                self.use_next_block(next);
                self.expr(orelse)?;
                self.use_next_block(end);
            }
            ExprKind::Dict(d) => self.dict(&d.keys, &d.values)?,
            ExprKind::Set { elts } => {
                self.starunpack(elts, 0, self.ops.BUILD_SET, self.ops.SET_ADD, self.ops.SET_UPDATE, false)?
            }
            ExprKind::GeneratorExp { .. }
            | ExprKind::ListComp { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::DictComp { .. } => self.comprehension(e)?,
            ExprKind::Yield { value } => {
                if self.ur().ste.kind != crate::symtable::BlockKind::Function {
                    return Err(self.error("'yield' outside function"));
                }
                match value {
                    Some(v) => self.expr(v)?,
                    None => self.load_none(),
                }
                self.addop_yield();
            }
            ExprKind::YieldFrom { value } => {
                if self.ur().ste.kind != crate::symtable::BlockKind::Function {
                    return Err(self.error("'yield' outside function"));
                }
                if self.scope_type() == ScopeType::AsyncFunction {
                    return Err(self.error("'yield from' inside async function"));
                }
                self.expr(value)?;
                self.addop(self.ops.GET_YIELD_FROM_ITER);
                self.load_none();
                self.yield_from(false);
            }
            ExprKind::Await { value } => {
                if self.ur().ste.kind != crate::symtable::BlockKind::Function {
                    return Err(self.error("'await' outside function"));
                }
                if !matches!(self.scope_type(), ScopeType::AsyncFunction | ScopeType::Comprehension) {
                    return Err(self.error("'await' outside async function"));
                }
                self.expr(value)?;
                self.addop_i(self.ops.GET_AWAITABLE, 0);
                self.load_none();
                self.yield_from(true);
            }
            ExprKind::Compare(c) => self.compare(e, c)?,
            ExprKind::Call(c) => self.call(e, c)?,
            ExprKind::Constant { value, .. } => self.load_literal(const_value(value)),
            ExprKind::JoinedStr { values } => self.joined_str(values)?,
            ExprKind::FormattedValue { value, conversion, format_spec } => {
                self.expr(value)?;
                let mut oparg = match *conversion {
                    115 => 1, // 's'
                    114 => 2, // 'r'
                    97 => 3,  // 'a'
                    _ => 0,
                };
                if let Some(spec) = format_spec {
                    self.expr(spec)?;
                    oparg |= 4;
                }
                self.addop_i(self.ops.FORMAT_VALUE, oparg);
            }
            ExprKind::Attribute { value, attr, ctx } => {
                self.expr(value)?;
                self.update_start_location_to_match_attr(e);
                match ctx {
                    ExprContext::Load => self.addop_name(self.ops.LOAD_ATTR, attr),
                    ExprContext::Store => {
                        if &**attr == "__debug__" {
                            return Err(self.error("cannot assign to __debug__"));
                        }
                        self.addop_name(self.ops.STORE_ATTR, attr)
                    }
                    ExprContext::Del => self.addop_name(self.ops.DELETE_ATTR, attr),
                }
            }
            ExprKind::Subscript { value, slice, ctx } => {
                if *ctx == ExprContext::Load {
                    self.check_subscripter(value);
                    self.check_index(value, slice);
                }
                let op = match ctx {
                    ExprContext::Load => self.ops.BINARY_SUBSCR,
                    ExprContext::Store => self.ops.STORE_SUBSCR,
                    ExprContext::Del => self.ops.DELETE_SUBSCR,
                };
                self.expr(value)?;
                self.expr(slice)?;
                self.addop(op);
            }
            ExprKind::Starred { ctx, .. } => {
                return Err(self.error(match ctx {
                    ExprContext::Store => "starred assignment target must be in a list or tuple",
                    _ => "can't use starred expression here",
                }))
            }
            ExprKind::Slice { lower, upper, step } => {
                match lower {
                    Some(l) => self.expr(l)?,
                    None => self.load_none(),
                }
                match upper {
                    Some(u) => self.expr(u)?,
                    None => self.load_none(),
                }
                let mut n = 2;
                if let Some(s) = step {
                    n += 1;
                    self.expr(s)?;
                }
                self.addop_i(self.ops.BUILD_SLICE, n);
            }
            ExprKind::Name { id, ctx } => self.nameop(id, *ctx)?,
            // Lists and tuples share compiler_list/compiler_tuple's shape: a tuple is built as a
            // list and converted (the last argument) when it has starred items.
            ExprKind::List { elts, ctx } | ExprKind::Tuple { elts, ctx } => match ctx {
                ExprContext::Store => self.assignment_helper(elts)?,
                ExprContext::Load => self.starunpack(
                    elts,
                    0,
                    self.ops.BUILD_LIST,
                    self.ops.LIST_APPEND,
                    self.ops.LIST_EXTEND,
                    matches!(e.kind, ExprKind::Tuple { .. }),
                )?,
                ExprContext::Del => {
                    for x in elts {
                        self.expr(x)?;
                    }
                }
            },
        }
        Ok(())
    }

    /// `addop_yield`.
    pub(super) fn addop_yield(&mut self) {
        if self.ur().ste.generator && self.ur().coroutine {
            self.addop(self.ops.ASYNC_GEN_WRAP);
        }
        self.addop(self.ops.YIELD_VALUE);
        self.addop_i(self.ops.RESUME, 1);
    }

    /// `addop_binary`: BINARY_OP with the NB_* argument of the operator.
    pub(super) fn binop(&mut self, op: Operator, inplace: bool) {
        let sym = match op {
            Operator::Add => "+",
            Operator::Sub => "-",
            Operator::Mult => "*",
            Operator::MatMult => "@",
            Operator::Div => "/",
            Operator::Mod => "%",
            Operator::Pow => "**",
            Operator::LShift => "<<",
            Operator::RShift => ">>",
            Operator::BitOr => "|",
            Operator::BitXor => "^",
            Operator::BitAnd => "&",
            Operator::FloorDiv => "//",
        };
        let want = if inplace { format!("{sym}=") } else { sym.to_string() };
        let arg = self.nb_ops.iter().position(|(_, s)| *s == want).unwrap_or(0) as u32;
        self.addop_i(self.ops.BINARY_OP, arg);
    }

    /// `compiler_addcompare`.
    pub(super) fn addcompare(&mut self, op: CmpOp) {
        let sym = match op {
            CmpOp::Is => return self.addop_i(self.ops.IS_OP, 0),
            CmpOp::IsNot => return self.addop_i(self.ops.IS_OP, 1),
            CmpOp::In => return self.addop_i(self.ops.CONTAINS_OP, 0),
            CmpOp::NotIn => return self.addop_i(self.ops.CONTAINS_OP, 1),
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
        };
        let arg = self.cmp_ops.iter().position(|s| *s == sym).unwrap_or(0) as u32;
        self.addop_i(self.ops.COMPARE_OP, arg);
    }

    /// `check_compare`: `is` with a literal warns.
    fn check_compare(&mut self, c: &ast::Compare) {
        fn is_arg(e: &Expr) -> bool {
            match &e.kind {
                ExprKind::Constant { value, .. } => matches!(
                    value,
                    ast::Constant::None
                        | ast::Constant::True
                        | ast::Constant::False
                        | ast::Constant::Ellipsis
                ),
                _ => true,
            }
        }
        let mut left = is_arg(&c.left);
        for (op, right_e) in c.ops.iter().zip(&c.comparators) {
            let right = is_arg(right_e);
            if matches!(op, CmpOp::Is | CmpOp::IsNot) && (!left || !right) {
                self.warn(if *op == CmpOp::Is {
                    "\"is\" with a literal. Did you mean \"==\"?"
                } else {
                    "\"is not\" with a literal. Did you mean \"!=\"?"
                });
                return;
            }
            left = right;
        }
    }

    /// `compiler_compare`.
    fn compare(&mut self, _e: &'a Expr, c: &'a ast::Compare) -> R {
        self.check_compare(c);
        self.expr(&c.left)?;
        let n = c.ops.len() - 1;
        if n == 0 {
            self.expr(&c.comparators[0])?;
            self.addcompare(c.ops[0]);
            return Ok(());
        }
        let cleanup = self.new_block();
        for i in 0..n {
            self.expr(&c.comparators[i])?;
            self.addop_i(self.ops.SWAP, 2);
            self.addop_i(self.ops.COPY, 2);
            self.addcompare(c.ops[i]);
            self.addop_j(self.ops.JUMP_IF_FALSE_OR_POP, cleanup);
        }
        self.expr(&c.comparators[n])?;
        self.addcompare(c.ops[n]);
        let end = self.new_block();
        self.addop_j_noline(JUMP, end);
        self.use_next_block(cleanup);
        self.addop_i(self.ops.SWAP, 2);
        self.addop(self.ops.POP_TOP);
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_jump_if`: jumps to `next` when `e` is truthy (`cond`) or falsy (`!cond`).
    pub(super) fn jump_if(&mut self, e: &'a Expr, next: BlockId, cond: bool) -> R {
        match &e.kind {
            ExprKind::UnaryOp { op: UnaryOp::Not, operand } => return self.jump_if(operand, next, !cond),
            ExprKind::BoolOp { op, values } => {
                let n = values.len() - 1;
                let cond2 = *op == BoolOp::Or;
                let next2 = if cond2 != cond { self.new_block() } else { next };
                for v in &values[..n] {
                    self.jump_if(v, next2, cond2)?;
                }
                self.jump_if(&values[n], next, cond)?;
                if next2 != next {
                    self.use_next_block(next2);
                }
                return Ok(());
            }
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_block();
                let next2 = self.new_block();
                self.jump_if(test, next2, false)?;
                self.jump_if(body, next, cond)?;
                self.addop_j_noline(JUMP, end);
                self.use_next_block(next2);
                self.jump_if(orelse, next, cond)?;
                self.use_next_block(end);
                return Ok(());
            }
            ExprKind::Compare(c) if c.ops.len() > 1 => {
                self.set_loc(e.loc);
                let n = c.ops.len() - 1;
                self.check_compare(c);
                let cleanup = self.new_block();
                self.expr(&c.left)?;
                for i in 0..n {
                    self.expr(&c.comparators[i])?;
                    self.addop_i(self.ops.SWAP, 2);
                    self.addop_i(self.ops.COPY, 2);
                    self.addcompare(c.ops[i]);
                    self.addop_j(POP_JUMP_IF_FALSE, cleanup);
                }
                self.expr(&c.comparators[n])?;
                self.addcompare(c.ops[n]);
                self.addop_j(if cond { POP_JUMP_IF_TRUE } else { POP_JUMP_IF_FALSE }, next);
                let end = self.new_block();
                self.addop_j_noline(JUMP, end);
                self.use_next_block(cleanup);
                self.addop(self.ops.POP_TOP);
                if !cond {
                    self.addop_j_noline(JUMP, next);
                }
                self.use_next_block(end);
                return Ok(());
            }
            ExprKind::Compare(_) => self.set_loc(e.loc),
            _ => {}
        }
        self.expr(e)?;
        self.addop_j(if cond { POP_JUMP_IF_TRUE } else { POP_JUMP_IF_FALSE }, next);
        Ok(())
    }

    /// `compiler_boolop`.
    fn boolop(&mut self, op: BoolOp, values: &'a [Expr]) -> R {
        let jumpi =
            if op == BoolOp::And { self.ops.JUMP_IF_FALSE_OR_POP } else { self.ops.JUMP_IF_TRUE_OR_POP };
        let end = self.new_block();
        let n = values.len() - 1;
        for v in &values[..n] {
            self.expr(v)?;
            self.addop_j(jumpi, end);
            let next = self.new_block();
            self.use_next_block(next);
        }
        self.expr(&values[n])?;
        self.use_next_block(end);
        Ok(())
    }

    /// `starunpack_helper`: a list, tuple or set display (or positional call arguments).
    pub(super) fn starunpack(
        &mut self,
        elts: &'a [Expr],
        pushed: u32,
        build: Opcode,
        add: Opcode,
        extend: Opcode,
        tuple: bool,
    ) -> R {
        let n = elts.len();
        if n > 2 && elts.iter().all(|e| matches!(e.kind, ExprKind::Constant { .. })) {
            let items: Vec<Constant> = elts
                .iter()
                .map(|e| match &e.kind {
                    ExprKind::Constant { value, .. } => const_value(value),
                    _ => unreachable!("checked constant"),
                })
                .collect();
            if tuple && pushed == 0 {
                self.load_literal(Constant::Tuple(items));
            } else {
                let folded = if add == self.ops.SET_ADD { frozenset(items) } else { Constant::Tuple(items) };
                self.addop_i(build, pushed);
                self.load_literal(folded);
                self.addop_i(extend, 1);
                if tuple {
                    self.addop(self.ops.LIST_TO_TUPLE);
                }
            }
            return Ok(());
        }
        let big = n + pushed as usize > STACK_USE_GUIDELINE;
        let seen_star = elts.iter().any(|e| matches!(e.kind, ExprKind::Starred { .. }));
        if !seen_star && !big {
            for e in elts {
                self.expr(e)?;
            }
            let op = if tuple { self.ops.BUILD_TUPLE } else { build };
            self.addop_i(op, n as u32 + pushed);
            return Ok(());
        }
        let mut built = false;
        if big {
            self.addop_i(build, pushed);
            built = true;
        }
        for (i, e) in elts.iter().enumerate() {
            if let ExprKind::Starred { value, .. } = &e.kind {
                if !built {
                    self.addop_i(build, i as u32 + pushed);
                    built = true;
                }
                self.expr(value)?;
                self.addop_i(extend, 1);
            } else {
                self.expr(e)?;
                if built {
                    self.addop_i(add, 1);
                }
            }
        }
        if tuple {
            self.addop(self.ops.LIST_TO_TUPLE);
        }
        Ok(())
    }

    /// `unpack_helper` + `assignment_helper`.
    fn assignment_helper(&mut self, elts: &'a [Expr]) -> R {
        let n = elts.len();
        let mut seen_star = false;
        for (i, e) in elts.iter().enumerate() {
            if matches!(e.kind, ExprKind::Starred { .. }) {
                if seen_star {
                    return Err(self.error("multiple starred expressions in assignment"));
                }
                if i >= 1 << 8 || n - i > (i32::MAX >> 8) as usize {
                    return Err(self.error("too many expressions in star-unpacking assignment"));
                }
                self.addop_i(self.ops.UNPACK_EX, (i + ((n - i - 1) << 8)) as u32);
                seen_star = true;
            }
        }
        if !seen_star {
            self.addop_i(self.ops.UNPACK_SEQUENCE, n as u32);
        }
        for e in elts {
            match &e.kind {
                ExprKind::Starred { value, .. } => self.expr(value)?,
                _ => self.expr(e)?,
            }
        }
        Ok(())
    }

    /// `compiler_subdict`: keys and values `begin..end` of a dict display.
    fn subdict(&mut self, keys: &'a [Option<Expr>], values: &'a [Expr], begin: usize, end: usize) -> R {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        let all_const =
            keys[begin..end].iter().all(|k| matches!(k, Some(Expr { kind: ExprKind::Constant { .. }, .. })));
        if n > 1 && !big && all_const {
            for v in &values[begin..end] {
                self.expr(v)?;
            }
            let ks = keys[begin..end]
                .iter()
                .map(|k| match k {
                    Some(Expr { kind: ExprKind::Constant { value, .. }, .. }) => const_value(value),
                    _ => unreachable!("checked constant"),
                })
                .collect();
            self.load_literal(Constant::Tuple(ks));
            self.addop_i(self.ops.BUILD_CONST_KEY_MAP, n as u32);
            return Ok(());
        }
        if big {
            self.addop_i(self.ops.BUILD_MAP, 0);
        }
        for i in begin..end {
            if let Some(k) = &keys[i] {
                self.expr(k)?;
            }
            self.expr(&values[i])?;
            if big {
                self.addop_i(self.ops.MAP_ADD, 1);
            }
        }
        if !big {
            self.addop_i(self.ops.BUILD_MAP, n as u32);
        }
        Ok(())
    }

    /// `compiler_dict`.
    fn dict(&mut self, keys: &'a [Option<Expr>], values: &'a [Expr]) -> R {
        let n = values.len();
        let mut have_dict = false;
        let mut elements = 0;
        for i in 0..n {
            if keys[i].is_none() {
                if elements > 0 {
                    self.subdict(keys, values, i - elements, i)?;
                    if have_dict {
                        self.addop_i(self.ops.DICT_UPDATE, 1);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.addop_i(self.ops.BUILD_MAP, 0);
                    have_dict = true;
                }
                self.expr(&values[i])?;
                self.addop_i(self.ops.DICT_UPDATE, 1);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(keys, values, i - elements, i + 1)?;
                if have_dict {
                    self.addop_i(self.ops.DICT_UPDATE, 1);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(keys, values, n - elements, n)?;
            if have_dict {
                self.addop_i(self.ops.DICT_UPDATE, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.addop_i(self.ops.BUILD_MAP, 0);
        }
        Ok(())
    }

    /// `compiler_joined_str`.
    fn joined_str(&mut self, values: &'a [Expr]) -> R {
        if values.len() > STACK_USE_GUIDELINE {
            self.load_str("");
            self.addop_name(self.ops.LOAD_METHOD, "join");
            self.addop_i(self.ops.BUILD_LIST, 0);
            for v in values {
                self.expr(v)?;
                self.addop_i(self.ops.LIST_APPEND, 1);
            }
            self.addop_i(self.ops.PRECALL, 1);
            self.addop_i(self.ops.CALL, 1);
        } else {
            for v in values {
                self.expr(v)?;
            }
            if values.len() != 1 {
                self.addop_i(self.ops.BUILD_STRING, values.len() as u32);
            }
        }
        Ok(())
    }

    /// `update_start_location_to_match_attr`.
    pub(super) fn update_start_location_to_match_attr(&mut self, attr: &Expr) {
        let ExprKind::Attribute { attr: name, .. } = &attr.kind else { return };
        let u = self.u();
        let end_lineno = attr.loc.end_lineno as i32;
        if u.loc.lineno != end_lineno {
            u.loc.lineno = end_lineno;
            let len = name.chars().count() as i32;
            let end_col = attr.loc.end_col_offset as i32;
            if len <= end_col {
                u.loc.col_offset = end_col - len;
            } else {
                u.loc.col_offset = -1;
                u.loc.end_col_offset = -1;
            }
            u.loc.end_lineno = u.loc.lineno.max(u.loc.end_lineno);
            if u.loc.lineno == u.loc.end_lineno {
                u.loc.end_col_offset = u.loc.col_offset.max(u.loc.end_col_offset);
            }
        }
    }

    fn check_subscripter(&mut self, e: &Expr) {
        let name = match &e.kind {
            ExprKind::Constant { value, .. } => match value {
                ast::Constant::None => "NoneType",
                ast::Constant::Ellipsis => "ellipsis",
                ast::Constant::Int(_) | ast::Constant::BigInt(_) => "int",
                ast::Constant::True | ast::Constant::False => "bool",
                ast::Constant::Float(_) => "float",
                ast::Constant::Complex(_) => "complex",
                ast::Constant::FrozenSet(_) => "frozenset",
                _ => return,
            },
            ExprKind::Set { .. } => "set",
            ExprKind::SetComp { .. } => "set",
            ExprKind::GeneratorExp { .. } => "generator",
            ExprKind::Lambda { .. } => "function",
            _ => return,
        };
        self.warn(format!("'{name}' object is not subscriptable; perhaps you missed a comma?"));
    }

    fn check_index(&mut self, e: &Expr, s: &Expr) {
        let index_type = match &s.kind {
            ExprKind::Tuple { .. } => "tuple",
            ExprKind::List { .. } | ExprKind::ListComp { .. } => "list",
            ExprKind::Dict(_) | ExprKind::DictComp { .. } => "dict",
            ExprKind::Set { .. } | ExprKind::SetComp { .. } => "set",
            ExprKind::GeneratorExp { .. } => "generator",
            ExprKind::Lambda { .. } => "function",
            ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "str",
            ExprKind::Constant { value, .. } => match value {
                ast::Constant::None => "NoneType",
                ast::Constant::Ellipsis => "ellipsis",
                ast::Constant::Float(_) => "float",
                ast::Constant::Complex(_) => "complex",
                ast::Constant::Str(_) | ast::Constant::SurrogateStr(_) => "str",
                ast::Constant::Bytes(_) => "bytes",
                ast::Constant::Tuple(_) => "tuple",
                ast::Constant::FrozenSet(_) => "frozenset",
                _ => return,
            },
            _ => return,
        };
        let container = match &e.kind {
            ExprKind::Constant { value, .. } => match value {
                ast::Constant::Str(_) | ast::Constant::SurrogateStr(_) => "str",
                ast::Constant::Bytes(_) => "bytes",
                ast::Constant::Tuple(_) => "tuple",
                _ => return,
            },
            ExprKind::Tuple { .. } => "tuple",
            ExprKind::List { .. } | ExprKind::ListComp { .. } => "list",
            ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "str",
            _ => return,
        };
        self.warn(format!(
            "{container} indices must be integers or slices, not {index_type}; perhaps you missed a comma?"
        ));
    }
}

/// A frozenset constant of `items` (duplicates by value dropped, first kept).
pub(super) fn frozenset(items: Vec<Constant>) -> Constant {
    let mut out: Vec<Constant> = Vec::new();
    for it in items {
        if !out.iter().any(|o| py_eq(o, &it)) {
            out.push(it);
        }
    }
    Constant::FrozenSet(out)
}

/// Python `==` on constants, enough for set construction (numbers compare across types).
fn py_eq(a: &Constant, b: &Constant) -> bool {
    fn num(c: &Constant) -> Option<(f64, f64)> {
        match c {
            Constant::Bool(b) => Some((f64::from(u8::from(*b)), 0.0)),
            Constant::Int(i) => i.as_i64().map(|v| (v as f64, 0.0)),
            Constant::Float(f) => Some((*f, 0.0)),
            Constant::Complex { real, imag } => Some((*real, *imag)),
            _ => None,
        }
    }
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}
