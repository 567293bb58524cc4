//! Exception handling: frame-block unwinding (`compiler_unwind_fblock*`), `try`/`except`/
//! `finally`, `try`/`except*`, `with` and `async with`.

use super::unit::{
    FBlock, FBlockKind, FbDatum, ScopeType, JUMP, POP_BLOCK, POP_JUMP_IF_FALSE, POP_JUMP_IF_NONE,
    POP_JUMP_IF_NOT_NONE, POP_JUMP_IF_TRUE, SETUP_CLEANUP, SETUP_FINALLY, SETUP_WITH,
};
use super::{Compiler, R};
use pyrite_ir::ast::{ExprContext, Stmt, Try, With};
use pyrite_ir::Diagnostic;

impl<'a> Compiler<'a> {
    fn call_exit_with_nones(&mut self) {
        self.load_none();
        self.load_none();
        self.load_none();
        self.addop_i(self.ops.PRECALL, 2);
        self.addop_i(self.ops.CALL, 2);
    }

    /// `compiler_add_yield_from`.
    pub(super) fn yield_from(&mut self, is_await: bool) {
        let start = self.new_block();
        let resume = self.new_block();
        let exit = self.new_block();
        self.use_next_block(start);
        self.addop_j(self.ops.SEND, exit);
        self.use_next_block(resume);
        self.addop(self.ops.YIELD_VALUE);
        self.addop_i(self.ops.RESUME, if is_await { 3 } else { 2 });
        self.addop_j(super::unit::JUMP_NO_INTERRUPT, start);
        self.use_next_block(exit);
    }

    fn pop_except_and_reraise(&mut self) {
        self.addop_i(self.ops.COPY, 3);
        self.addop(self.ops.POP_EXCEPT);
        self.addop_i(self.ops.RERAISE, 1);
    }

    /// `compiler_unwind_fblock`.
    pub(super) fn unwind_fblock(&mut self, info: &FBlock<'a>, preserve_tos: bool) -> R {
        match info.kind {
            FBlockKind::WhileLoop
            | FBlockKind::ExceptionHandler
            | FBlockKind::ExceptionGroupHandler
            | FBlockKind::AsyncComprehensionGenerator => {}
            FBlockKind::ForLoop => {
                if preserve_tos {
                    self.addop_i(self.ops.SWAP, 2);
                }
                self.addop(self.ops.POP_TOP);
            }
            FBlockKind::TryExcept => self.addop(POP_BLOCK),
            FBlockKind::FinallyTry => {
                self.addop(POP_BLOCK);
                if preserve_tos {
                    self.push_fblock(FBlockKind::PopValue, None, None, FbDatum::None)?;
                }
                if let FbDatum::Finally(body) = info.datum {
                    self.stmts(body)?;
                }
                if preserve_tos {
                    self.pop_fblock();
                }
                self.unset_loc();
            }
            FBlockKind::FinallyEnd => {
                if preserve_tos {
                    self.addop_i(self.ops.SWAP, 2);
                }
                self.addop(self.ops.POP_TOP);
                if preserve_tos {
                    self.addop_i(self.ops.SWAP, 2);
                }
                self.addop(POP_BLOCK);
                self.addop(self.ops.POP_EXCEPT);
            }
            FBlockKind::With | FBlockKind::AsyncWith => {
                if let FbDatum::With(l) = info.datum {
                    self.set_loc(l);
                }
                self.addop(POP_BLOCK);
                if preserve_tos {
                    self.addop_i(self.ops.SWAP, 2);
                }
                self.call_exit_with_nones();
                if info.kind == FBlockKind::AsyncWith {
                    self.addop_i(self.ops.GET_AWAITABLE, 2);
                    self.load_none();
                    self.yield_from(true);
                }
                self.addop(self.ops.POP_TOP);
                self.unset_loc();
            }
            FBlockKind::HandlerCleanup => {
                let name = match info.datum {
                    FbDatum::Name(n) => Some(n),
                    _ => None,
                };
                if name.is_some() {
                    self.addop(POP_BLOCK);
                }
                if preserve_tos {
                    self.addop_i(self.ops.SWAP, 2);
                }
                self.addop(POP_BLOCK);
                self.addop(self.ops.POP_EXCEPT);
                if let Some(n) = name {
                    self.load_none();
                    self.nameop(n, ExprContext::Store)?;
                    self.nameop(n, ExprContext::Del)?;
                }
            }
            FBlockKind::PopValue => {
                if preserve_tos {
                    self.addop_i(self.ops.SWAP, 2);
                }
                self.addop(self.ops.POP_TOP);
            }
        }
        Ok(())
    }

