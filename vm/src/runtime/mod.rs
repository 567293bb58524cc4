//! The object protocol on top of the heap: the [`Vm`] context, type objects, attribute lookup,
//! calls and operators.

pub mod attr;
pub mod call;
pub mod convert;
mod index;
mod iteration;
pub mod ops;
mod overrides;
mod pattern;
pub mod types;
mod vm;

pub use vm::{Options, Vm};
