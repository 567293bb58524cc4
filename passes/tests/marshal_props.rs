//! marshal properties: arbitrary bytes never panic the reader; write-then-read is the identity.

use proptest::prelude::*;
use pyrite_ir::code::{CodeObject, Constant};
use pyrite_ir::pyint::PyInt;
use pyrite_ir::pystr::PyStr;
use pyrite_passes::serialize::marshal_read::{loads, loads_code};
use pyrite_passes::serialize::marshal_write::{dumps_constant_v2, dumps_v2, dumps_v4};
use pyrite_passes::serialize::pyc::read_pyc;

fn leaf() -> impl Strategy<Value = Constant> {
    prop_oneof![
        Just(Constant::None),
        Just(Constant::Ellipsis),
        any::<bool>().prop_map(Constant::Bool),
        any::<i64>().prop_map(|v| Constant::Int(PyInt::Small(v))),
        (any::<bool>(), prop::collection::vec(any::<u32>(), 0..5))
            .prop_map(|(n, m)| Constant::Int(PyInt::from_sign_mag(n, m))),
        any::<f64>().prop_map(Constant::Float),
        (any::<f64>(), any::<f64>()).prop_map(|(real, imag)| Constant::Complex { real, imag }),
        ".{0,12}".prop_map(|s: String| Constant::Str(PyStr::from(s))),
        "[a-z_]{0,6}".prop_map(|s: String| Constant::Str(PyStr::from(s))),
        prop::collection::vec(0u32..0x110000, 0..4)
            .prop_filter_map("code points", |c| PyStr::from_code_points(&c).map(Constant::Str)),
        prop::collection::vec(any::<u8>(), 0..12).prop_map(Constant::Bytes),
    ]
}

fn distinct(v: Vec<Constant>) -> Vec<Constant> {
    let mut seen: Vec<Vec<u8>> = Vec::new();
    v.into_iter()
        .filter(|c| {
            let d = dumps_constant_v2(c);
            let new = !seen.contains(&d);
            seen.push(d);
            new
        })
        .collect()
}

fn constant() -> impl Strategy<Value = Constant> {
    leaf().prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Constant::Tuple),
            // Distinct items, as a real set has.
            prop::collection::vec(leaf(), 0..6).prop_map(|v| Constant::FrozenSet(distinct(v))),
        ]
    })
}

fn code(consts: Vec<Constant>, nested: Option<CodeObject>) -> CodeObject {
    let mut consts = consts;
    if let Some(n) = nested {
        consts.push(Constant::Code(Box::new(n)));
    }
    CodeObject {
        argcount: 1,
        posonlyargcount: 0,
        kwonlyargcount: 0,
        stacksize: 3,
        flags: 3,
        code: vec![151, 0, 100, 0, 83, 0],
        consts,
        names: vec![PyStr::from("print"), PyStr::from("x.y")],
        localsplusnames: vec![PyStr::from("a")],
        localspluskinds: vec![0x26],
        filename: PyStr::from("<prop>"),
        name: PyStr::from("f"),
        qualname: PyStr::from("C.f"),
        firstlineno: 7,
        linetable: vec![0x80, 0x00],
        exceptiontable: vec![],
    }
}

