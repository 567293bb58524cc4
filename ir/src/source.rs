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
    /// Byte offset in `text` where each physical line starts; lines end at `\n` (as Python's
    /// `readline` splits them), so a lone `\r` stays inside its line.
    pub line_starts: Vec<u32>,
}

impl DecodedSource {
    pub fn new(name: impl Into<String>, encoding: impl Into<String>, bom: bool, text: String) -> Self {
        let mut line_starts = vec![0u32];
        line_starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i as u32 + 1));
        if *line_starts.last().unwrap() as usize == text.len() && !text.is_empty() {
            line_starts.pop();
        }
        DecodedSource { name: name.into(), encoding: encoding.into(), bom, text, line_starts }
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
