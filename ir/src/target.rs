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
    /// The addresses pyrite assumes for None and Ellipsis, which 3.11 hashes by identity
    /// (see [`py311_build`] for why a model of one build's addresses is exact for most sets).
    pub singleton_ids: crate::pyhash::Addresses,
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

/// CPython 3.11.7, the only target so far.
pub static PY311: Target = Target {
    version: (3, 11, 7),
    magic: 3495,
    cache_tag: "cpython-311",
    singleton_ids: crate::pyhash::Addresses {
        none: Some(py311_build::NONE_PAGE | py311_build::NONE_PAGE_OFFSET),
        ellipsis: Some(py311_build::ELLIPSIS_PAGE | py311_build::ELLIPSIS_PAGE_OFFSET),
    },
};

/// The default target.
pub fn default_target() -> &'static Target {
    &PY311
}

pub mod py311;
pub mod py311_build;
pub mod py311_interned;

/// The CPython process a compile reproduces, where that matters: its interned strings decide
/// whether `intern_string_constants` rebuilds a frozenset constant, which can change the order
/// `dis` prints (never the .pyc: marshal writes frozensets sorted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InternHost {
    /// `python3 -m py_compile FILE` (and `compileall`, `import`).
    #[default]
    PyCompile,
    /// `python3 -m dis FILE`.
    DisModule,
}

impl Target {
    /// Whether `host` has interned a string equal to `s` (a one-character string: a string other
    /// than its latin-1 singleton) when its compile() starts (tools/gen_interned_strings.py).
    pub fn interned_by_host(&self, host: InternHost, s: &[u8]) -> bool {
        debug_assert_eq!(self.magic, py311::MAGIC);
        let own = match host {
            InternHost::PyCompile => py311_interned::PY_COMPILE_ONLY,
            InternHost::DisModule => py311_interned::DIS_MODULE_ONLY,
        };
        [py311_interned::BOTH_HOSTS, own].iter().any(|t| t.binary_search_by(|t| t.as_bytes().cmp(s)).is_ok())
    }
}

/// The opcode facts of one target, from its generated table (tools/gen_opcodes.py).
#[derive(Debug)]
pub struct Opcodes {
    pub have_argument: u8,
    pub extended_arg: u8,
    pub opname: &'static [&'static str; 256],
    pub deopt: &'static [u8; 256],
    pub cache_entries: &'static [u8; 256],
    /// Bits [`py311::HASCONST`]... (the same bit layout for every target).
    pub opclass: &'static [u8; 256],
    pub cmp_op: &'static [&'static str],
    pub nb_ops: &'static [(&'static str, &'static str)],
    pub cache_format: &'static [(&'static str, &'static [(&'static str, u8)])],
}

static PY311_OPCODES: Opcodes = Opcodes {
    have_argument: py311::HAVE_ARGUMENT,
    extended_arg: py311::EXTENDED_ARG,
    opname: &py311::OPNAME,
    deopt: &py311::DEOPT,
    cache_entries: &py311::CACHE_ENTRIES,
    opclass: &py311::OPCLASS,
    cmp_op: &py311::CMP_OP,
    nb_ops: &py311::NB_OPS,
    cache_format: py311::CACHE_FORMAT,
};

impl Target {
    /// The opcode table of this target.
    pub fn opcodes(&self) -> &'static Opcodes {
        debug_assert_eq!(self.magic, py311::MAGIC);
        &PY311_OPCODES
    }
}

impl Opcodes {
    /// The base opcode of `op` (`_PyOpcode_Deopt`).
    pub fn deopt(&self, op: u8) -> u8 {
        self.deopt[op as usize]
    }

    /// Whether the (base of) `op` has any of the class bits in `class`.
    pub fn is(&self, op: u8, class: u8) -> bool {
        self.opclass[self.deopt(op) as usize] & class != 0
    }

    /// Whether `op` takes an argument.
    pub fn has_arg(&self, op: u8) -> bool {
        self.deopt(op) >= self.have_argument
    }
}
