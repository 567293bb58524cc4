//! Printing diagnostics.

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use pyrite_ir::Diagnostic;

/// Prints a diagnostic on stderr: the compact one-line form, or the codespan-reporting rendering
/// (with the source excerpt when `source` is given) when `pretty`.
pub fn eprint_diagnostic(d: &Diagnostic, source: Option<&str>, pretty: bool) {
    if pretty {
        let mut err = StandardStream::stderr(ColorChoice::Auto);
        let _ = d.render(source, &mut err);
    } else {
        eprintln!("{d}");
    }
}
