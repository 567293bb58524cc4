pub mod ast;
pub mod conformance;
pub mod demo;
pub mod pipeline;
pub mod py_compile;
pub mod symtable;
pub mod tokenize;
pub mod unparse;
