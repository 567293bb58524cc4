//! The VM context: builtin types, singletons, caches and the frame stack.

use super::types::{Names, Types};
use crate::eval::frame::Frame;
use crate::heap::{Mut, ObjRef};
use crate::object::dict::{DictObj, DictTable};
use crate::object::exc::ExcObj;
use crate::object::float::FloatObj;
use crate::object::int::{Int, IntObj};
use crate::object::misc::UnitObj;
use crate::object::seq::{ListObj, TupleObj};
use crate::object::str::StrObj;
use crate::PyResult;
use std::collections::HashMap;
use std::io::Write;

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Print every executed instruction with the value stack to stderr.
    pub trace: bool,
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// The script's directory (sys.path[0]), where `import` looks for modules and packages.
    pub script_dir: Option<std::path::PathBuf>,
    /// Reads a .pyc (header and marshalled code object); supplied by the embedder, which owns
    /// the marshal reader.
    pub load_pyc: Option<fn(&[u8]) -> Result<pyrite_ir::code::CodeObject, String>>,
    /// The `~~^^~~` anchors of a traceback line: given the source segment of the failing
    /// instruction, the byte range of a binary operator or subscript (CPython parses the segment;
    /// so does the embedder, which owns the parser).
    pub caret_anchors: Option<fn(&str) -> Option<(usize, usize)>>,
    /// Compiles source text (`exec`, `eval`, `compile`, imports without an up-to-date cache):
    /// supplied by the embedder, which owns the compiler.
    pub compile_source: Option<CompileFn>,
    /// Serializes a code object as a .pyc with the given header flags (0: timestamp, 1 or 3:
    /// unchecked or checked source hash) and the 8 bytes after them (mtime and size, or the
    /// hash), for the `__pycache__` files imports write; supplied by the embedder, which owns
    /// the marshal writer.
    pub write_pyc: Option<fn(&pyrite_ir::code::CodeObject, u32, [u8; 8]) -> Vec<u8>>,
}

/// `compile_source`'s signature: source bytes, file name, mode (`exec`, `eval`, `single`),
/// optimization level; a code object, or the SyntaxError (or other compile error) CPython raises.
pub type CompileFn =
    fn(&[u8], &str, &str, u8) -> Result<pyrite_ir::code::CodeObject, pyrite_ir::diag::Diagnostic>;

pub struct Vm {
    pub t: Types,
    pub n: Names,
    pub none: ObjRef,
    pub true_: ObjRef,
    pub false_: ObjRef,
    pub ellipsis: ObjRef,
    pub not_implemented: ObjRef,
    /// The NULL marker the 3.11 calling sequence pushes (PUSH_NULL, LOAD_GLOBAL's low bit).
    pub null: ObjRef,
    pub empty_tuple: ObjRef,
    small_ints: Vec<ObjRef>,
    interned: HashMap<Box<str>, ObjRef>,
    pub builtins: ObjRef,
    pub sys_modules: ObjRef,
    /// Suspended callers of the running frame.
    pub frames: Vec<Box<Frame>>,
    /// Returned frames kept for the next calls (their references released).
    pub frame_pool: Vec<Box<Frame>>,
    /// What a pooled frame points to instead of a code object.
    pub blank_code: std::rc::Rc<crate::object::func::Code>,
    /// Python-level call depth (frames plus native re-entries), checked against the limit.
    pub depth: usize,
    pub recursion_limit: usize,
    /// The exception being handled (sys.exc_info()), saved/restored by PUSH_EXC_INFO/POP_EXCEPT.
    pub exc_info: Option<ObjRef>,
    pub out: std::io::BufWriter<std::io::Stdout>,
    pub opts: Options,
    /// Containers whose repr is in progress (for `[...]`).
    pub repr_stack: Vec<ObjRef>,
}

const SMALL_MIN: i64 = -5;
const SMALL_MAX: i64 = 256;

