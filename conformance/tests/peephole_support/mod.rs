//! A small text form of codegen's output for the peephole tests: what CPython 3.11's compiler
//! holds at the start of `assemble()` (after the implicit `return None`), written by hand.
//!
//! ```text
//! unit f qualname f firstlineno 1 flags 0x3 args 2 0 0
//! names x
//! vars a:local b:local+cell c:cell d:free
//! consts None 1 'text' unit:2
//! block 0
//!     LOAD_FAST 0 @2:11-2:12
//!     POP_JUMP_IF_FALSE ->2 @2:3-2:9
//! block 2
//!     LOAD_CONST 0 @-
//!     RETURN_VALUE @-
//! ```
//!
//! Blocks are listed in layout order under their ids (creation order, which CPython's `b_list`
//! walks backwards); ids that are never listed are empty blocks outside the layout.

#![allow(dead_code)]

use pyrite_ir::cfg::{Block, Cfg, CodeUnit, ConstRef, Instr, Location, Opcode, UnitMeta};
use pyrite_ir::code::{CodeObject, Constant};
use pyrite_ir::pyint::PyInt;
use pyrite_ir::pystr::PyStr;

fn location(s: &str) -> Location {
    if s == "-" {
        return Location::NONE;
    }
    let (start, end) = s.split_once('-').unwrap_or_else(|| panic!("bad location {s}"));
    let pair = |p: &str| {
        let (a, b) = p.split_once(':').unwrap_or_else(|| panic!("bad position {p}"));
        (a.parse::<i32>().unwrap(), b.parse::<i32>().unwrap())
    };
    let (l, c) = pair(start);
    let (el, ec) = pair(end);
    Location::new(l, el, c, ec)
}

fn constant(s: &str) -> ConstRef {
    if let Some(u) = s.strip_prefix("unit:") {
        return ConstRef::Code(u.parse().unwrap());
    }
    ConstRef::Value(match s {
        "None" => Constant::None,
        "True" => Constant::Bool(true),
        "False" => Constant::Bool(false),
        _ if s.starts_with('\'') => Constant::Str(PyStr::from(s.trim_matches('\''))),
        _ => Constant::Int(PyInt::Small(s.parse().unwrap_or_else(|_| panic!("bad constant {s}")))),
    })
}

fn unit(text: &str, filename: &str) -> CodeUnit {
    let mut u =
        CodeUnit { meta: UnitMeta { filename: filename.into(), ..Default::default() }, ..Default::default() };
    let mut current: Option<u32> = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[0] {
            "unit" => {
                let m = &mut u.meta;
                m.name = words[1].into();
                let mut w = words[2..].iter();
                while let Some(k) = w.next() {
                    let mut v = || *w.next().unwrap();
                    match *k {
                        "qualname" => m.qualname = v().into(),
                        "firstlineno" => m.firstlineno = v().parse().unwrap(),
                        "flags" => m.flags = u32::from_str_radix(v().trim_start_matches("0x"), 16).unwrap(),
                        "args" => {
                            m.argcount = v().parse().unwrap();
                            m.posonlyargcount = v().parse().unwrap();
                            m.kwonlyargcount = v().parse().unwrap();
                        }
                        _ => panic!("unknown unit field {k}"),
                    }
                }
                if m.qualname.is_empty() {
                    m.qualname = m.name.clone();
                }
            }
            "names" => u.meta.names = words[1..].iter().map(|s| (*s).into()).collect(),
            "vars" => {
                for v in &words[1..] {
                    let (name, kind) = v.split_once(':').unwrap();
                    let k = match kind {
                        "local" => 0x20,
                        "local+cell" => 0x60,
                        "cell" => 0x40,
                        "free" => 0x80,
                        _ => panic!("unknown kind {kind}"),
                    };
                    u.meta.localsplus.push((name.into(), k));
                }
            }
            "consts" => u.consts = words[1..].iter().map(|s| constant(s)).collect(),
            "block" => {
                let id: u32 = words[1].parse().unwrap();
                while u.blocks.len() <= id as usize {
                    u.blocks.push(Block::default());
                }
                u.order.push(id);
                current = Some(id);
            }
            op => {
                let opcode = Opcode::from_name(op).unwrap_or_else(|| panic!("unknown opcode {op}"));
                let (mut oparg, mut target) = (0, None);
                let mut loc = Location::NONE;
                for w in &words[1..] {
                    if let Some(t) = w.strip_prefix("->") {
                        target = Some(t.parse().unwrap());
                    } else if let Some(l) = w.strip_prefix('@') {
                        loc = location(l);
                    } else {
                        oparg = w.parse().unwrap();
                    }
                }
                let b = current.expect("an instruction before any block");
                u.blocks[b as usize].instrs.push(Instr { opcode, oparg, target, loc, handler: None });
            }
        }
    }
    for b in &u.blocks {
        for i in &b.instrs {
            if let Some(t) = i.target {
                assert!((t as usize) < u.blocks.len(), "block {t} is never listed");
            }
        }
    }
    u
}

/// A module's CFG: units separated by lines of `---`, the module first.
pub fn cfg(text: &str) -> Cfg {
    Cfg { filename: "t.py".into(), units: text.split("\n---\n").map(|t| unit(t, "t.py")).collect() }
}

