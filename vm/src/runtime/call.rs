//! Calls: argument binding for Python functions (all parameter kinds), natives, bound methods,
//! class instantiation and `__call__`.

use super::attr::lookup_type;
use super::types::{is_subtype, type_name};
use crate::eval::frame::Frame;
use crate::heap::{Kind, Mut, ObjRef};
use crate::object::dict::DictObj;
use crate::object::func::{BuiltinObj, FuncObj, MethodObj};
use crate::object::str::StrObj;
use crate::object::typeobj::{InstanceObj, TypeObj};
use crate::{PyResult, Vm};
use pyrite_ir::code::flags;

/// Names CPython implements as type slots: their unbound form is a wrapper descriptor, whose
/// errors are worded differently from a method descriptor's.
const SLOT_NAMES: &[&str] = &[
    "__abs__",
    "__add__",
    "__aiter__",
    "__and__",
    "__anext__",
    "__await__",
    "__bool__",
    "__call__",
    "__contains__",
    "__del__",
    "__delattr__",
    "__delete__",
    "__delitem__",
    "__divmod__",
    "__eq__",
    "__float__",
    "__floordiv__",
    "__ge__",
    "__get__",
    "__getattr__",
    "__getattribute__",
    "__getitem__",
    "__gt__",
    "__hash__",
    "__iadd__",
    "__iand__",
    "__ifloordiv__",
    "__ilshift__",
    "__imatmul__",
    "__imod__",
    "__imul__",
    "__index__",
    "__init__",
    "__int__",
    "__invert__",
    "__ior__",
    "__ipow__",
    "__irshift__",
    "__isub__",
    "__iter__",
    "__itruediv__",
    "__ixor__",
    "__le__",
    "__len__",
    "__lshift__",
    "__lt__",
    "__matmul__",
    "__mod__",
    "__mul__",
    "__ne__",
    "__neg__",
    "__next__",
    "__or__",
    "__pos__",
    "__pow__",
    "__radd__",
    "__rand__",
    "__rdivmod__",
    "__repr__",
    "__rfloordiv__",
    "__rlshift__",
    "__rmatmul__",
    "__rmod__",
    "__rmul__",
    "__ror__",
    "__rpow__",
    "__rrshift__",
    "__rshift__",
    "__rsub__",
    "__rtruediv__",
    "__rxor__",
    "__set__",
    "__setattr__",
    "__setitem__",
    "__str__",
    "__sub__",
    "__truediv__",
    "__xor__",
];

/// Whether `owner.name` is a wrapper descriptor in CPython. list and dict define `__getitem__`,
/// and dict and the sets `__contains__`, as ordinary methods that take the slot's place.
fn is_slot_wrapper(owner: &str, name: &str) -> bool {
    let coexists = match name {
        "__getitem__" => matches!(owner, "list" | "dict"),
        "__contains__" => matches!(owner, "dict" | "set" | "frozenset"),
        _ => false,
    };
    !coexists && SLOT_NAMES.contains(&name)
}

/// A builtin type's method called through the class (`list.append(x, 1)`) must get an instance
/// of that type (or a subclass) as its receiver, as CPython's descriptors check before the call.
fn check_receiver(
    vm: &mut Vm,
    name: &str,
    owner: &ObjRef,
    npos: usize,
    recv: Option<&ObjRef>,
) -> PyResult<()> {
    if name == "__new__" {
        return check_new_class(vm, owner, npos, recv);
    }
    if npos > 0 && recv.is_some_and(|r| is_subtype(r.ty(), owner)) {
        return Ok(());
    }
    let tn = type_name(owner);
    let slot = is_slot_wrapper(&tn, name);
    let msg = match (npos, recv) {
        (0, _) | (_, None) if slot => format!("descriptor '{name}' of '{tn}' object needs an argument"),
        (0, _) | (_, None) => format!("unbound method {tn}.{name}() needs an argument"),
        (_, Some(r)) if slot => {
            format!("descriptor '{name}' requires a '{tn}' object but received a '{}'", vm.type_name(r))
        }
        (_, Some(r)) => {
            format!("descriptor '{name}' for '{tn}' objects doesn't apply to a '{}' object", vm.type_name(r))
        }
    };
    vm.type_error(msg)
}

