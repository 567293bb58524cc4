//! The CPython diff harness.
