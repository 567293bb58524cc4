//! pyrite's conformance harness: diffs pyrite's stages against CPython 3.11.7.
//!
//! [`oracle`] talks to a long-lived CPython process; the per-stage tests in `tests/` and
//! `pyrite conformance` build on it.

pub mod oracle;