/// Constants compare as marshal writes them: frozenset items sorted (CPython's in-memory order
/// is a hash-table order that marshal does not keep).
fn same_constant(a: &Constant, b: &Constant) -> bool {
    use pyrite_passes::serialize::marshal_write::dumps_constant_v2;
    dumps_constant_v2(a) == dumps_constant_v2(b)
}

/// The first field in which two code objects (and their nested ones) differ, with both values.
pub fn first_difference(path: &str, a: &CodeObject, b: &CodeObject) -> Option<String> {
    difference(path, a, b, true)
}

/// Counts the code objects of `a` (itself and nested, paired with `b`'s by position) that equal
/// their counterpart in their own fields (nested code objects compared on their own), and returns
/// the first difference of each that does not.
pub fn compare_tree(path: &str, a: &CodeObject, b: &CodeObject, out: &mut (usize, usize, Vec<String>)) {
    out.0 += 1;
    match difference(path, a, b, false) {
        None => out.1 += 1,
        Some(d) => {
            // Constants that differ usually mean folding (the ast-opt stage) made them differ.
            let same_consts = a.consts.len() == b.consts.len()
                && a.consts.iter().zip(&b.consts).all(|(x, y)| match (x, y) {
                    (Constant::Code(_), Constant::Code(_)) => true,
                    _ => same_constant(x, y),
                });
            out.2.push(format!("{} {d}", if same_consts { "[same consts]" } else { "[consts differ]" }))
        }
    }
    let codes = |c: &'_ CodeObject| -> Vec<CodeObject> {
        c.consts
            .iter()
            .filter_map(|k| if let Constant::Code(x) = k { Some((**x).clone()) } else { None })
            .collect()
    };
    for (x, y) in codes(a).iter().zip(&codes(b)) {
        compare_tree(&format!("{path}.{}", x.name.to_string_lossy()), x, y, out);
    }
}

/// `OPNAME arg` per instruction, caches skipped.
fn instructions(code: &[u8]) -> Vec<String> {
    let names = pyrite_ir::cfg::opcode_names();
    code.chunks(2).filter(|c| c[0] != 0).map(|c| format!("{} {}", names[c[0] as usize], c[1])).collect()
}

/// Where two bytecodes part, as instructions around the first difference.
fn code_difference(a: &[u8], b: &[u8]) -> String {
    let (x, y) = (instructions(a), instructions(b));
    let at = x.iter().zip(&y).position(|(p, q)| p != q).unwrap_or(x.len().min(y.len()));
    let from = at.saturating_sub(3);
    let show = |v: &[String]| v[from.min(v.len())..(at + 4).min(v.len())].join("; ");
    format!("at instruction {at}\n  pyrite:  {}\n  cpython: {}", show(&x), show(&y))
}

fn difference(path: &str, a: &CodeObject, b: &CodeObject, recurse: bool) -> Option<String> {
    let hex = pyrite_ir::code::hex;
    let fields: [(&str, String, String); 14] = [
        ("name", a.name.repr(), b.name.repr()),
        ("qualname", a.qualname.repr(), b.qualname.repr()),
        ("argcount", a.argcount.to_string(), b.argcount.to_string()),
        ("posonlyargcount", a.posonlyargcount.to_string(), b.posonlyargcount.to_string()),
        ("kwonlyargcount", a.kwonlyargcount.to_string(), b.kwonlyargcount.to_string()),
        ("flags", format!("{:#x}", a.flags), format!("{:#x}", b.flags)),
        ("firstlineno", a.firstlineno.to_string(), b.firstlineno.to_string()),
        ("code", hex(&a.code), hex(&b.code)),
        ("names", format!("{:?}", a.names), format!("{:?}", b.names)),
        ("localsplusnames", format!("{:?}", a.localsplusnames), format!("{:?}", b.localsplusnames)),
        ("localspluskinds", hex(&a.localspluskinds), hex(&b.localspluskinds)),
        ("linetable", hex(&a.linetable), hex(&b.linetable)),
        ("exceptiontable", hex(&a.exceptiontable), hex(&b.exceptiontable)),
        ("stacksize", a.stacksize.to_string(), b.stacksize.to_string()),
    ];
    for (name, x, y) in fields {
        if name == "code" && x != y {
            return Some(format!("{path}.co_code {}", code_difference(&a.code, &b.code)));
        }
        if x != y {
            return Some(format!("{path}.co_{name}:\n  pyrite:  {x}\n  cpython: {y}"));
        }
    }
    if a.consts.len() != b.consts.len() {
        return Some(format!("{path}.co_consts: {} vs {} constants", a.consts.len(), b.consts.len()));
    }
    for (i, (x, y)) in a.consts.iter().zip(&b.consts).enumerate() {
        match (x, y) {
            (Constant::Code(x), Constant::Code(y)) => {
                if !recurse {
                    continue;
                }
                if let Some(d) = first_difference(&format!("{path}.co_consts[{i}]"), x, y) {
                    return Some(d);
                }
            }
            _ if same_constant(x, y) => {}
            _ => return Some(format!("{path}.co_consts[{i}]:\n  pyrite:  {x:?}\n  cpython: {y:?}")),
        }
    }
    None
}
