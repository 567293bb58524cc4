//! Calls: `compiler_call`, the LOAD_METHOD fast path, and `compiler_call_helper` (positional and
//! keyword arguments, `KW_NAMES`, and `CALL_FUNCTION_EX` for unpacking or many arguments).

use super::expr::STACK_USE_GUIDELINE;
use super::{loc_of, str_const, Compiler, R};
use pyrite_ir::ast::{self, Expr, ExprContext, ExprKind, Keyword};
use pyrite_ir::code::Constant;

impl<'a> Compiler<'a> {
    fn validate_keywords(&mut self, keywords: &[Keyword]) -> R {
        for (i, k) in keywords.iter().enumerate() {
            let Some(arg) = &k.arg else { continue };
            if &**arg == "__debug__" {
                return Err(self.error("cannot assign to __debug__"));
            }
            for other in &keywords[i + 1..] {
                if other.arg.as_deref() == Some(&**arg) {
                    self.u().loc = loc_of(other.loc);
                    return Err(self.error(format!("keyword argument repeated: {arg}")));
                }
            }
        }
        Ok(())
    }

    /// `compiler_call`.
    pub(super) fn call(&mut self, e: &'a Expr, c: &'a ast::Call) -> R {
        self.validate_keywords(&c.keywords)?;
        if self.maybe_optimize_method_call(e, c)? {
            return Ok(());
        }
        self.check_caller(&c.func);
        self.set_loc(c.func.loc);
        self.addop(self.ops.PUSH_NULL);
        self.set_loc(e.loc);
        self.expr(&c.func)?;
        self.call_helper(0, &c.args, &c.keywords)
    }

    fn check_caller(&mut self, f: &Expr) {
        let name = match &f.kind {
            ExprKind::Constant { value, .. } => match value {
                ast::Constant::None => "NoneType",
                ast::Constant::True | ast::Constant::False => "bool",
                ast::Constant::Ellipsis => "ellipsis",
                ast::Constant::Int(_) | ast::Constant::BigInt(_) => "int",
                ast::Constant::Float(_) => "float",
                ast::Constant::Complex(_) => "complex",
                ast::Constant::Str(_) | ast::Constant::SurrogateStr(_) => "str",
                ast::Constant::Bytes(_) => "bytes",
                ast::Constant::Tuple(_) => "tuple",
                ast::Constant::FrozenSet(_) => "frozenset",
            },
            ExprKind::Tuple { .. } => "tuple",
            ExprKind::List { .. } | ExprKind::ListComp { .. } => "list",
            ExprKind::Dict(_) | ExprKind::DictComp { .. } => "dict",
            ExprKind::Set { .. } | ExprKind::SetComp { .. } => "set",
            ExprKind::GeneratorExp { .. } => "generator",
            ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "str",
            _ => return,
        };
        self.warn(format!("'{name}' object is not callable; perhaps you missed a comma?"));
    }

    /// `maybe_optimize_method_call`: `obj.meth(args)` with LOAD_METHOD. False when not applicable.
    fn maybe_optimize_method_call(
        &mut self,
        e: &'a Expr,
        c: &'a ast::Call,
    ) -> Result<bool, pyrite_ir::Diagnostic> {
        let meth = &c.func;
        let ExprKind::Attribute { value, attr, ctx: ExprContext::Load } = &meth.kind else {
            return Ok(false);
        };
        if let ExprKind::Name { id, .. } = &value.kind {
            if self.st.top().symbols.flags(id) & crate::symtable::DEF_IMPORT != 0 {
                return Ok(false);
            }
        }
        let argsl = c.args.len();
        let kwdsl = c.keywords.len();
        if argsl + kwdsl + usize::from(kwdsl != 0) >= STACK_USE_GUIDELINE {
            return Ok(false);
        }
        if c.args.iter().any(|a| matches!(a.kind, ExprKind::Starred { .. })) {
            return Ok(false);
        }
        if c.keywords.iter().any(|k| k.arg.is_none()) {
            return Ok(false);
        }
        self.expr(value)?;
        self.set_loc(meth.loc);
        self.update_start_location_to_match_attr(meth);
        self.addop_name(self.ops.LOAD_METHOD, attr);
        for a in &c.args {
            self.expr(a)?;
        }
        if kwdsl > 0 {
            for k in &c.keywords {
                self.expr(&k.value)?;
            }
            self.kw_names(&c.keywords);
        }
        self.set_loc(e.loc);
        self.update_start_location_to_match_attr(meth);
        let n = (argsl + kwdsl) as u32;
        self.addop_i(self.ops.PRECALL, n);
        self.addop_i(self.ops.CALL, n);
        Ok(true)
    }