/// `__new__` gets the class to instantiate, which must be the owner or a subclass of it
/// (CPython's tp_new_wrapper).
fn check_new_class(vm: &mut Vm, owner: &ObjRef, npos: usize, cls: Option<&ObjRef>) -> PyResult<()> {
    let tn = type_name(owner);
    let cls = match cls {
        Some(c) if npos > 0 => c,
        _ => return vm.type_error(format!("{tn}.__new__(): not enough arguments")),
    };
    if cls.kind() != Kind::Type {
        return vm.type_error(format!("{tn}.__new__(X): X is not a type object ({})", vm.type_name(cls)));
    }
    if !is_subtype(cls, owner) {
        let sub = type_name(cls);
        return vm.type_error(format!("{tn}.__new__({sub}): {sub} is not a subtype of {tn}"));
    }
    Ok(())
}

impl Vm {
    /// Calls `f` with positional `args` whose last `kwnames.len()` entries are keyword values.
    pub fn call(&mut self, f: &ObjRef, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
        match f.kind() {
            Kind::Function => {
                let frame = self.make_frame(f, args, kwnames)?;
                crate::eval::run_frame(self, frame)
            }
            Kind::Builtin => {
                let b = f.expect::<BuiltinObj>();
                let func = b.f;
                if let Some(owner) = &b.owner {
                    check_receiver(self, b.name, owner, args.len() - kwnames.len(), args.first())?;
                }
                if let Some(c) = b.clinic {
                    let nargs = (args.len() - kwnames.len()).saturating_sub(c.receiver as usize);
                    c.spec.check(self, nargs, kwnames)?;
                }
                match &b.bound {
                    Some(r) => {
                        let mut v = Vec::with_capacity(args.len() + 1);
                        v.push(r.clone());
                        v.extend_from_slice(args);
                        func(self, &v, kwnames)
                    }
                    None => func(self, args, kwnames),
                }
            }
            Kind::Method => {
                let m = f.expect::<MethodObj>();
                let (func, recv) = (m.func.clone(), m.receiver.clone());
                let mut v = Vec::with_capacity(args.len() + 1);
                v.push(recv);
                v.extend_from_slice(args);
                self.call(&func, &v, kwnames)
            }
            Kind::Type => {
                // A metaclass written in Python may define __call__ (it runs instead of type's).
                let meta = f.ty();
                if meta.expect::<TypeObj>().heap_type {
                    if let Some(c) =
                        lookup_type(meta, &self.n.call.clone()).filter(|c| c.kind() == Kind::Function)
                    {
                        let mut v = Vec::with_capacity(args.len() + 1);
                        v.push(f.clone());
                        v.extend_from_slice(args);
                        return self.call(&c, &v, kwnames);
                    }
                }
                self.call_type(f, args, kwnames)
            }
            _ => {
                let ty = f.ty().clone();
                match lookup_type(&ty, &self.n.call.clone()) {
                    Some(c) => {
                        let mut v = Vec::with_capacity(args.len() + 1);
                        v.push(f.clone());
                        v.extend_from_slice(args);
                        self.call(&c, &v, kwnames)
                    }
                    None => self.type_error(format!("'{}' object is not callable", type_name(&ty))),
                }
            }
        }
    }

