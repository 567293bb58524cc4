//! The structural pattern matching opcodes (MATCH_MAPPING, MATCH_SEQUENCE, MATCH_KEYS,
//! MATCH_CLASS), with CPython's rules: which subjects count as mappings and sequences, how keys
//! are fetched (through the subject's `get`, so `__missing__` is never consulted), and the
//! TypeErrors of class patterns.

use super::types::{is_subtype, type_name};
use crate::heap::{Kind, ObjRef};
use crate::object::seq::TupleObj;
use crate::object::str::StrObj;
use crate::{PyResult, Vm};

impl Vm {
    /// MATCH_MAPPING: dict and its subclasses (the only mapping types the VM has).
    pub fn match_is_mapping(&self, subj: &ObjRef) -> bool {
        is_subtype(subj.ty(), &self.t.dict)
    }

    /// MATCH_SEQUENCE: list, tuple, range and their subclasses; str, bytes and bytearray are
    /// deliberately not sequences for patterns.
    pub fn match_is_sequence(&self, subj: &ObjRef) -> bool {
        let ty = subj.ty();
        is_subtype(ty, &self.t.list) || is_subtype(ty, &self.t.tuple) || is_subtype(ty, &self.t.range)
    }

    /// MATCH_KEYS: the values of `keys` in `subj` as a tuple, or None when one is missing.
    pub fn match_keys(&mut self, subj: &ObjRef, keys: &ObjRef) -> PyResult {
        let keys = keys.expect::<TupleObj>().0.to_vec();
        if keys.is_empty() {
            return Ok(self.new_tuple(vec![]));
        }
        // A subclass may override get(); plain dicts are read directly.
        let exact = subj.ty().is(&self.t.dict);
        let get = if exact {
            None
        } else {
            let name = self.intern("get");
            Some(self.getattr(subj, &name)?)
        };
        let sentinel = self.new_list(vec![]);
        let seen = self.new_set(false, vec![])?;
        let mut values = Vec::with_capacity(keys.len());
        for k in &keys {
            if self.set_contains(&seen, k)? {
                let r = self.repr(k)?;
                return self.value_error(format!("mapping pattern checks duplicate key ({r})"));
            }
            self.set_add(&seen, k.clone())?;
            let v = match &get {
                None => self.dict_get(subj, k)?,
                Some(get) => {
                    let v = self.call(get, &[k.clone(), sentinel.clone()], &[])?;
                    (!v.is(&sentinel)).then_some(v)
                }
            };
            match v {
                Some(v) => values.push(v),
                None => return Ok(self.none.clone()),
            }
        }
        Ok(self.new_tuple(values))
    }

    /// MATCH_CLASS: the attributes a class pattern `cls(<nargs positional>, **names)` extracts
    /// from `subj`, as a tuple, or None when the subject does not match.
    pub fn match_class(&mut self, subj: &ObjRef, cls: &ObjRef, nargs: usize, names: &ObjRef) -> PyResult {
        if cls.kind() != Kind::Type {
            return self.type_error("called match pattern must be a type");
        }
        if !is_subtype(subj.ty(), cls) {
            return Ok(self.none.clone());
        }
        let names = names.expect::<TupleObj>().0.to_vec();
        let mut seen: Vec<String> = Vec::new();
        let mut attrs = Vec::with_capacity(nargs + names.len());
        let mut positional: Vec<ObjRef> = Vec::new();
        let mut match_self = false;
        if nargs > 0 {
            let ma = self.intern("__match_args__");
            match self.getattr_opt(cls, &ma)? {
                Some(m) if m.kind() == Kind::Tuple && is_subtype(m.ty(), &self.t.tuple) => {
                    positional = m.expect::<TupleObj>().0.to_vec();
                }
                Some(m) => {
                    let (c, t) = (type_name(cls), self.type_name(&m));
                    return self.type_error(format!("{c}.__match_args__ must be a tuple (got {t})"));
                }
                None => match_self = self.matches_self(cls),
            }
            let allowed = if match_self { 1 } else { positional.len() };
            if nargs > allowed {
                let c = type_name(cls);
                let s = if allowed == 1 { "" } else { "s" };
                return self.type_error(format!(
                    "{c}() accepts {allowed} positional sub-pattern{s} ({nargs} given)"
                ));
            }
        }
        if match_self {
            attrs.push(subj.clone());
        } else {
            for name in positional.iter().take(nargs) {
                if name.kind() != Kind::Str {
                    let t = self.type_name(name);
                    return self.type_error(format!("__match_args__ elements must be strings (got {t})"));
                }
                match self.match_attr(subj, cls, name, &mut seen)? {
                    Some(v) => attrs.push(v),
                    None => return Ok(self.none.clone()),
                }
            }
        }
        for name in &names {
            match self.match_attr(subj, cls, name, &mut seen)? {
                Some(v) => attrs.push(v),
                None => return Ok(self.none.clone()),
            }
        }
        Ok(self.new_tuple(attrs))
    }

    /// One attribute of a class pattern: None (no match) when it is missing; a name given twice
    /// is an error.
    fn match_attr(
        &mut self,
        subj: &ObjRef,
        cls: &ObjRef,
        name: &ObjRef,
        seen: &mut Vec<String>,
    ) -> PyResult<Option<ObjRef>> {
        let s = name.expect::<StrObj>().s.to_string();
        if seen.contains(&s) {
            let c = type_name(cls);
            let r = self.repr(name)?;
            return self.type_error(format!("{c}() got multiple sub-patterns for attribute {r}"));
        }
        seen.push(s);
        self.getattr_opt(subj, name)
    }

    /// The builtin classes whose single positional sub-pattern matches the whole subject.
    fn matches_self(&self, cls: &ObjRef) -> bool {
        let t = &self.t;
        [
            &t.bool_,
            &t.bytearray,
            &t.bytes,
            &t.dict,
            &t.float,
            &t.frozenset,
            &t.int,
            &t.list,
            &t.set,
            &t.str_,
            &t.tuple,
        ]
        .iter()
        .any(|b| is_subtype(cls, b))
    }
}
