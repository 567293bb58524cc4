pub mod asm;
pub mod conformance;
pub mod demo;
pub mod dis;
pub mod pipeline;
