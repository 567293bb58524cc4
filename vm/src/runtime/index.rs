//! Integer indices (CPython's PyNumber_Index and PyNumber_AsSsize_t) and where sequences take
//! them: subscripts and repeat counts accept any object with `__index__`.

use super::attr::lookup_type;
use crate::heap::{Kind, ObjRef};
use crate::object::int::IntObj;
use crate::{PyResult, Vm};

impl Vm {
    /// `operator.index(o)`: an int, or the int its type's `__index__` returns.
    pub fn number_index(&mut self, o: &ObjRef) -> PyResult {
        if o.kind() == Kind::Int {
            return Ok(o.clone());
        }
        let Some(f) = lookup_type(&o.ty().clone(), &self.n.index.clone()) else {
            let msg = format!("'{}' object cannot be interpreted as an integer", self.type_name(o));
            return self.type_error(msg);
        };
        let r = self.call(&f, &[o.clone()], &[])?;
        if r.kind() != Kind::Int {
            return self.type_error(format!("__index__ returned non-int (type {})", self.type_name(&r)));
        }
        Ok(r)
    }

    /// The int a builtin sequence's subscript `k` stands for when `k` is neither an int nor a
    /// slice but has `__index__`; None when the subscript is to be taken as it is.
    pub(crate) fn sequence_index(&mut self, o: &ObjRef, k: &ObjRef) -> PyResult<Option<ObjRef>> {
        let seq = matches!(o.kind(), Kind::List | Kind::Tuple | Kind::Str | Kind::Bytes | Kind::ByteArray);
        if !seq || matches!(k.kind(), Kind::Int | Kind::Slice) {
            return Ok(None);
        }
        if lookup_type(&k.ty().clone(), &self.n.index.clone()).is_none() {
            return Ok(None);
        }
        self.number_index(k).map(Some)
    }

    /// `seq * n` (either order) where `n` is not an int but has `__index__`: CPython's
    /// sequence_repeat. None when `n` has no `__index__`.
    pub(crate) fn repeat_by_index(&mut self, a: &ObjRef, b: &ObjRef, op: u32) -> PyResult<Option<ObjRef>> {
        let seq_first = matches!(a.kind(), Kind::Str | Kind::List | Kind::Tuple | Kind::Bytes);
        let n = if seq_first { b } else { a };
        if lookup_type(&n.ty().clone(), &self.n.index.clone()).is_none() {
            return Ok(None);
        }
        let n = self.number_index(n)?;
        let r = if seq_first { self.binary_op(a, &n, op)? } else { self.binary_op(&n, b, op)? };
        Ok(Some(r))
    }

    /// The copy count for `seq * n`, refused up front as CPython does instead of attempting
    /// unbounded work: a count beyond i64 is an OverflowError; a length past isize::MAX is
    /// `too_long`'s OverflowError (str, bytes) or a MemoryError (sequences of references); and a
    /// result over 1 TiB (`item_bytes` per item) is the MemoryError CPython's allocator gives.
    pub fn repeat_count(
        &mut self,
        n: &ObjRef,
        len: usize,
        item_bytes: usize,
        too_long: Option<&str>,
    ) -> PyResult<usize> {
        if let Some(i) = n.get::<IntObj>() {
            if i.0.as_i64().is_none() {
                return self.overflow("cannot fit 'int' into an index-sized integer");
            }
        }
        let n = self.to_i64(n)?;
        if n <= 0 || len == 0 {
            return Ok(0);
        }
        let n = n as usize;
        if len > isize::MAX as usize / n {
            if let Some(msg) = too_long {
                return self.overflow(msg);
            }
            let ty = self.t.exc.memory_error.clone();
            return self.err(&ty, "");
        }
        if (len * n).saturating_mul(item_bytes) > 1 << 40 {
            let ty = self.t.exc.memory_error.clone();
            return self.err(&ty, "");
        }
        Ok(n)
    }

    /// An index-like integer (`__index__`), as i64.
    pub fn to_i64(&mut self, o: &ObjRef) -> PyResult<i64> {
        match o.get::<IntObj>() {
            Some(i) => match i.0.as_i64() {
                Some(v) => Ok(v),
                None => {
                    let ty = self.t.exc.index_error.clone();
                    self.err(&ty, "cannot fit 'int' into an index-sized integer")
                }
            },
            None => {
                let i = self.number_index(o)?;
                self.to_i64(&i)
            }
        }
    }
}
