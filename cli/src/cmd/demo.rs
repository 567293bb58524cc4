//! `pyrite demo` (and `pyrite` with no arguments): every stage of a built-in example program.

use pyrite_ir::{Ir, SourceFile};
use pyrite_passes::{Context, Options, Pipeline};

/// The built-in example: small, but touches functions, loops, calls, f-strings and a comment.
pub const EXAMPLE: &str = r#"# pyrite's built-in example
def fib(n):
    """Return the n-th Fibonacci number."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

print(f"fib(10) = {fib(10)}")
"#;

#[derive(clap::Args, Debug, Default)]
pub struct Args {
    /// Show at most this many lines of each stage's dump (0: all).
    #[arg(long, default_value_t = 0)]
    max_lines: usize,
}

pub fn run(pipeline: &Pipeline, args: &Args) -> i32 {
    println!("pyrite demo: CPython 3.11's compiler pipeline on a built-in example\n");
    println!("=== source (example.py) ===\n{EXAMPLE}");
    let mut cx = Context::new(Options::default());
    let mut ir = Ir::Source(SourceFile::new("example.py", EXAMPLE.as_bytes().to_vec()));
    let mut built = 0;
    for pass in pipeline.passes() {
        println!("=== {} ({} -> {}) ===", pass.name(), pass.input(), pass.output());
        match pass.run(ir.clone(), &mut cx) {
            Ok(next) => {
                ir = next;
                built += 1;
                let dump = ir.dump_text();
                let lines: Vec<&str> = dump.lines().collect();
                let shown = if args.max_lines == 0 { lines.len() } else { args.max_lines.min(lines.len()) };
                for l in &lines[..shown] {
                    println!("{l}");
                }
                if shown < lines.len() {
                    println!("... ({} more lines)", lines.len() - shown);
                }
                println!();
            }
            Err(d) => {
                println!("{}: {}\n", d.kind.name(), d.message);
                println!("(the stages after this one need its output; stopping here)");
                break;
            }
        }
    }
    i32::from(built == 0)
}