    /// Binds arguments into a new frame for a Python function.
    pub fn make_frame(&mut self, fobj: &ObjRef, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult<Box<Frame>> {
        let f = fobj.expect::<FuncObj>();
        let code = f.code.clone();
        let mut frame =
            Frame::boxed(&mut self.frame_pool, code.clone(), f.globals.clone(), f.builtins.clone(), None);
        frame.func = Some(fobj.clone());
        let nkw = kwnames.len();
        let npos = args.len() - nkw;
        let argc = code.argcount;
        let kwonly = code.kwonlyargcount;
        let fast = &mut frame.fast;
        // Fast path: exact positional call, no defaults needed.
        if nkw == 0 && npos == argc && code.flags & (flags::VARARGS | flags::VARKEYWORDS) == 0 && kwonly == 0
        {
            for (slot, a) in fast.iter_mut().zip(args) {
                *slot = Some(a.clone());
            }
            return Ok(frame);
        }
        // Only error messages need the qualified name: no String per call.
        let qual = || f.qualname.with(|q| q.expect::<StrObj>().s.to_string());
        for (i, a) in args[..npos.min(argc)].iter().enumerate() {
            fast[i] = Some(a.clone());
        }
        let mut extra = argc + kwonly;
        if code.flags & flags::VARARGS != 0 {
            let rest = if npos > argc { args[argc..npos].to_vec() } else { vec![] };
            fast[extra] = Some(self.new_tuple(rest));
            extra += 1;
        } else if npos > argc {
            let ndef = f.defaults.with(|d| {
                d.as_ref().map(|t| t.expect::<crate::object::seq::TupleObj>().0.len()).unwrap_or(0)
            });
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            let takes = if ndef > 0 {
                format!("from {} to {} positional argument{}", argc - ndef, argc, plural(argc))
            } else {
                format!("{} positional argument{}", argc, plural(argc))
            };
            // CPython also counts the keyword-only parameters the call did pass.
            let kwonly_names = &code.localsplusnames[argc..argc + kwonly];
            let kwonly_given = kwonly_names
                .iter()
                .filter(|n| kwnames.iter().any(|k| k.expect::<StrObj>().s == n.expect::<StrObj>().s))
                .count();
            let given = npos;
            let detail = if kwonly_given > 0 {
                format!(
                    " positional argument{} (and {kwonly_given} keyword-only argument{})",
                    plural(given),
                    plural(kwonly_given)
                )
            } else {
                String::new()
            };
            return self.type_error(format!(
                "{}() takes {} but {}{} {} given",
                qual(),
                takes,
                given,
                detail,
                if given == 1 && kwonly_given == 0 { "was" } else { "were" }
            ));
        }
        let kwdict = if code.flags & flags::VARKEYWORDS != 0 {
            let d = self.new_dict();
            fast[extra] = Some(d.clone());
            Some(d)
        } else {
            None
        };
        for (i, name) in kwnames.iter().enumerate() {
            let value = args[npos + i].clone();
            let ns = &name.expect::<StrObj>().s;
            let pos = code.localsplusnames[code.posonlyargcount..argc + kwonly]
                .iter()
                .position(|n| n.is(name) || n.expect::<StrObj>().s == *ns)
                .map(|p| p + code.posonlyargcount);
            match pos {
                Some(p) => {
                    if fast[p].is_some() {
                        return self.type_error(format!(
                            "{}() got multiple values for argument '{}'",
                            qual(),
                            ns
                        ));
                    }
                    fast[p] = Some(value);
                }
                None => match &kwdict {
                    Some(d) => self.dict_set(d, name.clone(), value)?,
                    None => {
                        let posonly = code.localsplusnames[..code.posonlyargcount]
                            .iter()
                            .any(|n| n.expect::<StrObj>().s == *ns);
                        if posonly {
                            return self.type_error(format!(
                                "{}() got some positional-only arguments passed as keyword arguments: '{}'",
                                qual(),
                                ns
                            ));
                        }
                        return self.type_error(format!(
                            "{}() got an unexpected keyword argument '{}'",
                            qual(),
                            ns
                        ));
                    }
                },
            }
        }
        let fast = &mut frame.fast;
        // Defaults for missing positional parameters.
        if npos < argc {
            let defaults_obj = f.defaults.with(|d| d.clone());
            let defaults: &[ObjRef] =
                defaults_obj.as_ref().map_or(&[], |t| &t.expect::<crate::object::seq::TupleObj>().0);
            let first_default = argc - defaults.len().min(argc);
            let mut missing = Vec::new();
            for i in npos..argc {
                if fast[i].is_none() {
                    if i >= first_default {
                        fast[i] = Some(defaults[i - first_default].clone());
                    } else {
                        missing.push(code.localsplusnames[i].expect::<StrObj>().s.to_string());
                    }
                }
            }
            if !missing.is_empty() {
                return self.type_error(missing_msg(&qual(), "positional", &missing));
            }
        }
        if kwonly > 0 {
            let kwd = f.kwdefaults.with(|d| d.clone());
            let mut missing = Vec::new();
            for i in argc..argc + kwonly {
                if frame.fast[i].is_none() {
                    let name = code.localsplusnames[i].clone();
                    let dv = match &kwd {
                        Some(d) => self.dict_get(d, &name)?,
                        None => None,
                    };
                    match dv {
                        Some(v) => frame.fast[i] = Some(v),
                        None => missing.push(name.expect::<StrObj>().s.to_string()),
                    }
                }
            }
            if !missing.is_empty() {
                return self.type_error(missing_msg(&qual(), "keyword-only", &missing));
            }
        }
        Ok(frame)
    }

    /// `cls(*args)`: `__new__` then `__init__`.
    pub(crate) fn call_type(&mut self, cls: &ObjRef, args: &[ObjRef], kwnames: &[ObjRef]) -> PyResult {
        if cls.is(&self.t.type_) && args.len() == 1 && kwnames.is_empty() {
            return Ok(args[0].ty().clone());
        }
        let new = lookup_type(cls, &self.n.new.clone());
        let obj = match new {
            Some(n) => {
                let n = match n.kind() {
                    Kind::Wrapper => n.expect::<crate::object::misc::WrapperObj>().0.clone(),
                    _ => n,
                };
                let mut v = Vec::with_capacity(args.len() + 1);
                v.push(cls.clone());
                v.extend_from_slice(args);
                self.call(&n, &v, kwnames)?
            }
            None => self.type_error(format!("cannot create '{}' instances", type_name(cls)))?,
        };
        if !super::types::is_subtype(obj.ty(), cls) {
            return Ok(obj);
        }
        if let Some(init) = lookup_type(obj.ty(), &self.n.init.clone()) {
            let object_init =
                self.t.object.expect::<TypeObj>().dict.with(|d| super::attr::table_get_str(d, &self.n.init));
            if object_init.is_some_and(|oi| oi.is(&init)) {
                return Ok(obj);
            }
            let mut v = Vec::with_capacity(args.len() + 1);
            v.push(obj.clone());
            v.extend_from_slice(args);
            let r = self.call(&init, &v, kwnames)?;
            if !r.is(&self.none) {
                return self
                    .type_error(format!("__init__() should return None, not '{}'", self.type_name(&r)));
            }
        }
        Ok(obj)
    }

    /// `object.__new__(cls)`: an empty instance with the class's layout.
    pub fn alloc_instance(&mut self, cls: &ObjRef, args: &[ObjRef]) -> PyResult {
        let t = cls.expect::<TypeObj>();
        match t.layout {
            Kind::Instance => {
                let d = self.new_dict();
                d.expect::<DictObj>().0.with(|t| t.inline = true);
                Ok(ObjRef::new(cls, InstanceObj { dict: Mut::new(d), slots: Mut::new(Vec::new()) }))
            }
            Kind::Exception => {
                if crate::runtime::types::is_subtype(cls, &self.t.exc.base_exception_group.clone()) {
                    let cls = crate::builtins::excgroup::check_new(self, cls, args)?;
                    return Ok(self.new_exc_args(&cls, args.to_vec()));
                }
                Ok(self.new_exc_args(cls, args.to_vec()))
            }
            Kind::Dict => Ok(ObjRef::new(cls, DictObj(Mut::new(Default::default())))),
            Kind::List => Ok(ObjRef::new(cls, crate::object::seq::ListObj(Mut::new(vec![])))),
            _ => self.type_error(format!("object.__new__({}) is not safe", type_name(cls))),
        }
    }
}

fn missing_msg(qual: &str, what: &str, names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        _ => format!("{}, and {}", quoted[..quoted.len() - 1].join(", "), quoted[quoted.len() - 1]),
    };
    format!(
        "{}() missing {} required {} argument{}: {}",
        qual,
        names.len(),
        what,
        if names.len() == 1 { "" } else { "s" },
        list
    )
}
