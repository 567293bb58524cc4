//! Payload types of every object kind, plus the pure (VM-independent) algorithms on them.

pub mod agen;
pub mod bytearray;
pub mod bytes;
pub mod complex;
pub mod dict;
pub mod exc;
pub mod file;
pub mod float;
pub mod func;
pub mod gen;
pub mod int;
pub mod int_float;
pub mod iter;
pub mod memview;
pub mod misc;
pub mod seq;
pub mod set;
pub mod str;
mod trace;
pub mod typeobj;
pub mod unicode;
mod unicode_tables;
