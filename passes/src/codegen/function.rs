//! Definitions: `def` / `async def` (`compiler_function`), `lambda`, `class`, with their
//! defaults, annotations, decorators and closures (`compiler_make_closure`).

use super::unit::ScopeType;
use super::{docstring, Compiler, R};
use pyrite_ir::ast::{Arg, Arguments, ClassDef, Expr, ExprContext, ExprKind, FunctionDef, Stmt};
use pyrite_ir::code::Constant;

impl<'a> Compiler<'a> {
    fn check_debug_args(&mut self, a: &Arguments) -> R {
        let all = a
            .posonlyargs
            .iter()
            .chain(&a.args)
            .chain(a.vararg.as_deref())
            .chain(&a.kwonlyargs)
            .chain(a.kwarg.as_deref());
        for arg in all {
            if &*arg.arg == "__debug__" {
                return Err(self.error("cannot assign to __debug__"));
            }
        }
        Ok(())
    }

    /// `compiler_default_arguments`: MAKE_FUNCTION flags 0x01 (defaults) and 0x02 (kw defaults).
    fn default_arguments(&mut self, a: &'a Arguments) -> Result<u32, pyrite_ir::Diagnostic> {
        let mut flags = 0;
        if !a.defaults.is_empty() {
            for d in &a.defaults {
                self.expr(d)?;
            }
            self.addop_i(self.ops.BUILD_TUPLE, a.defaults.len() as u32);
            flags |= 0x01;
        }
        let mut keys = Vec::new();
        for (arg, default) in a.kwonlyargs.iter().zip(&a.kw_defaults) {
            if let Some(d) = default {
                keys.push(Constant::Str(super::str_const(&self.mangle(&arg.arg))));
                self.expr(d)?;
            }
        }
        if !keys.is_empty() {
            let n = keys.len() as u32;
            self.load_const(Constant::Tuple(keys));
            self.addop_i(self.ops.BUILD_CONST_KEY_MAP, n);
            flags |= 0x02;
        }
        Ok(flags)
    }

    fn argannotation(&mut self, id: &str, annotation: Option<&'a Expr>, len: &mut u32) -> R {
        let Some(ann) = annotation else { return Ok(()) };
        let m = self.mangle(id).into_owned();
        self.load_str(&m);
        if self.st.future.annotations() {
            self.annexpr(ann)?;
        } else if let ExprKind::Starred { value, .. } = &ann.kind {
            self.expr(value)?;
            self.addop_i(self.ops.UNPACK_SEQUENCE, 1);
        } else {
            self.expr(ann)?;
        }
        *len += 2;
        Ok(())
    }

    fn argannotations(&mut self, args: &'a [Arg], len: &mut u32) -> R {
        for a in args {
            self.argannotation(&a.arg, a.annotation.as_deref(), len)?;
        }
        Ok(())
    }

    /// `compiler_visit_annotations`: whether an annotations tuple was pushed.
    fn annotations(
        &mut self,
        a: &'a Arguments,
        returns: Option<&'a Expr>,
    ) -> Result<bool, pyrite_ir::Diagnostic> {
        let mut len = 0;
        self.argannotations(&a.args, &mut len)?;
        self.argannotations(&a.posonlyargs, &mut len)?;
        if let Some(v) = &a.vararg {
            self.argannotation(&v.arg, v.annotation.as_deref(), &mut len)?;
        }
        self.argannotations(&a.kwonlyargs, &mut len)?;
        if let Some(k) = &a.kwarg {
            self.argannotation(&k.arg, k.annotation.as_deref(), &mut len)?;
        }
        self.argannotation("return", returns, &mut len)?;
        if len > 0 {
            self.addop_i(self.ops.BUILD_TUPLE, len);
            return Ok(true);
        }
        Ok(false)
    }

    fn apply_decorators(&mut self, decos: &[Expr]) {
        let saved = self.loc();
        for d in decos.iter().rev() {
            self.set_loc(d.loc);
            self.addop_i(self.ops.PRECALL, 0);
            self.addop_i(self.ops.CALL, 0);
        }
        self.restore_loc(saved);
    }

