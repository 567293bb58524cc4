//! Argument-count errors of builtin functions and methods, worded as CPython's argument
//! parsing words them. Which parser a builtin uses (METH_O, METH_NOARGS, argument clinic's
//! positional-only check, PyArg_ParseTuple, argument clinic with keywords) decides the message,
//! so each builtin is listed once in [`TABLE`] with its parser and parameters; the call path
//! checks the counts against that entry before the native runs (`runtime::call`).

use crate::heap::ObjRef;
use crate::object::str::StrObj;
use crate::{PyResult, Vm};

/// The parser CPython 3.11 uses for a builtin's arguments.
#[derive(Clone, Copy, Debug)]
pub enum Parser {
    /// METH_O: exactly one positional argument, no keywords.
    One,
    /// METH_NOARGS.
    NoArgs,
    /// Positional-only parameters counted by `_PyArg_CheckPositional` or `PyArg_UnpackTuple`
    /// ("NAME expected at least 1 argument, got 0"). `keywords`: the builtin also takes keyword
    /// arguments (METH_KEYWORDS) and checks their names itself.
    Positional { min: u8, max: u8, keywords: bool },
    /// Counted by the builtin itself (varargs, or its own wording); keywords are refused,
    /// naming the function by its qualified name or (METH_VARARGS) its bare name.
    NoKeywords { qualified: bool },
    /// `PyArg_ParseTuple` with a `:name` format ("name() takes at least 1 argument (0 given)");
    /// no keywords.
    Format { min: u8, max: u8 },
    /// Argument clinic with keyword parameters (`_PyArg_UnpackKeywords`): `posonly` leading
    /// positional-only parameters, then `names` (the parameters that may be passed by name), of
    /// which the first `max_pos - posonly` may also be positional; `min` are required.
    Keywords { posonly: u8, min: u8, max_pos: u8, names: &'static [&'static str] },
}

/// A builtin's parser, under its CPython qualified name ("len", "dict.fromkeys").
pub struct Spec {
    pub qualname: &'static str,
    pub parser: Parser,
}

use Parser::*;

const fn pos(min: u8, max: u8) -> Parser {
    Positional { min, max, keywords: false }
}

const fn kw(posonly: u8, min: u8, max_pos: u8, names: &'static [&'static str]) -> Parser {
    Keywords { posonly, min, max_pos, names }
}

