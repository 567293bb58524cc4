//! Interpreter frames. Frames live on the heap (boxed), never on the native stack, so deep Python
//! recursion costs no native stack.

use crate::heap::ObjRef;
use crate::object::func::Code;
use std::rc::Rc;

pub struct Frame {
    pub code: Rc<Code>,
    pub func: Option<ObjRef>,
    pub globals: ObjRef,
    pub builtins: ObjRef,
    /// The namespace dict of module and class bodies (LOAD_NAME/STORE_NAME).
    pub locals: Option<ObjRef>,
    /// `localsplus`: arguments, locals, cells, free variables.
    pub fast: Vec<Option<ObjRef>>,
    pub stack: Vec<ObjRef>,
    /// Index (in code units) of the next instruction, while the frame is not the one executing
    /// (a parked caller, a suspended generator, a frame not yet entered). The eval loop keeps the
    /// running frame's position in a local and writes it here when it switches frames.
    pub saved_pc: usize,
    /// Index of the instruction being executed (for tracebacks and exception-table lookup).
    pub lasti: usize,
    /// Index of the instruction executing now; RERAISE may move `lasti` back to the original
    /// raise site (for tracebacks), but the handler is looked up from here.
    pub cur: usize,
    /// Names of keyword arguments for the next CALL (KW_NAMES).
    pub kwnames: Option<ObjRef>,
    /// When this frame returns, the eval loop returns to its native caller.
    pub entry: bool,
    /// For an `__init__` frame the eval loop pushed for `cls(...)`: the new instance, which is
    /// the call's result once `__init__` returns None.
    pub init_of: Option<ObjRef>,
}

/// Emptied `fast` and `stack` vectors of returned frames, reused by the next calls: a call then
/// allocates only the frame's box.
type Buffers = (Vec<Option<ObjRef>>, Vec<ObjRef>);

/// Enough for the call depths that matter to speed; deeper recursion allocates.
const POOL_MAX: usize = 64;

thread_local! {
    static POOL: std::cell::RefCell<Vec<Buffers>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Frame {
    pub fn new(code: Rc<Code>, globals: ObjRef, builtins: ObjRef, locals: Option<ObjRef>) -> Frame {
        let n = code.localsplusnames.len();
        let (mut fast, mut stack) = POOL.with(|p| p.borrow_mut().pop()).unwrap_or_default();
        fast.resize(n, None);
        stack.reserve(code.stacksize + 1);
        Frame {
            stack,
            code,
            func: None,
            globals,
            builtins,
            locals,
            fast,
            saved_pc: 0,
            lasti: 0,
            cur: 0,
            kwnames: None,
            entry: false,
            init_of: None,
        }
    }
}

impl Frame {
    /// Drops a finished frame, keeping its vectors for the next call. References are released
    /// in the order dropping the frame would release them.
    pub fn recycle(self) {
        let Frame { code, func, globals, builtins, locals, mut fast, mut stack, kwnames, init_of, .. } = self;
        drop(code);
        drop(func);
        drop(globals);
        drop(builtins);
        drop(locals);
        fast.clear();
        stack.clear();
        drop(kwnames);
        drop(init_of);
        POOL.with(|p| {
            let mut p = p.borrow_mut();
            if p.len() < POOL_MAX {
                p.push((fast, stack));
            }
        });
    }
}

impl Frame {
    /// A frame for a call, in the allocation of a returned frame when `pool` has one.
    #[inline]
    pub fn boxed(
        pool: &mut Vec<Box<Frame>>,
        code: Rc<Code>,
        globals: ObjRef,
        builtins: ObjRef,
        locals: Option<ObjRef>,
    ) -> Box<Frame> {
        match pool.pop() {
            Some(mut b) => {
                // `fast` is empty (recycled); an extend from a counted iterator inlines to a
                // plain loop, where `resize` was a call per frame.
                b.fast.extend((0..code.localsplusnames.len()).map(|_| None));
                b.stack.reserve(code.stacksize + 1);
                // The pooled frame's placeholders go (the blank code, the placeholder object).
                b.code = code;
                b.globals = globals;
                b.builtins = builtins;
                b.locals = locals;
                b
            }
            None => Box::new(Frame::new(code, globals, builtins, locals)),
        }
    }

    /// Returns a finished frame to `pool`, releasing its references in the order dropping the
    /// frame would; `blank` and `placeholder` stand in for its code and namespaces meanwhile.
    #[inline]
    pub fn recycle_into(
        mut self: Box<Self>,
        pool: &mut Vec<Box<Frame>>,
        blank: &Rc<Code>,
        placeholder: &ObjRef,
    ) {
        if pool.len() >= POOL_MAX {
            return (*self).recycle();
        }
        drop(std::mem::replace(&mut self.code, blank.clone()));
        drop(self.func.take());
        drop(std::mem::replace(&mut self.globals, placeholder.clone()));
        drop(std::mem::replace(&mut self.builtins, placeholder.clone()));
        drop(self.locals.take());
        self.fast.clear();
        self.stack.clear();
        drop(self.kwnames.take());
        drop(self.init_of.take());
        self.saved_pc = 0;
        self.lasti = 0;
        self.cur = 0;
        self.entry = false;
        pool.push(self);
    }
}
