//! `memoryview` (CPython's Objects/memoryobject.c): construction from bytes, bytearray or another
//! view, attributes, element access in the view's format, slicing into new views, assignment into
//! a writable view, `cast`, `tolist`/`tobytes`/`hex`, comparisons, hashing and release.

use super::{add_methods, check_args, split_args};
use crate::heap::{Kind, ObjRef};
use crate::object::bytearray::ByteArrayObj;
use crate::object::bytes::BytesObj;
use crate::object::int::{Int, IntObj};
use crate::object::iter::IterState;
use crate::object::memview::{self as mv, Item, Layout, MemoryViewObj, PackError};
use crate::object::seq::{ListObj, TupleObj};
use crate::object::str::StrObj;
use crate::runtime::attr::lookup_type;
use crate::runtime::ops::CmpOp;
use crate::{PyResult, Vm};

pub fn install(vm: &mut Vm) {
    let ty = vm.t.memoryview.clone();
    add_methods(
        vm,
        &ty,
        &[
            ("__new__", new),
            ("release", release),
            ("tobytes", tobytes),
            ("hex", hex),
            ("tolist", tolist),
            ("cast", cast),
            ("toreadonly", toreadonly),
            ("__enter__", enter),
            ("__exit__", release),
            ("__len__", len),
            ("__getitem__", getitem),
            ("__setitem__", setitem),
            ("__delitem__", delitem),
            ("__iter__", iter),
        ],
    );
}

fn view(o: &ObjRef) -> &MemoryViewObj {
    o.expect::<MemoryViewObj>()
}

/// The view, unless it was released (CPython's CHECK_RELEASED).
fn live<'a>(vm: &mut Vm, o: &'a ObjRef) -> PyResult<&'a MemoryViewObj> {
    let v = view(o);
    if v.is_released() {
        return vm.value_error("operation forbidden on released memoryview object");
    }
    Ok(v)
}

/// A new view on the same exporter.
fn derive(vm: &Vm, src: &MemoryViewObj, layout: Layout, readonly: bool) -> ObjRef {
    let base = src.base().expect("live view");
    ObjRef::new(&vm.t.memoryview, MemoryViewObj::new(base, layout, readonly))
}

/// `memoryview(object)`.
fn new(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(a, kw);
    if pos.len() > 2 {
        return vm.type_error(format!("memoryview() takes at most 1 argument ({} given)", pos.len() - 1));
    }
    let mut obj = pos.get(1).cloned();
    for (k, v) in kws {
        if k == "object" && obj.is_none() {
            obj = Some(v.clone());
        } else if k == "object" {
            return vm.type_error("argument for memoryview() given by name ('object') and position (1)");
        } else {
            return vm.type_error(format!("memoryview() got an unexpected keyword argument '{k}'"));
        }
    }
    let Some(obj) = obj else {
        return vm.type_error("memoryview() missing required argument 'object' (pos 1)");
    };
    let v = match obj.kind() {
        Kind::Bytes => MemoryViewObj::whole(obj.clone(), obj.expect::<BytesObj>().b.len(), true),
        Kind::ByteArray => MemoryViewObj::whole(obj.clone(), obj.expect::<ByteArrayObj>().len(), false),
        Kind::MemoryView => {
            let src = live(vm, &obj)?;
            MemoryViewObj::new(src.base().expect("live view"), src.layout.clone(), src.readonly)
        }
        _ => {
            return vm.type_error(format!(
                "memoryview: a bytes-like object is required, not '{}'",
                vm.type_name(&obj)
            ))
        }
    };
    Ok(ObjRef::new(&vm.t.memoryview, v))
}

/// The contents in C order (what a consumer of the buffer reads); None once released.
pub fn contents(o: &ObjRef) -> Option<Vec<u8>> {
    view(o).to_bytes()
}

