pub mod conformance;
pub mod demo;
pub mod dis;
pub mod pipeline;
pub mod run;
