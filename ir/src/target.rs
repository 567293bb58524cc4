//! Facts that depend on the targeted CPython version, kept in one place per target so that later
//! versions (3.12-3.14 change opcodes, cache sizes, tables and the magic number) can be added
//! beside 3.11 without touching the stages' logic.

/// One CPython version that pyrite reproduces.
#[derive(Debug)]
pub struct Target {
    /// `major.minor.micro` of the CPython release pyrite matches exactly.
    pub version: (u8, u8, u8),
    /// The .pyc magic number (`importlib.util.MAGIC_NUMBER` as a little-endian u16).
    pub magic: u16,
    /// `sys.implementation.cache_tag`, used in `__pycache__` file names.
    pub cache_tag: &'static str,
}

impl Target {
    /// `3.11.7`.
    pub fn version_string(&self) -> String {
        let (a, b, c) = self.version;
        format!("{a}.{b}.{c}")
    }

    /// The four magic bytes that start a .pyc file.
    pub fn magic_bytes(&self) -> [u8; 4] {
        let [lo, hi] = self.magic.to_le_bytes();
        [lo, hi, b'\r', b'\n']
    }
}

pub mod py311;

/// CPython 3.11.7, the only target so far.
pub static PY311: Target = Target { version: (3, 11, 7), magic: 3495, cache_tag: "cpython-311" };

/// The default target.
pub fn default_target() -> &'static Target {
    &PY311
}
