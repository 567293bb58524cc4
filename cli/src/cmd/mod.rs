pub mod asm;
pub mod ast;
pub mod compile;
pub mod compileall;
pub mod conformance;
pub mod demo;
pub mod dis;
pub mod pipeline;
pub mod py_compile;
pub mod run;
pub mod symtable;
pub mod tokenize;
pub mod unparse;

/// A pool of `n` workers, each with a stack deep enough for every stage and marked as such, so
/// files compile in place on long-lived workers instead of on a new large-stack thread each.
pub(crate) fn deep_stack_pool(n: usize) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    use pyrite_passes::pass::{mark_deep_stack, DEEP_STACK};
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .stack_size(DEEP_STACK)
        .start_handler(|_| mark_deep_stack(DEEP_STACK))
        .build()
}
