//! pyrite's conformance harness: diffs pyrite's stages against CPython 3.11.7.
//!
//! [`oracle`] talks to a long-lived CPython process; [`suite`] runs a [`suite::StageCheck`] over a
//! corpus in parallel; [`report`] renders the results (text, JSON, HTML); [`ratchet`] keeps the
//! committed lists of known failures per stage, which may only shrink.

pub mod diff;
pub mod oracle;
pub mod ratchet;
pub mod report;
pub mod stages;
pub mod suite;
