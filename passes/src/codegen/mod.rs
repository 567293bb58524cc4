//! The `codegen` stage (Ast -> Cfg): CPython 3.11's Python/compile.c up to the start of
//! `assemble()`. Future features and the symbol table come first (`symtable`), then every scope
//! becomes a [`CodeUnit`]: instructions (with CPython's pseudo-ops) in basic blocks laid out in
//! `b_next` order, each with the location CPython gives it, plus assemble's step 1 (the implicit
//! `return None` with no location when the last block does not return).
//!
//! Instruction arguments are CPython's at that point: `*_FAST` index `co_varnames` (parameters,
//! then locals in order of first use); the `*_DEREF` family and `LOAD_CLOSURE` index the cell
//! variables (sorted by name, `__class__` alone for a class that needs it), then the free
//! variables (sorted) after them; assemble's `fix_cell_offsets` maps those to localsplus slots.
//! Jumps carry their target block; their `oparg` is 0.
//!
//! Modules: `unit` (compiler unit, blocks, constant and name tables), `ops` (opcode numbers from
//! the target), `stmt`, `expr`, `call`, `function` (def, lambda, class), `comprehension`,
//! `exceptions` (try, with, frame-block unwinding), `patterns` (match).

mod call;
mod comprehension;
mod exceptions;
mod expr;
mod function;
mod ops;
mod patterns;
mod stmt;
mod strings;
mod unit;

use crate::pass::{Context, Mode, Pass};
use crate::symtable::{self, Entry, NameRef, Scope, SymbolTable};
use ops::Ops;
use pyrite_ir::ast::{self, ExprContext, Loc, Mod, Stmt, StmtKind};
use pyrite_ir::cfg::Location;
use pyrite_ir::cfg::{BlockId, Cfg, CodeUnit, ConstRef, Opcode};
use pyrite_ir::code::{flags, Constant};
use pyrite_ir::pyint::PyInt;
use pyrite_ir::pystr::PyStr;
use pyrite_ir::{Diagnostic, DiagnosticKind, Ir, IrKind};
use std::borrow::Cow;
use std::sync::Arc;
use strings::{Origin, Strings};
use unit::{FBlock, FBlockKind, FbDatum, ScopeType, Unit};

pub use unit::ConstKey;

pub fn pass() -> Box<dyn Pass> {
    Box::new(Codegen)
}

struct Codegen;

impl Pass for Codegen {
    fn name(&self) -> &str {
        "codegen"
    }
    fn input(&self) -> IrKind {
        IrKind::Ast
    }
    fn output(&self) -> IrKind {
        IrKind::Cfg
    }
    fn run(&self, ir: Ir, cx: &mut Context) -> Result<Ir, Diagnostic> {
        let Ir::Ast(module) = ir else {
            return Err(Diagnostic::error(DiagnosticKind::InvalidInput, "", "codegen expects an AST"));
        };
        let path = module.source.name.clone();
        let (cfg, warnings) = compile(&module.tree, &path, cx)?;
        cx.diagnostics.extend(warnings);
        Ok(Ir::Cfg(cfg))
    }
}

/// Compiles a tree into its CFG (`_PyAST_Compile` minus ast_opt and assemble), on a thread with
/// a deep stack: codegen recurses once per nesting level like CPython's.
pub fn compile(tree: &Mod, path: &str, cx: &Context) -> Result<(Cfg, Vec<Diagnostic>), Diagnostic> {
    let options = cx.options.clone();
    let target = cx.target;
    let run = move || -> Result<(Cfg, Vec<Diagnostic>), Diagnostic> {
        let table = symtable::build(tree, path)?;
        let ops = Ops::of(target).map_err(|e| Diagnostic::error(DiagnosticKind::InvalidInput, path, e))?;
        let mut c = Compiler {
            st: &table,
            path,
            ops,
            nb_ops: target.opcodes().nb_ops,
            cmp_ops: target.opcodes().cmp_op,
            optimize: options.optimize,
            interactive: false,
            units: Vec::new(),
            done: vec![None],
            code_class: vec![0],
            code_classes: Default::default(),
            warnings: Vec::new(),
            strings: Strings::new(tree, target, options.intern_host),
            scratch: Vec::new(),
            filename: path.into(),
        };
        c.compile_mod(tree, options.mode)?;
        let units = c.done.into_iter().map(|u| u.unwrap_or_default()).collect();
        Ok((Cfg { filename: path.to_string(), units }, c.warnings))
    };
    crate::pass::on_deep_stack(run)
}