/// Builtins whose argument counts the call path checks. A builtin not listed checks its own.
static TABLE: &[Spec] = &[
    // bltinmodule.c
    Spec { qualname: "abs", parser: One },
    Spec { qualname: "all", parser: One },
    Spec { qualname: "any", parser: One },
    Spec { qualname: "ascii", parser: One },
    Spec { qualname: "bin", parser: One },
    Spec { qualname: "callable", parser: One },
    Spec { qualname: "chr", parser: One },
    Spec { qualname: "delattr", parser: pos(2, 2) },
    Spec { qualname: "dir", parser: pos(0, 1) },
    Spec { qualname: "divmod", parser: pos(2, 2) },
    Spec { qualname: "format", parser: pos(1, 2) },
    Spec { qualname: "getattr", parser: pos(2, 3) },
    Spec { qualname: "hasattr", parser: pos(2, 2) },
    Spec { qualname: "hash", parser: One },
    Spec { qualname: "hex", parser: One },
    Spec { qualname: "id", parser: One },
    Spec { qualname: "isinstance", parser: pos(2, 2) },
    Spec { qualname: "issubclass", parser: pos(2, 2) },
    Spec { qualname: "iter", parser: pos(1, 2) },
    Spec { qualname: "len", parser: One },
    Spec { qualname: "next", parser: pos(1, 2) },
    Spec { qualname: "oct", parser: One },
    Spec { qualname: "ord", parser: One },
    Spec { qualname: "pow", parser: kw(0, 2, 3, &["base", "exp", "mod"]) },
    Spec { qualname: "repr", parser: One },
    Spec { qualname: "round", parser: kw(0, 1, 2, &["number", "ndigits"]) },
    Spec { qualname: "setattr", parser: pos(3, 3) },
    Spec { qualname: "sorted", parser: Positional { min: 1, max: 1, keywords: true } },
    Spec { qualname: "sum", parser: kw(1, 1, 2, &["start"]) },
    Spec { qualname: "vars", parser: pos(0, 1) },
    // dictobject.c
    Spec { qualname: "dict.clear", parser: NoArgs },
    Spec { qualname: "dict.copy", parser: NoArgs },
    Spec { qualname: "dict.fromkeys", parser: pos(1, 2) },
    Spec { qualname: "dict.get", parser: pos(1, 2) },
    Spec { qualname: "dict.items", parser: NoArgs },
    Spec { qualname: "dict.keys", parser: NoArgs },
    Spec { qualname: "dict.pop", parser: pos(1, 2) },
    Spec { qualname: "dict.popitem", parser: NoArgs },
    Spec { qualname: "dict.setdefault", parser: pos(1, 2) },
    Spec { qualname: "dict.update", parser: Positional { min: 0, max: 1, keywords: true } },
    Spec { qualname: "dict.values", parser: NoArgs },
    // listobject.c
    Spec { qualname: "list.append", parser: One },
    Spec { qualname: "list.clear", parser: NoArgs },
    Spec { qualname: "list.copy", parser: NoArgs },
    Spec { qualname: "list.count", parser: One },
    Spec { qualname: "list.extend", parser: One },
    Spec { qualname: "list.index", parser: pos(1, 3) },
    Spec { qualname: "list.insert", parser: pos(2, 2) },
    Spec { qualname: "list.pop", parser: pos(0, 1) },
    Spec { qualname: "list.remove", parser: One },
    Spec { qualname: "list.reverse", parser: NoArgs },
    Spec { qualname: "list.sort", parser: kw(0, 0, 0, &["key", "reverse"]) },
    // setobject.c
    Spec { qualname: "set.add", parser: One },
    Spec { qualname: "set.clear", parser: NoArgs },
    Spec { qualname: "set.copy", parser: NoArgs },
    Spec { qualname: "set.discard", parser: One },
    Spec { qualname: "set.pop", parser: NoArgs },
    Spec { qualname: "set.remove", parser: One },
    Spec { qualname: "frozenset.copy", parser: NoArgs },
    Spec { qualname: "frozenset.union", parser: NoKeywords { qualified: false } },
    Spec { qualname: "set.union", parser: NoKeywords { qualified: false } },
    Spec { qualname: "set.update", parser: NoKeywords { qualified: false } },
    Spec { qualname: "set.intersection", parser: NoKeywords { qualified: false } },
    Spec { qualname: "frozenset.intersection", parser: NoKeywords { qualified: false } },
    Spec { qualname: "set.difference", parser: NoKeywords { qualified: false } },
    Spec { qualname: "frozenset.difference", parser: NoKeywords { qualified: false } },
    // longobject.c
    Spec { qualname: "int.bit_length", parser: NoArgs },
    Spec { qualname: "int.from_bytes", parser: kw(0, 1, 2, &["bytes", "byteorder", "signed"]) },
    Spec { qualname: "int.to_bytes", parser: kw(0, 0, 2, &["length", "byteorder", "signed"]) },
    // unicodeobject.c
    Spec { qualname: "str.capitalize", parser: NoArgs },
    Spec { qualname: "str.casefold", parser: NoArgs },
    Spec { qualname: "str.center", parser: pos(1, 2) },
    Spec { qualname: "str.count", parser: Format { min: 1, max: 3 } },
    Spec { qualname: "str.encode", parser: kw(0, 0, 2, &["encoding", "errors"]) },
    Spec { qualname: "str.endswith", parser: Format { min: 1, max: 3 } },
    Spec { qualname: "str.expandtabs", parser: kw(0, 0, 1, &["tabsize"]) },
    Spec { qualname: "str.find", parser: Format { min: 1, max: 3 } },
    Spec { qualname: "str.index", parser: Format { min: 1, max: 3 } },
    Spec { qualname: "str.isalnum", parser: NoArgs },
    Spec { qualname: "str.isalpha", parser: NoArgs },
    Spec { qualname: "str.isascii", parser: NoArgs },
    Spec { qualname: "str.isdecimal", parser: NoArgs },
    Spec { qualname: "str.isdigit", parser: NoArgs },
    Spec { qualname: "str.isidentifier", parser: NoArgs },
    Spec { qualname: "str.islower", parser: NoArgs },
    Spec { qualname: "str.isnumeric", parser: NoArgs },
    Spec { qualname: "str.isprintable", parser: NoArgs },
    Spec { qualname: "str.isspace", parser: NoArgs },
    Spec { qualname: "str.istitle", parser: NoArgs },
    Spec { qualname: "str.isupper", parser: NoArgs },
    Spec { qualname: "str.join", parser: One },
    Spec { qualname: "str.ljust", parser: pos(1, 2) },
    Spec { qualname: "str.lower", parser: NoArgs },
    Spec { qualname: "str.lstrip", parser: pos(0, 1) },
    Spec { qualname: "str.partition", parser: One },
    Spec { qualname: "str.replace", parser: pos(2, 3) },
    Spec { qualname: "str.rfind", parser: Format { min: 1, max: 3 } },
    Spec { qualname: "str.rindex", parser: Format { min: 1, max: 3 } },
    Spec { qualname: "str.rjust", parser: pos(1, 2) },
    Spec { qualname: "str.rpartition", parser: One },
    Spec { qualname: "str.rsplit", parser: kw(0, 0, 2, &["sep", "maxsplit"]) },
    Spec { qualname: "str.rstrip", parser: pos(0, 1) },
    Spec { qualname: "str.split", parser: kw(0, 0, 2, &["sep", "maxsplit"]) },
    Spec { qualname: "str.splitlines", parser: kw(0, 0, 1, &["keepends"]) },
    Spec { qualname: "str.startswith", parser: Format { min: 1, max: 3 } },
    Spec { qualname: "str.strip", parser: pos(0, 1) },
    Spec { qualname: "str.swapcase", parser: NoArgs },
    Spec { qualname: "str.title", parser: NoArgs },
    Spec { qualname: "str.translate", parser: One },
    Spec { qualname: "str.upper", parser: NoArgs },
    Spec { qualname: "str.zfill", parser: One },
    // mathmodule.c
    Spec { qualname: "math.ceil", parser: One },
    Spec { qualname: "math.fabs", parser: One },
    Spec { qualname: "math.factorial", parser: One },
    Spec { qualname: "math.floor", parser: One },
    Spec { qualname: "math.gcd", parser: NoKeywords { qualified: true } },
    Spec { qualname: "math.isclose", parser: kw(0, 2, 2, &["a", "b", "rel_tol", "abs_tol"]) },
    Spec { qualname: "math.isqrt", parser: One },
    Spec { qualname: "math.lcm", parser: NoKeywords { qualified: true } },
    Spec { qualname: "math.log", parser: NoKeywords { qualified: false } },
    Spec { qualname: "math.sqrt", parser: One },
    Spec { qualname: "math.trunc", parser: One },
    // bytesobject.c
    Spec { qualname: "bytes.decode", parser: kw(0, 0, 2, &["encoding", "errors"]) },
    Spec { qualname: "bytes.hex", parser: kw(0, 0, 2, &["sep", "bytes_per_sep"]) },
];

