//! CPython 3.11's `hash()` for the hashable constant types and its set hash-table layout, so that
//! frozensets print (and the VM iterates sets) in the order CPython does under PYTHONHASHSEED=0.
//!
//! str and bytes hash with SipHash-1-3 keyed by the hash secret, all zero under PYTHONHASHSEED=0;
//! int, float, complex and tuple hashes do not depend on the seed. Also used for .pyc source
//! hashes (importlib.util.source_hash: SipHash-1-3 with k0 = the magic number, k1 = 0).

use crate::code::Constant;
use crate::pyint::PyInt;
use crate::pystr::PyStr;

/// `sys.hash_info.modulus`: 2**61 - 1.
pub const MODULUS: u64 = (1 << 61) - 1;
const HASH_BITS: u32 = 61;
const HASH_INF: i64 = 314159;
const HASH_IMAG: u64 = 1000003;

/// SipHash-1-3 of `data` with key (k0, k1), as CPython's pyhash.c computes it.
pub fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v0 = k0 ^ 0x736f6d6570736575;
    let mut v1 = k1 ^ 0x646f72616e646f6d;
    let mut v2 = k0 ^ 0x6c7967656e657261;
    let mut v3 = k1 ^ 0x7465646279746573;
    macro_rules! round {
        () => {
            v0 = v0.wrapping_add(v1);
            v1 = v1.rotate_left(13);
            v1 ^= v0;
            v0 = v0.rotate_left(32);
            v2 = v2.wrapping_add(v3);
            v3 = v3.rotate_left(16);
            v3 ^= v2;
            v0 = v0.wrapping_add(v3);
            v3 = v3.rotate_left(21);
            v3 ^= v0;
            v2 = v2.wrapping_add(v1);
            v1 = v1.rotate_left(17);
            v1 ^= v2;
            v2 = v2.rotate_left(32);
        };
    }
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let m = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        v3 ^= m;
        round!();
        v0 ^= m;
    }
    let rest = chunks.remainder();
    let mut last = [0u8; 8];
    last[..rest.len()].copy_from_slice(rest);
    let b = ((data.len() as u64) << 56) | u64::from_le_bytes(last);
    v3 ^= b;
    round!();
    v0 ^= b;
    v2 ^= 0xff;
    round!();
    round!();
    round!();
    v0 ^ v1 ^ v2 ^ v3
}