impl Vm {
    pub fn new(opts: Options) -> Vm {
        let t = Types::bootstrap();
        let unit = |ty: &ObjRef, name: &'static str| ObjRef::new(ty, UnitObj(name));
        let none = unit(&t.none_type, "None");
        let ellipsis = unit(&t.ellipsis_type, "Ellipsis");
        let not_implemented = unit(&t.notimpl_type, "NotImplemented");
        let null = unit(&t.object, "<NULL>");
        let true_ = ObjRef::new(&t.bool_, IntObj(Int::Small(1)));
        let false_ = ObjRef::new(&t.bool_, IntObj(Int::Small(0)));
        let empty_tuple = ObjRef::new(&t.tuple, TupleObj(Box::new([])));
        let small_ints =
            (SMALL_MIN..=SMALL_MAX).map(|i| ObjRef::new(&t.int, IntObj(Int::Small(i)))).collect();
        let builtins = ObjRef::new(&t.dict, DictObj(Mut::new(DictTable::default())));
        let sys_modules = ObjRef::new(&t.dict, DictObj(Mut::new(DictTable::default())));
        let mut interned = HashMap::new();
        let n = Names::new(|s| {
            let o = ObjRef::new(&t.str_, StrObj::new(s));
            interned.insert(s.into(), o.clone());
            o
        });
        let mut vm = Vm {
            t,
            n,
            none,
            true_,
            false_,
            ellipsis,
            not_implemented,
            null,
            empty_tuple,
            small_ints,
            interned,
            builtins,
            sys_modules,
            frames: Vec::new(),
            frame_pool: Vec::new(),
            blank_code: std::rc::Rc::new(crate::object::func::Code {
                units: Vec::new(),
                consts: Vec::new(),
                names: Vec::new(),
                localsplusnames: Vec::new(),
                localspluskinds: Vec::new(),
                argcount: 0,
                posonlyargcount: 0,
                kwonlyargcount: 0,
                flags: 0,
                stacksize: 0,
                filename: String::new(),
                name: String::new(),
                qualname: String::new(),
                firstlineno: 0,
                positions: Vec::new(),
                exc_table: Vec::new(),
                nlocalsplus: 0,
                caches: crate::eval::cache::Caches::new(0),
            }),
            depth: 0,
            recursion_limit: 1000,
            exc_info: None,
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
            opts,
            repr_stack: Vec::new(),
        };
        super::attr::register_dict_type(&vm.t.dict);
        crate::builtins::install(&mut vm);
        vm
    }

    pub fn flush(&mut self) {
        let _ = self.out.flush();
    }

    /// Whether `v` is one of the shared small int objects (-5..=256, as in CPython).
    #[inline]
    pub fn is_small_int(v: i64) -> bool {
        (SMALL_MIN..=SMALL_MAX).contains(&v)
    }

    #[inline]
    pub fn new_int(&self, v: i64) -> ObjRef {
        if (SMALL_MIN..=SMALL_MAX).contains(&v) {
            return self.small_ints[(v - SMALL_MIN) as usize].clone();
        }
        ObjRef::new(&self.t.int, IntObj(Int::Small(v)))
    }

    pub fn new_bigint(&self, v: Int) -> ObjRef {
        match v {
            Int::Small(i) => self.new_int(i),
            big => ObjRef::new(&self.t.int, IntObj(big)),
        }
    }

    #[inline]
    pub fn new_float(&self, v: f64) -> ObjRef {
        ObjRef::new(&self.t.float, FloatObj(v))
    }

    #[inline]
    pub fn new_bool(&self, b: bool) -> ObjRef {
        if b {
            self.true_.clone()
        } else {
            self.false_.clone()
        }
    }

    pub fn new_str(&self, s: &str) -> ObjRef {
        ObjRef::new(&self.t.str_, StrObj::new(s))
    }

    pub fn new_string(&self, s: String) -> ObjRef {
        ObjRef::new(&self.t.str_, StrObj::from_string(s))
    }

    /// The interned str for an identifier (attribute and global names).
    pub fn intern(&mut self, s: &str) -> ObjRef {
        if let Some(o) = self.interned.get(s) {
            return o.clone();
        }
        let o = self.new_str(s);
        self.interned.insert(s.into(), o.clone());
        o
    }

    pub fn new_tuple(&self, items: Vec<ObjRef>) -> ObjRef {
        if items.is_empty() {
            return self.empty_tuple.clone();
        }
        ObjRef::new(&self.t.tuple, TupleObj(items.into_boxed_slice()))
    }

    pub fn new_list(&self, items: Vec<ObjRef>) -> ObjRef {
        ObjRef::new(&self.t.list, ListObj(Mut::new(items)))
    }

    pub fn new_dict(&self) -> ObjRef {
        ObjRef::new(&self.t.dict, DictObj(Mut::new(DictTable::default())))
    }

    /// A new exception of a builtin class with one message argument.
    pub fn new_exc(&mut self, ty: &ObjRef, msg: &str) -> ObjRef {
        let args = if msg.is_empty() { vec![] } else { vec![self.new_str(msg)] };
        self.new_exc_args(ty, args)
    }

    pub fn new_exc_args(&mut self, ty: &ObjRef, args: Vec<ObjRef>) -> ObjRef {
        let args = self.new_tuple(args);
        let dict = self.new_dict();
        ObjRef::new(
            ty,
            ExcObj {
                args: Mut::new(args),
                traceback: Mut::new(None),
                cause: Mut::new(None),
                context: Mut::new(None),
                suppress_context: std::cell::Cell::new(false),
                dict,
            },
        )
    }

    /// `Err(TypeError(msg))` and friends.
    pub fn err<T>(&mut self, ty: &ObjRef, msg: impl AsRef<str>) -> PyResult<T> {
        let ty = ty.clone();
        Err(self.new_exc(&ty, msg.as_ref()))
    }

    pub fn type_error<T>(&mut self, msg: impl AsRef<str>) -> PyResult<T> {
        let ty = self.t.exc.type_error.clone();
        self.err(&ty, msg)
    }

    pub fn value_error<T>(&mut self, msg: impl AsRef<str>) -> PyResult<T> {
        let ty = self.t.exc.value_error.clone();
        self.err(&ty, msg)
    }