type R = Result<(), Diagnostic>;

pub(crate) struct Compiler<'a> {
    st: &'a SymbolTable,
    path: &'a str,
    ops: Ops,
    nb_ops: &'static [(&'static str, &'static str)],
    cmp_ops: &'static [&'static str],
    optimize: u8,
    interactive: bool,
    /// The stack of units being compiled; the last is the current one.
    units: Vec<Unit<'a>>,
    /// Finished units by index (0 is the module, filled last).
    done: Vec<Option<CodeUnit>>,
    /// For each finished unit, the first unit structurally equal to it: CPython's constant
    /// tables compare code objects by value, so equal nested code (a `while` test or a
    /// `finally` body compiled twice) is one constant.
    code_class: Vec<usize>,
    code_classes: pyrite_ir::fxhash::FxMap<u64, Vec<usize>>,
    warnings: Vec<Diagnostic>,
    /// What decides frozenset constants' orders: see [`strings`].
    strings: Strings<'a>,
    /// `path`, shared by every unit's `co_filename`.
    filename: Arc<str>,
    /// Working tables of finished units, for the units entered next.
    scratch: Vec<unit::Scratch<'a>>,
}

/// The location of an AST node.
pub(crate) fn loc_of(l: Loc) -> Location {
    Location::new(l.lineno as i32, l.end_lineno as i32, l.col_offset as i32, l.end_col_offset as i32)
}

/// An AST constant as a code-object constant.
pub(crate) fn const_value(c: &ast::Constant) -> Constant {
    match c {
        ast::Constant::None => Constant::None,
        ast::Constant::True => Constant::Bool(true),
        ast::Constant::False => Constant::Bool(false),
        ast::Constant::Ellipsis => Constant::Ellipsis,
        ast::Constant::Int(i) => Constant::Int(PyInt::Small(*i)),
        ast::Constant::BigInt(digits) => Constant::Int(decimal_to_int(digits)),
        ast::Constant::Float(f) => Constant::Float(*f),
        ast::Constant::Complex(c) => Constant::Complex { real: c.0, imag: c.1 },
        ast::Constant::Str(s) => Constant::Str(str_const(s)),
        ast::Constant::SurrogateStr(b) => {
            Constant::Str(PyStr::from_utf8_surrogatepass(b).unwrap_or_else(|| PyStr::from_latin1(b)))
        }
        ast::Constant::Bytes(b) => Constant::Bytes(b.to_vec()),
        ast::Constant::Tuple(items) => Constant::Tuple(items.iter().map(const_value).collect()),
        ast::Constant::FrozenSet(items) => Constant::FrozenSet(items.iter().map(const_value).collect()),
    }
}

pub(crate) fn str_const(s: &str) -> PyStr {
    PyStr::from_utf8_surrogatepass(s.as_bytes()).unwrap_or_else(|| PyStr::from_latin1(s.as_bytes()))
}

/// Decimal digits (with an optional `-`) to an int (base 2^32 schoolbook conversion).
fn decimal_to_int(digits: &str) -> PyInt {
    let negative = digits.starts_with('-');
    let mut mag: Vec<u32> = Vec::new();
    for d in digits.bytes().filter(u8::is_ascii_digit) {
        let mut carry = u64::from(d - b'0');
        for limb in mag.iter_mut() {
            let v = u64::from(*limb) * 10 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            mag.push(carry as u32);
        }
    }
    PyInt::from_sign_mag(negative, mag)
}