fn fix(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(b)` for bytes under PYTHONHASHSEED=0.
pub fn hash_bytes(b: &[u8]) -> i64 {
    if b.is_empty() {
        return 0;
    }
    fix(siphash13(0, 0, b) as i64)
}

/// `hash(s)` for str under PYTHONHASHSEED=0: SipHash of CPython's compact storage (latin-1, UCS-2
/// or UCS-4, little-endian), chosen by the largest code point.
pub fn hash_str(s: &PyStr) -> i64 {
    if s.is_empty() {
        return 0;
    }
    if s.is_ascii() {
        return hash_bytes(s.as_bytes());
    }
    let max = s.max_code_point();
    let mut buf = Vec::new();
    if max < 0x100 {
        buf.extend(s.code_points().map(|c| c as u8));
    } else if max < 0x10000 {
        for c in s.code_points() {
            buf.extend_from_slice(&(c as u16).to_le_bytes());
        }
    } else {
        for c in s.code_points() {
            buf.extend_from_slice(&c.to_le_bytes());
        }
    }
    hash_bytes(&buf)
}

/// `hash(n)` for an int.
pub fn hash_int(v: &PyInt) -> i64 {
    let (neg, mag) = match v {
        PyInt::Small(x) => {
            let m = x.unsigned_abs() % MODULUS;
            let h = if *x < 0 { -(m as i64) } else { m as i64 };
            return fix(h);
        }
        PyInt::Big { negative, mag } => (*negative, mag),
    };
    let mut acc: u128 = 0;
    for &l in mag.iter().rev() {
        acc = ((acc << 32) | l as u128) % MODULUS as u128;
    }
    let h = acc as i64;
    fix(if neg { -h } else { h })
}

/// `hash(x)` for a float (NaN hashes by identity in 3.11; we return 0, documented as unsupported).
pub fn hash_float(v: f64) -> i64 {
    if v.is_infinite() {
        return if v > 0.0 { HASH_INF } else { -HASH_INF };
    }
    if v.is_nan() {
        return 0;
    }
    let (mut m, mut e) = frexp(v);
    let mut sign = 1i64;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (HASH_BITS - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 { e % HASH_BITS as i32 } else { HASH_BITS as i32 - 1 - ((-1 - e) % HASH_BITS as i32) }
        as u32;
    x = ((x << e) & MODULUS) | (x >> (HASH_BITS - e));
    fix((x as i64).wrapping_mul(sign))
}

/// C's frexp: v = m * 2**e with 0.5 <= |m| < 1.
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(v * (1u64 << 54) as f64);
        return (m, e - 54);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e)
}

/// `hash(complex(real, imag))`.
pub fn hash_complex(real: f64, imag: f64) -> i64 {
    let r = hash_float(real) as u64;
    let i = hash_float(imag) as u64;
    fix(r.wrapping_add(HASH_IMAG.wrapping_mul(i)) as i64)
}

const XXPRIME_1: u64 = 11400714785074694791;
const XXPRIME_2: u64 = 14029467366897019727;
const XXPRIME_5: u64 = 2870177450012600261;

/// `hash(t)` for a tuple given its items' hashes.
pub fn hash_tuple(items: impl ExactSizeIterator<Item = i64>) -> i64 {
    let len = items.len() as u64;
    let mut acc = XXPRIME_5;
    for h in items {
        acc = acc.wrapping_add((h as u64).wrapping_mul(XXPRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(XXPRIME_1);
    }
    acc = acc.wrapping_add(len ^ (XXPRIME_5 ^ 3527539));
    if acc == u64::MAX {
        return 1546275796;
    }
    acc as i64
}

fn shuffle_bits(h: u64) -> u64 {
    ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
}

/// `hash(frozenset)` given its items' hashes (order-independent).
pub fn hash_frozenset(hashes: &[i64]) -> i64 {
    let table = SetTable::build(hashes);
    let mut h: u64 = 0;
    for &slot in &table.slots {
        if let Some(i) = slot {
            h ^= shuffle_bits(hashes[i] as u64);
        }
    }
    // CPython xors every slot (empty ones hash 0) and then cancels the odd empty one: net
    // effect is active entries only.
    h ^= (table.used as u64 + 1).wrapping_mul(1927868237);
    h ^= (h >> 11) ^ (h >> 25);
    h = h.wrapping_mul(69069).wrapping_add(907133923);
    if h == u64::MAX {
        h = 590923713;
    }
    h as i64
}

/// Addresses of the singletons CPython 3.11 hashes by identity (`id(None)`, `id(...)`): they
/// differ from process to process (ASLR), so a caller that wants one process's set order must
/// supply them; unknown ones make the order unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Addresses {
    pub none: Option<u64>,
    pub ellipsis: Option<u64>,
}

/// `_Py_HashPointer`: the address rotated right by 4 bits.
pub fn hash_pointer(addr: u64) -> i64 {
    fix(addr.rotate_right(4) as i64)
}

/// `hash(c)` for a hashable constant; `None` when CPython hashes it by an address we do not know
/// (None and Ellipsis without [`Addresses`], NaN, code objects).
pub fn hash_constant(c: &Constant) -> Option<i64> {
    hash_constant_in(c, &Addresses::default())
}

/// [`hash_constant`] with the identity hashes of one process.
pub fn hash_constant_in(c: &Constant, addrs: &Addresses) -> Option<i64> {
    let hash_constant = |c: &Constant| hash_constant_in(c, addrs);
    Some(match c {
        Constant::None => hash_pointer(addrs.none?),
        Constant::Ellipsis => hash_pointer(addrs.ellipsis?),
        Constant::Code(_) => return None,
        Constant::Bool(b) => *b as i64,
        Constant::Int(i) => hash_int(i),
        Constant::Float(f) => {
            if f.is_nan() {
                return None;
            }
            hash_float(*f)
        }
        Constant::Complex { real, imag } => {
            if real.is_nan() || imag.is_nan() {
                return None;
            }
            hash_complex(*real, *imag)
        }
        Constant::Str(s) => hash_str(s),
        Constant::Bytes(b) => hash_bytes(b),
        Constant::Tuple(items) => {
            let hs: Option<Vec<i64>> = items.iter().map(hash_constant).collect();
            hash_tuple(hs?.into_iter())
        }
        Constant::FrozenSet(items) => {
            let hs: Option<Vec<i64>> = items.iter().map(hash_constant).collect();
            hash_frozenset(&hs?)
        }
    })
}

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const SET_MINSIZE: usize = 8;

/// A CPython set hash table (setobject.c) holding indices of inserted items. Items are assumed
/// distinct (true of frozenset constants), so no equality test is needed.
#[derive(Debug)]
pub struct SetTable {
    pub slots: Vec<Option<usize>>,
    hashes: Vec<u64>,
    pub used: usize,
    fill: usize,
}

impl SetTable {
    /// The table after adding items with these hashes in order (as marshal.loads and `set.add` do).
    pub fn build(hashes: &[i64]) -> SetTable {
        let mut t =
            SetTable { slots: vec![None; SET_MINSIZE], hashes: vec![0; SET_MINSIZE], used: 0, fill: 0 };
        for (i, &h) in hashes.iter().enumerate() {
            t.add(i, h as u64);
        }
        t
    }

    fn add(&mut self, item: usize, hash: u64) {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        let mut perturb = hash;
        loop {
            let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            for j in i..=i + probes {
                if self.slots[j].is_none() {
                    self.slots[j] = Some(item);
                    self.hashes[j] = hash;
                    self.fill += 1;
                    self.used += 1;
                    if self.fill * 5 >= mask * 3 {
                        let minused = if self.used > 50000 { self.used * 2 } else { self.used * 4 };
                        self.resize(minused);
                    }
                    return;
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    fn resize(&mut self, minused: usize) {
        let mut size = SET_MINSIZE;
        while size <= minused {
            size <<= 1;
        }
        let old_slots = std::mem::replace(&mut self.slots, vec![None; size]);
        let old_hashes = std::mem::replace(&mut self.hashes, vec![0; size]);
        let mask = size - 1;
        for (slot, hash) in old_slots.into_iter().zip(old_hashes) {
            let Some(item) = slot else { continue };
            let mut i = hash as usize & mask;
            let mut perturb = hash;
            'probe: loop {
                if self.slots[i].is_none() {
                    self.slots[i] = Some(item);
                    self.hashes[i] = hash;
                    break 'probe;
                }
                if i + LINEAR_PROBES <= mask {
                    for j in i + 1..=i + LINEAR_PROBES {
                        if self.slots[j].is_none() {
                            self.slots[j] = Some(item);
                            self.hashes[j] = hash;
                            break 'probe;
                        }
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
            }
        }
        self.fill = self.used;
    }

    /// Indices of the inserted items in iteration order.
    pub fn order(&self) -> Vec<usize> {
        self.slots.iter().flatten().copied().collect()
    }
}

/// The order Python iterates a frozenset built by adding `items` in order, or `None` when an
/// item's hash depends on its address (then the stored order is the best available).
pub fn set_order(items: &[Constant], addrs: &Addresses) -> Option<Vec<usize>> {
    let hashes: Option<Vec<i64>> = items.iter().map(|c| hash_constant_in(c, addrs)).collect();
    Some(SetTable::build(&hashes?).order())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_zero_hashes() {
        // PYTHONHASHSEED=0 python3 -c 'print(hash("a"), hash(b"abc"), hash("é"), hash("€"))'
        assert_eq!(hash_str(&PyStr::from("a")), 4644417185603328019);
        assert_eq!(hash_bytes(b"abc"), -4594863902769663758);
        assert_eq!(hash_str(&PyStr::from("é")), 6047309291227476195);
        assert_eq!(hash_str(&PyStr::from("€")), -5529981157763016009);
    }

    #[test]
    fn numeric_hashes() {
        assert_eq!(hash_int(&PyInt::Small(-1)), -2);
        assert_eq!(hash_float(1.5), 1152921504606846977);
        assert_eq!(hash_float(-0.1), -230584300921369408);
        assert_eq!(hash_float(3.0), 3);
        assert_eq!(hash_complex(1.0, 2.0), 2000007);
        assert_eq!(hash_tuple([1i64, 2].into_iter()), -3550055125485641917);
        let big = PyInt::from_sign_mag(false, vec![0, 0, 1]);
        assert_eq!(hash_int(&big), 8);
        assert_eq!(hash_frozenset(&[1, 2, 3]), -272375401224217160);
        assert_eq!(hash_frozenset(&[]), 133146708735736);
    }

    /// Only the page offset of None's address is a fact of the build (the page moves with
    /// ASLR): a set whose layout reads no higher address bit has one order whatever the page, one
    /// whose layout does has not (nor has CPython's: `python3 -m dis` of a frozenset of
    /// `(None, k)` tuples prints a different order nearly every run).
    #[test]
    fn which_none_orders_the_page_offset_decides() {
        let model = crate::target::default_target().singleton_ids;
        let (none, ellipsis) = (model.none.unwrap(), model.ellipsis.unwrap());
        let on_page = |k: u64| {
            let shift = k * 0x1_2345_6000; // page-aligned: the low 12 bits stay
            Addresses { none: Some(none + shift), ellipsis: Some(ellipsis + shift) }
        };
        let orders = |items: &[Constant]| {
            let mut seen: Vec<Vec<usize>> = (0..16).map(|k| set_order(items, &on_page(k)).unwrap()).collect();
            seen.dedup();
            seen.len()
        };
        let int = |i: i64| Constant::Int(PyInt::Small(i));
        // test_range.py's set (its home slots and probes stay within hash bits 0-7).
        let mut range: Vec<Constant> =
            [0, 1, 2, -30, 99, 5, -21, -20, 19, 20, 21, -2, 30, -5, -99, -1].into_iter().map(int).collect();
        range.insert(8, Constant::None);
        range.push(Constant::Ellipsis);
        assert_eq!(orders(&range), 1);
        // A tuple's hash mixes all 64 bits of its items' hashes.
        let tuples: Vec<Constant> = (1..=5).map(|k| Constant::Tuple(vec![Constant::None, int(k)])).collect();
        assert!(orders(&tuples) > 1);
    }
}