/// The view's attributes (the getters of memoryobject.c), None for other names.
pub fn attribute(vm: &mut Vm, o: &ObjRef, name: &str) -> PyResult<Option<ObjRef>> {
    const NAMES: &[&str] = &[
        "obj",
        "nbytes",
        "readonly",
        "itemsize",
        "format",
        "ndim",
        "shape",
        "strides",
        "suboffsets",
        "c_contiguous",
        "f_contiguous",
        "contiguous",
    ];
    if !NAMES.contains(&name) {
        return Ok(None);
    }
    let v = live(vm, o)?;
    let l = &v.layout;
    let ints = |vm: &Vm, xs: Vec<i64>| {
        let items = xs.into_iter().map(|x| vm.new_int(x)).collect();
        vm.new_tuple(items)
    };
    Ok(Some(match name {
        "obj" => v.base().expect("live view"),
        "nbytes" => vm.new_int(l.nbytes() as i64),
        "readonly" => vm.new_bool(v.readonly),
        "itemsize" => vm.new_int(l.itemsize as i64),
        "format" => vm.new_str(&l.format),
        "ndim" => vm.new_int(l.ndim() as i64),
        "shape" => ints(vm, l.shape.iter().map(|&x| x as i64).collect()),
        "strides" => ints(vm, l.strides.iter().map(|&x| x as i64).collect()),
        "suboffsets" => vm.new_tuple(vec![]),
        "c_contiguous" => vm.new_bool(l.c_contiguous()),
        "f_contiguous" => vm.new_bool(l.f_contiguous()),
        _ => vm.new_bool(l.c_contiguous() || l.f_contiguous()),
    }))
}

pub fn repr(o: &ObjRef) -> String {
    let state = if view(o).is_released() { "released memory" } else { "memory" };
    format!("<{state} at {:#x}>", o.id())
}

/// `hash(view)`: the hash of the bytes, for read-only views of a byte format only.
pub fn hash(vm: &mut Vm, o: &ObjRef) -> PyResult<i64> {
    let v = live(vm, o)?;
    if !v.readonly {
        return vm.value_error("cannot hash writable memoryview object");
    }
    if !mv::native_size(&v.layout.format).is_some_and(|(c, _)| mv::is_byte_format(c)) {
        return vm.value_error("memoryview: hashing is restricted to formats 'B', 'b' or 'c'");
    }
    let base = v.base().expect("live view");
    vm.hash(&base)?;
    let data = v.to_bytes().unwrap_or_default();
    Ok(pyrite_ir::pyhash::hash_bytes(&data))
}

// ---- elements ------------------------------------------------------------------------------

fn item_obj(vm: &Vm, it: Item) -> ObjRef {
    match it {
        Item::Int(i) => match i64::try_from(i) {
            Ok(x) => vm.new_int(x),
            Err(_) => vm.new_bigint(Int::from_big(num_bigint::BigInt::from(i))),
        },
        Item::Float(f) => vm.new_float(f),
        Item::Bool(b) => vm.new_bool(b),
        Item::Byte(b) => ObjRef::new(&vm.t.bytes, BytesObj::new(&[b])),
    }
}

fn read(vm: &Vm, v: &MemoryViewObj, off: usize) -> ObjRef {
    let l = &v.layout;
    let it = v.with_data(|d| mv::unpack(l.code(), &d[off..off + l.itemsize])).expect("live view");
    item_obj(vm, it)
}

/// Every element in C order.
fn items(v: &MemoryViewObj) -> Vec<Item> {
    let l = &v.layout;
    let offs = l.element_offsets(false);
    v.with_data(|d| offs.iter().map(|&o| mv::unpack(l.code(), &d[o..o + l.itemsize])).collect())
        .unwrap_or_default()
}

/// Whether `k` is an index (an int, or an object with `__index__`).
fn is_index(vm: &mut Vm, k: &ObjRef) -> bool {
    k.kind() == Kind::Int || lookup_type(&k.ty().clone(), &vm.n.index.clone()).is_some()
}

