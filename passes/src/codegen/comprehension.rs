//! Comprehensions and generator expressions (`compiler_comprehension`): each is a nested
//! function taking the outermost iterator as its argument `.0`.

use super::unit::{FBlockKind, FbDatum, ScopeType, JUMP, POP_BLOCK, SETUP_FINALLY};
use super::{Compiler, R};
use pyrite_ir::ast::{Comprehension, Expr, ExprKind};

#[derive(Clone, Copy, PartialEq, Eq)]
enum CompType {
    GenExp,
    List,
    Set,
    Dict,
}

impl<'a> Compiler<'a> {
    /// `compiler_comprehension` for the four kinds.
    pub(super) fn comprehension(&mut self, e: &'a Expr) -> R {
        let (ty, name, generators, elt, val): (_, _, &'a [Comprehension], &'a Expr, Option<&'a Expr>) =
            match &e.kind {
                ExprKind::GeneratorExp { elt, generators } => {
                    (CompType::GenExp, "<genexpr>", generators, elt, None)
                }
                ExprKind::ListComp { elt, generators } => {
                    (CompType::List, "<listcomp>", generators, elt, None)
                }
                ExprKind::SetComp { elt, generators } => (CompType::Set, "<setcomp>", generators, elt, None),
                ExprKind::DictComp { key_value, generators } => {
                    (CompType::Dict, "<dictcomp>", generators, &key_value.0, Some(&key_value.1))
                }
                _ => return Ok(()),
            };
        let outer_scope = self.scope_type();
        let ste = self.entry_of(e)?;
        self.enter_scope(name, ScopeType::Comprehension, ste, e.loc.lineno);
        self.set_loc(e.loc);
        let is_async_generator = self.ur().coroutine;
        if is_async_generator
            && ty != CompType::GenExp
            && !matches!(outer_scope, ScopeType::AsyncFunction | ScopeType::Comprehension)
        {
            return Err(self.error("asynchronous comprehension outside of an asynchronous function"));
        }
        match ty {
            CompType::List => self.addop_i(self.ops.BUILD_LIST, 0),
            CompType::Set => self.addop_i(self.ops.BUILD_SET, 0),
            CompType::Dict => self.addop_i(self.ops.BUILD_MAP, 0),
            CompType::GenExp => {}
        }
        self.comprehension_generator(generators, 0, 0, elt, val, ty)?;
        if ty != CompType::GenExp {
            self.addop(self.ops.RETURN_VALUE);
        }
        let (unit, frees) = self.exit_scope(true);
        self.make_closure(unit, &frees, 0);
        let outermost = &generators[0];
        self.expr(&outermost.iter)?;
        if outermost.is_async {
            self.addop(self.ops.GET_AITER);
        } else {
            self.addop(self.ops.GET_ITER);
        }
        self.addop_i(self.ops.PRECALL, 0);
        self.addop_i(self.ops.CALL, 0);
        if is_async_generator && ty != CompType::GenExp {
            self.addop_i(self.ops.GET_AWAITABLE, 0);
            self.load_none();
            self.yield_from(true);
        }
        Ok(())
    }

    fn comprehension_generator(
        &mut self,
        gens: &'a [Comprehension],
        index: usize,
        depth: u32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        ty: CompType,
    ) -> R {
        if gens[index].is_async {
            self.async_comprehension_generator(gens, index, depth, elt, val, ty)
        } else {
            self.sync_comprehension_generator(gens, index, depth, elt, val, ty)
        }
    }

    fn comprehension_element(&mut self, elt: &'a Expr, val: Option<&'a Expr>, ty: CompType, depth: u32) -> R {
        match ty {
            CompType::GenExp => {
                self.expr(elt)?;
                self.addop_yield();
                self.addop(self.ops.POP_TOP);
            }
            CompType::List => {
                self.expr(elt)?;
                self.addop_i(self.ops.LIST_APPEND, depth + 1);
            }
            CompType::Set => {
                self.expr(elt)?;
                self.addop_i(self.ops.SET_ADD, depth + 1);
            }
            CompType::Dict => {
                self.expr(elt)?;
                if let Some(v) = val {
                    self.expr(v)?;
                }
                self.addop_i(self.ops.MAP_ADD, depth + 1);
            }
        }
        Ok(())
    }

    fn sync_comprehension_generator(
        &mut self,
        gens: &'a [Comprehension],
        index: usize,
        mut depth: u32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        ty: CompType,
    ) -> R {
        let mut start = Some(self.new_block());
        let if_cleanup = self.new_block();
        let anchor = self.new_block();
        let gen = &gens[index];
        if index == 0 {
            self.u().meta.argcount = 1;
            self.addop_i(self.ops.LOAD_FAST, 0);
        } else {
            let elts = match &gen.iter.kind {
                ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => Some(elts),
                _ => None,
            };
            if let Some([single]) = elts.map(|v| v.as_slice()) {
                if !matches!(single.kind, ExprKind::Starred { .. }) {
                    self.expr(single)?;
                    start = None;
                }
            }
            if start.is_some() {
                self.expr(&gen.iter)?;
                self.addop(self.ops.GET_ITER);
            }
        }
        if let Some(st) = start {
            depth += 1;
            self.use_next_block(st);
            self.addop_j(self.ops.FOR_ITER, anchor);
        }
        self.expr(&gen.target)?;
        for cond in &gen.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        if index + 1 < gens.len() {
            self.comprehension_generator(gens, index + 1, depth, elt, val, ty)?;
        } else {
            self.comprehension_element(elt, val, ty, depth)?;
        }
        self.use_next_block(if_cleanup);
        if let Some(st) = start {
            self.addop_j(JUMP, st);
            self.use_next_block(anchor);
        }
        Ok(())
    }

    fn async_comprehension_generator(
        &mut self,
        gens: &'a [Comprehension],
        index: usize,
        mut depth: u32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        ty: CompType,
    ) -> R {
        let start = self.new_block();
        let except = self.new_block();
        let if_cleanup = self.new_block();
        let gen = &gens[index];
        if index == 0 {
            self.u().meta.argcount = 1;
            self.addop_i(self.ops.LOAD_FAST, 0);
        } else {
            self.expr(&gen.iter)?;
            self.addop(self.ops.GET_AITER);
        }
        self.use_next_block(start);
        self.push_fblock(FBlockKind::AsyncComprehensionGenerator, Some(start), None, FbDatum::None)?;
        self.addop_j(SETUP_FINALLY, except);
        self.addop(self.ops.GET_ANEXT);
        self.load_none();
        self.yield_from(true);
        self.addop(POP_BLOCK);
        self.expr(&gen.target)?;
        for cond in &gen.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        depth += 1;
        if index + 1 < gens.len() {
            self.comprehension_generator(gens, index + 1, depth, elt, val, ty)?;
        } else {
            self.comprehension_element(elt, val, ty, depth)?;
        }
        self.use_next_block(if_cleanup);
        self.addop_j(JUMP, start);
        self.pop_fblock();
        self.use_next_block(except);
        self.addop(self.ops.END_ASYNC_FOR);
        Ok(())
    }
}
