fn main() {
    restore_sigpipe();
    std::process::exit(pyrite_cli::main_with(pyrite_passes::Pipeline::standard()));
}

/// Rust ignores SIGPIPE, which turns `pyrite tokenize big.py | head` into a panic on the next
/// write; restoring the default makes the process end quietly, as command-line filters should.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
