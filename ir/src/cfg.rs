//! The instruction CFG: what `codegen` produces and `peephole` / `assemble` consume.
//!
//! One [`CodeUnit`] per code object (module, class body, function, lambda, comprehension): its
//! basic blocks of [`Instr`]s in layout order plus the metadata that becomes the code object's
//! `co_*` fields. Instructions may be CPython 3.11's pseudo-ops ([`Pseudo`]): the block-setup ops
//! that describe exception handlers, and jumps without a direction, which `assemble` turns into
//! real `*_FORWARD` / `*_BACKWARD` opcodes once the block order is final.
//!
//! Exception handling is described either by the pseudo-ops (as codegen emits it) or, after
//! `assemble`'s exception labelling (or when disassembled from a code object), by the handler
//! block each instruction is covered by ([`Instr::handler`]), with the handler block's
//! `preserve_lasti` flag and, when known, its exception-table depth.

use crate::code::Constant;
use serde::Serialize;
use std::fmt::Write as _;
use std::sync::Arc;

/// Index of a block in [`CodeUnit::blocks`] (not its position in the layout order).
pub type BlockId = u32;

/// CPython 3.11's pseudo-opcodes (negative numbers in 3.11's compile.c): they exist only in the
/// CFG and never reach the bytecode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Pseudo {
    SetupFinally,
    SetupCleanup,
    SetupWith,
    PopBlock,
    Jump,
    JumpNoInterrupt,
    PopJumpIfFalse,
    PopJumpIfTrue,
    PopJumpIfNone,
    PopJumpIfNotNone,
}

impl Pseudo {
    pub const ALL: [Pseudo; 10] = [
        Pseudo::SetupFinally,
        Pseudo::SetupCleanup,
        Pseudo::SetupWith,
        Pseudo::PopBlock,
        Pseudo::Jump,
        Pseudo::JumpNoInterrupt,
        Pseudo::PopJumpIfFalse,
        Pseudo::PopJumpIfTrue,
        Pseudo::PopJumpIfNone,
        Pseudo::PopJumpIfNotNone,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Pseudo::SetupFinally => "SETUP_FINALLY",
            Pseudo::SetupCleanup => "SETUP_CLEANUP",
            Pseudo::SetupWith => "SETUP_WITH",
            Pseudo::PopBlock => "POP_BLOCK",
            Pseudo::Jump => "JUMP",
            Pseudo::JumpNoInterrupt => "JUMP_NO_INTERRUPT",
            Pseudo::PopJumpIfFalse => "POP_JUMP_IF_FALSE",
            Pseudo::PopJumpIfTrue => "POP_JUMP_IF_TRUE",
            Pseudo::PopJumpIfNone => "POP_JUMP_IF_NONE",
            Pseudo::PopJumpIfNotNone => "POP_JUMP_IF_NOT_NONE",
        }
    }

    pub fn from_name(name: &str) -> Option<Pseudo> {
        Pseudo::ALL.into_iter().find(|p| p.name() == name)
    }

    /// SETUP_FINALLY, SETUP_CLEANUP, SETUP_WITH: push an exception handler (their target).
    pub fn is_block_push(self) -> bool {
        matches!(self, Pseudo::SetupFinally | Pseudo::SetupCleanup | Pseudo::SetupWith)
    }

    /// Whether the pseudo-op has a jump target (the block pushes and every jump).
    pub fn has_target(self) -> bool {
        self != Pseudo::PopBlock
    }
}

/// An opcode in the CFG: a real 3.11 opcode (its number in the target's opcode table) or a
/// pseudo-op.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Opcode {
    Real(u8),
    Pseudo(Pseudo),
}

impl Opcode {
    /// The opcode's name (`LOAD_CONST`, `JUMP`...); `<N>` for a number with no opcode.
    pub fn name(self) -> std::borrow::Cow<'static, str> {
        match self {
            Opcode::Real(n) => opcode_names()[n as usize].into(),
            Opcode::Pseudo(p) => p.name().into(),
        }
    }

    /// Looks a name up among the real opcodes, then the pseudo-ops.
    pub fn from_name(name: &str) -> Option<Opcode> {
        opcode_number(name).map(Opcode::Real).or_else(|| Pseudo::from_name(name).map(Opcode::Pseudo))
    }
}

