//! The `Pass` trait every stage implements, and the context a pass runs in.

use pyrite_ir::{target, Diagnostic, DiagnosticKind, Ir, IrKind, Target};

/// What the source is compiled as (`compile()`'s `mode`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Exec,
    Eval,
    Single,
    FuncType,
}

/// Options shared by every pass of one pipeline run.
#[derive(Clone, Debug)]
pub struct Options {
    pub mode: Mode,
    /// `-O` level: 0, 1 (asserts and `__debug__` removed) or 2 (docstrings removed too).
    pub optimize: u8,
    /// Whether the parser keeps `# type:` comments (`ast.parse(..., type_comments=True)`).
    pub type_comments: bool,
    /// How `serialize` records the source in the .pyc header.
    pub invalidation: Invalidation,
    /// The source file as the .pyc header records it; without it `serialize` writes a timestamp
    /// header of zeros, as `importlib`'s `_code_to_timestamp_pyc(code)` does by default.
    pub source_stamp: Option<SourceStamp>,
    /// The CPython process whose interned strings codegen assumes (they decide the display order
    /// of some frozenset constants, see [`pyrite_ir::target::InternHost`]).
    pub intern_host: pyrite_ir::target::InternHost,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::Exec,
            optimize: 0,
            type_comments: false,
            invalidation: Invalidation::Timestamp,
            source_stamp: None,
            intern_host: Default::default(),
        }
    }
}

/// `py_compile.PycInvalidationMode`: what the .pyc header records of the source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Invalidation {
    /// The source's mtime and size.
    #[default]
    Timestamp,
    /// A hash of the source, checked on import.
    CheckedHash,
    /// A hash of the source, never checked.
    UncheckedHash,
}

/// What a .pyc header can record of its source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceStamp {
    /// `int(os.stat(source).st_mtime)`.
    pub mtime: i64,
    /// `os.stat(source).st_size`.
    pub size: u64,
    /// `importlib.util.source_hash(source_bytes)`.
    pub hash: [u8; 8],
}

/// What a pass can see and report besides its input IR.
pub struct Context {
    pub options: Options,
    pub target: &'static Target,
    /// Warnings (and non-fatal errors) reported so far, in order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Context {
    pub fn new(options: Options) -> Self {
        Context { options, target: target::default_target(), diagnostics: Vec::new() }
    }

    /// Records a warning or other non-fatal diagnostic.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

impl Default for Context {
    fn default() -> Self {
        Context::new(Options::default())
    }
}

/// One stage of the pipeline: transforms an IR of kind [`Pass::input`] into one of kind
/// [`Pass::output`]. Implement it to add your own pass (for example an AST -> AST optimisation
/// inserted after `parse`) and put it in a [`Pipeline`](crate::Pipeline).
pub trait Pass: Send + Sync {
    /// The name used by `--stop-after`, `--without` and in pipeline listings.
    fn name(&self) -> &str;
    fn input(&self) -> IrKind;
    fn output(&self) -> IrKind;
    /// Runs the pass. An `Err` is the fatal error that stops the pipeline (for example a
    /// SyntaxError); warnings go to `cx.report`.
    fn run(&self, ir: Ir, cx: &mut Context) -> Result<Ir, Diagnostic>;
}

/// A stage that is not built yet: it type-checks in a pipeline but refuses to run, saying so.
pub struct NotBuilt {
    pub name: &'static str,
    pub input: IrKind,
    pub output: IrKind,
}

impl Pass for NotBuilt {
    fn name(&self) -> &str {
        self.name
    }
    fn input(&self) -> IrKind {
        self.input
    }
    fn output(&self) -> IrKind {
        self.output
    }
    fn run(&self, ir: Ir, _cx: &mut Context) -> Result<Ir, Diagnostic> {
        let path = match &ir {
            Ir::Source(s) => s.name.clone(),
            Ir::Tokens(t) => t.source.name.clone(),
            Ir::Ast(a) => a.source.name.clone(),
            #[allow(unreachable_patterns)]
            _ => String::new(),
        };
        Err(Diagnostic::error(
            DiagnosticKind::NotImplemented,
            path,
            format!("stage '{}' is not implemented yet", self.name),
        ))
    }
}

/// Stack for the stages that recurse once per nesting level like CPython's (parse, symtable,
/// codegen, unparse): enough for the deepest tree the parser accepts. Only the pages used are
/// committed, so a large reservation is cheap; starting a thread per file is not.
pub const DEEP_STACK: usize = 512 << 20;

thread_local! {
    /// The stack size the current thread was started with, when whoever started it said so
    /// (see [`mark_deep_stack`]); 0 when unknown.
    static STACK_SIZE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Declares that the current thread was started with a stack of at least `size` bytes, so the
/// stages run on it directly instead of starting a large-stack thread per file. Call it first
/// thing in a long-lived worker built with `stack_size(size)` (a CLI command thread, a rayon
/// pool's `start_handler`).
pub fn mark_deep_stack(size: usize) {
    STACK_SIZE.with(|s| s.set(size));
}

/// Whether the current thread has at least [`DEEP_STACK`] of stack.
pub fn on_deep_stack_now() -> bool {
    STACK_SIZE.with(|s| s.get()) >= DEEP_STACK
}

/// Runs `run` with at least [`DEEP_STACK`] of stack: directly on a thread marked as large
/// enough, otherwise on a new scoped thread (marked, so nested stages reuse it). A panic in
/// `run` is resumed on the caller.
pub fn on_deep_stack<T: Send>(run: impl FnOnce() -> T + Send) -> T {
    if on_deep_stack_now() {
        return run();
    }
    // Shared with the thread, so `run` is still here when no thread could be started.
    let slot = std::sync::Mutex::new(Some(run));
    let take = || slot.lock().unwrap_or_else(|e| e.into_inner()).take().expect("run once");
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new().stack_size(DEEP_STACK).spawn_scoped(scope, || {
            mark_deep_stack(DEEP_STACK);
            take()()
        });
        match spawned {
            Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            // No thread to be had (address space or thread limits): try on this one.
            Err(_) => take()(),
        }
    })
}