/// The byte offset of item `index` along dimension `dim`, from `ptr`.
fn lookup(vm: &mut Vm, l: &Layout, ptr: isize, dim: usize, index: i64) -> PyResult<isize> {
    let n = l.shape[dim] as i64;
    let i = if index < 0 { index + n } else { index };
    if i < 0 || i >= n {
        return vm.index_error(format!("index out of bounds on dimension {}", dim + 1));
    }
    Ok(ptr + l.strides[dim] * i as isize)
}

/// The offset of the element a tuple of indices names (CPython's ptr_from_tuple).
fn from_tuple(vm: &mut Vm, l: &Layout, key: &[ObjRef]) -> PyResult<isize> {
    if key.len() > l.ndim() {
        return vm.type_error(format!(
            "cannot index {}-dimension view with {}-element tuple",
            l.ndim(),
            key.len()
        ));
    }
    let mut ptr = l.offset;
    for (dim, k) in key.iter().enumerate() {
        let i = vm.to_i64(k)?;
        ptr = lookup(vm, l, ptr, dim, i)?;
    }
    Ok(ptr)
}

fn not_implemented<T>(vm: &mut Vm, msg: &str) -> PyResult<T> {
    let ty = vm.t.exc.not_implemented_error.clone();
    vm.err(&ty, msg)
}

fn getitem(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    let (o, k) = (&a[0], &a[1]);
    let v = live(vm, o)?;
    let l = v.layout.clone();
    if l.ndim() == 0 {
        if k.get::<TupleObj>().is_some_and(|t| t.0.is_empty()) {
            return Ok(read(vm, v, l.offset as usize));
        }
        if k.is(&vm.ellipsis) {
            return Ok(o.clone());
        }
        return vm.type_error("invalid indexing of 0-dim memory");
    }
    if is_index(vm, k) {
        let i = vm.to_i64(k)?;
        if l.ndim() != 1 {
            return not_implemented(vm, "multi-dimensional sub-views are not implemented");
        }
        let off = lookup(vm, &l, l.offset, 0, i)?;
        return Ok(read(vm, v, off as usize));
    }
    if k.kind() == Kind::Slice {
        let (start, step, n) = vm.slice_params(k, l.shape[0])?;
        let mut nl = l.clone();
        nl.offset += l.strides[0] * start as isize;
        nl.shape[0] = n;
        nl.strides[0] *= step as isize;
        return Ok(derive(vm, v, nl, v.readonly));
    }
    if let Some(t) = k.get::<TupleObj>() {
        let key = t.0.to_vec();
        if key.iter().all(|x| is_index(vm, x)) {
            if key.len() < l.ndim() {
                return not_implemented(vm, "sub-views are not implemented");
            }
            let off = from_tuple(vm, &l, &key)?;
            return Ok(read(vm, v, off as usize));
        }
        if key.iter().all(|x| x.kind() == Kind::Slice) {
            return not_implemented(vm, "multi-dimensional slicing is not implemented");
        }
    }
    vm.type_error("memoryview: invalid slice key")
}

fn setitem(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    store(vm, &a[0], &a[1], Some(&a[2]))?;
    Ok(vm.none.clone())
}

fn delitem(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    store(vm, &a[0], &a[1], None)?;
    Ok(vm.none.clone())
}

