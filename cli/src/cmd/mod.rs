pub mod conformance;
pub mod demo;
pub mod pipeline;
pub mod ast;
pub mod py_compile;
pub mod symtable;
pub mod unparse;
