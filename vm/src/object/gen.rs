//! Generators: a suspended frame.

use crate::eval::frame::Frame;
use crate::heap::{Mut, ObjRef};

pub struct GenObj {
    pub frame: Mut<Option<Box<Frame>>>,
    pub name: ObjRef,
    pub qualname: ObjRef,
    pub running: std::cell::Cell<bool>,
    /// Async generators: an asend/athrow/aclose awaitable is in progress (CPython's
    /// `ag_running_async`); a second one may not start.
    pub running_async: std::cell::Cell<bool>,
}