/// `view[key] = value` (CPython's memory_ass_sub); deletion is always an error.
fn store(vm: &mut Vm, o: &ObjRef, k: &ObjRef, value: Option<&ObjRef>) -> PyResult<()> {
    let v = live(vm, o)?;
    let l = v.layout.clone();
    if v.readonly {
        return vm.type_error("cannot modify read-only memory");
    }
    let Some(value) = value else {
        return vm.type_error("cannot delete memory");
    };
    if l.ndim() == 0 {
        if k.is(&vm.ellipsis) || k.get::<TupleObj>().is_some_and(|t| t.0.is_empty()) {
            return write(vm, v, l.offset, value);
        }
        return vm.type_error("invalid indexing of 0-dim memory");
    }
    if is_index(vm, k) {
        if l.ndim() > 1 {
            return not_implemented(vm, "sub-views are not implemented");
        }
        let i = vm.to_i64(k)?;
        let off = lookup(vm, &l, l.offset, 0, i)?;
        return write(vm, v, off, value);
    }
    if k.kind() == Kind::Slice && l.ndim() == 1 {
        let (src, data) = exported(vm, value)?;
        let (start, step, n) = vm.slice_params(k, l.shape[0])?;
        let dest = Layout {
            offset: l.offset + l.strides[0] * start as isize,
            shape: vec![n],
            strides: vec![l.strides[0] * step as isize],
            ..l.clone()
        };
        let same_format = dest.format.trim_start_matches('@') == src.format.trim_start_matches('@');
        if !same_format || dest.itemsize != src.itemsize || !same_shape(&dest, &src) {
            return vm.value_error("memoryview assignment: lvalue and rvalue have different structures");
        }
        let offs = dest.element_offsets(false);
        let size = dest.itemsize;
        v.with_data_mut(|d| {
            for (i, off) in offs.into_iter().enumerate() {
                d[off..off + size].copy_from_slice(&data[i * size..(i + 1) * size]);
            }
        });
        return Ok(());
    }
    if let Some(t) = k.get::<TupleObj>() {
        let key = t.0.to_vec();
        if key.iter().all(|x| is_index(vm, x)) {
            if key.len() < l.ndim() {
                return not_implemented(vm, "sub-views are not implemented");
            }
            let off = from_tuple(vm, &l, &key)?;
            return write(vm, v, off, value);
        }
        if !key.is_empty() && key.iter().all(|x| x.kind() == Kind::Slice) {
            return not_implemented(vm, "memoryview slice assignments are currently restricted to ndim = 1");
        }
    }
    if k.kind() == Kind::Slice {
        return not_implemented(vm, "memoryview slice assignments are currently restricted to ndim = 1");
    }
    vm.type_error("memoryview: invalid slice key")
}

/// The buffer an object exports (its layout and its bytes in C order), as PyObject_GetBuffer.
fn exported(vm: &mut Vm, o: &ObjRef) -> PyResult<(Layout, Vec<u8>)> {
    let whole = |b: Vec<u8>| {
        let l = Layout { format: "B".into(), itemsize: 1, offset: 0, shape: vec![b.len()], strides: vec![1] };
        (l, b)
    };
    match o.kind() {
        Kind::Bytes => Ok(whole(o.expect::<BytesObj>().b.to_vec())),
        Kind::ByteArray => Ok(whole(o.expect::<ByteArrayObj>().snapshot())),
        Kind::MemoryView => {
            let v = live(vm, o)?;
            Ok((v.layout.clone(), v.to_bytes().unwrap_or_default()))
        }
        _ => vm.type_error(format!("a bytes-like object is required, not '{}'", vm.type_name(o))),
    }
}

/// CPython's equiv_shape: equal up to a zero-length dimension.
fn same_shape(a: &Layout, b: &Layout) -> bool {
    if a.ndim() != b.ndim() {
        return false;
    }
    for (x, y) in a.shape.iter().zip(&b.shape) {
        if x != y {
            return false;
        }
        if *x == 0 {
            break;
        }
    }
    true
}

/// Stores `value` in the element at `off` (CPython's pack_single and its error fixing).
fn write(vm: &mut Vm, v: &MemoryViewObj, off: isize, value: &ObjRef) -> PyResult<()> {
    let fmt = v.layout.format.clone();
    let c = v.layout.code();
    let packed = match c {
        'f' | 'd' => match vm.to_f64(value) {
            Ok(f) => Ok(mv::pack_float(c, f)),
            Err(e) => Err(classify(vm, e)?),
        },
        '?' => Ok(vec![vm.truthy(value)? as u8]),
        'c' => match value.get::<BytesObj>() {
            Some(b) if b.b.len() == 1 => Ok(b.b.to_vec()),
            Some(_) => Err(PackError::Value),
            None => Err(PackError::Type),
        },
        _ => match integer(vm, value) {
            Ok(Some(i)) => mv::pack_int(c, i),
            Ok(None) => Err(PackError::Value),
            Err(e) => Err(classify(vm, e)?),
        },
    };
    match packed {
        Ok(bytes) => {
            let off = off as usize;
            v.with_data_mut(|d| d[off..off + bytes.len()].copy_from_slice(&bytes));
            Ok(())
        }
        Err(PackError::Type) => vm.type_error(format!("memoryview: invalid type for format '{fmt}'")),
        Err(PackError::Value) => vm.value_error(format!("memoryview: invalid value for format '{fmt}'")),
    }
}

