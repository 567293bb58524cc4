//! The `ast-opt` stage against CPython 3.11. CPython does not expose its optimized AST, so the
//! oracle is the compiled code: `x = (E)` compiles to exactly RESUME, LOAD_CONST k, STORE_NAME
//! (then the implicit `return None`) iff CPython folded E to one constant, and `co_consts[k]` is
//! that constant. pyrite must fold the same expressions to a Constant node with the same type,
//! `repr` and `marshal.dumps(v, 2)` bytes, and leave every other expression unfolded.

use pyrite_conformance::oracle::Oracle;
use pyrite_ir::ast::{dump::constant_repr, ExprKind, Mod, StmtKind};
use pyrite_ir::{Ir, SourceFile};
use pyrite_passes::serialize::marshal_write::dumps_constant_v2;
use pyrite_passes::{Context, Options, Pipeline};
use serde_json::{json, Value};

const CPYTHON: &str = r#"
import dis, marshal
result = []
for e, opt in cases:
    try:
        co = compile(f'x = ({e})\n', '<case>', 'exec', optimize=opt, dont_inherit=True)
    except Exception as ex:
        result.append({'error': type(ex).__name__})
        continue
    ins = list(dis.get_instructions(co))
    names = [i.opname for i in ins]
    if names == ['RESUME', 'LOAD_CONST', 'STORE_NAME', 'LOAD_CONST', 'RETURN_VALUE']:
        v = co.co_consts[ins[1].arg]
        result.append({'folded': True, 'type': type(v).__name__, 'repr': repr(v),
                       'marshal': marshal.dumps(v, 2).hex()})
    else:
        result.append({'folded': False})
"#;