impl Serialize for Opcode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

/// The target's opcode names by number (`<N>` for an unused number).
pub fn opcode_names() -> &'static [&'static str; 256] {
    crate::target::default_target().opcodes().opname
}

/// The number of a real opcode name (linear search: callers cache what they need).
pub fn opcode_number(name: &str) -> Option<u8> {
    if name.starts_with('<') {
        return None;
    }
    opcode_names().iter().position(|n| *n == name).map(|i| i as u8)
}

/// A source position as CPython's compiler keeps it: `-1` stands for "none". `lineno < 0` is no
/// location at all; a line with `col_offset < 0` has no columns. Columns are UTF-8 byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    pub lineno: i32,
    pub end_lineno: i32,
    pub col_offset: i32,
    pub end_col_offset: i32,
}

impl Location {
    pub const NONE: Location = Location { lineno: -1, end_lineno: -1, col_offset: -1, end_col_offset: -1 };

    pub fn new(lineno: i32, end_lineno: i32, col_offset: i32, end_col_offset: i32) -> Self {
        Location { lineno, end_lineno, col_offset, end_col_offset }
    }

    pub fn is_none(&self) -> bool {
        self.lineno < 0
    }
}

impl Default for Location {
    fn default() -> Self {
        Location::NONE
    }
}

impl std::fmt::Display for Location {
    /// `line:col-end_line:end_col`, `?` for a missing part, `-` for no location.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_none() {
            return f.write_str("-");
        }
        let part = |v: i32| if v < 0 { "?".to_string() } else { v.to_string() };
        write!(
            f,
            "{}:{}-{}:{}",
            self.lineno,
            part(self.col_offset),
            part(self.end_lineno),
            part(self.end_col_offset)
        )
    }
}

/// One instruction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Instr {
    pub opcode: Opcode,
    /// The argument (0 when the opcode takes none). For jumps, `assemble` overwrites it with the
    /// relative offset; before that it is meaningless.
    pub oparg: u32,
    /// The jump (or handler, for SETUP_*) target.
    pub target: Option<BlockId>,
    pub loc: Location,
    /// The handler block whose exception-table entry covers this instruction. Filled by
    /// `assemble`'s exception labelling from the SETUP_* / POP_BLOCK pseudo-ops, or given directly
    /// by a disassembled code object.
    pub handler: Option<BlockId>,
}

impl Instr {
    pub fn new(opcode: Opcode, oparg: u32, loc: Location) -> Self {
        Instr { opcode, oparg, target: None, loc, handler: None }
    }

    pub fn jump(opcode: Opcode, target: BlockId, loc: Location) -> Self {
        Instr { opcode, oparg: 0, target: Some(target), loc, handler: None }
    }
}

/// A basic block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Block {
    pub instrs: Vec<Instr>,
    /// An exception handler that keeps `f_lasti` on the stack (the target of SETUP_CLEANUP or
    /// SETUP_WITH): its table entries have the `lasti` bit.
    pub preserve_lasti: bool,
    /// The handler's exception-table depth when it is known without the SETUP_* pseudo-ops (a
    /// disassembled code object gives it); `None` for a block that is no handler or whose depth
    /// comes from the stack-depth walk through its SETUP_*.
    pub handler_depth: Option<u32>,
    /// The stack depth this block starts at, given for a block that no jump, fall-through or
    /// handler edge reaches (a handler whose protected range was optimized away still counts
    /// for `co_stacksize` in CPython, through the SETUP_* that is gone from the bytecode).
    pub entry_depth: Option<u32>,
}

/// Flags of `co_flags` and the names `dis.pretty_flags` gives them.
pub const CO_FLAG_NAMES: [(u32, &str); 17] = [
    (0x1, "OPTIMIZED"),
    (0x2, "NEWLOCALS"),
    (0x4, "VARARGS"),
    (0x8, "VARKEYWORDS"),
    (0x10, "NESTED"),
    (0x20, "GENERATOR"),
    (0x40, "NOFREE"),
    (0x80, "COROUTINE"),
    (0x100, "ITERABLE_COROUTINE"),
    (0x200, "ASYNC_GENERATOR"),
    (0x2_0000, "DIVISION"),
    (0x4_0000, "ABSOLUTE_IMPORT"),
    (0x8_0000, "WITH_STATEMENT"),
    (0x10_0000, "PRINT_FUNCTION"),
    (0x20_0000, "UNICODE_LITERALS"),
    (0x40_0000, "BARRY_AS_BDFL"),
    (0x80_0000, "GENERATOR_STOP"),
];

