//! Properties of the parser: random expression trees printed with full parentheses parse back to
//! the same tree, and no token sequence makes the parser panic (it parses or reports an error).

use proptest::prelude::*;
use pyrite_ir::ast::{Constant, Expr, ExprKind, Mod};
use pyrite_ir::SourceFile;
use pyrite_passes::parse::parse_tokens;
use pyrite_passes::tokenize::tokenize;
use pyrite_passes::Mode;

const BINOPS: [(&str, &str); 12] = [
    ("+", "Add"),
    ("-", "Sub"),
    ("*", "Mult"),
    ("/", "Div"),
    ("//", "FloorDiv"),
    ("%", "Mod"),
    ("**", "Pow"),
    ("@", "MatMult"),
    ("<<", "LShift"),
    (">>", "RShift"),
    ("|", "BitOr"),
    ("&", "BitAnd"),
];
const UNARY: [(&str, &str); 4] = [("-", "USub"), ("+", "UAdd"), ("~", "Invert"), ("not ", "Not")];
const CMPOPS: [(&str, &str); 6] =
    [("<", "Lt"), ("==", "Eq"), ("is not", "IsNot"), ("not in", "NotIn"), ("in", "In"), (">=", "GtE")];

/// A generated expression: its fully parenthesised source and its expected shape.
#[derive(Clone, Debug)]
struct Gen {
    src: String,
    shape: String,
}

fn leaf() -> impl Strategy<Value = Gen> {
    prop_oneof![
        (0u8..6).prop_map(|i| Gen { src: format!("n{i}"), shape: format!("Name(n{i})") }),
        (0u32..100_000).prop_map(|v| Gen { src: v.to_string(), shape: format!("Int({v})") }),
        Just(Gen { src: "None".into(), shape: "None".into() }),
    ]
}

fn join(parts: &[Gen], sep: &str) -> (String, String) {
    let src = parts.iter().map(|g| g.src.as_str()).collect::<Vec<_>>().join(sep);
    let shape = parts.iter().map(|g| g.shape.as_str()).collect::<Vec<_>>().join(" ");
    (src, shape)
}

fn expr() -> impl Strategy<Value = Gen> {
    leaf().prop_recursive(6, 64, 4, |inner| {
        prop_oneof![
            (inner.clone(), 0..BINOPS.len(), inner.clone()).prop_map(|(l, o, r)| Gen {
                src: format!("({} {} {})", l.src, BINOPS[o].0, r.src),
                shape: format!("BinOp({} {} {})", l.shape, BINOPS[o].1, r.shape),
            }),
            (0..UNARY.len(), inner.clone()).prop_map(|(o, e)| Gen {
                src: format!("({}{})", UNARY[o].0, e.src),
                shape: format!("UnaryOp({} {})", UNARY[o].1, e.shape),
            }),
            (any::<bool>(), prop::collection::vec(inner.clone(), 2..4)).prop_map(|(and, v)| {
                let (src, shape) = join(&v, if and { " and " } else { " or " });
                Gen {
                    src: format!("({src})"),
                    shape: format!("BoolOp({} {shape})", if and { "And" } else { "Or" }),
                }
            }),
            (inner.clone(), prop::collection::vec((0..CMPOPS.len(), inner.clone()), 1..3)).prop_map(
                |(l, rest)| {
                    let mut src = format!("({}", l.src);
                    let mut shape = format!("Compare({}", l.shape);
                    for (o, r) in rest {
                        src.push_str(&format!(" {} {}", CMPOPS[o].0, r.src));
                        shape.push_str(&format!(" {} {}", CMPOPS[o].1, r.shape));
                    }
                    Gen { src: src + ")", shape: shape + ")" }
                }
            ),
            (inner.clone(), prop::collection::vec(inner.clone(), 0..3)).prop_map(|(f, args)| {
                let (src, shape) = join(&args, ", ");
                Gen { src: format!("({})({src})", f.src), shape: format!("Call({} [{shape}])", f.shape) }
            }),
            (inner.clone(), 0u8..3).prop_map(|(e, a)| Gen {
                src: format!("({}).a{a}", e.src),
                shape: format!("Attribute({} a{a})", e.shape),
            }),
            (inner.clone(), inner.clone()).prop_map(|(e, i)| Gen {
                src: format!("({})[{}]", e.src, i.src),
                shape: format!("Subscript({} {})", e.shape, i.shape),
            }),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(b, t, o)| Gen {
                src: format!("({} if {} else {})", b.src, t.src, o.src),
                shape: format!("IfExp({} {} {})", t.shape, b.shape, o.shape),
            }),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| {
                let (src, shape) = join(&v, ", ");
                let comma = if v.len() == 1 { "," } else { "" };
                Gen { src: format!("({src}{comma})"), shape: format!("Tuple[{shape}]") }
            }),
            prop::collection::vec(inner, 0..3).prop_map(|v| {
                let (src, shape) = join(&v, ", ");
                Gen { src: format!("[{src}]"), shape: format!("List[{shape}]") }
            }),
        ]
    })
}