    /// `compiler_unwind_fblock_stack`: unwinds every frame block (or up to the innermost loop,
    /// which is returned, when `stop_at_loop`).
    pub(super) fn unwind_fblock_stack(
        &mut self,
        preserve_tos: bool,
        stop_at_loop: bool,
    ) -> Result<Option<FBlock<'a>>, Diagnostic> {
        let Some(top) = self.ur().fblocks.last().copied() else { return Ok(None) };
        if top.kind == FBlockKind::ExceptionGroupHandler {
            return Err(self.error("'break', 'continue' and 'return' cannot appear in an except* block"));
        }
        if stop_at_loop && matches!(top.kind, FBlockKind::WhileLoop | FBlockKind::ForLoop) {
            return Ok(Some(top));
        }
        self.u().fblocks.pop();
        self.unwind_fblock(&top, preserve_tos)?;
        let r = self.unwind_fblock_stack(preserve_tos, stop_at_loop)?;
        self.u().fblocks.push(top);
        Ok(r)
    }

    /// `compiler_try_finally` (and `compiler_try_star_finally`, identical but for the inner call).
    fn try_finally_common(&mut self, t: &'a Try, star: bool) -> R {
        let body = self.new_block();
        let end = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.addop_j(SETUP_FINALLY, end);
        self.use_next_block(body);
        self.push_fblock(FBlockKind::FinallyTry, Some(body), Some(end), FbDatum::Finally(&t.finalbody))?;
        if !t.handlers.is_empty() {
            if star {
                self.try_star_except(t)?;
            } else {
                self.try_except(t)?;
            }
        } else {
            self.stmts(&t.body)?;
        }
        self.addop_noline(POP_BLOCK);
        self.pop_fblock();
        self.stmts(&t.finalbody)?;
        self.addop_j_noline(JUMP, exit);
        self.use_next_block(end);
        self.unset_loc();
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(self.ops.PUSH_EXC_INFO);
        self.push_fblock(FBlockKind::FinallyEnd, Some(end), None, FbDatum::None)?;
        self.stmts(&t.finalbody)?;
        self.pop_fblock();
        self.addop_i(self.ops.RERAISE, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(exit);
        Ok(())
    }

    pub(super) fn try_finally(&mut self, t: &'a Try) -> R {
        self.try_finally_common(t, false)
    }

    pub(super) fn try_star_finally(&mut self, t: &'a Try) -> R {
        self.try_finally_common(t, true)
    }

    /// `compiler_try_except`.
    pub(super) fn try_except(&mut self, t: &'a Try) -> R {
        let body = self.new_block();
        let mut except = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        self.addop_j(SETUP_FINALLY, except);
        self.use_next_block(body);
        self.push_fblock(FBlockKind::TryExcept, Some(body), None, FbDatum::None)?;
        self.stmts(&t.body)?;
        self.pop_fblock();
        self.addop_noline(POP_BLOCK);
        self.stmts(&t.orelse)?;
        self.addop_j_noline(JUMP, end);
        let n = t.handlers.len();
        self.use_next_block(except);
        self.unset_loc();
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(self.ops.PUSH_EXC_INFO);
        self.push_fblock(FBlockKind::ExceptionHandler, None, None, FbDatum::None)?;
        for (i, h) in t.handlers.iter().enumerate() {
            self.set_loc(h.loc);
            if h.type_.is_none() && i + 1 < n {
                return Err(self.error("default 'except:' must be last"));
            }
            except = self.new_block();
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.addop(self.ops.CHECK_EXC_MATCH);
                self.addop_j(POP_JUMP_IF_FALSE, except);
            }
            if let Some(name) = &h.name {
                let cleanup_end = self.new_block();
                let cleanup_body = self.new_block();
                self.nameop(name, ExprContext::Store)?;
                self.addop_j(SETUP_CLEANUP, cleanup_end);
                self.use_next_block(cleanup_body);
                self.push_fblock(FBlockKind::HandlerCleanup, Some(cleanup_body), None, FbDatum::Name(name))?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.addop(POP_BLOCK);
                self.addop(POP_BLOCK);
                self.addop(self.ops.POP_EXCEPT);
                self.load_none();
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
                self.addop_j(JUMP, end);
                self.use_next_block(cleanup_end);
                self.unset_loc();
                self.load_none();
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
                self.addop_i(self.ops.RERAISE, 1);
            } else {
                let cleanup_body = self.new_block();
                self.addop(self.ops.POP_TOP);
                self.use_next_block(cleanup_body);
                self.push_fblock(FBlockKind::HandlerCleanup, Some(cleanup_body), None, FbDatum::None)?;
                self.stmts(&h.body)?;
                self.pop_fblock();
                self.unset_loc();
                self.addop(POP_BLOCK);
                self.addop(self.ops.POP_EXCEPT);
                self.addop_j(JUMP, end);
            }
            self.use_next_block(except);
        }
        self.unset_loc();
        self.pop_fblock();
        self.addop_i(self.ops.RERAISE, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_try_star_except`.
    pub(super) fn try_star_except(&mut self, t: &'a Try) -> R {
        let body = self.new_block();
        let mut except = self.new_block();
        let orelse = self.new_block();
        let end = self.new_block();
        let cleanup = self.new_block();
        let reraise_star = self.new_block();
        self.addop_j(SETUP_FINALLY, except);
        self.use_next_block(body);
        self.push_fblock(FBlockKind::TryExcept, Some(body), None, FbDatum::None)?;
        self.stmts(&t.body)?;
        self.pop_fblock();
        self.addop_noline(POP_BLOCK);
        self.addop_j_noline(JUMP, orelse);
        let n = t.handlers.len();
        self.use_next_block(except);
        self.unset_loc();
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(self.ops.PUSH_EXC_INFO);
        self.push_fblock(FBlockKind::ExceptionGroupHandler, None, None, FbDatum::None)?;
        for (i, h) in t.handlers.iter().enumerate() {
            self.set_loc(h.loc);
            except = self.new_block();
            let except_with_error = self.new_block();
            let no_match = self.new_block();
            if i == 0 {
                self.addop_i(self.ops.COPY, 1);
                self.addop_i(self.ops.BUILD_LIST, 0);
                self.addop_i(self.ops.SWAP, 2);
            }
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.addop(self.ops.CHECK_EG_MATCH);
                self.addop_i(self.ops.COPY, 1);
                self.addop_j(POP_JUMP_IF_NONE, no_match);
            }
            let cleanup_end = self.new_block();
            let cleanup_body = self.new_block();
            match &h.name {
                Some(name) => self.nameop(name, ExprContext::Store)?,
                None => self.addop(self.ops.POP_TOP),
            }
            self.addop_j(SETUP_CLEANUP, cleanup_end);
            self.use_next_block(cleanup_body);
            let datum = match &h.name {
                Some(n) => FbDatum::Name(n),
                None => FbDatum::None,
            };
            self.push_fblock(FBlockKind::HandlerCleanup, Some(cleanup_body), None, datum)?;
            self.stmts(&h.body)?;
            self.pop_fblock();
            self.unset_loc();
            self.addop(POP_BLOCK);
            if let Some(name) = &h.name {
                self.load_none();
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
            }
            self.addop_j(JUMP, except);
            self.use_next_block(cleanup_end);
            self.unset_loc();
            if let Some(name) = &h.name {
                self.load_none();
                self.nameop(name, ExprContext::Store)?;
                self.nameop(name, ExprContext::Del)?;
            }
            self.addop_i(self.ops.LIST_APPEND, 3);
            self.addop(self.ops.POP_TOP);
            self.addop_j(JUMP, except_with_error);
            self.use_next_block(except);
            self.addop(self.ops.NOP);
            self.addop_j(JUMP, except_with_error);
            self.use_next_block(no_match);
            self.addop(self.ops.POP_TOP);
            self.use_next_block(except_with_error);
            if i + 1 == n {
                self.addop_i(self.ops.LIST_APPEND, 1);
                self.addop_j(JUMP, reraise_star);
            }
        }
        self.unset_loc();
        self.pop_fblock();
        let reraise = self.new_block();
        self.use_next_block(reraise_star);
        self.addop(self.ops.PREP_RERAISE_STAR);
        self.addop_i(self.ops.COPY, 1);
        self.addop_j(POP_JUMP_IF_NOT_NONE, reraise);
        self.addop(self.ops.POP_TOP);
        self.addop(POP_BLOCK);
        self.addop(self.ops.POP_EXCEPT);
        self.addop_j(JUMP, end);
        self.use_next_block(reraise);
        self.addop(POP_BLOCK);
        self.addop_i(self.ops.SWAP, 2);
        self.addop(self.ops.POP_EXCEPT);
        self.addop_i(self.ops.RERAISE, 0);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(orelse);
        self.stmts(&t.orelse)?;
        self.use_next_block(end);
        Ok(())
    }

    /// `compiler_with_except_finish`.
    fn with_except_finish(&mut self, cleanup: u32) {
        self.unset_loc();
        let exit = self.new_block();
        self.addop_j(POP_JUMP_IF_TRUE, exit);
        self.addop_i(self.ops.RERAISE, 2);
        self.use_next_block(cleanup);
        self.pop_except_and_reraise();
        self.use_next_block(exit);
        self.addop(self.ops.POP_TOP);
        self.addop(POP_BLOCK);
        self.addop(self.ops.POP_EXCEPT);
        self.addop(self.ops.POP_TOP);
        self.addop(self.ops.POP_TOP);
    }

    /// `compiler_with`.
    pub(super) fn with(&mut self, s: &'a Stmt, w: &'a With, pos: usize) -> R {
        let item = &w.items[pos];
        let block = self.new_block();
        let fin = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.expr(&item.context_expr)?;
        self.addop(self.ops.BEFORE_WITH);
        self.addop_j(SETUP_WITH, fin);
        self.use_next_block(block);
        self.push_fblock(FBlockKind::With, Some(block), Some(fin), FbDatum::With(s.loc))?;
        match &item.optional_vars {
            Some(v) => self.expr(v)?,
            None => self.addop(self.ops.POP_TOP),
        }
        if pos + 1 == w.items.len() {
            self.stmts(&w.body)?;
        } else {
            self.with(s, w, pos + 1)?;
        }
        self.unset_loc();
        self.addop(POP_BLOCK);
        self.pop_fblock();
        self.set_loc(s.loc);
        self.call_exit_with_nones();
        self.addop(self.ops.POP_TOP);
        self.addop_j(JUMP, exit);
        self.use_next_block(fin);
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(self.ops.PUSH_EXC_INFO);
        self.addop(self.ops.WITH_EXCEPT_START);
        self.with_except_finish(cleanup);
        self.use_next_block(exit);
        Ok(())
    }

    /// `compiler_async_with`.
    pub(super) fn async_with(&mut self, s: &'a Stmt, w: &'a With, pos: usize) -> R {
        if self.scope_type() != ScopeType::AsyncFunction {
            return Err(self.error("'async with' outside async function"));
        }
        let item = &w.items[pos];
        let block = self.new_block();
        let fin = self.new_block();
        let exit = self.new_block();
        let cleanup = self.new_block();
        self.expr(&item.context_expr)?;
        self.addop(self.ops.BEFORE_ASYNC_WITH);
        self.addop_i(self.ops.GET_AWAITABLE, 1);
        self.load_none();
        self.yield_from(true);
        self.addop_j(SETUP_WITH, fin);
        self.use_next_block(block);
        self.push_fblock(FBlockKind::AsyncWith, Some(block), Some(fin), FbDatum::With(s.loc))?;
        match &item.optional_vars {
            Some(v) => self.expr(v)?,
            None => self.addop(self.ops.POP_TOP),
        }
        if pos + 1 == w.items.len() {
            self.stmts(&w.body)?;
        } else {
            self.async_with(s, w, pos + 1)?;
        }
        self.pop_fblock();
        self.addop(POP_BLOCK);
        self.set_loc(s.loc);
        self.call_exit_with_nones();
        self.addop_i(self.ops.GET_AWAITABLE, 2);
        self.load_none();
        self.yield_from(true);
        self.addop(self.ops.POP_TOP);
        self.addop_j(JUMP, exit);
        self.use_next_block(fin);
        self.addop_j(SETUP_CLEANUP, cleanup);
        self.addop(self.ops.PUSH_EXC_INFO);
        self.addop(self.ops.WITH_EXCEPT_START);
        self.addop_i(self.ops.GET_AWAITABLE, 2);
        self.load_none();
        self.yield_from(true);
        self.with_except_finish(cleanup);
        self.use_next_block(exit);
        Ok(())
    }
}