/// `CO_FUTURE_ANNOTATIONS`, listed apart because 3.11's dis has no name for it either.
pub const CO_FUTURE_ANNOTATIONS: u32 = 0x100_0000;

/// Localsplus kinds (`co_localspluskinds` bytes).
pub const CO_FAST_LOCAL: u8 = 0x20;
pub const CO_FAST_CELL: u8 = 0x40;
pub const CO_FAST_FREE: u8 = 0x80;

/// A code unit's fields that become `co_*` attributes, apart from bytecode and tables.
///
/// Names are shared strings: codegen takes them from the tree and the symbol table without
/// copying, and assemble hands them to the code object as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct UnitMeta {
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    pub filename: Arc<str>,
    pub firstlineno: i32,
    pub flags: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub names: Vec<Arc<str>>,
    /// `co_localsplusnames` and `co_localspluskinds`: locals (arguments first), then cells that
    /// are not locals, then free variables. Instruction arguments of *_FAST, *_DEREF,
    /// MAKE_CELL and LOAD_CLOSURE index this list.
    pub localsplus: Vec<(Arc<str>, u8)>,
}

impl UnitMeta {
    /// `co_varnames`.
    pub fn varnames(&self) -> impl Iterator<Item = &str> {
        self.localsplus.iter().filter(|(_, k)| k & CO_FAST_LOCAL != 0).map(|(n, _)| &**n)
    }
    /// `co_cellvars`.
    pub fn cellvars(&self) -> impl Iterator<Item = &str> {
        self.localsplus.iter().filter(|(_, k)| k & CO_FAST_CELL != 0).map(|(n, _)| &**n)
    }
    /// `co_freevars`.
    pub fn freevars(&self) -> impl Iterator<Item = &str> {
        self.localsplus.iter().filter(|(_, k)| k & CO_FAST_FREE != 0).map(|(n, _)| &**n)
    }

    /// Builds `localsplus` from the three name lists the symbol table gives: locals first,
    /// cells that are also locals keep their local slot (kind local|cell), then the other
    /// cells, then the frees.
    pub fn set_localsplus(&mut self, varnames: &[String], cellvars: &[String], freevars: &[String]) {
        self.localsplus.clear();
        for v in varnames {
            let cell = if cellvars.contains(v) { CO_FAST_CELL } else { 0 };
            self.localsplus.push((v.as_str().into(), CO_FAST_LOCAL | cell));
        }
        for c in cellvars {
            if !varnames.contains(c) {
                self.localsplus.push((c.as_str().into(), CO_FAST_CELL));
            }
        }
        for f in freevars {
            self.localsplus.push((f.as_str().into(), CO_FAST_FREE));
        }
    }

    /// `dis.pretty_flags`-like rendering: `OPTIMIZED, NEWLOCALS, 0x1000000`.
    pub fn flag_names(&self) -> String {
        flag_names(self.flags)
    }
}

/// Names of the set flags, with leftover bits in hex (`dis.pretty_flags` style).
pub fn flag_names(flags: u32) -> String {
    let mut parts = Vec::new();
    let mut rest = flags;
    for (bit, name) in CO_FLAG_NAMES {
        if flags & bit != 0 {
            parts.push(name.to_string());
            rest &= !bit;
        }
    }
    if rest != 0 || parts.is_empty() {
        parts.push(format!("0x{rest:x}"));
    }
    parts.join(", ")
}

/// One code unit in CFG form.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CodeUnit {
    pub meta: UnitMeta,
    /// `co_consts`: values, and nested code units by index (see [`ConstRef`]).
    pub consts: Vec<ConstRef>,
    /// Blocks, indexed by [`BlockId`].
    pub blocks: Vec<Block>,
    /// Layout order: the entry block first.
    pub order: Vec<BlockId>,
}

