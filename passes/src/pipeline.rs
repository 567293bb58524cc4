//! A pipeline: an ordered list of passes whose IR kinds line up.

use crate::pass::{Context, Options, Pass};
use pyrite_ir::{CodeObject, Diagnostic, DiagnosticKind, Ir, IrKind, SourceFile};
use thiserror::Error;

/// The built-in stages, in order.
pub const STAGES: [&str; 7] =
    ["tokenize", "parse", "ast-opt", "codegen", "peephole", "assemble", "serialize"];

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PipelineError {
    #[error("pass '{after}' consumes {expects} but the pass before it ('{before}') produces {produces}")]
    KindMismatch { before: String, produces: IrKind, after: String, expects: IrKind },
    #[error("the pipeline starts with '{first}', which consumes {expects}, not {given}")]
    BadInput { first: String, expects: IrKind, given: IrKind },
    #[error("no pass named '{0}' in this pipeline (passes: {1})")]
    UnknownPass(String, String),
    #[error("a pass named '{0}' is already in this pipeline")]
    DuplicateName(String),
    #[error("the pipeline has no stage that produces {0}")]
    NothingProduces(IrKind),
}

/// An ordered list of passes. [`Pipeline::standard`] gives CPython's stages; users insert, remove
/// or replace passes by name, and [`Pipeline::check`] verifies the IR kinds line up.
#[derive(Default)]
pub struct Pipeline {
    passes: Vec<Box<dyn Pass>>,
}

impl Pipeline {
    pub fn new() -> Self {
        Pipeline::default()
    }

    /// tokenize -> parse -> ast-opt -> codegen -> peephole -> assemble -> serialize.
    pub fn standard() -> Self {
        Pipeline {
            passes: vec![
                crate::tokenize::pass(),
                crate::parse::pass(),
                crate::ast_opt::pass(),
                crate::codegen::pass(),
                crate::peephole::pass(),
                crate::assemble::pass(),
                crate::serialize::pass(),
            ],
        }
    }

    pub fn passes(&self) -> impl Iterator<Item = &dyn Pass> {
        self.passes.iter().map(|p| p.as_ref())
    }

    pub fn names(&self) -> Vec<&str> {
        self.passes.iter().map(|p| p.name()).collect()
    }

    fn position(&self, name: &str) -> Result<usize, PipelineError> {
        self.passes
            .iter()
            .position(|p| p.name() == name)
            .ok_or_else(|| PipelineError::UnknownPass(name.to_string(), self.names().join(", ")))
    }

    fn check_unique(&self, pass: &dyn Pass) -> Result<(), PipelineError> {
        if self.passes.iter().any(|p| p.name() == pass.name()) {
            return Err(PipelineError::DuplicateName(pass.name().to_string()));
        }
        Ok(())
    }

    /// Appends a pass at the end.
    pub fn push(&mut self, pass: Box<dyn Pass>) -> Result<(), PipelineError> {
        self.check_unique(pass.as_ref())?;
        self.passes.push(pass);
        Ok(())
    }

    /// Inserts `pass` right after the pass named `after`.
    pub fn insert_after(&mut self, after: &str, pass: Box<dyn Pass>) -> Result<(), PipelineError> {
        self.check_unique(pass.as_ref())?;
        let i = self.position(after)?;
        self.passes.insert(i + 1, pass);
        Ok(())
    }

    /// Inserts `pass` right before the pass named `before`.
    pub fn insert_before(&mut self, before: &str, pass: Box<dyn Pass>) -> Result<(), PipelineError> {
        self.check_unique(pass.as_ref())?;
        let i = self.position(before)?;
        self.passes.insert(i, pass);
        Ok(())
    }

    /// Removes the pass named `name` and returns it.
    pub fn remove(&mut self, name: &str) -> Result<Box<dyn Pass>, PipelineError> {
        let i = self.position(name)?;
        Ok(self.passes.remove(i))
    }

    /// Replaces the pass named `name` with `pass`, returning the old one.
    pub fn replace(&mut self, name: &str, pass: Box<dyn Pass>) -> Result<Box<dyn Pass>, PipelineError> {
        let i = self.position(name)?;
        Ok(std::mem::replace(&mut self.passes[i], pass))
    }

    /// Keeps the passes up to and including `name`.
    pub fn truncate_after(&mut self, name: &str) -> Result<(), PipelineError> {
        let i = self.position(name)?;
        self.passes.truncate(i + 1);
        Ok(())
    }

    /// Keeps the passes up to and including the last one that produces `kind` (a user's pass may
    /// follow the built-in one), and checks that the pipeline takes source: for the tools that
    /// want a code object, a tree... from whatever pipeline the user built.
    pub fn up_to_last(mut self, kind: IrKind) -> Result<Pipeline, PipelineError> {
        let last = self.passes.iter().rposition(|p| p.output() == kind);
        let Some(last) = last else { return Err(PipelineError::NothingProduces(kind)) };
        self.passes.truncate(last + 1);
        self.check(IrKind::Source)?;
        Ok(self)
    }