    pub fn index_error<T>(&mut self, msg: impl AsRef<str>) -> PyResult<T> {
        let ty = self.t.exc.index_error.clone();
        self.err(&ty, msg)
    }

    pub fn zero_div<T>(&mut self, msg: impl AsRef<str>) -> PyResult<T> {
        let ty = self.t.exc.zero_division_error.clone();
        self.err(&ty, msg)
    }

    pub fn overflow<T>(&mut self, msg: impl AsRef<str>) -> PyResult<T> {
        let ty = self.t.exc.overflow_error.clone();
        self.err(&ty, msg)
    }

    /// The `__name__` of an object's type.
    pub fn type_name(&self, o: &ObjRef) -> String {
        super::types::type_name(o.ty())
    }
}

impl Vm {
    /// The work the heap queued for the next instruction boundary: finalizers of objects whose
    /// count reached zero, and the collection that the allocation counter made due.
    pub fn run_pending(&mut self) {
        crate::heap::gc::clear_pending();
        // Depth first, as when CPython runs `__del__` inside the deallocation: objects freed by
        // one finalizer (and its object's death) finalize before the next queued object.
        let mut batches: Vec<std::collections::VecDeque<ObjRef>> = Vec::new();
        loop {
            let new = crate::heap::take_finalizable();
            if !new.is_empty() {
                batches.push(new.into());
            }
            let Some(top) = batches.last_mut() else {
                if crate::heap::gc::due() {
                    self.collect_garbage(None);
                    continue;
                }
                break;
            };
            match top.pop_front() {
                Some(o) => {
                    self.finalize(&o);
                    drop(o);
                }
                None => {
                    batches.pop();
                }
            }
        }
    }

    /// Runs the cycle collector: `Some(g)` collects generation g (`gc.collect(g)`), `None` the
    /// generation the thresholds pick. Returns the number of unreachable objects found.
    pub fn collect_garbage(&mut self, generation: Option<usize>) -> usize {
        // The attribute cache holds strong references that would make classes look reachable.
        super::attr::flush_type_cache();
        let Some(g) = generation.or_else(crate::heap::gc::pick_generation) else { return 0 };
        let callbacks = self.gc_callbacks();
        if !callbacks.is_empty() {
            self.run_gc_callbacks(&callbacks, "start", g, 0);
        }
        let n = crate::heap::gc::collect(g, &mut |o: &ObjRef| self.finalize(o));
        if !callbacks.is_empty() {
            self.run_gc_callbacks(&callbacks, "stop", g, n);
        }
        n
    }

    /// `gc.callbacks`, when the program imported gc.
    fn gc_callbacks(&mut self) -> Vec<ObjRef> {
        let gc = self.intern("gc");
        let name = self.intern("callbacks");
        let Some(m) = super::attr::dict_get_str(&self.sys_modules, &gc) else { return vec![] };
        match super::attr::instance_dict(&m).and_then(|d| super::attr::dict_get_str(&d, &name)) {
            Some(l) if l.kind() == crate::heap::Kind::List => l.expect::<ListObj>().snapshot(),
            _ => vec![],
        }
    }

    /// Calls each callback with `(phase, info)` as CPython's collector does; errors are
    /// unraisable.
    fn run_gc_callbacks(&mut self, callbacks: &[ObjRef], phase: &str, generation: usize, collected: usize) {
        let info = self.new_dict();
        for (k, v) in [("generation", generation), ("collected", collected), ("uncollectable", 0)] {
            let (k, v) = (self.new_str(k), self.new_int(v as i64));
            let _ = self.dict_set(&info, k, v);
        }
        let phase = self.new_str(phase);
        for cb in callbacks {
            let saved = self.exc_info.clone();
            let r = self.call(cb, &[phase.clone(), info.clone()], &[]);
            self.exc_info = saved;
            if let Err(e) = r {
                self.write_unraisable(&e, cb);
            }
        }
    }

    /// Runs an object's finalizer: `__del__`, or `close()` for a suspended generator. Errors
    /// are reported as CPython's "Exception ignored in" and go no further.
    pub fn finalize(&mut self, o: &ObjRef) {
        if o.kind() == crate::heap::Kind::Generator {
            if let Err(e) = crate::eval::gen::close(self, o) {
                self.write_unraisable(&e, o);
            }
            return;
        }
        let del = self.intern("__del__");
        let Some(f) = super::attr::lookup_type(o.ty(), &del) else { return };
        let saved = self.exc_info.clone();
        let r = self.call(&f, &[o.clone()], &[]);
        self.exc_info = saved;
        if let Err(e) = r {
            self.write_unraisable(&e, &f);
        }
    }

    /// `PyErr_WriteUnraisable`: reports an exception nobody can catch.
    pub fn write_unraisable(&mut self, e: &ObjRef, origin: &ObjRef) {
        self.flush();
        let what = self.repr(origin).unwrap_or_else(|_| "<object>".into());
        let text = crate::eval::traceback::format_exception(self, e);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "Exception ignored in: {what}\n{text}");
    }
}
