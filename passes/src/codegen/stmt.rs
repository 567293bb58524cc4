//! Statements (`compiler_visit_stmt` and the simple statement helpers): assignments, imports,
//! `if`/`for`/`while`, `return`/`break`/`continue`, `raise`, `assert`, expression statements.

use super::unit::{FBlockKind, FbDatum, ScopeType, JUMP, POP_BLOCK, SETUP_FINALLY};
use super::{const_value, Compiler, R};
use pyrite_ir::ast::{Alias, Expr, ExprContext, ExprKind, Stmt, StmtKind};
use pyrite_ir::code::Constant;
use pyrite_ir::pyint::PyInt;

impl<'a> Compiler<'a> {
    /// `compiler_visit_stmt`.
    pub(super) fn stmt(&mut self, s: &'a Stmt) -> R {
        self.set_loc(s.loc);
        let o_pop = self.ops.POP_TOP;
        match &s.kind {
            StmtKind::FunctionDef(f) => self.function(s, f, false),
            StmtKind::AsyncFunctionDef(f) => self.function(s, f, true),
            StmtKind::ClassDef(c) => self.class(s, c),
            StmtKind::Return { value } => self.return_stmt(s, value.as_deref()),
            StmtKind::Delete { targets } => {
                for t in targets {
                    self.expr(t)?;
                }
                Ok(())
            }
            StmtKind::Assign { targets, value, .. } => {
                self.expr(value)?;
                let n = targets.len();
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < n {
                        self.addop_i(self.ops.COPY, 1);
                    }
                    self.expr(t)?;
                }
                Ok(())
            }
            StmtKind::AugAssign { target, op, value } => self.augassign(target, *op, value),
            StmtKind::AnnAssign { target, annotation, value, simple } => {
                self.annassign(target, annotation, value.as_deref(), *simple)
            }
            StmtKind::For(f) => self.for_stmt(f),
            StmtKind::AsyncFor(f) => self.async_for(f),
            StmtKind::While { test, body, orelse } => self.while_stmt(s, test, body, orelse),
            StmtKind::If { test, body, orelse } => self.if_stmt(test, body, orelse),
            StmtKind::Match { subject, cases } => self.match_stmt(subject, cases),
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(e) = exc {
                    self.expr(e)?;
                    n += 1;
                    if let Some(c) = cause {
                        self.expr(c)?;
                        n += 1;
                    }
                }
                self.addop_i(self.ops.RAISE_VARARGS, n);
                Ok(())
            }
            StmtKind::Try(t) => {
                if t.finalbody.is_empty() {
                    self.try_except(t)
                } else {
                    self.try_finally(t)
                }
            }
            StmtKind::TryStar(t) => {
                if t.finalbody.is_empty() {
                    self.try_star_except(t)
                } else {
                    self.try_star_finally(t)
                }
            }
            StmtKind::Assert { test, msg } => self.assert_stmt(test, msg.as_deref()),
            StmtKind::Import { names } => self.import(names),
            StmtKind::ImportFrom { module, names, level } => {
                self.import_from(s, module.as_deref(), names, *level)
            }
            StmtKind::Global { .. } | StmtKind::Nonlocal { .. } => Ok(()),
            StmtKind::Expr { value } => {
                if self.interactive && self.units.len() <= 1 {
                    self.expr(value)?;
                    self.addop(self.ops.PRINT_EXPR);
                    return Ok(());
                }
                if matches!(value.kind, ExprKind::Constant { .. }) {
                    self.addop(self.ops.NOP);
                    return Ok(());
                }
                self.expr(value)?;
                self.unset_loc();
                self.addop(o_pop);
                Ok(())
            }
            StmtKind::Pass => {
                self.addop(self.ops.NOP);
                Ok(())
            }
            StmtKind::Break => self.break_stmt(),
            StmtKind::Continue => self.continue_stmt(),
            StmtKind::With(w) => self.with(s, w, 0),
            StmtKind::AsyncWith(w) => self.async_with(s, w, 0),
        }
    }

    /// `compiler_augassign`.
    fn augassign(&mut self, target: &'a Expr, op: pyrite_ir::ast::Operator, value: &'a Expr) -> R {
        let saved = self.loc();
        self.set_loc(target.loc);
        match &target.kind {
            ExprKind::Attribute { value: obj, attr, .. } => {
                self.expr(obj)?;
                self.addop_i(self.ops.COPY, 1);
                self.update_start_location_to_match_attr(target);
                self.addop_name(self.ops.LOAD_ATTR, attr);
            }
            ExprKind::Subscript { value: obj, slice, .. } => {
                self.expr(obj)?;
                self.expr(slice)?;
                self.addop_i(self.ops.COPY, 2);
                self.addop_i(self.ops.COPY, 2);
                self.addop(self.ops.BINARY_SUBSCR);
            }
            ExprKind::Name { id, .. } => self.nameop(id, ExprContext::Load)?,
            _ => return Err(self.error("invalid node type for augmented assignment")),
        }
        self.restore_loc(saved);
        self.expr(value)?;
        self.binop(op, true);
        self.set_loc(target.loc);
        match &target.kind {
            ExprKind::Attribute { attr, .. } => {
                self.update_start_location_to_match_attr(target);
                self.addop_i(self.ops.SWAP, 2);
                self.addop_name(self.ops.STORE_ATTR, attr);
            }
            ExprKind::Subscript { .. } => {
                self.addop_i(self.ops.SWAP, 3);
                self.addop_i(self.ops.SWAP, 2);
                self.addop(self.ops.STORE_SUBSCR);
            }
            ExprKind::Name { id, .. } => self.nameop(id, ExprContext::Store)?,
            _ => {}
        }
        Ok(())
    }

    fn check_ann_expr(&mut self, e: &'a Expr) -> R {
        self.expr(e)?;
        self.addop(self.ops.POP_TOP);
        Ok(())
    }

    fn check_ann_subscr(&mut self, e: &'a Expr) -> R {
        match &e.kind {
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.check_ann_expr(part)?;
                }
                Ok(())
            }
            ExprKind::Tuple { elts, .. } => {
                for x in elts {
                    self.check_ann_subscr(x)?;
                }
                Ok(())
            }
            _ => self.check_ann_expr(e),
        }
    }

    /// `compiler_annassign`.
    fn annassign(
        &mut self,
        target: &'a Expr,
        annotation: &'a Expr,
        value: Option<&'a Expr>,
        simple: bool,
    ) -> R {
        if let Some(v) = value {
            self.expr(v)?;
            self.expr(target)?;
        }
        let future_ann = self.st.future.annotations();
        match &target.kind {
            ExprKind::Name { id, .. } => {
                if &**id == "__debug__" {
                    return Err(self.error("cannot assign to __debug__"));
                }
                if simple && matches!(self.scope_type(), ScopeType::Module | ScopeType::Class) {
                    if future_ann {
                        self.annexpr(annotation)?;
                    } else {
                        self.expr(annotation)?;
                    }
                    self.addop_name(self.ops.LOAD_NAME, "__annotations__");
                    let m = self.mangle(id).into_owned();
                    self.load_str(&m);
                    self.addop(self.ops.STORE_SUBSCR);
                }
            }
            ExprKind::Attribute { value: obj, attr, .. } => {
                if &**attr == "__debug__" {
                    return Err(self.error("cannot assign to __debug__"));
                }
                if value.is_none() {
                    self.check_ann_expr(obj)?;
                }
            }
            ExprKind::Subscript { value: obj, slice, .. } => {
                if value.is_none() {
                    self.check_ann_expr(obj)?;
                    self.check_ann_subscr(slice)?;
                }
            }
            _ => return Err(self.error("invalid node type for annotated assignment")),
        }
        if !simple && !future_ann && matches!(self.scope_type(), ScopeType::Module | ScopeType::Class) {
            self.check_ann_expr(annotation)?;
        }
        Ok(())
    }

    /// `compiler_visit_annexpr`: the annotation as a string (PEP 563).
    pub(super) fn annexpr(&mut self, e: &'a Expr) -> R {
        let text = crate::unparse::unparse_expr(e).map_err(|err| self.error(err.to_string()))?;
        self.load_str(&text);
        Ok(())
    }

    /// `compiler_if`.
    fn if_stmt(&mut self, test: &'a Expr, body: &'a [Stmt], orelse: &'a [Stmt]) -> R {
        let end = self.new_block();
        let next = if orelse.is_empty() { end } else { self.new_block() };
        self.jump_if(test, next, false)?;
        self.stmts(body)?;
        if !orelse.is_empty() {
            self.addop_j_noline(JUMP, end);
            self.use_next_block(next);
            self.stmts(orelse)?;
        }
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_for`.
    fn for_stmt(&mut self, f: &'a pyrite_ir::ast::For) -> R {
        let start = self.new_block();
        let body = self.new_block();
        let cleanup = self.new_block();
        let end = self.new_block();
        self.push_fblock(FBlockKind::ForLoop, Some(start), Some(end), FbDatum::None)?;
        self.expr(&f.iter)?;
        self.addop(self.ops.GET_ITER);
        self.use_next_block(start);
        self.addop_j(self.ops.FOR_ITER, cleanup);
        self.use_next_block(body);
        self.expr(&f.target)?;
        self.stmts(&f.body)?;
        self.unset_loc();
        self.addop_j(JUMP, start);
        self.use_next_block(cleanup);
        self.pop_fblock();
        self.stmts(&f.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_async_for`.
    fn async_for(&mut self, f: &'a pyrite_ir::ast::For) -> R {
        if self.scope_type() != ScopeType::AsyncFunction {
            return Err(self.error("'async for' outside async function"));
        }
        let start = self.new_block();
        let except = self.new_block();
        let end = self.new_block();
        self.expr(&f.iter)?;
        self.addop(self.ops.GET_AITER);
        self.use_next_block(start);
        self.push_fblock(FBlockKind::ForLoop, Some(start), Some(end), FbDatum::None)?;
        self.addop_j(SETUP_FINALLY, except);
        self.addop(self.ops.GET_ANEXT);
        self.load_none();
        self.yield_from(true);
        self.addop(POP_BLOCK);
        self.expr(&f.target)?;
        self.stmts(&f.body)?;
        self.unset_loc();
        self.addop_j(JUMP, start);
        self.pop_fblock();
        self.use_next_block(except);
        self.set_loc(f.iter.loc);
        self.addop(self.ops.END_ASYNC_FOR);
        self.stmts(&f.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_while`.
    fn while_stmt(&mut self, s: &'a Stmt, test: &'a Expr, body: &'a [Stmt], orelse: &'a [Stmt]) -> R {
        let lp = self.new_block();
        let body_b = self.new_block();
        let anchor = self.new_block();
        let end = self.new_block();
        self.use_next_block(lp);
        self.push_fblock(FBlockKind::WhileLoop, Some(lp), Some(end), FbDatum::None)?;
        self.jump_if(test, anchor, false)?;
        self.use_next_block(body_b);
        self.stmts(body)?;
        self.set_loc(s.loc);
        self.jump_if(test, body_b, true)?;
        self.pop_fblock();
        self.use_next_block(anchor);
        self.stmts(orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_return`.
    fn return_stmt(&mut self, s: &'a Stmt, value: Option<&'a Expr>) -> R {
        let preserve_tos = value.is_some_and(|v| !matches!(v.kind, ExprKind::Constant { .. }));
        let ste = self.ur().ste;
        if ste.kind != crate::symtable::BlockKind::Function {
            return Err(self.error("'return' outside function"));
        }
        if value.is_some() && self.ur().coroutine && ste.generator {
            return Err(self.error("'return' with value in async generator"));
        }
        if preserve_tos {
            self.expr(value.expect("checked"))?;
        } else if let Some(v) = value {
            self.set_loc(v.loc);
            self.addop(self.ops.NOP);
        }
        if value.is_none_or(|v| v.loc.lineno != s.loc.lineno) {
            self.set_loc(s.loc);
            self.addop(self.ops.NOP);
        }
        self.unwind_fblock_stack(preserve_tos, false)?;
        match value {
            None => self.load_none(),
            Some(v) if !preserve_tos => {
                if let ExprKind::Constant { value: c, .. } = &v.kind {
                    self.load_literal(const_value(c));
                }
            }
            _ => {}
        }
        self.addop(self.ops.RETURN_VALUE);
        Ok(())
    }

    /// `compiler_break`.
    fn break_stmt(&mut self) -> R {
        let saved = self.loc();
        self.addop(self.ops.NOP);
        let Some(lp) = self.unwind_fblock_stack(false, true)? else {
            self.restore_loc(saved);
            return Err(self.error("'break' outside loop"));
        };
        self.unwind_fblock(&lp, false)?;
        self.addop_j(JUMP, lp.exit.expect("loops have an exit"));
        Ok(())
    }

    /// `compiler_continue`.
    fn continue_stmt(&mut self) -> R {
        let saved = self.loc();
        self.addop(self.ops.NOP);
        let Some(lp) = self.unwind_fblock_stack(false, true)? else {
            self.restore_loc(saved);
            return Err(self.error("'continue' not properly in loop"));
        };
        self.addop_j(JUMP, lp.block.expect("loops have a start"));
        Ok(())
    }

    /// `compiler_assert`.
    fn assert_stmt(&mut self, test: &'a Expr, msg: Option<&'a Expr>) -> R {
        let nonempty_tuple = match &test.kind {
            ExprKind::Tuple { elts, .. } => !elts.is_empty(),
            ExprKind::Constant { value: pyrite_ir::ast::Constant::Tuple(items), .. } => !items.is_empty(),
            _ => false,
        };
        if nonempty_tuple {
            self.warn("assertion is always true, perhaps remove parentheses?");
        }
        if self.optimize > 0 {
            return Ok(());
        }
        let end = self.new_block();
        self.jump_if(test, end, true)?;
        self.addop(self.ops.LOAD_ASSERTION_ERROR);
        if let Some(m) = msg {
            self.expr(m)?;
            self.addop_i(self.ops.PRECALL, 0);
            self.addop_i(self.ops.CALL, 0);
        }
        // 3.11.7 raises at the statement's location (earlier 3.11 releases used the test's).
        self.addop_i(self.ops.RAISE_VARARGS, 1);
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_import`.
    fn import(&mut self, names: &'a [Alias]) -> R {
        for a in names {
            self.load_const(Constant::Int(PyInt::Small(0)));
            self.load_none();
            self.addop_name(self.ops.IMPORT_NAME, &a.name);
            if let Some(asname) = &a.asname {
                self.import_as(&a.name, asname)?;
            } else {
                let first = a.name.split('.').next().unwrap_or(&a.name);
                self.nameop(first, ExprContext::Store)?;
            }
        }
        Ok(())
    }

    /// `compiler_import_as`.
    fn import_as(&mut self, name: &str, asname: &str) -> R {
        let parts: Vec<&str> = name.split('.').collect();
        if parts.len() > 1 {
            for (i, attr) in parts[1..].iter().enumerate() {
                let idx = self.u().names.add(attr);
                self.addop_i(self.ops.IMPORT_FROM, idx);
                if i + 2 < parts.len() {
                    self.addop_i(self.ops.SWAP, 2);
                    self.addop(self.ops.POP_TOP);
                }
            }
            self.nameop(asname, ExprContext::Store)?;
            self.addop(self.ops.POP_TOP);
            return Ok(());
        }
        self.nameop(asname, ExprContext::Store)
    }

    /// `compiler_from_import`.
    fn import_from(&mut self, s: &'a Stmt, module: Option<&str>, names: &'a [Alias], level: u32) -> R {
        self.load_const(Constant::Int(PyInt::Small(i64::from(level))));
        let tuple = Constant::Tuple(names.iter().map(|a| Constant::Str(super::str_const(&a.name))).collect());
        if let Some(d) = self.st.future.is_late(self.path, s) {
            return Err(d);
        }
        self.load_const(tuple);
        self.addop_name(self.ops.IMPORT_NAME, module.unwrap_or(""));
        for (i, a) in names.iter().enumerate() {
            if i == 0 && a.name.starts_with('*') {
                self.addop(self.ops.IMPORT_STAR);
                return Ok(());
            }
            self.addop_name(self.ops.IMPORT_FROM, &a.name);
            let store = a.asname.as_deref().unwrap_or(&a.name);
            self.nameop(store, ExprContext::Store)?;
        }
        self.addop(self.ops.POP_TOP);
        Ok(())
    }
}