/// CPython's fix_error_int: a TypeError means a wrong type, an OverflowError or ValueError a
/// wrong value; any other exception passes through.
fn classify(vm: &mut Vm, e: ObjRef) -> PyResult<PackError> {
    if vm.is_instance(&e, &vm.t.exc.type_error.clone()) {
        return Ok(PackError::Type);
    }
    let (ov, va) = (vm.t.exc.overflow_error.clone(), vm.t.exc.value_error.clone());
    if vm.is_instance(&e, &ov) || vm.is_instance(&e, &va) {
        return Ok(PackError::Value);
    }
    Err(e)
}

/// The integer value of an index-like object (`__index__`); None when beyond 128 bits.
fn integer(vm: &mut Vm, o: &ObjRef) -> PyResult<Option<i128>> {
    if let Some(i) = o.get::<IntObj>() {
        return Ok(match &i.0 {
            Int::Small(x) => Some(*x as i128),
            Int::Big(b) => num_traits::ToPrimitive::to_i128(&**b),
        });
    }
    match lookup_type(&o.ty().clone(), &vm.n.index.clone()) {
        Some(f) => {
            let r = vm.call(&f, &[o.clone()], &[])?;
            if r.kind() != Kind::Int {
                return vm.type_error(format!("__index__ returned non-int (type {})", vm.type_name(&r)));
            }
            integer(vm, &r)
        }
        None => vm.type_error(format!("'{}' object cannot be interpreted as an integer", vm.type_name(o))),
    }
}

// ---- methods -------------------------------------------------------------------------------

fn len(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    // 3.11 gives a 0-dim view a length of 1.
    let v = live(vm, &a[0])?;
    Ok(vm.new_int(v.layout.shape.first().map_or(1, |&n| n as i64)))
}

fn iter(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    match view(&a[0]).layout.ndim() {
        0 => vm.type_error("invalid indexing of 0-dim memory"),
        1 => {
            let ty = vm.t.memory_iterator.clone();
            Ok(vm.new_iter(&ty, IterState::Seq { seq: a[0].clone(), idx: 0 }))
        }
        _ => not_implemented(vm, "multi-dimensional sub-views are not implemented"),
    }
}

fn release(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    view(&a[0]).release();
    Ok(vm.none.clone())
}

fn enter(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    live(vm, &a[0])?;
    Ok(a[0].clone())
}

fn toreadonly(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "toreadonly", &a[1..], 0, 0)?;
    let v = live(vm, &a[0])?;
    Ok(derive(vm, v, v.layout.clone(), true))
}

fn tolist(vm: &mut Vm, a: &[ObjRef], _: &[ObjRef]) -> PyResult {
    check_args(vm, "tolist", &a[1..], 0, 0)?;
    let v = live(vm, &a[0])?;
    let objs: Vec<ObjRef> = items(v).into_iter().map(|it| item_obj(vm, it)).collect();
    let shape = v.layout.shape.clone();
    if shape.is_empty() {
        return Ok(objs.into_iter().next().expect("one element"));
    }
    Ok(nest(vm, &objs, &shape))
}

/// Nested lists of `shape` from elements in C order.
fn nest(vm: &Vm, flat: &[ObjRef], shape: &[usize]) -> ObjRef {
    if shape.len() == 1 {
        return vm.new_list(flat.to_vec());
    }
    let inner: usize = shape[1..].iter().product();
    let rows = (0..shape[0]).map(|i| nest(vm, &flat[i * inner..(i + 1) * inner], &shape[1..])).collect();
    vm.new_list(rows)
}

