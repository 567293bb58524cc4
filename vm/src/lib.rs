//! pyrite's reference VM: executes CPython 3.11 code objects on a private heap with reference
//! counting (a cycle collector is not built yet).
//!
//! Layout: [`heap`] (allocator, object headers, the only `unsafe`), [`object`] (payload types and
//! pure algorithms), [`runtime`] (the object protocol: attributes, calls, operators), [`eval`]
//! (frames and the instruction loop), [`builtins`] (native functions and methods).

// Passing `&[x.clone()]` to calls reads better than `std::slice::from_ref`; native tables are
// arrays of (type getter, function) pairs.
#![allow(clippy::cloned_ref_to_slice_refs, clippy::type_complexity)]

pub mod builtins;
pub mod eval;
pub mod heap;
mod main_module;
pub mod object;
pub mod runtime;

pub use heap::ObjRef;
pub use main_module::{release_heap, run_main, stats_report};
pub use runtime::{Options, Vm};

/// A Python-level result: `Err` carries the raised exception object.
pub type PyResult<T = ObjRef> = Result<T, ObjRef>;
