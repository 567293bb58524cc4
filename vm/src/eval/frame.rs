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
    /// Index (in code units) of the next instruction.
    pub pc: usize,
    /// Index of the instruction being executed (for tracebacks and exception-table lookup).
    pub lasti: usize,
    /// Index of the instruction executing now; RERAISE may move `lasti` back to the original
    /// raise site (for tracebacks), but the handler is looked up from here.
    pub cur: usize,
    /// Names of keyword arguments for the next CALL (KW_NAMES).
    pub kwnames: Option<ObjRef>,
    /// When this frame returns, the eval loop returns to its native caller.
    pub entry: bool,
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
            pc: 0,
            lasti: 0,
            cur: 0,
            kwnames: None,
            entry: false,
        }
    }
}

impl Frame {
    /// Drops a finished frame, keeping its vectors for the next call. References are released
    /// in the order dropping the frame would release them.
    pub fn recycle(self) {
        let Frame { code, func, globals, builtins, locals, mut fast, mut stack, kwnames, .. } = self;
        drop(code);
        drop(func);
        drop(globals);
        drop(builtins);
        drop(locals);
        fast.clear();
        stack.clear();
        drop(kwnames);
        POOL.with(|p| {
            let mut p = p.borrow_mut();
            if p.len() < POOL_MAX {
                p.push((fast, stack));
            }
        });
    }
}
