pub mod demo;
pub mod pipeline;
