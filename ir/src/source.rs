//! Source text: the raw bytes of a file (the pipeline's first IR) and the decoded text with its
//! line index (produced by the `tokenize` stage, shared by every later stage for positions).

use std::sync::Arc;

/// A source file as read from disk or stdin: the first IR of the pipeline.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The name used in diagnostics and code objects (CPython's `co_filename`).
    pub name: String,
    pub bytes: Arc<[u8]>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Self {
        SourceFile { name: name.into(), bytes: bytes.into() }
    }
}

/// Source text decoded to UTF-8 with the encoding it was declared or detected in.
#[derive(Clone, Debug)]
pub struct DecodedSource {
    pub name: String,
    /// The encoding name exactly as `tokenize.detect_encoding` reports it (`utf-8`, `iso-8859-1`,
    /// or the cookie's spelling for other codecs).
    pub encoding: String,
    /// Whether the file started with a UTF-8 byte order mark (stripped from `text`).
    pub bom: bool,
    pub text: String,
    /// Byte offset in `text` where each physical line starts. Lines end at `\n` (as Python's
    /// `readline` splits them, the `tokenize` module's view), and also at a lone `\r` when
    /// [`DecodedSource::cr_is_newline`] is set (the C tokenizer's view, used by the compiler).
    pub line_starts: Vec<u32>,
    /// Whether a lone `\r` ends a line.
    pub cr_is_newline: bool,
}

impl DecodedSource {
    /// Lines split at `\n` only (the `tokenize` module's view).
    pub fn new(name: impl Into<String>, encoding: impl Into<String>, bom: bool, text: String) -> Self {
        Self::with_newlines(name, encoding, bom, text, false)
    }

    /// Lines split at `\n`, and at a lone `\r` too when `cr_is_newline`.
    pub fn with_newlines(
        name: impl Into<String>,
        encoding: impl Into<String>,
        bom: bool,
        text: String,
        cr_is_newline: bool,
    ) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0u32);
        let b = text.as_bytes();
        if cr_is_newline {
            for i in memchr::memchr2_iter(b'\n', b'\r', b) {
                if b[i] == b'\n' || b.get(i + 1) != Some(&b'\n') {
                    line_starts.push(i as u32 + 1);
                }
            }
        } else {
            line_starts.extend(memchr::memchr_iter(b'\n', b).map(|i| i as u32 + 1));
        }
        if *line_starts.last().unwrap() as usize == text.len() && !text.is_empty() {
            line_starts.pop();
        }
        DecodedSource { name: name.into(), encoding: encoding.into(), bom, text, line_starts, cr_is_newline }
    }

    /// Number of physical lines.
    pub fn line_count(&self) -> usize {
        if self.text.is_empty() {
            0
        } else {
            self.line_starts.len()
        }
    }

    /// The 1-based physical line `lineno`, including its line ending; empty past the end.
    pub fn line(&self, lineno: usize) -> &str {
        if lineno == 0 || lineno > self.line_count() {
            return "";
        }
        let start = self.line_starts[lineno - 1] as usize;
        let end = self.line_starts.get(lineno).map_or(self.text.len(), |&e| e as usize);
        &self.text[start..end]
    }

    /// The 1-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s as usize <= offset).max(1)
    }
}
