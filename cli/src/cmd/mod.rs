pub mod asm;
pub mod demo;
pub mod pipeline;