/// One entry of a code unit's `co_consts`: a value, or a nested code unit (by its index in
/// [`Cfg::units`]) that `assemble` turns into a code object once that unit is assembled.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum ConstRef {
    Value(Constant),
    Code(usize),
}

impl CodeUnit {
    /// Adds an empty block at the end of the layout and returns its id.
    pub fn new_block(&mut self) -> BlockId {
        let id = self.blocks.len() as BlockId;
        self.blocks.push(Block::default());
        self.order.push(id);
        id
    }

    /// Human labels: `L<n>` by layout position.
    fn labels(&self) -> Vec<usize> {
        let mut pos = vec![usize::MAX; self.blocks.len()];
        for (i, &b) in self.order.iter().enumerate() {
            pos[b as usize] = i;
        }
        pos
    }

    /// The readable block listing: labels, line numbers, jump and handler targets.
    pub fn dump_text(&self, index: usize, out: &mut String) {
        let m = &self.meta;
        let _ = writeln!(
            out,
            "code unit {index}: {} (qualname {}, firstlineno {}, flags {})",
            m.name,
            m.qualname,
            m.firstlineno,
            m.flag_names()
        );
        let _ =
            writeln!(out, "  args {} posonly {} kwonly {}", m.argcount, m.posonlyargcount, m.kwonlyargcount);
        let _ = writeln!(out, "  names: {}", m.names.join(", "));
        let lp: Vec<String> = m.localsplus.iter().map(|(n, k)| format!("{n}[{}]", kind_name(*k))).collect();
        let _ = writeln!(out, "  localsplus: {}", lp.join(", "));
        for (i, c) in self.consts.iter().enumerate() {
            match c {
                ConstRef::Value(v) => {
                    let r = crate::dis::const_repr(v, &Default::default(), &mut |_| "?".into());
                    let _ = writeln!(out, "  const {i}: {r}");
                }
                ConstRef::Code(u) => {
                    let _ = writeln!(out, "  const {i}: <code unit {u}>");
                }
            }
        }
        let pos = self.labels();
        for &b in &self.order {
            let block = &self.blocks[b as usize];
            let _ = write!(out, "L{}:", pos[b as usize]);
            if block.preserve_lasti {
                out.push_str(" (handler, lasti)");
            }
            if let Some(d) = block.handler_depth {
                let _ = write!(out, " (handler depth {d})");
            }
            if let Some(d) = block.entry_depth {
                let _ = write!(out, " (entry depth {d})");
            }
            out.push('\n');
            for ins in &block.instrs {
                let mut line = format!("    {:<28}", ins.opcode.name());
                match ins.target {
                    Some(t) => {
                        let _ = write!(line, " L{}", pos[t as usize]);
                    }
                    None => {
                        let _ = write!(line, " {}", ins.oparg);
                    }
                }
                let mut line = format!("{line:<40}");
                let _ = write!(line, " @{}", ins.loc);
                if let Some(h) = ins.handler {
                    let _ = write!(line, "  except L{}", pos[h as usize]);
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
    }

    pub fn dump_json(&self) -> serde_json::Value {
        let pos = self.labels();
        let blocks: Vec<serde_json::Value> = self
            .order
            .iter()
            .map(|&b| {
                let block = &self.blocks[b as usize];
                let instrs: Vec<serde_json::Value> = block
                    .instrs
                    .iter()
                    .map(|i| {
                        serde_json::json!({
                            "opcode": i.opcode.name(),
                            "oparg": i.oparg,
                            "target": i.target.map(|t| pos[t as usize]),
                            "loc": if i.loc.is_none() { serde_json::Value::Null } else {
                                serde_json::json!([i.loc.lineno, i.loc.end_lineno, i.loc.col_offset, i.loc.end_col_offset])
                            },
                            "handler": i.handler.map(|h| pos[h as usize]),
                        })
                    })
                    .collect();
                serde_json::json!({
                    "label": pos[b as usize],
                    "preserve_lasti": block.preserve_lasti,
                    "handler_depth": block.handler_depth,
                    "entry_depth": block.entry_depth,
                    "instrs": instrs,
                })
            })
            .collect();
        serde_json::json!({
            "meta": self.meta,
            "consts": self.consts,
            "blocks": blocks,
        })
    }
}

/// `local`, `cell`, `local+cell`, `free` or the hex byte.
pub fn kind_name(kind: u8) -> String {
    match kind {
        CO_FAST_LOCAL => "local".into(),
        CO_FAST_CELL => "cell".into(),
        k if k == CO_FAST_LOCAL | CO_FAST_CELL => "local+cell".into(),
        CO_FAST_FREE => "free".into(),
        k => format!("0x{k:02x}"),
    }
}

/// The CFG IR of one module: every code unit, the module's own unit first. Nested units are
/// referenced from their parent's constants by index ([`ConstRef::Code`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Cfg {
    pub filename: String,
    pub units: Vec<CodeUnit>,
}

impl Cfg {
    pub fn dump_text(&self) -> String {
        let mut out = String::new();
        for (i, u) in self.units.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            u.dump_text(i, &mut out);
        }
        out
    }

    pub fn dump_json(&self) -> serde_json::Value {
        serde_json::json!({
            "ir": "cfg",
            "filename": self.filename,
            "units": self.units.iter().map(|u| u.dump_json()).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Cfg {
        let mut u = CodeUnit::default();
        u.meta.name = "<module>".into();
        u.meta.qualname = "<module>".into();
        u.meta.firstlineno = 1;
        u.meta.names = vec!["x".into()];
        u.consts = vec![ConstRef::Value(Constant::None)];
        let entry = u.new_block();
        let handler = u.new_block();
        let load = Opcode::from_name("LOAD_NAME").unwrap();
        u.blocks[entry as usize].instrs.push(Instr::jump(
            Opcode::Pseudo(Pseudo::SetupFinally),
            handler,
            Location::NONE,
        ));
        u.blocks[entry as usize].instrs.push(Instr::new(load, 0, Location::new(1, 1, 0, 1)));
        u.blocks[entry as usize].instrs.push(Instr::jump(
            Opcode::Pseudo(Pseudo::PopJumpIfFalse),
            handler,
            Location::new(2, 2, 3, 4),
        ));
        u.blocks[handler as usize].preserve_lasti = true;
        Cfg { filename: "x.py".into(), units: vec![u] }
    }

    #[test]
    fn text_dump_names_labels_targets_and_lines() {
        let text = sample().dump_text();
        assert!(text.contains("code unit 0: <module>"), "{text}");
        assert!(text.contains("L1: (handler, lasti)"), "{text}");
        assert!(
            text.lines().any(|l| l.trim_start().starts_with("SETUP_FINALLY") && l.contains(" L1")),
            "{text}"
        );
        assert!(text.lines().any(|l| l.contains("LOAD_NAME") && l.contains("@1:0-1:1")), "{text}");
        assert!(
            text.lines()
                .any(|l| l.contains("POP_JUMP_IF_FALSE") && l.contains("L1") && l.contains("@2:3-2:4")),
            "{text}"
        );
    }

    #[test]
    fn json_dump_has_the_documented_shape() {
        let j = sample().dump_json();
        assert_eq!(j["ir"], "cfg");
        let b = &j["units"][0]["blocks"];
        assert_eq!(b[0]["instrs"][0]["opcode"], "SETUP_FINALLY");
        assert_eq!(b[0]["instrs"][0]["target"], 1);
        assert_eq!(b[0]["instrs"][1]["loc"], serde_json::json!([1, 1, 0, 1]));
        assert_eq!(b[0]["instrs"][0]["loc"], serde_json::Value::Null);
        assert_eq!(b[1]["preserve_lasti"], true);
    }

    #[test]
    fn opcode_names_round_trip() {
        for name in ["LOAD_CONST", "JUMP_BACKWARD", "JUMP", "SETUP_WITH", "POP_JUMP_IF_NOT_NONE"] {
            assert_eq!(Opcode::from_name(name).unwrap().name(), name);
        }
        assert!(Opcode::from_name("<3>").is_none());
        assert!(Opcode::from_name("NOT_AN_OPCODE").is_none());
    }
}