fn tobytes(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(a, kw);
    if pos.len() > 2 {
        return vm.type_error(format!("tobytes() takes at most 1 argument ({} given)", pos.len() - 1));
    }
    let mut order = pos.get(1).cloned();
    for (k, v) in kws {
        match k {
            "order" if order.is_none() => order = Some(v.clone()),
            _ => return vm.type_error(format!("tobytes() got an unexpected keyword argument '{k}'")),
        }
    }
    let v = live(vm, &a[0])?;
    let order = match &order {
        None => 'C',
        Some(o) if o.is(&vm.none) => 'C',
        Some(o) => match o.get::<StrObj>() {
            Some(s) if matches!(&*s.s, "C" | "F" | "A") => s.s.chars().next().expect("one char"),
            Some(_) => return vm.value_error("order must be 'C', 'F' or 'A'"),
            None => {
                return vm.type_error(format!(
                    "tobytes() argument 'order' must be str or None, not {}",
                    vm.type_name(o)
                ))
            }
        },
    };
    let l = &v.layout;
    let fortran = order == 'F' || (order == 'A' && !l.c_contiguous() && l.f_contiguous());
    let offs = l.element_offsets(fortran);
    let data = v
        .with_data(|d| {
            let mut out = Vec::with_capacity(offs.len() * l.itemsize);
            for o in offs {
                out.extend_from_slice(&d[o..o + l.itemsize]);
            }
            out
        })
        .unwrap_or_default();
    Ok(ObjRef::new(&vm.t.bytes, BytesObj::new(&data)))
}

fn hex(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    live(vm, &a[0])?;
    super::bytesext::hex(vm, a, kw)
}

/// `cast(format[, shape])` (CPython's memoryview_cast_impl, cast_to_1D and cast_to_ND).
fn cast(vm: &mut Vm, a: &[ObjRef], kw: &[ObjRef]) -> PyResult {
    let (pos, kws) = split_args(a, kw);
    if pos.len() > 3 {
        return vm.type_error(format!("cast() takes at most 2 arguments ({} given)", pos.len() - 1));
    }
    let mut format = pos.get(1).cloned();
    let mut shape = pos.get(2).cloned();
    for (k, v) in kws {
        match k {
            "format" if format.is_none() => format = Some(v.clone()),
            "shape" if shape.is_none() => shape = Some(v.clone()),
            _ => return vm.type_error(format!("cast() got an unexpected keyword argument '{k}'")),
        }
    }
    let Some(format) = format else {
        return vm.type_error("cast() missing required argument 'format' (pos 1)");
    };
    let Some(format) = format.get::<StrObj>().map(|s| s.s.to_string()) else {
        return vm.type_error(format!("cast() argument 'format' must be str, not {}", vm.type_name(&format)));
    };
    let v = live(vm, &a[0])?;
    let l = v.layout.clone();
    if !l.c_contiguous() {
        return vm.type_error("memoryview: casts are restricted to C-contiguous views");
    }
    let zeros = l.shape.contains(&0);
    if (shape.is_some() || l.ndim() != 1) && zeros {
        return vm.type_error("memoryview: cannot cast view with zeros in shape or strides");
    }
    let dims = match &shape {
        Some(s) => {
            let items = match s.kind() {
                Kind::List => s.expect::<ListObj>().snapshot(),
                Kind::Tuple => s.expect::<TupleObj>().0.to_vec(),
                _ => return vm.type_error("shape must be a list or a tuple"),
            };
            if items.len() > 64 {
                return vm.value_error("memoryview: number of dimensions must not exceed 64");
            }
            if l.ndim() != 1 && items.len() != 1 {
                return vm.type_error("memoryview: cast must be 1D -> ND or ND -> 1D");
            }
            Some(items)
        }
        None => None,
    };
    let Some((dest, itemsize)) = mv::native_size(&format) else {
        return vm.value_error(
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        );
    };
    let src_byte = mv::native_size(&l.format).is_some_and(|(c, _)| mv::is_byte_format(c));
    if !src_byte && !mv::is_byte_format(dest) {
        return vm.type_error("memoryview: cannot cast between two non-byte formats");
    }
    let nbytes = l.nbytes();
    if nbytes % itemsize != 0 {
        return vm.type_error("memoryview: length is not a multiple of itemsize");
    }
    let mut nl = Layout {
        format,
        itemsize,
        offset: l.offset,
        shape: vec![nbytes / itemsize],
        strides: vec![itemsize as isize],
    };
    if let Some(items) = dims {
        let mut shape = Vec::with_capacity(items.len());
        let mut len = itemsize;
        for x in &items {
            if x.kind() != Kind::Int {
                return vm.type_error("memoryview.cast(): elements of shape must be integers");
            }
            let n = match x.expect::<IntObj>().0.as_i64() {
                Some(n) => n,
                None => return vm.overflow("Python int too large to convert to C ssize_t"),
            };
            if n <= 0 {
                return vm.value_error("memoryview.cast(): elements of shape must be integers > 0");
            }
            len = match len.checked_mul(n as usize) {
                Some(l) if l <= isize::MAX as usize => l,
                _ => return vm.value_error("memoryview.cast(): product(shape) > SSIZE_MAX"),
            };
            shape.push(n as usize);
        }
        if len != nbytes {
            return vm.type_error("memoryview: product(shape) * itemsize != buffer size");
        }
        nl.strides = Layout::c_strides(&shape, itemsize);
        nl.shape = shape;
    }
    Ok(derive(vm, v, nl, v.readonly))
}

