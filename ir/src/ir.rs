//! The IR sum type that flows through a pipeline, and the kinds that type-check a pipeline.

use crate::ast::Mod;
use crate::cfg::Cfg;
use crate::code::CodeObject;
use crate::source::SourceFile;
use crate::token::TokenStream;
use serde::Serialize;
use std::fmt;

/// The kind of an IR, used to check that consecutive passes line up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IrKind {
    /// Raw source bytes.
    Source,
    /// A token stream.
    Tokens,
    /// An abstract syntax tree (a `mod` node: Module, Expression, Interactive or FunctionType).
    Ast,
    /// Instructions in basic blocks (with pseudo-ops) for every code unit of a module.
    Cfg,
    /// An assembled code object.
    Code,
    /// Serialized bytes (a .pyc file).
    Bytes,
}

impl IrKind {
    pub fn name(self) -> &'static str {
        match self {
            IrKind::Source => "source",
            IrKind::Tokens => "tokens",
            IrKind::Ast => "ast",
            IrKind::Cfg => "cfg",
            IrKind::Code => "code",
            IrKind::Bytes => "bytes",
        }
    }
}

impl fmt::Display for IrKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An IR value. Variants are added as stages are built; each has a text dump (CPython's own format
/// where one exists) and a JSON dump whose shape is documented in `docs/ir-json.md`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Ir {
    Source(SourceFile),
    Tokens(TokenStream),
    /// A syntax tree, with the source it came from (for positions and dumps).
    Ast(AstModule),
    Cfg(Cfg),
    Code(Box<CodeObject>),
    /// Serialized bytes: a whole .pyc file.
    Bytes(Vec<u8>),
}

impl Ir {
    pub fn kind(&self) -> IrKind {
        match self {
            Ir::Source(_) => IrKind::Source,
            Ir::Tokens(_) => IrKind::Tokens,
            Ir::Ast(_) => IrKind::Ast,
            Ir::Cfg(_) => IrKind::Cfg,
            Ir::Code(_) => IrKind::Code,
            Ir::Bytes(_) => IrKind::Bytes,
        }
    }

    /// The text dump of this IR.
    pub fn dump_text(&self) -> String {
        match self {
            Ir::Source(s) => String::from_utf8_lossy(&s.bytes).into_owned(),
            Ir::Tokens(t) => t.dump_text(false),
            Ir::Ast(a) => {
                crate::ast::dump(
                    &a.tree,
                    crate::ast::DumpOptions { include_attributes: true, indent: Some(3) },
                ) + "\n"
            }
            Ir::Cfg(c) => c.dump_text(),
            Ir::Code(c) => crate::dis::dis(c, crate::target::default_target())
                .unwrap_or_else(|e| format!("error: {e}\n")),
            Ir::Bytes(b) => hex_dump(b),
        }
    }

    /// The JSON dump of this IR.
    pub fn dump_json(&self) -> serde_json::Value {
        match self {
            Ir::Source(s) => serde_json::json!({
                "ir": "source",
                "name": s.name,
                "text": String::from_utf8_lossy(&s.bytes),
            }),
            Ir::Tokens(t) => t.dump_json(),
            Ir::Ast(a) => crate::ast::dump_json(&a.tree),
            Ir::Cfg(c) => c.dump_json(),
            Ir::Code(c) => serde_json::json!({"ir": "code", "code": c}),
            Ir::Bytes(b) => serde_json::json!({"ir": "bytes", "size": b.len(), "hex": crate::code::hex(b)}),
        }
    }
}

/// `hexdump -C` layout: offset, 16 bytes in two groups of 8, then the printable ASCII.
fn hex_dump(b: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(b.len() * 4 + 16);
    for (i, row) in b.chunks(16).enumerate() {
        let _ = write!(out, "{:08x} ", i * 16);
        for k in 0..16 {
            if k == 8 {
                out.push(' ');
            }
            match row.get(k) {
                Some(x) => {
                    let _ = write!(out, " {x:02x}");
                }
                None => out.push_str("   "),
            }
        }
        out.push_str("  |");
        out.extend(row.iter().map(|&x| if (0x20..0x7f).contains(&x) { x as char } else { '.' }));
        out.push_str("|\n");
    }
    let _ = writeln!(out, "{:08x}", b.len());
    out
}

/// The `Ast` IR: a tree and the decoded source it was parsed from.
#[derive(Clone, Debug)]
pub struct AstModule {
    pub source: std::sync::Arc<crate::source::DecodedSource>,
    pub tree: Mod,
}