/// Sets compare as sets (writing sorts their items).
fn canon(c: &Constant) -> Constant {
    match c {
        Constant::Tuple(v) => Constant::Tuple(v.iter().map(canon).collect()),
        Constant::FrozenSet(v) => {
            let mut items: Vec<Constant> = v.iter().map(canon).collect();
            items.sort_by_key(dumps_constant_v2);
            Constant::FrozenSet(items)
        }
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = loads(&data);
        let _ = read_pyc(pyrite_ir::target::default_target(), &data);
    }

    #[test]
    fn corrupted_marshal_never_panics(
        c in constant(),
        flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..4),
        cut in any::<usize>(),
    ) {
        let mut data = dumps_v4(&code(vec![c], None));
        for (i, b) in flips {
            let n = data.len();
            data[i % n] ^= b;
        }
        let n = data.len();
        data.truncate(cut % (n + 1));
        let _ = loads(&data);
    }

    #[test]
    fn constants_round_trip_v2(c in constant()) {
        let bytes = dumps_constant_v2(&c);
        let back = loads(&bytes).unwrap();
        prop_assert!(canon(&back).same_value(&canon(&c)), "{:?} != {:?}", back, c);
        prop_assert_eq!(dumps_constant_v2(&back), bytes);
    }

    #[test]
    fn code_round_trips_v2_and_v4(
        cs in prop::collection::vec(constant(), 0..5),
        inner in prop::collection::vec(constant(), 0..3),
    ) {
        let co = code(cs, Some(code(inner, None)));
        for bytes in [dumps_v2(&co), dumps_v4(&co)] {
            let back = loads_code(&bytes).unwrap();
            prop_assert_eq!(dumps_v2(&back), dumps_v2(&co));
        }
        // The v4 writer is a function of the value: writing what it read gives the same bytes.
        let v4 = dumps_v4(&co);
        prop_assert_eq!(dumps_v4(&loads_code(&v4).unwrap()), v4);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// dis of any code object the reader could produce is text or an error, never a panic.
    #[test]
    fn dis_of_arbitrary_code_never_panics(
        units in prop::collection::vec(any::<u8>(), 1..60),
        linetable in prop::collection::vec(any::<u8>(), 0..40),
        exceptiontable in prop::collection::vec(any::<u8>(), 0..20),
        consts in prop::collection::vec(constant(), 0..3),
        firstlineno in any::<u32>(),
    ) {
        let mut co = code(consts, None);
        co.code = units.iter().flat_map(|&b| [b, b.wrapping_mul(7)]).collect();
        co.linetable = linetable;
        co.exceptiontable = exceptiontable;
        co.firstlineno = firstlineno;
        let _ = pyrite_ir::dis::dis(&co, pyrite_ir::target::default_target());
        let _ = pyrite_ir::dis::positions(&co);
    }
}

#[test]
fn hostile_lengths_and_references_are_errors() {
    // A tuple claiming 2**31-1 items in a few bytes.
    assert!(loads(b"(\xff\xff\xff\x7f").is_err());
    // A reference before anything was flagged, and a negative one.
    assert!(loads(b"r\x00\x00\x00\x00").is_err());
    assert!(loads(b"r\xff\xff\xff\xff").is_err());
    // A reference to a tuple still being read (a cycle).
    assert!(loads(b"\xa8\x01\x00\x00\x00r\x00\x00\x00\x00").is_err());
    // Deep nesting is refused, not a stack overflow.
    let deep: Vec<u8> = std::iter::repeat_n(b")\x01".iter().copied(), 5000).flatten().chain([b'N']).collect();
    assert!(loads(&deep).unwrap_err().message.contains("recursion"));
    // Exponential expansion through back-references is refused.
    let mut bomb = vec![0xa8u8];
    bomb.extend_from_slice(&41u32.to_le_bytes());
    bomb.extend_from_slice(&[0xa9, 2, b'N', b'N']);
    for i in 1..41u32 {
        bomb.extend_from_slice(&[0xa9, 2, b'r']);
        bomb.extend_from_slice(&i.to_le_bytes());
        bomb.push(b'r');
        bomb.extend_from_slice(&i.to_le_bytes());
    }
    assert!(loads(&bomb).is_err());
    // Wrong magic and short files.
    let t = pyrite_ir::target::default_target();
    assert!(read_pyc(t, b"\x00\x00\x0d\x0a").is_err());
    assert!(read_pyc(t, &[0u8; 16]).unwrap_err().to_string().contains("magic"));
}

/// CPython's MAX_MARSHAL_STACK_DEPTH on both sides: `marshal.loads(b")\x01" * 1999 + b"N")`
/// works and one level more raises "recursion limit exceeded"; writing refuses what it could not
/// read back.
#[test]
fn nesting_limit_is_cpythons() {
    let nested = |k: usize| -> Vec<u8> {
        std::iter::repeat_n(b")\x01".iter().copied(), k).flatten().chain([b'N']).collect()
    };
    assert!(loads(&nested(1999)).is_ok());
    assert!(loads(&nested(2000)).unwrap_err().message.contains("recursion limit exceeded"));
    // Code objects nested through co_consts: two levels each (the code, its consts tuple).
    let chain =
        |n: usize| (0..n).fold(code(vec![Constant::None], None), |inner, _| code(vec![], Some(inner)));
    for (n, fits) in [(998, true), (999, false)] {
        let co = chain(n);
        assert_eq!(pyrite_passes::serialize::nesting::too_deep(&co), !fits, "{n} nested code objects");
        if fits {
            assert_eq!(loads_code(&dumps_v4(&co)).unwrap(), co);
        }
    }
}