// ---- comparisons ---------------------------------------------------------------------------

/// `a op b` where a view takes part: views compare equal element by element (in each one's
/// format); a bytearray on either side orders them as bytes. None when the operands' own rules
/// give no answer (a TypeError for orderings, identity for equality).
pub fn compare(a: &ObjRef, b: &ObjRef, op: CmpOp) -> Option<bool> {
    let heap = |o: &ObjRef| o.ty().expect::<crate::object::typeobj::TypeObj>().heap_type;
    if heap(a) || heap(b) {
        return None;
    }
    let eq = matches!(op, CmpOp::Eq | CmpOp::Ne);
    let (view_side, other) = if a.kind() == Kind::MemoryView { (a, b) } else { (b, a) };
    // A bytearray answers every comparison with a buffer (first on its left, reflected on its
    // right when the view has no ordering).
    if a.kind() == Kind::ByteArray || (b.kind() == Kind::ByteArray && !eq) {
        return super::byteslike::compare(a, b, op);
    }
    if !eq {
        return None;
    }
    equal(view_side, other).map(|e| e == (op == CmpOp::Eq))
}

/// CPython's memory_richcompare for ==: None when `w` exports no buffer.
fn equal(v: &ObjRef, w: &ObjRef) -> Option<bool> {
    let vv = view(v);
    if vv.is_released() {
        return Some(v.is(w));
    }
    let (wl, witems) = match w.kind() {
        Kind::MemoryView => {
            let wv = view(w);
            if wv.is_released() {
                return Some(v.is(w));
            }
            (wv.layout.clone(), items(wv))
        }
        Kind::Bytes | Kind::ByteArray => {
            let b = super::byteslike::data(w)?;
            let l =
                Layout { format: "B".into(), itemsize: 1, offset: 0, shape: vec![b.len()], strides: vec![1] };
            (l, b.into_iter().map(|x| Item::Int(x as i128)).collect())
        }
        _ => return None,
    };
    if !same_shape(&vv.layout, &wl) {
        return Some(false);
    }
    let vitems = items(vv);
    Some(vitems.len() == witems.len() && vitems.iter().zip(&witems).all(|(x, y)| x.py_eq(*y)))
}
