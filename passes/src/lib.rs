//! pyrite's compiler stages. Each stage is a [`Pass`] from one IR to the next, in its own module
//! named after the stage; a [`Pipeline`] runs an ordered, kind-checked list of them.
//!
//! ```text
//! tokenize -> parse -> ast-opt -> codegen -> peephole -> assemble -> serialize
//! ```

pub mod pass;
pub mod pipeline;

pub mod asm;
pub mod assemble;
pub mod ast_opt;
pub mod codegen;
pub mod optional;
pub mod parse;
pub mod peephole;
pub mod serialize;
pub mod symtable;
pub mod tokenize;
pub mod unparse;

pub use pass::{Context, Invalidation, Mode, NotBuilt, Options, Pass, SourceStamp};
pub use pipeline::{Pipeline, PipelineError, STAGES};