    /// `compiler_call_simple_kw_helper`: KW_NAMES with the keyword names tuple.
    fn kw_names(&mut self, keywords: &[Keyword]) {
        let names =
            keywords.iter().map(|k| Constant::Str(str_const(k.arg.as_deref().unwrap_or("")))).collect();
        let i = self.add_const(Constant::Tuple(names));
        self.addop_i(self.ops.KW_NAMES, i);
    }

    /// `compiler_subkwargs`: keywords `begin..end` as one dict.
    fn subkwargs(&mut self, keywords: &'a [Keyword], begin: usize, end: usize) -> R {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        if n > 1 && !big {
            for k in &keywords[begin..end] {
                self.expr(&k.value)?;
            }
            let keys = keywords[begin..end]
                .iter()
                .map(|k| Constant::Str(str_const(k.arg.as_deref().unwrap_or(""))))
                .collect();
            self.load_const(Constant::Tuple(keys));
            self.addop_i(self.ops.BUILD_CONST_KEY_MAP, n as u32);
            return Ok(());
        }
        if big {
            self.addop_i_noline(self.ops.BUILD_MAP, 0);
        }
        for k in &keywords[begin..end] {
            self.load_str(k.arg.as_deref().unwrap_or(""));
            self.expr(&k.value)?;
            if big {
                self.addop_i_noline(self.ops.MAP_ADD, 1);
            }
        }
        if !big {
            self.addop_i(self.ops.BUILD_MAP, n as u32);
        }
        Ok(())
    }

    /// `compiler_call_helper`: `n` arguments are already pushed.
    pub(super) fn call_helper(&mut self, n: u32, args: &'a [Expr], keywords: &'a [Keyword]) -> R {
        self.validate_keywords(keywords)?;
        let nelts = args.len();
        let nkw = keywords.len();
        let ex_call = nelts + nkw * 2 > STACK_USE_GUIDELINE
            || args.iter().any(|a| matches!(a.kind, ExprKind::Starred { .. }))
            || keywords.iter().any(|k| k.arg.is_none());
        if !ex_call {
            for a in args {
                self.expr(a)?;
            }
            if nkw > 0 {
                for k in keywords {
                    self.expr(&k.value)?;
                }
                self.kw_names(keywords);
            }
            let total = n + (nelts + nkw) as u32;
            self.addop_i(self.ops.PRECALL, total);
            self.addop_i(self.ops.CALL, total);
            return Ok(());
        }
        match args {
            [Expr { kind: ExprKind::Starred { value, .. }, .. }] if n == 0 => self.expr(value)?,
            _ => self.starunpack(
                args,
                n,
                self.ops.BUILD_LIST,
                self.ops.LIST_APPEND,
                self.ops.LIST_EXTEND,
                true,
            )?,
        }
        if nkw > 0 {
            let mut have_dict = false;
            let mut nseen = 0;
            for (i, k) in keywords.iter().enumerate() {
                if k.arg.is_none() {
                    if nseen > 0 {
                        self.subkwargs(keywords, i - nseen, i)?;
                        if have_dict {
                            self.addop_i(self.ops.DICT_MERGE, 1);
                        }
                        have_dict = true;
                        nseen = 0;
                    }
                    if !have_dict {
                        self.addop_i(self.ops.BUILD_MAP, 0);
                        have_dict = true;
                    }
                    self.expr(&k.value)?;
                    self.addop_i(self.ops.DICT_MERGE, 1);
                } else {
                    nseen += 1;
                }
            }
            if nseen > 0 {
                self.subkwargs(keywords, nkw - nseen, nkw)?;
                if have_dict {
                    self.addop_i(self.ops.DICT_MERGE, 1);
                }
            }
        }
        self.addop_i(self.ops.CALL_FUNCTION_EX, u32::from(nkw > 0));
        Ok(())
    }
}
