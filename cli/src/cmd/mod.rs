pub mod conformance;
pub mod asm;
pub mod demo;
pub mod dis;
pub mod pipeline;
pub mod ast;
pub mod py_compile;
pub mod tokenize;
