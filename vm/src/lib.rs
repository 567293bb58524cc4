//! pyrite's reference VM: executes CPython 3.11 code objects on a private heap with reference
//! counting and a generational cycle collector.
