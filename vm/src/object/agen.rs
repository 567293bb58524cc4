//! The awaitables an async generator's `asend()`/`__anext__()`, `athrow()` and `aclose()` return
//! (CPython's `async_generator_asend` and `async_generator_athrow`).

use crate::heap::{Mut, ObjRef, Trace};
use std::cell::Cell;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpKind {
    Send,
    Throw,
    Close,
}

/// Where the awaitable is in its life: not yet sent to, running the generator, or finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpState {
    Init,
    Iter,
    Closed,
}

pub struct AsyncGenOp {
    pub gen: ObjRef,
    pub kind: OpKind,
    /// `asend`: the value the first send delivers; `athrow`: the exception to raise.
    pub arg: Mut<Option<ObjRef>>,
    pub state: Cell<OpState>,
}

impl Trace for AsyncGenOp {
    fn traverse(&self, visit: &mut dyn FnMut(&ObjRef)) {
        visit(&self.gen);
        self.arg.with(|a| {
            if let Some(a) = a {
                visit(a);
            }
        });
    }

    fn clear(&self) {
        let old = self.arg.with(|a| a.take());
        drop(old);
    }
}