/// What a builtin object carries: its table entry, and whether the native gets a receiver
/// (`self`, or the class of a classmethod) as its first argument, which is not counted.
#[derive(Clone, Copy)]
pub struct Clinic {
    pub spec: &'static Spec,
    pub receiver: bool,
}

/// The parser of the builtin CPython calls `qualname`, if the table lists it.
pub fn lookup(qualname: &str, receiver: bool) -> Option<Clinic> {
    TABLE.iter().find(|s| s.qualname == qualname).map(|spec| Clinic { spec, receiver })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

impl Spec {
    /// The name without its class ("fromkeys" for "dict.fromkeys"): what the positional-only
    /// and PyArg_ParseTuple messages and argument clinic's keyword messages print.
    fn short(&self) -> &'static str {
        self.qualname.rsplit('.').next().unwrap_or(self.qualname)
    }

    /// Checks `nargs` positional arguments and the keyword names `kwnames` (the receiver of a
    /// method not counted) against the parser's limits.
    pub fn check(&self, vm: &mut Vm, nargs: usize, kwnames: &[ObjRef]) -> PyResult<()> {
        let (q, name) = (self.qualname, self.short());
        let nkw = kwnames.len();
        match self.parser {
            One | NoArgs | Positional { keywords: false, .. } if nkw > 0 => {
                vm.type_error(format!("{q}() takes no keyword arguments"))
            }
            Format { .. } | NoKeywords { qualified: false } if nkw > 0 => {
                vm.type_error(format!("{name}() takes no keyword arguments"))
            }
            NoKeywords { qualified: true } if nkw > 0 => {
                vm.type_error(format!("{q}() takes no keyword arguments"))
            }
            One if nargs != 1 => vm.type_error(format!("{q}() takes exactly one argument ({nargs} given)")),
            NoArgs if nargs != 0 => vm.type_error(format!("{q}() takes no arguments ({nargs} given)")),
            Positional { min, max, .. } => {
                let (min, max) = (min as usize, max as usize);
                let exact = if min == max { "" } else { "at least " };
                if nargs < min {
                    return vm.type_error(format!(
                        "{name} expected {exact}{min} argument{}, got {nargs}",
                        plural(min)
                    ));
                }
                let exact = if min == max { "" } else { "at most " };
                if nargs > max {
                    return vm.type_error(format!(
                        "{name} expected {exact}{max} argument{}, got {nargs}",
                        plural(max)
                    ));
                }
                Ok(())
            }
            Format { min, max } => {
                let (min, max) = (min as usize, max as usize);
                if nargs >= min && nargs <= max {
                    return Ok(());
                }
                let (how, n) = match () {
                    _ if min == max => ("exactly", min),
                    _ if nargs < min => ("at least", min),
                    _ => ("at most", max),
                };
                vm.type_error(format!("{name}() takes {how} {n} argument{} ({nargs} given)", plural(n)))
            }
            Keywords { posonly, min, max_pos, names } => self.check_keywords(
                vm,
                nargs,
                kwnames,
                posonly as usize,
                min as usize,
                max_pos as usize,
                names,
            ),
            _ => Ok(()),
        }
    }

    /// `_PyArg_UnpackKeywords`'s checks, in its order.
    #[allow(clippy::too_many_arguments)]
    fn check_keywords(
        &self,
        vm: &mut Vm,
        nargs: usize,
        kwnames: &[ObjRef],
        posonly: usize,
        min: usize,
        max_pos: usize,
        names: &[&str],
    ) -> PyResult<()> {
        let name = self.short();
        let nkw = kwnames.len();
        if nkw == 0 && min <= nargs && nargs <= max_pos {
            return Ok(());
        }
        let max_args = posonly + names.len();
        if nargs + nkw > max_args {
            let keyword = if nargs == 0 { "keyword " } else { "" };
            return vm.type_error(format!(
                "{name}() takes at most {max_args} {keyword}argument{} ({} given)",
                plural(max_args),
                nargs + nkw
            ));
        }
        if nargs > max_pos {
            if max_pos == 0 {
                return vm.type_error(format!("{name}() takes no positional arguments"));
            }
            let how = if min < max_pos { "at most" } else { "exactly" };
            return vm.type_error(format!(
                "{name}() takes {how} {max_pos} positional argument{} ({nargs} given)",
                plural(max_pos)
            ));
        }
        let min_posonly = posonly.min(min);
        if nargs < min_posonly {
            let how = if min_posonly < max_pos { "at least" } else { "exactly" };
            return vm.type_error(format!(
                "{name}() takes {how} {min_posonly} positional argument{} ({nargs} given)",
                plural(min_posonly)
            ));
        }
        let given = |k: &str| kwnames.iter().any(|n| n.get::<StrObj>().is_some_and(|s| &*s.s == k));
        for (i, k) in
            names.iter().enumerate().map(|(j, k)| (j + posonly, k)).skip(nargs.saturating_sub(posonly))
        {
            if i < min && !given(k) {
                return vm.type_error(format!("{name}() missing required argument '{k}' (pos {})", i + 1));
            }
        }
        if nkw == 0 {
            return Ok(());
        }
        for (i, k) in names.iter().enumerate().take(nargs.saturating_sub(posonly)) {
            if given(k) {
                return vm.type_error(format!(
                    "argument for {name}() given by name ('{k}') and position ({})",
                    i + posonly + 1
                ));
            }
        }
        for k in kwnames {
            let s = k.expect::<StrObj>().s.to_string();
            if !names.contains(&s.as_str()) {
                return vm.type_error(format!("'{s}' is an invalid keyword argument for {name}()"));
            }
        }
        Ok(())
    }
}
