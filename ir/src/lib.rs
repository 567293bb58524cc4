//! pyrite's intermediate representations.
//!
//! Every compiler stage is a [`Pass`](../pyrite_passes/trait.Pass.html) from one IR to the next:
//!
//! ```text
//! Source --tokenize--> Tokens --parse--> Ast --ast-opt--> Ast --codegen--> Cfg
//!        --peephole--> Cfg --assemble--> Code --serialize--> Bytes
//! ```
//!
//! This crate holds only the data types of those IRs, their constructors and their dumps (text in
//! CPython's own formats where one exists, JSON otherwise). Stage logic lives in `pyrite-passes`.
//! Facts that depend on the targeted CPython version live in [`target`].

pub mod ast;
pub mod cfg;
pub mod code;
pub mod diag;
pub mod dis;
pub mod fxhash;
pub mod ir;
pub mod pyhash;
pub mod pyint;
pub mod pyrepr;
pub mod pystr;
pub mod source;
pub mod target;
pub mod token;

pub use code::{CodeObject, Constant};
pub use diag::{Diagnostic, DiagnosticKind, Severity};
pub use ir::{AstModule, Ir, IrKind};
pub use source::{DecodedSource, SourceFile};
pub use target::Target;
pub use token::{Token, TokenStream, TokenType};