impl<'a> Compiler<'a> {
    fn u(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("a unit is being compiled")
    }
    fn ur(&self) -> &Unit<'a> {
        self.units.last().expect("a unit is being compiled")
    }

    // ---- locations -------------------------------------------------------------------------

    fn set_loc(&mut self, l: Loc) {
        self.u().loc = loc_of(l);
    }
    fn unset_loc(&mut self) {
        self.u().loc = Location::NONE;
    }
    fn loc(&self) -> Location {
        self.ur().loc
    }
    fn restore_loc(&mut self, l: Location) {
        self.u().loc = l;
    }

    // ---- emitting --------------------------------------------------------------------------

    fn ends_block(&self, op: Opcode) -> bool {
        op == self.ops.RETURN_VALUE || op == self.ops.RAISE_VARARGS || op == self.ops.RERAISE
    }

    fn emit(&mut self, op: Opcode, arg: u32, loc: Location) {
        let ends = self.ends_block(op);
        let is_return = op == self.ops.RETURN_VALUE;
        let u = self.u();
        u.push(op, arg, None, loc, ends);
        if is_return {
            u.mark_return();
        }
    }
    fn addop(&mut self, op: Opcode) {
        let loc = self.loc();
        self.emit(op, 0, loc);
    }
    fn addop_i(&mut self, op: Opcode, arg: u32) {
        let loc = self.loc();
        self.emit(op, arg, loc);
    }
    fn addop_noline(&mut self, op: Opcode) {
        self.emit(op, 0, Location::NONE);
    }
    fn addop_i_noline(&mut self, op: Opcode, arg: u32) {
        self.emit(op, arg, Location::NONE);
    }
    fn addop_j_at(&mut self, op: Opcode, target: BlockId, loc: Location) {
        let ends = !unit::is_block_push(op);
        self.u().push(op, 0, Some(target), loc, ends);
    }
    fn addop_j(&mut self, op: Opcode, target: BlockId) {
        let loc = self.loc();
        self.addop_j_at(op, target, loc);
    }
    fn addop_j_noline(&mut self, op: Opcode, target: BlockId) {
        self.addop_j_at(op, target, Location::NONE);
    }
    fn new_block(&mut self) -> BlockId {
        self.u().new_block()
    }
    fn use_next_block(&mut self, b: BlockId) {
        self.u().use_next_block(b);
    }

    /// `compiler_add_const` of a constant the compiler made (names, qualnames, `None`...): its
    /// strings are the parser's interned identifiers or the interpreter's own.
    fn add_const(&mut self, c: Constant) -> u32 {
        self.strings.note(&c, Origin::Interned);
        self.u().add_const(ConstRef::Value(c))
    }
    fn load_const(&mut self, c: Constant) {
        let i = self.add_const(c);
        self.addop_i(self.ops.LOAD_CONST, i);
    }
    /// [`Compiler::add_const`] of a constant from the source (a literal, a folded tuple or set): its
    /// strings are new objects, and a frozenset gets the order CPython's merge and interning give.
    fn add_literal(&mut self, c: Constant) -> u32 {
        let c = match c {
            Constant::FrozenSet(items) => self.strings.frozenset(items),
            c => {
                self.strings.note(&c, Origin::Literal);
                c
            }
        };
        self.add_const(c)
    }
    fn load_literal(&mut self, c: Constant) {
        let i = self.add_literal(c);
        self.addop_i(self.ops.LOAD_CONST, i);
    }
    fn load_none(&mut self) {
        self.load_const(Constant::None);
    }
    fn load_str(&mut self, s: &str) {
        self.load_const(Constant::Str(str_const(s)));
    }

    fn mangle<'n>(&self, name: &'n str) -> std::borrow::Cow<'n, str> {
        symtable::mangle(self.ur().private.as_deref(), name)
    }

    /// `ADDOP_NAME`: a (mangled) name in `co_names`.
    fn addop_name<N: NameRef + ?Sized>(&mut self, op: Opcode, name: &N) {
        let m = symtable::mangle(self.ur().private.as_deref(), name.text());
        let shared = name.shared().filter(|_| matches!(m, Cow::Borrowed(_)));
        let i = self.u().names.add_with(&m, shared);
        self.addop_i(op, i);
    }

    // ---- errors ----------------------------------------------------------------------------

    /// `compiler_error`: a SyntaxError at the current location.
    fn error(&self, msg: impl Into<String>) -> Diagnostic {
        let l = self.ur().loc;
        Diagnostic::error(DiagnosticKind::SyntaxError, self.path, msg).at(
            l.lineno.max(0) as u32,
            (l.col_offset + 1).max(0) as u32,
            l.end_lineno.max(0) as u32,
            (l.end_col_offset + 1).max(0) as u32,
        )
    }

    /// `compiler_warn`: a SyntaxWarning at the current location. The printed warning shows only
    /// the line; the columns are those of the SyntaxError CPython raises instead under
    /// `-W error` (`compiler_error` at the same location).
    fn warn(&mut self, msg: impl Into<String>) {
        let mut d = self.error(msg);
        d.kind = DiagnosticKind::SyntaxWarning;
        d.severity = pyrite_ir::diag::Severity::Warning;
        self.warnings.push(d);
    }

    // ---- scopes ----------------------------------------------------------------------------

    fn scope_type(&self) -> ScopeType {
        self.ur().scope
    }

    fn entry_of<T>(&self, node: &T) -> Result<&'a Entry, Diagnostic> {
        let st: &'a SymbolTable = self.st;
        st.lookup(node).ok_or_else(|| {
            Diagnostic::error(DiagnosticKind::InvalidInput, self.path, "no symbol table entry for a scope")
        })
    }

    /// `compiler_enter_scope`.
    fn enter_scope(&mut self, name: &str, scope: ScopeType, ste: &'a Entry, lineno: u32) {
        let scratch = self.scratch.pop().unwrap_or_default();
        let mut u = Unit::new(ste, scope, name, lineno as i32, scratch);
        if let Some(parent) = self.units.last() {
            u.private = parent.private.clone();
        }
        self.units.push(u);
        if scope == ScopeType::Module {
            self.u().loc.lineno = 0;
        } else {
            self.set_qualname();
        }
        self.addop_i(self.ops.RESUME, 0);
        if scope == ScopeType::Module {
            self.u().loc.lineno = -1;
        }
    }

    /// `compiler_set_qualname`.
    fn set_qualname(&mut self) {
        let n = self.units.len();
        if n < 2 {
            return;
        }
        let (parents, me) = self.units.split_at_mut(n - 1);
        let u = &mut me[0];
        let parent = &parents[n - 2];
        let mut force_global = false;
        if matches!(u.scope, ScopeType::Function | ScopeType::AsyncFunction | ScopeType::Class) {
            let mangled = symtable::mangle(parent.private.as_deref(), &u.meta.name);
            if parent.ste.scope(&mangled) == Some(Scope::GlobalExplicit) {
                force_global = true;
            }
        }
        if force_global || parent.scope == ScopeType::Module {
            return;
        }
        let locals =
            matches!(parent.scope, ScopeType::Function | ScopeType::AsyncFunction | ScopeType::Lambda);
        let parent_name = &parent.meta.qualname;
        let mut q = String::with_capacity(parent_name.len() + ".<locals>.".len() + u.meta.name.len());
        q.push_str(parent_name);
        if locals {
            q.push_str(".<locals>");
        }
        q.push('.');
        q.push_str(&u.meta.name);
        u.meta.qualname = q.into();
    }

    /// `compute_code_flags`.
    fn code_flags(&self, u: &Unit<'a>) -> u32 {
        let ste = u.ste;
        let mut f = 0;
        if ste.kind == symtable::BlockKind::Function {
            f |= flags::NEWLOCALS | flags::OPTIMIZED;
            if ste.nested {
                f |= flags::NESTED;
            }
            match (ste.generator, u.coroutine) {
                (true, false) => f |= flags::GENERATOR,
                (false, true) => f |= flags::COROUTINE,
                (true, true) => f |= flags::ASYNC_GENERATOR,
                _ => {}
            }
            if ste.varargs {
                f |= flags::VARARGS;
            }
            if ste.varkeywords {
                f |= flags::VARKEYWORDS;
            }
        }
        f | self.st.future.features
    }

    /// Assemble's step 1 and the unit's metadata, then leaves the scope
    /// (`assemble` + `compiler_exit_scope`). Returns the unit's index and its free variables.
    fn exit_scope(&mut self, add_none: bool) -> (usize, Vec<Arc<str>>) {
        if !self.ur().cur_returns() {
            self.unset_loc();
            if add_none {
                self.load_none();
            }
            self.addop(self.ops.RETURN_VALUE);
        }
        let u = self.units.pop().expect("a unit is being compiled");
        let fl = self.code_flags(&u);
        let frees = u.freevars.list.clone();
        let is_module = u.scope == ScopeType::Module;
        let (mut cu, scratch) = u.finish();
        self.scratch.push(scratch);
        cu.meta.flags = fl;
        cu.meta.filename = self.filename.clone();
        let index = if is_module {
            self.done[0] = Some(cu);
            0
        } else {
            let index = self.done.len();
            let hash = structural_hash(&cu);
            let bucket = self.code_classes.entry(hash).or_default();
            let done = &self.done;
            let classes = &self.code_class;
            let class = bucket
                .iter()
                .copied()
                .find(|&j| done[j].as_ref().is_some_and(|other| same_code(other, &cu, classes)))
                .unwrap_or(index);
            if class == index {
                bucket.push(index);
            }
            self.done.push(Some(cu));
            self.code_class.push(class);
            index
        };
        (index, frees)
    }

    // ---- the module --------------------------------------------------------------------------

    /// `compiler_mod`.
    fn compile_mod(&mut self, m: &'a Mod, mode: Mode) -> R {
        let st: &'a SymbolTable = self.st;
        self.enter_scope("<module>", ScopeType::Module, st.top(), 1);
        self.u().loc.lineno = 1;
        let mut add_none = true;
        match m {
            Mod::Module { body, .. } => self.body(body)?,
            Mod::Interactive { body } => {
                if find_ann(body) {
                    self.addop(self.ops.SETUP_ANNOTATIONS);
                }
                self.interactive = true;
                self.stmts(body)?;
            }
            Mod::Expression { body } => {
                self.expr(body)?;
                add_none = false;
            }
            Mod::FunctionType { .. } => {
                return Err(Diagnostic::error(
                    DiagnosticKind::InvalidInput,
                    self.path,
                    "cannot compile a FunctionType",
                ))
            }
        }
        let _ = mode;
        self.exit_scope(add_none);
        Ok(())
    }

    /// `compiler_body`: a module or class body (docstring, `SETUP_ANNOTATIONS`).
    fn body(&mut self, stmts: &'a [Stmt]) -> R {
        if self.scope_type() == ScopeType::Module {
            if let Some(first) = stmts.first() {
                self.set_loc(first.loc);
            }
        }
        if find_ann(stmts) {
            self.addop(self.ops.SETUP_ANNOTATIONS);
        }
        if stmts.is_empty() {
            return Ok(());
        }
        let mut rest = stmts;
        if self.optimize < 2 {
            if let Some(doc) = docstring(stmts) {
                if let StmtKind::Expr { value } = &stmts[0].kind {
                    self.expr(value)?;
                }
                let _ = doc;
                self.unset_loc();
                self.nameop("__doc__", ExprContext::Store)?;
                rest = &stmts[1..];
            }
        }
        self.stmts(rest)
    }

    fn stmts(&mut self, stmts: &'a [Stmt]) -> R {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    // ---- names -------------------------------------------------------------------------------

    /// `compiler_nameop`.
    fn nameop<N: NameRef + ?Sized>(&mut self, name: &N, ctx: ExprContext) -> R {
        self.nameop_shared(name.text(), name.shared(), ctx)
    }

    /// [`Compiler::nameop`] of `name`, whose text `shared` holds when given.
    fn nameop_shared(&mut self, name: &str, shared: Option<&Arc<str>>, ctx: ExprContext) -> R {
        if name == "__debug__" {
            match ctx {
                ExprContext::Store => return Err(self.error("cannot assign to __debug__")),
                ExprContext::Del => return Err(self.error("cannot delete __debug__")),
                ExprContext::Load => {}
            }
        }
        let mangled = symtable::mangle(self.ur().private.as_deref(), name);
        let shared = shared.filter(|_| matches!(mangled, Cow::Borrowed(_)));
        let u = self.ur();
        let is_function = u.ste.kind == symtable::BlockKind::Function;
        let is_class = u.ste.kind == symtable::BlockKind::Class;
        enum Kind {
            Fast,
            Global,
            Deref(bool),
            Name,
        }
        let kind = match u.ste.scope(&mangled) {
            Some(Scope::Free) => Kind::Deref(false),
            Some(Scope::Cell) => Kind::Deref(true),
            Some(Scope::Local) if is_function => Kind::Fast,
            Some(Scope::GlobalImplicit) if is_function => Kind::Global,
            Some(Scope::GlobalExplicit) => Kind::Global,
            _ => Kind::Name,
        };
        let o = &self.ops;
        match kind {
            Kind::Fast => {
                let op = match ctx {
                    ExprContext::Load => o.LOAD_FAST,
                    ExprContext::Store => o.STORE_FAST,
                    ExprContext::Del => o.DELETE_FAST,
                };
                let i = self.u().varnames.add_with(&mangled, shared);
                self.addop_i(op, i);
            }
            Kind::Deref(cell) => {
                let op = match ctx {
                    ExprContext::Load if is_class => o.LOAD_CLASSDEREF,
                    ExprContext::Load => o.LOAD_DEREF,
                    ExprContext::Store => o.STORE_DEREF,
                    ExprContext::Del => o.DELETE_DEREF,
                };
                let u = self.u();
                let i = if cell {
                    u.cellvars.add_with(&mangled, shared)
                } else {
                    let ncells = u.cellvars.len() as u32;
                    match u.freevars.get(&mangled) {
                        Some(i) => i + ncells,
                        None => u.freevars.add_with(&mangled, shared) + ncells,
                    }
                };
                self.addop_i(op, i);
            }
            Kind::Global => {
                let op = match ctx {
                    ExprContext::Load => o.LOAD_GLOBAL,
                    ExprContext::Store => o.STORE_GLOBAL,
                    ExprContext::Del => o.DELETE_GLOBAL,
                };
                let load = op == o.LOAD_GLOBAL;
                let i = self.u().names.add_with(&mangled, shared);
                self.addop_i(op, if load { i << 1 } else { i });
            }
            Kind::Name => {
                let op = match ctx {
                    ExprContext::Load => o.LOAD_NAME,
                    ExprContext::Store => o.STORE_NAME,
                    ExprContext::Del => o.DELETE_NAME,
                };
                let i = self.u().names.add_with(&mangled, shared);
                self.addop_i(op, i);
            }
        }
        Ok(())
    }

    // ---- frame blocks ------------------------------------------------------------------------

    fn push_fblock(
        &mut self,
        kind: FBlockKind,
        block: Option<BlockId>,
        exit: Option<BlockId>,
        datum: FbDatum<'a>,
    ) -> R {
        if self.ur().fblocks.len() >= 20 {
            return Err(self.error("too many statically nested blocks"));
        }
        self.u().fblocks.push(FBlock { kind, block, exit, datum });
        Ok(())
    }

    fn pop_fblock(&mut self) {
        self.u().fblocks.pop();
    }
}

