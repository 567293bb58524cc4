pub mod conformance;
pub mod demo;
pub mod pipeline;
pub mod run;
