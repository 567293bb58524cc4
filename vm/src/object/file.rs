//! File objects returned by `open()`: the state of one open file. Reads load the file once and
//! serve it from memory; writes are buffered and reach the file on flush, close or death.

use std::io::Write;

pub struct FileState {
    pub file: Option<std::fs::File>,
    pub name: String,
    pub mode: String,
    pub binary: bool,
    pub readable: bool,
    pub writable: bool,
    /// The whole content for reading (loaded on first read) and the read position in it.
    pub data: Option<Vec<u8>>,
    pub pos: usize,
    pub pending: Vec<u8>,
}

impl FileState {
    pub fn flush(&mut self) -> std::io::Result<()> {
        if let Some(f) = &mut self.file {
            if !self.pending.is_empty() {
                f.write_all(&self.pending)?;
                self.pending.clear();
            }
        }
        Ok(())
    }

    pub fn close(&mut self) -> std::io::Result<()> {
        let r = self.flush();
        self.file = None;
        r
    }
}

pub struct FileObj(pub crate::heap::Mut<FileState>);

impl Drop for FileObj {
    fn drop(&mut self) {
        // An unclosed file is flushed and closed when it dies, as CPython's finalizer does.
        let _ = self.0.with(|s| s.close());
    }
}