/// Buckets candidates for code object equality (`code_richcompare`: everything but qualname
/// and filename); [`same_code`] decides. Units that differ nearly always differ in name, first
/// line or size, so only those are hashed: hashing every instruction cost more than the few
/// extra comparisons it saves.
fn structural_hash(cu: &CodeUnit) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = pyrite_ir::fxhash::FxHasher::default();
    let m = &cu.meta;
    (&m.name, m.argcount, m.posonlyargcount, m.kwonlyargcount, m.flags, m.firstlineno).hash(&mut h);
    (m.names.len(), m.localsplus.len(), cu.consts.len(), cu.order.len()).hash(&mut h);
    cu.order.iter().map(|&b| cu.blocks[b as usize].instrs.len()).sum::<usize>().hash(&mut h);
    h.finish()
}

/// Whether two finished units assemble to equal code objects (see [`structural_hash`]).
fn same_code(a: &CodeUnit, b: &CodeUnit, classes: &[usize]) -> bool {
    let (ma, mb) = (&a.meta, &b.meta);
    if (&ma.name, ma.argcount, ma.posonlyargcount, ma.kwonlyargcount, ma.flags, ma.firstlineno)
        != (&mb.name, mb.argcount, mb.posonlyargcount, mb.kwonlyargcount, mb.flags, mb.firstlineno)
        || ma.names != mb.names
        || ma.localsplus != mb.localsplus
        || a.consts.len() != b.consts.len()
        || a.order.len() != b.order.len()
    {
        return false;
    }
    let consts_equal = a.consts.iter().zip(&b.consts).all(|(x, y)| match (x, y) {
        (ConstRef::Code(i), ConstRef::Code(j)) => classes[*i] == classes[*j],
        (ConstRef::Value(v), ConstRef::Value(w)) => ConstKey::of_value(v) == ConstKey::of_value(w),
        _ => false,
    });
    if !consts_equal {
        return false;
    }
    let positions = |u: &CodeUnit| {
        let mut pos = vec![0usize; u.blocks.len()];
        for (i, &blk) in u.order.iter().enumerate() {
            pos[blk as usize] = i;
        }
        pos
    };
    let (pa, pb) = (positions(a), positions(b));
    a.order.iter().zip(&b.order).all(|(&x, &y)| {
        let (ia, ib) = (&a.blocks[x as usize].instrs, &b.blocks[y as usize].instrs);
        ia.len() == ib.len()
            && ia.iter().zip(ib).all(|(p, q)| {
                p.opcode == q.opcode
                    && p.oparg == q.oparg
                    && p.loc == q.loc
                    && p.target.map(|t| pa[t as usize]) == q.target.map(|t| pb[t as usize])
            })
    })
}

