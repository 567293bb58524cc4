//! pyrite's one diagnostic type: every error and warning any stage reports.
//!
//! A diagnostic carries both a byte span (for rendering) and CPython's own view of the position
//! (`lineno`, `offset`, `end_lineno`, `end_offset` exactly as the `SyntaxError` attributes would be),
//! so the same value can be printed like CPython, rendered for humans with codespan-reporting, or
//! serialized to JSON.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde::Serialize;
use std::fmt;

/// What went wrong, named after the Python exception CPython raises for it where there is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DiagnosticKind {
    SyntaxError,
    IndentationError,
    TabError,
    /// `tokenize.TokenError` (the pure-Python tokenize module's own error).
    TokenError,
    UnicodeDecodeError,
    /// A file could not be read.
    IoError,
    /// A stage that is not built yet was asked to run.
    NotImplemented,
    /// A compile-time warning category such as `SyntaxWarning` or `DeprecationWarning`.
    SyntaxWarning,
    DeprecationWarning,
    /// A malformed input of another kind (for example a broken .pyc file).
    InvalidInput,
    /// Nesting too deep for a compiler pass (CPython's `RecursionError`).
    RecursionError,
    /// The parser's own stack limit (CPython's `MemoryError` with no message or place).
    MemoryError,
}

impl DiagnosticKind {
    pub fn name(self) -> &'static str {
        match self {
            DiagnosticKind::SyntaxError => "SyntaxError",
            DiagnosticKind::IndentationError => "IndentationError",
            DiagnosticKind::TabError => "TabError",
            DiagnosticKind::TokenError => "TokenError",
            DiagnosticKind::UnicodeDecodeError => "UnicodeDecodeError",
            DiagnosticKind::IoError => "OSError",
            DiagnosticKind::NotImplemented => "NotImplementedError",
            DiagnosticKind::SyntaxWarning => "SyntaxWarning",
            DiagnosticKind::DeprecationWarning => "DeprecationWarning",
            DiagnosticKind::InvalidInput => "ValueError",
            DiagnosticKind::RecursionError => "RecursionError",
            DiagnosticKind::MemoryError => "MemoryError",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One error or warning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub kind: DiagnosticKind,
    pub severity: Severity,
    pub message: String,
    /// The file name as the user gave it.
    pub path: String,
    /// Byte range in the decoded source text, when the error has a place.
    pub span: Option<(u32, u32)>,
    /// CPython's `SyntaxError.lineno` (1-based).
    pub lineno: Option<u32>,
    /// CPython's `SyntaxError.offset`: 1-based, in characters.
    pub offset: Option<u32>,
    pub end_lineno: Option<u32>,
    pub end_offset: Option<u32>,
    /// CPython's `SyntaxError.text`: the offending source line, when CPython shows one.
    pub text: Option<String>,
}

impl Diagnostic {
    /// An error with no position (unreadable file, unknown stage...).
    pub fn error(kind: DiagnosticKind, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            kind,
            severity: Severity::Error,
            message: message.into(),
            path: path.into(),
            span: None,
            lineno: None,
            offset: None,
            end_lineno: None,
            end_offset: None,
            text: None,
        }
    }

    pub fn with_span(mut self, start: u32, end: u32) -> Self {
        self.span = Some((start, end));
        self
    }

    /// Sets CPython's four position attributes.
    pub fn at(mut self, lineno: u32, offset: u32, end_lineno: u32, end_offset: u32) -> Self {
        self.lineno = Some(lineno);
        self.offset = Some(offset);
        self.end_lineno = Some(end_lineno);
        self.end_offset = Some(end_offset);
        self
    }

    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// Renders for humans with codespan-reporting. `source` is the decoded text the span points
    /// into; without it (or without a span) only the message and position are shown.
    pub fn render(&self, source: Option<&str>, out: &mut dyn WriteColor) -> std::io::Result<()> {
        let mut d = match self.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_message(format!("{}: {}", self.kind.name(), self.message));
        let text = source.unwrap_or("");
        match self.span {
            Some((s, e)) if source.is_some() && (e as usize) <= text.len() => {
                d = d.with_labels(vec![Label::primary((), s as usize..e as usize)]);
            }
            _ => {
                if let Some(line) = self.lineno {
                    d = d.with_notes(vec![format!("at {}:{}:{}", self.path, line, self.offset.unwrap_or(0))]);
                } else {
                    d = d.with_notes(vec![format!("in {}", self.path)]);
                }
            }
        }
        let file = SimpleFile::new(self.path.as_str(), text);
        let config = term::Config::default();
        term::emit(out, &config, &file, &d).map_err(|e| std::io::Error::other(e.to_string()))
    }

    /// Renders to a plain string without colours.
    pub fn render_plain(&self, source: Option<&str>) -> String {
        let mut buf = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        let _ = self.render(source, &mut buf);
        String::from_utf8_lossy(&buf.into_inner()).into_owned()
    }
}

/// One line: `path:line:col: Kind: message`, the compact form used in batch runs.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(l) = self.lineno {
            write!(f, ":{l}")?;
            // A warning is printed as `warnings` prints it: the line only.
            if let Some(c) = self.offset.filter(|_| self.severity == Severity::Error) {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": {}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for Diagnostic {}