    /// `compiler_make_closure`: LOAD_CLOSURE of each free variable of the new code, then
    /// MAKE_FUNCTION.
    pub(super) fn make_closure(&mut self, unit: usize, frees: &[std::sync::Arc<str>], mut flags: u32) {
        if !frees.is_empty() {
            for name in frees {
                let u = self.ur();
                let is_cell = (u.scope == ScopeType::Class && &**name == "__class__")
                    || u.ste.scope(name) == Some(crate::symtable::Scope::Cell);
                let arg = if is_cell {
                    u.cellvars.get(name)
                } else {
                    u.freevars.get(name).map(|i| i + u.cellvars.len() as u32)
                };
                self.addop_i(self.ops.LOAD_CLOSURE, arg.unwrap_or(0));
            }
            flags |= 0x08;
            self.addop_i(self.ops.BUILD_TUPLE, frees.len() as u32);
        }
        let class = self.code_class[unit];
        let i = self.u().add_code_const(unit, class);
        self.addop_i(self.ops.LOAD_CONST, i);
        self.addop_i(self.ops.MAKE_FUNCTION, flags);
    }

    /// `compiler_function`.
    pub(super) fn function(&mut self, s: &'a Stmt, f: &'a FunctionDef, is_async: bool) -> R {
        self.check_debug_args(&f.args)?;
        for d in &f.decorator_list {
            self.expr(d)?;
        }
        let firstlineno = f.decorator_list.first().map_or(s.loc.lineno, |d| d.loc.lineno);
        let mut funcflags = self.default_arguments(&f.args)?;
        if self.annotations(&f.args, f.returns.as_ref())? {
            funcflags |= 0x04;
        }
        let ste = self.entry_of(s)?;
        let scope = if is_async { ScopeType::AsyncFunction } else { ScopeType::Function };
        self.enter_scope(&f.name, scope, ste, firstlineno);
        let doc = if self.optimize < 2 { docstring(&f.body) } else { None };
        let has_doc = doc.is_some();
        self.add_literal(doc.unwrap_or(Constant::None));
        self.set_arg_counts(&f.args);
        let body = if has_doc { &f.body[1..] } else { &f.body[..] };
        for st in body {
            self.stmt(st)?;
        }
        let (unit, frees) = self.exit_scope(true);
        self.make_closure(unit, &frees, funcflags);
        self.apply_decorators(&f.decorator_list);
        self.nameop(&f.name, ExprContext::Store)
    }

    fn set_arg_counts(&mut self, a: &Arguments) {
        let m = &mut self.u().meta;
        m.argcount = (a.posonlyargs.len() + a.args.len()) as u32;
        m.posonlyargcount = a.posonlyargs.len() as u32;
        m.kwonlyargcount = a.kwonlyargs.len() as u32;
    }

    /// `compiler_lambda`.
    pub(super) fn lambda(&mut self, e: &'a Expr, args: &'a Arguments, body: &'a Expr) -> R {
        self.check_debug_args(args)?;
        let funcflags = self.default_arguments(args)?;
        let ste = self.entry_of(e)?;
        self.enter_scope("<lambda>", ScopeType::Lambda, ste, e.loc.lineno);
        self.add_const(Constant::None);
        self.set_arg_counts(args);
        self.expr(body)?;
        let generator = self.ur().ste.generator;
        if !generator {
            self.addop(self.ops.RETURN_VALUE);
        }
        let (unit, frees) = self.exit_scope(!generator);
        self.make_closure(unit, &frees, funcflags);
        Ok(())
    }

    /// `compiler_class`.
    pub(super) fn class(&mut self, s: &'a Stmt, c: &'a ClassDef) -> R {
        for d in &c.decorator_list {
            self.expr(d)?;
        }
        let firstlineno = c.decorator_list.first().map_or(s.loc.lineno, |d| d.loc.lineno);
        let ste = self.entry_of(s)?;
        self.enter_scope(&c.name, ScopeType::Class, ste, firstlineno);
        self.u().private = Some(c.name.clone());
        self.nameop("__name__", ExprContext::Load)?;
        self.nameop("__module__", ExprContext::Store)?;
        let qualname = self.ur().meta.qualname.clone();
        self.load_str(&qualname);
        self.nameop("__qualname__", ExprContext::Store)?;
        self.body(&c.body)?;
        self.unset_loc();
        if self.ur().ste.needs_class_closure {
            let i = self.ur().cellvars.get("__class__").unwrap_or(0);
            self.addop_i(self.ops.LOAD_CLOSURE, i);
            self.addop_i(self.ops.COPY, 1);
            self.nameop("__classcell__", ExprContext::Store)?;
        } else {
            self.load_none();
        }
        self.addop(self.ops.RETURN_VALUE);
        let (unit, frees) = self.exit_scope(true);
        self.addop(self.ops.PUSH_NULL);
        self.addop(self.ops.LOAD_BUILD_CLASS);
        self.make_closure(unit, &frees, 0);
        self.load_str(&c.name);
        self.call_helper(2, &c.bases, &c.keywords)?;
        self.apply_decorators(&c.decorator_list);
        self.nameop(&c.name, ExprContext::Store)
    }
}
