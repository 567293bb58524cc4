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

impl Frame {
    pub fn new(code: Rc<Code>, globals: ObjRef, builtins: ObjRef, locals: Option<ObjRef>) -> Frame {
        let n = code.localsplusnames.len();
        Frame {
            stack: Vec::with_capacity(code.stacksize + 1),
            code,
            func: None,
            globals,
            builtins,
            locals,
            fast: vec![None; n],
            pc: 0,
            lasti: 0,
            cur: 0,
            kwnames: None,
            entry: false,
        }
    }
}