fn shape(e: &Expr) -> String {
    let all = |v: &[Expr]| v.iter().map(shape).collect::<Vec<_>>().join(" ");
    match &e.kind {
        ExprKind::Name { id, .. } => format!("Name({id})"),
        ExprKind::Constant { value: Constant::Int(v), .. } => format!("Int({v})"),
        ExprKind::Constant { value: Constant::None, .. } => "None".into(),
        ExprKind::BinOp { left, op, right } => format!("BinOp({} {op:?} {})", shape(left), shape(right)),
        ExprKind::UnaryOp { op, operand } => format!("UnaryOp({op:?} {})", shape(operand)),
        ExprKind::BoolOp { op, values } => format!("BoolOp({op:?} {})", all(values)),
        ExprKind::Compare(c) => {
            let mut s = format!("Compare({}", shape(&c.left));
            for (o, r) in c.ops.iter().zip(&c.comparators) {
                s.push_str(&format!(" {o:?} {}", shape(r)));
            }
            s + ")"
        }
        ExprKind::Call(c) if c.keywords.is_empty() => format!("Call({} [{}])", shape(&c.func), all(&c.args)),
        ExprKind::Attribute { value, attr, .. } => format!("Attribute({} {attr})", shape(value)),
        ExprKind::Subscript { value, slice, .. } => format!("Subscript({} {})", shape(value), shape(slice)),
        ExprKind::IfExp { test, body, orelse } => {
            format!("IfExp({} {} {})", shape(test), shape(body), shape(orelse))
        }
        ExprKind::Tuple { elts, .. } => format!("Tuple[{}]", all(elts)),
        ExprKind::List { elts, .. } => format!("List[{}]", all(elts)),
        other => format!("unexpected {other:?}"),
    }
}

fn parse_eval(src: &str) -> Result<Mod, String> {
    let ts = tokenize(&SourceFile::new("<prop>", src.as_bytes().to_vec()), false);
    parse_tokens(&ts, Mode::Eval, false).map_err(|d| d.message)
}

/// Token-level pieces for arbitrary sequences: keywords, soft keywords, operators, brackets,
/// literals, and line structure.
fn token_soup() -> impl Strategy<Value = String> {
    let words = [
        "x", "_", "match", "case", "if", "else", "elif", "for", "in", "not", "is", "and", "or", "lambda",
        "yield", "await", "async", "def", "class", "return", "del", "try", "except", "finally", "with", "as",
        "import", "from", "global", "pass", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "...", "=",
        ":=", "+=", "->", "*", "**", "/", "|", "@", "-", "~", "<", "==", "1", "2.5j", "'s'", "f'{x}'",
        "f'{'", "b''", "\n", "\n    ", "\n  ", "\\\n", "#c\n",
    ];
    prop::collection::vec(prop::sample::select(words.to_vec()), 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn parenthesised_trees_parse_back(g in expr()) {
        let tree = parse_eval(&g.src).map_err(|e| TestCaseError::fail(format!("{}: {e}", g.src)))?;
        let Mod::Expression { body } = tree else { unreachable!() };
        prop_assert_eq!(shape(&body), g.shape, "source {}", g.src);
    }

    #[test]
    fn arbitrary_token_sequences_never_panic(src in token_soup()) {
        for mode in [Mode::Exec, Mode::Eval, Mode::Single] {
            let ts = tokenize(&SourceFile::new("<prop>", src.as_bytes().to_vec()), true);
            if let Err(d) = parse_tokens(&ts, mode, true) {
                prop_assert!(!d.message.contains("panicked"), "{src:?}: {}", d.message);
                prop_assert!(d.lineno.is_some(), "{src:?}: error without a place: {}", d.message);
            }
        }
    }
}