/// Expressions at and around every folding rule and limit of ast_opt.c.
fn corpus() -> Vec<String> {
    let mut c: Vec<String> = [
        // int * int: bit lengths summed <= 128
        "2**63*2**63",
        "2**64*2**63",
        "(2**64-1)*(2**64-1)",
        "18446744073709551615*18446744073709551616",
        "0*2**200",
        "(2**100)*0",
        "-3*7",
        "True*True",
        "True*2",
        "3*1.5",
        "True*1.5",
        // ** : bits(base) <= 128 // exponent
        "2**64",
        "2**65",
        "2**127",
        "3**40",
        "7**42",
        "7**43",
        "255**16",
        "256**16",
        "(-2)**64",
        "(-2)**3",
        "2**-1",
        "0**-1",
        "0**0",
        "0**(2**100)",
        "1**(2**64)",
        "(-1)**-1",
        "2**-1075",
        "10**-400",
        "(-8)**(1/3)",
        "(-8.0)**0.5",
        "2.0**1024",
        "10.0**400",
        "(-2.0)**1023",
        "0.0**-1",
        "1e400**0",
        "2**0.5",
        "True**2",
        "False**-1",
        "4**0.5",
        "(-2)**-3",
        "1.5**2.5",
        "(-1.5)**3",
        "1e400**-1",
        "(-1e400)**3",
        "(-1e400)**2",
        "2**2**2**2",
        "(1e400*0)**0",
        "(1e400*0)**2",
        "1**(1e400*0)",
        "0.5**1e400",
        "2**1e400",
        "(-0.0)**3",
        "(-0.0)**-3",
        // << : result <= 128 bits; >> unlimited
        "1<<127",
        "1<<128",
        "2<<127",
        "3<<126",
        "1<<0",
        "0<<1000",
        "0<<2**100",
        "5<<-1",
        "(2**100)<<28",
        "(2**100)<<29",
        "-1<<127",
        "True<<3",
        "1>>1000",
        "-1>>1000",
        "(2**120)>>100",
        "5>>-1",
        "-5>>1",
        "1>>2**100",
        "-7>>2**100",
        "True>>1",
        // & | ^ ~
        "True&False",
        "True|False",
        "True^True",
        "True|2",
        "-5&0xff",
        "(2**100)^-1",
        "~True",
        "~5",
        "~(-2**100)",
        "1.5&1",
        "3|1.0",
        // // and %
        "7//-2",
        "-7%3",
        "7%0",
        "7.5//2",
        "-7.5%2",
        "7//0.0",
        "-0.0%5",
        "0.0%-5",
        "5%-0.0",
        "(10**30)//7",
        "-(10**30)%7",
        "1e308//1e-308",
        "-1e-300//1e300",
        "5.0//-3",
        "-5.0%3",
        "1e400%2",
        "2%1e400",
        "-2%1e400",
        "1e400//1",
        "5//True",
        "5%False",
        "1j//1",
        "1j%2",
        // true division
        "1/3",
        "1/0",
        "7/7",
        "(10**30+1)/3",
        "(2**120)/3",
        "-(7**40)/(2**100)",
        "0/-5",
        "0.0/-5",
        "1/10**38",
        "True/2",
        "1/2**-1",
        "2**100/2**99",
        // + and -
        "'a'+'b'",
        "b'a'+b'b'",
        "(1,)+(2,)",
        "'a'+b'b'",
        "1+2j",
        "1.5+True",
        "9223372036854775807+1",
        "-9223372036854775808-1",
        "-(2**63)",
        "0.1+0.2",
        "1e308*10",
        "1e308+1e308",
        "-1e400",
        "1e400-1e400",
        "0.0*1e400",
        "()+()",
        "(1,)+()",
        "'a'+1",
        "(1,)+[2]",
        // repetition limits
        "2*'ab'",
        "'ab'*2",
        "'a'*4096",
        "'a'*4097",
        "'ab'*2048",
        "'ab'*2049",
        "''*(10**30)",
        "''*(2**62)",
        "''*-1",
        "'a'*-1",
        "'a'*0",
        "b'ab'*2048",
        "b'x'*4097",
        "b''*5",
        "(1,)*256",
        "(1,)*257",
        "(1,2)*128",
        "(1,2)*129",
        "((1,2),)*256",
        "((1,2,3),)*256",
        "((1,2,3,4),)*256",
        "((1,2),(3,4))*128",
        "(((1,),),)*256",
        "()*(10**30)",
        "()*5",
        "2*(1,)",
        "(1,)*True",
        "'\\u00e9'*4096",
        "'\\u00e9'*4097",
        "'\\U0001F600'*2",
        "'abc'*2.0",
        "1.5*'a'",
        "'a'*(2**64)",
        "'a'*-(2**64)",
        "(1,)*-(2**64)",
        "(1,)*-1",
        "'ab'*False",
        // complex
        "1j*1j",
        "(1+2j)/(3-4j)",
        "1j/0",
        "(1+2j)**2",
        "(1+2j)**-2",
        "2j**0.5",
        "0j**-1",
        "0j**0",
        "(1+1j)**100",
        "(1+1j)**101",
        "(1e200j)**2",
        "-0j",
        "-(1j)",
        "+1j",
        "(1+2j)*(3-1j)",
        "1j**1j",
        "(-1)**0.5",
        "0j**1j",
        "1e300j*1e300j",
        "(1+1j)/1e-320",
        "1j+1e400",
        // unary
        "-0.0",
        "-(-0.0)",
        "+True",
        "-True",
        "~1.5",
        "not 0",
        "not ''",
        "not (1,)",
        "not None",
        "not 0j",
        "not ...",
        "-'a'",
        "not b''",
        "not 0.0",
        "not 2**100",
        "not (1e400*0)",
        "+'a'",
        "- -5",
        "-(2**63)",
        "not ()",
        "--1j",
        // subscripts
        "'abc'[1]",
        "'abc'[-1]",
        "'abc'[3]",
        "'abc'[True]",
        "b'abc'[0]",
        "(1,2,3)[1]",
        "(1,2,3)[-4]",
        "'abc'[1:2]",
        "'abc'[1.0]",
        "'\\u00e9\\u20ac\\U0001F600'[2]",
        "'\\u00e9\\u20ac'[-2]",
        "'abc'[2**70]",
        "(1,(2,3))[1][0]",
        "'abc'[-2**70]",
        "b'abc'[-1]",
        "()[0]",
        "(1,)[False]",
        "'a\\ud800b'[1]",
        "None[0]",
        // tuples
        "(1,'a',None,...)",
        "()",
        "(1,)",
        "((1,2),(3,))",
        "(1,-2,3.5,4j,b'x',True)",
        "(1,(2,(3,(4,))))",
        // str with surrogates and formats
        "'\\ud800'+'x'",
        "'\\ud800'*2",
        "'%s'%('a',)",
        "'%s'%'a'",
        "b'%s'%(b'a',)",
        "5%3",
        "'%d'%5",
        // not folded at all
        "1<2",
        "x and 2",
        "x+1",
        "(1,x)",
        "[1,2]",
        "{1,2}",
        "{1:2}",
        "1@2",
        "x if 1 else 'b'",
        "__debug__",
        "not __debug__",
        "(__debug__,1)",
        "-__debug__",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Ints beyond i64 from literals, and one too large for a float.
    c.push(format!("{}+1", "9".repeat(40)));
    c.push(format!("-{}", "9".repeat(40)));
    c.push(format!("1/{}", "1".repeat(400)));
    c.push(format!("{}/7", "1".repeat(300)));
    c.push(format!("0x1{}/1", "0".repeat(300)));
    c.push(format!("0x1{}*1.0", "0".repeat(256)));
    c.push(format!("{}//{}", "7".repeat(50), "3".repeat(20)));
    c.push(format!("{}%-{}", "7".repeat(50), "3".repeat(20)));
    c.push(format!("{}&-{}", "7".repeat(50), "3".repeat(20)));
    c.push(format!("{}>>100", "7".repeat(50)));
    c
}

/// Right sides of `in`, for `a in (E)`: CPython loads E with one LOAD_CONST iff it folded it.
const IN_CPYTHON: &str = r#"
import dis, marshal
result = []
for e in cases:
    co = compile(f'x = (a in {e})\n', '<case>', 'exec', dont_inherit=True)
    ins = list(dis.get_instructions(co))
    names = [i.opname for i in ins]
    if names == ['RESUME', 'LOAD_NAME', 'LOAD_CONST', 'CONTAINS_OP', 'STORE_NAME', 'LOAD_CONST', 'RETURN_VALUE']:
        v = co.co_consts[ins[2].arg]
        result.append({'folded': True, 'type': type(v).__name__, 'repr': repr(v),
                       'marshal': marshal.dumps(v, 2).hex()})
    else:
        result.append({'folded': False})
"#;

const IN_CASES: &[&str] = &[
    "[1, 2]",
    "[]",
    "{1, 2, 1.0}",
    "{'a', 'b', 'c', 'spam', 'eggs'}",
    "[1, [2]]",
    "{(1, 2), 3}",
    "{1, True}",
    "{0, 0.0, -0.0, False}",
    "{b'a', 'a'}",
    "{1e400*0, 1e400*0}",
    "[*a]",
    "{*a}",
    "{1, x}",
    "[-1, 2**70]",
    "{1j, 1+0j, 1}",
    "{'\\u00e9', b'\\xe9', 233}",
    "{(), (1,), ((),)}",
    "{2**64, 2.0**64, -2**64}",
    "[__debug__]",
    "{None, ...}",
];

fn pyrite_fold(src: &str, optimize: u8) -> Result<Option<pyrite_ir::ast::Constant>, String> {
    pyrite_fold_in(&format!("x = ({src})\n"), optimize, |value| value)
}

/// The constant `pick` finds in the value of the assignment `src`, after ast-opt.
fn pyrite_fold_in(
    src: &str,
    optimize: u8,
    pick: impl Fn(&pyrite_ir::ast::Expr) -> &pyrite_ir::ast::Expr,
) -> Result<Option<pyrite_ir::ast::Constant>, String> {
    let mut p = Pipeline::standard();
    p.truncate_after("ast-opt").map_err(|e| e.to_string())?;
    let mut cx = Context::new(Options { optimize, ..Options::default() });
    let ir = p
        .run(Ir::Source(SourceFile::new("<case>", src.as_bytes().to_vec())), &mut cx)
        .map_err(|d| d.message.clone())?;
    let Ir::Ast(a) = ir else { return Err("not an AST".into()) };
    let Mod::Module { body, .. } = a.tree else { return Err("not a module".into()) };
    let StmtKind::Assign { value, .. } = &body[0].kind else { return Err("not an assignment".into()) };
    Ok(match &pick(value).kind {
        ExprKind::Constant { value, .. } => Some(value.clone()),
        _ => None,
    })
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn describe(c: Option<pyrite_ir::ast::Constant>) -> Value {
    let Some(c) = c else { return json!({"folded": false}) };
    let v = c.to_value();
    let mut repr = String::new();
    constant_repr(&c, &mut repr);
    json!({"folded": true, "type": v.type_name(), "repr": repr, "marshal": hex(&dumps_constant_v2(&v))})
}

/// A frozenset's repr with its items sorted: what the oracle shows has been through compile.c's
/// constant merging, which rebuilds a frozenset and may lay its hash table out differently from
/// the one ast_opt.c built (the codegen stage's concern). The marshal bytes, which sort the
/// items, still compare exactly.
fn unordered(mut v: Value) -> Value {
    if let Some(inner) =
        v["repr"].as_str().and_then(|r| r.strip_prefix("frozenset({")).and_then(|r| r.strip_suffix("})"))
    {
        let mut items: Vec<String> = split_top_level(inner);
        items.sort();
        v["repr"] = json!(format!("frozenset({{{}}})", items.join(", ")));
    }
    v
}

fn split_top_level(s: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth, mut quote) = (Vec::new(), String::new(), 0i32, None::<char>);
    let mut chars = s.chars();
    while let Some(ch) = chars.next() {
        match (quote, ch) {
            (Some(_), '\\') => {
                cur.push(ch);
                cur.extend(chars.next());
                continue;
            }
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(ch),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                out.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    out.push(cur.trim().to_string());
    out
}

#[test]
fn in_operands_match_cpython() {
    let Some(mut oracle) = Oracle::for_tests() else { return };
    let answers =
        oracle.eval(IN_CPYTHON, json!({ "cases": IN_CASES })).expect("the oracle compiles the cases");
    let mut failures = Vec::new();
    for (src, want) in IN_CASES.iter().zip(answers.as_array().expect("a list")) {
        let got = pyrite_fold_in(&format!("x = (a in {src})\n"), 0, |e| match &e.kind {
            ExprKind::Compare(c) => &c.comparators[0],
            _ => e,
        });
        let got = got.map(describe).unwrap_or_else(|e| json!({"error": e}));
        if unordered(got.clone()) != unordered(want.clone()) {
            failures.push(format!("a in {src}:\n  CPython {want}\n  pyrite  {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn folding_matches_cpython() {
    let Some(mut oracle) = Oracle::for_tests() else { return };
    let mut cases: Vec<(String, u8)> = corpus().into_iter().map(|e| (e, 0)).collect();
    for e in ["__debug__", "not __debug__", "(__debug__,1)", "-__debug__", "__debug__+1"] {
        cases.push((e.to_string(), 1));
        cases.push((e.to_string(), 2));
    }
    let answers = oracle.eval(CPYTHON, json!({ "cases": cases })).expect("the oracle compiles the corpus");
    let answers = answers.as_array().expect("a list");
    assert_eq!(answers.len(), cases.len());
    let mut failures = Vec::new();
    let mut folded = 0;
    for ((src, opt), want) in cases.iter().zip(answers) {
        if want.get("error").is_some() {
            failures.push(format!("{src}: CPython rejects it ({want})"));
            continue;
        }
        let got = match pyrite_fold(src, *opt) {
            Ok(g) => g,
            Err(e) => {
                failures.push(format!("{src} (-O{opt}): pyrite failed: {e}"));
                continue;
            }
        };
        let got = describe(got);
        if want["folded"] == Value::Bool(true) {
            folded += 1;
        }
        if &got != want {
            failures.push(format!("{src} (-O{opt}):\n  CPython {want}\n  pyrite  {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!("{} cases, {folded} folded by CPython, all identical", cases.len());
}
