//! `match` statements (PEP 634, `compiler_match` and `compiler_pattern_*`). Each pattern
//! consumes the subject on top of the stack and jumps to a `fail_pop` block on failure that
//! pops whatever was pushed; captured names wait on the stack until the whole pattern matched.

use super::unit::{JUMP, POP_JUMP_IF_FALSE};
use super::{const_value, Compiler, R};
use pyrite_ir::ast::{self, CmpOp, Expr, ExprContext, ExprKind, MatchCase, Operator, Pattern, PatternKind};
use pyrite_ir::cfg::{BlockId, Opcode};
use pyrite_ir::code::Constant;
use pyrite_ir::pyint::PyInt;

#[derive(Clone, Default)]
struct PatternContext {
    stores: Vec<String>,
    allow_irrefutable: bool,
    fail_pop: Vec<BlockId>,
    on_top: usize,
}

fn is_wildcard(p: &Pattern) -> bool {
    matches!(&p.kind, PatternKind::MatchAs { pattern: None, name: None })
}

fn is_star_wildcard(p: &Pattern) -> bool {
    matches!(&p.kind, PatternKind::MatchStar { name: None })
}

fn int(i: usize) -> Constant {
    Constant::Int(PyInt::Small(i as i64))
}

impl<'a> Compiler<'a> {
    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() < n + 1 {
            let b = self.new_block();
            pc.fail_pop.push(b);
        }
    }

    fn jump_to_fail_pop(&mut self, pc: &mut PatternContext, op: Opcode) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.addop_j(op, pc.fail_pop[pops]);
    }

    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternContext) {
        if pc.fail_pop.is_empty() {
            return;
        }
        for i in (1..pc.fail_pop.len()).rev() {
            self.use_next_block(pc.fail_pop[i]);
            self.addop(self.ops.POP_TOP);
        }
        self.use_next_block(pc.fail_pop[0]);
        pc.fail_pop.clear();
    }

    fn pattern_rotate(&mut self, mut count: usize) {
        while count > 1 {
            self.addop_i(self.ops.SWAP, count as u32);
            count -= 1;
        }
    }

    fn pattern_store_name(&mut self, name: Option<&str>, pc: &mut PatternContext) -> R {
        let Some(n) = name else {
            self.addop(self.ops.POP_TOP);
            return Ok(());
        };
        if n == "__debug__" {
            return Err(self.error("cannot assign to __debug__"));
        }
        if pc.stores.iter().any(|s| s == n) {
            return Err(self.error(format!("multiple assignments to name '{n}' in pattern")));
        }
        let rotations = pc.on_top + pc.stores.len() + 1;
        self.pattern_rotate(rotations);
        pc.stores.push(n.to_string());
        Ok(())
    }

    fn pattern_unpack(&mut self, elts: &[Pattern]) -> R {
        let n = elts.len();
        let mut seen_star = false;
        for (i, p) in elts.iter().enumerate() {
            if matches!(p.kind, PatternKind::MatchStar { .. }) {
                if seen_star {
                    return Err(self.error("multiple starred expressions in sequence pattern"));
                }
                if i >= 1 << 8 {
                    return Err(self.error("too many expressions in star-unpacking sequence pattern"));
                }
                self.addop_i(self.ops.UNPACK_EX, (i + ((n - i - 1) << 8)) as u32);
                seen_star = true;
            }
        }
        if !seen_star {
            self.addop_i(self.ops.UNPACK_SEQUENCE, n as u32);
        }
        Ok(())
    }

    fn subpattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> R {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(p, pc)?;
        pc.allow_irrefutable = allow;
        Ok(())
    }

    fn pattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> R {
        self.set_loc(p.loc);
        match &p.kind {
            PatternKind::MatchValue { value } => {
                if !matches!(value.kind, ExprKind::Constant { .. } | ExprKind::Attribute { .. }) {
                    return Err(self.error("patterns may only match literals and attribute lookups"));
                }
                self.expr(value)?;
                self.addcompare(CmpOp::Eq);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
            }
            PatternKind::MatchSingleton { value } => {
                self.load_literal(const_value(value));
                self.addcompare(CmpOp::Is);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
            }
            PatternKind::MatchSequence { patterns } => self.pattern_sequence(patterns, pc)?,
            PatternKind::MatchMapping { keys, patterns, rest } => {
                self.pattern_mapping(keys, patterns, rest.as_deref(), pc)?
            }
            PatternKind::MatchClass { cls, patterns, kwd_attrs, kwd_patterns } => {
                self.pattern_class(p, cls, patterns, kwd_attrs, kwd_patterns, pc)?
            }
            PatternKind::MatchStar { name } => self.pattern_store_name(name.as_deref(), pc)?,
            PatternKind::MatchAs { pattern, name } => match pattern {
                None => {
                    if !pc.allow_irrefutable {
                        return Err(self.error(match name {
                            Some(n) => format!("name capture '{n}' makes remaining patterns unreachable"),
                            None => "wildcard makes remaining patterns unreachable".to_string(),
                        }));
                    }
                    self.pattern_store_name(name.as_deref(), pc)?;
                }
                Some(inner) => {
                    pc.on_top += 1;
                    self.addop_i(self.ops.COPY, 1);
                    self.pattern(inner, pc)?;
                    pc.on_top -= 1;
                    self.pattern_store_name(name.as_deref(), pc)?;
                }
            },
            PatternKind::MatchOr { patterns } => self.pattern_or(patterns, pc)?,
        }
        Ok(())
    }

    fn pattern_sequence(&mut self, patterns: &'a [Pattern], pc: &mut PatternContext) -> R {
        let size = patterns.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in patterns.iter().enumerate() {
            if matches!(p.kind, PatternKind::MatchStar { .. }) {
                if star.is_some() {
                    return Err(self.error("multiple starred names in sequence pattern"));
                }
                star_wildcard = is_star_wildcard(p);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        pc.on_top += 1;
        self.addop(self.ops.MATCH_SEQUENCE);
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        match star {
            None => {
                self.addop(self.ops.GET_LEN);
                self.load_const(int(size));
                self.addcompare(CmpOp::Eq);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
            }
            Some(_) if size > 1 => {
                self.addop(self.ops.GET_LEN);
                self.load_const(int(size - 1));
                self.addcompare(CmpOp::GtE);
                self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
            }
            Some(_) => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.addop(self.ops.POP_TOP);
        } else if star_wildcard {
            let star = star.expect("a star");
            pc.on_top += 1;
            for (i, p) in patterns.iter().enumerate() {
                if is_wildcard(p) || i == star {
                    continue;
                }
                self.addop_i(self.ops.COPY, 1);
                if i < star {
                    self.load_const(int(i));
                } else {
                    self.addop(self.ops.GET_LEN);
                    self.load_const(int(size - i));
                    self.binop(Operator::Sub, false);
                }
                self.addop(self.ops.BINARY_SUBSCR);
                self.subpattern(p, pc)?;
            }
            pc.on_top -= 1;
            self.addop(self.ops.POP_TOP);
        } else {
            self.pattern_unpack(patterns)?;
            pc.on_top += size;
            for p in patterns {
                pc.on_top -= 1;
                self.subpattern(p, pc)?;
            }
        }
        Ok(())
    }

    fn pattern_mapping(
        &mut self,
        keys: &'a [Expr],
        patterns: &'a [Pattern],
        rest: Option<&str>,
        pc: &mut PatternContext,
    ) -> R {
        let size = keys.len();
        if size != patterns.len() {
            return Err(self.error(format!(
                "keys ({size}) / patterns ({}) length mismatch in mapping pattern",
                patterns.len()
            )));
        }
        pc.on_top += 1;
        self.addop(self.ops.MATCH_MAPPING);
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        if size == 0 && rest.is_none() {
            pc.on_top -= 1;
            self.addop(self.ops.POP_TOP);
            return Ok(());
        }
        if size > 0 {
            self.addop(self.ops.GET_LEN);
            self.load_const(int(size));
            self.addcompare(CmpOp::GtE);
            self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        }
        let mut seen: Vec<super::ConstKey> = Vec::new();
        for key in keys {
            match &key.kind {
                ExprKind::Constant { value, .. } => {
                    let k = super::ConstKey::of_value(&const_value(value));
                    if seen.contains(&k) {
                        let repr = crate::unparse::unparse_expr(key).unwrap_or_default();
                        return Err(self.error(format!("mapping pattern checks duplicate key ({repr})")));
                    }
                    seen.push(k);
                }
                ExprKind::Attribute { .. } => {}
                _ => {
                    return Err(
                        self.error("mapping pattern keys may only match literals and attribute lookups")
                    )
                }
            }
            self.expr(key)?;
        }
        self.addop_i(self.ops.BUILD_TUPLE, size as u32);
        self.addop(self.ops.MATCH_KEYS);
        pc.on_top += 2;
        self.addop_i(self.ops.COPY, 1);
        self.load_none();
        self.addop_i(self.ops.IS_OP, 1);
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        self.addop_i(self.ops.UNPACK_SEQUENCE, size as u32);
        pc.on_top += size;
        pc.on_top -= 1;
        for p in patterns {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        pc.on_top -= 2;
        if let Some(r) = rest {
            self.addop_i(self.ops.BUILD_MAP, 0);
            self.addop_i(self.ops.SWAP, 3);
            self.addop_i(self.ops.DICT_UPDATE, 2);
            self.addop_i(self.ops.UNPACK_SEQUENCE, size as u32);
            let mut s = size;
            while s > 0 {
                self.addop_i(self.ops.COPY, (1 + s) as u32);
                s -= 1;
                self.addop_i(self.ops.SWAP, 2);
                self.addop(self.ops.DELETE_SUBSCR);
            }
            self.pattern_store_name(Some(r), pc)?;
        } else {
            self.addop(self.ops.POP_TOP);
            self.addop(self.ops.POP_TOP);
        }
        Ok(())
    }

    fn pattern_class(
        &mut self,
        p: &'a Pattern,
        cls: &'a Expr,
        patterns: &'a [Pattern],
        kwd_attrs: &'a [ast::Ident],
        kwd_patterns: &'a [Pattern],
        pc: &mut PatternContext,
    ) -> R {
        let nargs = patterns.len();
        let nattrs = kwd_attrs.len();
        if nattrs != kwd_patterns.len() {
            return Err(self.error(format!(
                "kwd_attrs ({nattrs}) / kwd_patterns ({}) length mismatch in class pattern",
                kwd_patterns.len()
            )));
        }
        if nattrs > 0 {
            for (i, attr) in kwd_attrs.iter().enumerate() {
                self.set_loc(kwd_patterns[i].loc);
                if &**attr == "__debug__" {
                    return Err(self.error("cannot assign to __debug__"));
                }
                for (j, other) in kwd_attrs.iter().enumerate().skip(i + 1) {
                    if other == attr {
                        self.set_loc(kwd_patterns[j].loc);
                        return Err(self.error(format!("attribute name repeated in class pattern: {attr}")));
                    }
                }
            }
            self.set_loc(p.loc);
        }
        self.expr(cls)?;
        let names = kwd_attrs.iter().map(|a| Constant::Str(super::str_const(a))).collect();
        self.load_const(Constant::Tuple(names));
        self.addop_i(self.ops.MATCH_CLASS, nargs as u32);
        self.addop_i(self.ops.COPY, 1);
        self.load_none();
        self.addop_i(self.ops.IS_OP, 1);
        pc.on_top += 1;
        self.jump_to_fail_pop(pc, POP_JUMP_IF_FALSE);
        self.addop_i(self.ops.UNPACK_SEQUENCE, (nargs + nattrs) as u32);
        pc.on_top += nargs + nattrs;
        pc.on_top -= 1;
        for sub in patterns.iter().chain(kwd_patterns) {
            pc.on_top -= 1;
            if is_wildcard(sub) {
                self.addop(self.ops.POP_TOP);
                continue;
            }
            self.subpattern(sub, pc)?;
        }
        Ok(())
    }

    fn pattern_or(&mut self, alts: &'a [Pattern], pc: &mut PatternContext) -> R {
        let end = self.new_block();
        let old = pc.clone();
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in alts.iter().enumerate() {
            self.set_loc(alt.loc);
            pc.stores = Vec::new();
            pc.allow_irrefutable = i + 1 == alts.len() && old.allow_irrefutable;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.addop_i(self.ops.COPY, 1);
            self.pattern(alt, pc)?;
            let nstores = pc.stores.len();
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctl) if ctl.len() != nstores => {
                    return Err(self.error("alternative patterns bind different names"))
                }
                Some(ctl) if nstores > 0 => {
                    let ctl = ctl.clone();
                    let mut icontrol = nstores;
                    while icontrol > 0 {
                        icontrol -= 1;
                        let name = &ctl[icontrol];
                        let Some(istores) = pc.stores.iter().position(|s| s == name) else {
                            return Err(self.error("alternative patterns bind different names"));
                        };
                        if icontrol != istores {
                            let rotations = istores + 1;
                            let rotated: Vec<String> = pc.stores.drain(..rotations).collect();
                            let at = icontrol - istores;
                            for (k, r) in rotated.into_iter().enumerate() {
                                pc.stores.insert(at + k, r);
                            }
                            for _ in 0..rotations {
                                self.pattern_rotate(icontrol + 1);
                            }
                        }
                    }
                }
                _ => {}
            }
            self.addop_j(JUMP, end);
            self.emit_and_reset_fail_pop(pc);
        }
        *pc = old;
        self.addop(self.ops.POP_TOP);
        self.jump_to_fail_pop(pc, JUMP);
        self.use_next_block(end);
        let control = control.unwrap_or_default();
        let nstores = control.len();
        let nrots = nstores + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.pattern_rotate(nrots);
            if pc.stores.contains(&name) {
                return Err(self.error(format!("multiple assignments to name '{name}' in pattern")));
            }
            pc.stores.push(name);
        }
        self.addop(self.ops.POP_TOP);
        Ok(())
    }

    /// `compiler_match`.
    pub(super) fn match_stmt(&mut self, subject: &'a Expr, cases: &'a [MatchCase]) -> R {
        self.expr(subject)?;
        let end = self.new_block();
        let n = cases.len();
        let last = &cases[n - 1];
        let has_default = is_wildcard(&last.pattern) && n > 1;
        let upto = n - usize::from(has_default);
        let mut pc = PatternContext::default();
        for (i, m) in cases[..upto].iter().enumerate() {
            self.set_loc(m.pattern.loc);
            if i != upto - 1 {
                self.addop_i(self.ops.COPY, 1);
            }
            pc.stores = Vec::new();
            pc.allow_irrefutable = m.guard.is_some() || i == n - 1;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.pattern(&m.pattern, &mut pc)?;
            for name in pc.stores.clone() {
                self.nameop(name.as_str(), ExprContext::Store)?;
            }
            if let Some(g) = &m.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let target = pc.fail_pop[0];
                self.jump_if(g, target, false)?;
            }
            if i != upto - 1 {
                self.addop(self.ops.POP_TOP);
            }
            self.stmts(&m.body)?;
            self.unset_loc();
            self.addop_j(JUMP, end);
            self.set_loc(m.pattern.loc);
            self.emit_and_reset_fail_pop(&mut pc);
        }
        if has_default {
            self.set_loc(last.pattern.loc);
            if n == 1 {
                self.addop(self.ops.POP_TOP);
            } else {
                self.addop(self.ops.NOP);
            }
            if let Some(g) = &last.guard {
                self.jump_if(g, end, false)?;
            }
            self.stmts(&last.body)?;
            self.unset_loc();
        }
        self.use_next_block(end);
        Ok(())
    }
}
