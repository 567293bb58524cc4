//! Exceptions and traceback entries.

use crate::heap::{Mut, ObjRef};
use crate::object::func::Code;
use std::cell::Cell;
use std::rc::Rc;

pub struct ExcObj {
    pub args: Mut<ObjRef>,
    pub traceback: Mut<Option<ObjRef>>,
    pub cause: Mut<Option<ObjRef>>,
    pub context: Mut<Option<ObjRef>>,
    pub suppress_context: Cell<bool>,
    pub dict: ObjRef,
}

/// One traceback entry: a frame's code and the instruction that was executing.
pub struct TracebackObj {
    pub code: Rc<Code>,
    pub lasti: usize,
    pub next: Option<ObjRef>,
}
