//! Facts of the oracle's CPython 3.11.7 build (pyenv, x86-64 Linux) that are not in its sources:
//! measured, and checked against `python3` by `conformance/tests/oracle.rs`.
//!
//! 3.11 hashes None and Ellipsis by address (`_Py_HashPointer`: the address rotated right by 4
//! bits). Both are static objects of the interpreter binary, so ASLR moves them only by whole
//! pages: the low 12 bits of `id(None)` and `id(...)` are fixed by the build, and they become
//! hash bits 0-7; hash bits 8 and up (address bits 12 and up) change from run to run. A set's
//! layout reads only bits 0-7 of None's hash while None lands in its home slot or in the 9
//! slots after it (tables of up to 256 slots), or, in a table of 8 slots (where there is no
//! linear probing), after one perturbed probe (`perturb >>= 5` brings in bits 5-7). It reads the
//! random bits, and CPython's own order changes between runs, when None's probe goes further (a
//! second perturbation in 8 slots, any perturbation in 16 or more), in tables of more than 256
//! slots, and whenever None's hash is mixed into another (a tuple or frozenset holding None:
//! `python3 -m dis` of `x in {(None, 1), (None, 2), (None, 3)}` changes from run to run).
//! pyrite then prints the order of the page below.

/// `id(None) & 0xfff` (`python3 -c 'print(hex(id(None)))'` always ends in `bbe0` on this build).
pub const NONE_PAGE_OFFSET: u64 = 0xbe0;
/// `id(...) & 0xfff`.
pub const ELLIPSIS_PAGE_OFFSET: u64 = 0xe60;
/// The page part of the addresses pyrite assumes: one observed `id(None) & !0xfff` (any page in
/// the interpreter's mapping gives the same set orders unless a probe sequence reaches bit 12).
pub const NONE_PAGE: u64 = 0x7f77_e0a5_b000;
/// Ellipsis lies in the same image, 0x2280 bytes after None on this build (their distance is fixed).
pub const ELLIPSIS_PAGE: u64 = 0x7f77_e0a5_d000;
