//! Printing diagnostics.

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use pyrite_ir::Diagnostic;
use std::io::IsTerminal;

/// Prints a diagnostic on stderr: the compact one-line form, or the codespan-reporting rendering
/// (with the source excerpt when `source` is given) when `pretty`.
pub fn eprint_diagnostic(d: &Diagnostic, source: Option<&str>, pretty: bool) {
    if pretty {
        // termcolor's `Auto` looks at TERM / NO_COLOR only: escapes must not reach a pipe or file.
        let color = if std::io::stderr().is_terminal() { ColorChoice::Auto } else { ColorChoice::Never };
        let mut err = StandardStream::stderr(color);
        let _ = d.render(source, &mut err);
    } else {
        eprintln!("{d}");
    }
}