    /// Compiles `source` (reported as `name`) to a module code object, as `compile()` does, or
    /// returns the error CPython would raise. The pipeline must end in a code object (see
    /// [`Pipeline::up_to_last`]).
    pub fn compile_code(
        &self,
        name: &str,
        source: Vec<u8>,
        options: Options,
    ) -> Result<CodeObject, Diagnostic> {
        let mut cx = Context::new(options);
        match self.run(Ir::Source(SourceFile::new(name, source)), &mut cx)? {
            Ir::Code(code) => Ok(*code),
            other => Err(Diagnostic::error(
                DiagnosticKind::InvalidInput,
                name,
                format!("the pipeline produced {}, not a code object", other.kind()),
            )),
        }
    }

    /// Checks that the first pass takes `input` and that every pass consumes what the one before
    /// it produces.
    pub fn check(&self, input: IrKind) -> Result<(), PipelineError> {
        if let Some(first) = self.passes.first() {
            if first.input() != input {
                return Err(PipelineError::BadInput {
                    first: first.name().to_string(),
                    expects: first.input(),
                    given: input,
                });
            }
        }
        for w in self.passes.windows(2) {
            if w[0].output() != w[1].input() {
                return Err(PipelineError::KindMismatch {
                    before: w[0].name().to_string(),
                    produces: w[0].output(),
                    after: w[1].name().to_string(),
                    expects: w[1].input(),
                });
            }
        }
        Ok(())
    }

    /// Runs every pass in order. Call [`Pipeline::check`] first; a kind mismatch found only here
    /// is reported as a diagnostic. The passes run on a deep stack (see
    /// [`on_deep_stack`](crate::pass::on_deep_stack)): in place on a worker marked as having one,
    /// otherwise on one thread started for this run.
    pub fn run(&self, ir: Ir, cx: &mut Context) -> Result<Ir, Diagnostic> {
        crate::pass::on_deep_stack(move || self.run_here(ir, cx))
    }

    fn run_here(&self, mut ir: Ir, cx: &mut Context) -> Result<Ir, Diagnostic> {
        for pass in &self.passes {
            if ir.kind() != pass.input() {
                return Err(Diagnostic::error(
                    pyrite_ir::DiagnosticKind::InvalidInput,
                    "",
                    format!("pass '{}' expects {} but was given {}", pass.name(), pass.input(), ir.kind()),
                ));
            }
            ir = pass.run(ir, cx)?;
        }
        // A token stream that ends in a tokenizer error is that error when nothing parsed it.
        if let Ir::Tokens(ts) = &ir {
            if let Some(e) = &ts.error {
                return Err(e.clone());
            }
        }
        Ok(ir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NotBuilt;

    fn fake(name: &'static str, input: IrKind, output: IrKind) -> Box<dyn Pass> {
        Box::new(NotBuilt { name, input, output })
    }

    #[test]
    fn standard_pipeline_lines_up() {
        let p = Pipeline::standard();
        assert_eq!(p.names(), STAGES);
        p.check(IrKind::Source).unwrap();
    }

    #[test]
    fn mismatched_insert_is_rejected_by_check() {
        let mut p = Pipeline::standard();
        p.insert_after("parse", fake("my-ast-pass", IrKind::Ast, IrKind::Ast)).unwrap();
        p.check(IrKind::Source).unwrap();
        p.insert_after("tokenize", fake("bad", IrKind::Ast, IrKind::Ast)).unwrap();
        let err = p.check(IrKind::Source).unwrap_err();
        assert_eq!(
            err.to_string(),
            "pass 'bad' consumes ast but the pass before it ('tokenize') produces tokens"
        );
    }

    #[test]
    fn up_to_last_keeps_a_pass_after_the_builtin_one() {
        let mut p = Pipeline::standard();
        p.insert_after("assemble", fake("my-code-pass", IrKind::Code, IrKind::Code)).unwrap();
        let p = p.up_to_last(IrKind::Code).unwrap();
        assert_eq!(p.names().last(), Some(&"my-code-pass"));
        let mut q = Pipeline::standard();
        q.truncate_after("parse").unwrap();
        let err = q.up_to_last(IrKind::Code).err().unwrap();
        assert_eq!(err.to_string(), "the pipeline has no stage that produces code");
    }

    #[test]
    fn compile_code_gives_the_module_code_object_or_the_error() {
        let p = Pipeline::standard().up_to_last(IrKind::Code).unwrap();
        let code = p.compile_code("<m>", b"x = 1\n".to_vec(), Options::default()).unwrap();
        assert_eq!(code.name.as_str(), Some("<module>"));
        let err = p.compile_code("<m>", b"x = (\n".to_vec(), Options::default()).unwrap_err();
        assert_eq!(err.kind, DiagnosticKind::SyntaxError);
    }

    #[test]
    fn duplicate_and_unknown_names() {
        let mut p = Pipeline::standard();
        assert!(matches!(
            p.push(fake("parse", IrKind::Bytes, IrKind::Bytes)),
            Err(PipelineError::DuplicateName(_))
        ));
        assert!(matches!(p.remove("nope"), Err(PipelineError::UnknownPass(..))));
        p.truncate_after("parse").unwrap();
        assert_eq!(p.names(), ["tokenize", "parse"]);
    }
}
