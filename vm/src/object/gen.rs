//! Generators: a suspended frame.

use crate::eval::frame::Frame;
use crate::heap::{Mut, ObjRef};

pub struct GenObj {
    pub frame: Mut<Option<Box<Frame>>>,
    pub name: ObjRef,
    pub qualname: ObjRef,
    pub running: std::cell::Cell<bool>,
}