/// `find_ann`: whether a body has an annotated assignment (not looking into nested scopes).
fn find_ann(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::AnnAssign { .. } => true,
        StmtKind::For(f) | StmtKind::AsyncFor(f) => find_ann(&f.body) || find_ann(&f.orelse),
        StmtKind::While { body, orelse, .. } | StmtKind::If { body, orelse, .. } => {
            find_ann(body) || find_ann(orelse)
        }
        StmtKind::With(w) | StmtKind::AsyncWith(w) => find_ann(&w.body),
        StmtKind::Try(t) | StmtKind::TryStar(t) => {
            t.handlers.iter().any(|h| find_ann(&h.body))
                || find_ann(&t.body)
                || find_ann(&t.finalbody)
                || find_ann(&t.orelse)
        }
        StmtKind::Match { cases, .. } => cases.iter().any(|c| find_ann(&c.body)),
        _ => false,
    })
}

/// `_PyAST_GetDocString`: the first statement when it is a string expression.
fn docstring(stmts: &[Stmt]) -> Option<Constant> {
    let StmtKind::Expr { value } = &stmts.first()?.kind else { return None };
    match &value.kind {
        ast::ExprKind::Constant {
            value: c @ (ast::Constant::Str(_) | ast::Constant::SurrogateStr(_)),
            ..
        } => Some(const_value(c)),
        _ => None,
    }
}
