//! Malformed CFGs give errors, never panics (CPython would raise SystemError or crash), and a
//! few rules that the conformance programs do not reach.

use super::*;
use pyrite_ir::cfg::{Block, ConstRef, Instr, Location, Opcode};
use pyrite_ir::code::Constant;

fn op(name: &str) -> Opcode {
    Opcode::from_name(name).unwrap()
}

fn at(line: i32) -> Location {
    Location::new(line, line, 0, 1)
}

/// A unit whose blocks (in layout order = id order) hold the given instructions.
fn unit(blocks: Vec<Vec<Instr>>) -> CodeUnit {
    let mut u = CodeUnit::default();
    u.meta.firstlineno = 1;
    u.consts = vec![ConstRef::Value(Constant::None)];
    for instrs in blocks {
        let b = u.new_block();
        u.blocks[b as usize] = Block { instrs, ..Default::default() };
    }
    u
}

fn ret(line: i32) -> Vec<Instr> {
    vec![Instr::new(op("LOAD_CONST"), 0, at(line)), Instr::new(op("RETURN_VALUE"), 0, at(line))]
}

fn names(u: &CodeUnit) -> Vec<String> {
    u.order
        .iter()
        .flat_map(|&b| u.blocks[b as usize].instrs.iter().map(|i| i.opcode.name().into_owned()))
        .collect()
}

#[test]
fn a_jump_inside_a_block_is_malformed() {
    let mut u = unit(vec![vec![Instr::jump(op("JUMP"), 1, at(1)), Instr::new(op("NOP"), 0, at(1))], ret(2)]);
    let e = optimize_unit(&mut u).unwrap_err();
    assert!(e.0.contains("not the last instruction"), "{}", e.0);
}

#[test]
fn missing_targets_and_blocks_are_malformed() {
    let mut u = unit(vec![vec![Instr::new(op("JUMP"), 0, at(1))]]);
    assert!(optimize_unit(&mut u).unwrap_err().0.contains("no target"));
    let mut u = unit(vec![vec![Instr::jump(op("JUMP"), 9, at(1))]]);
    assert!(optimize_unit(&mut u).unwrap_err().0.contains("does not exist"));
    let mut u = CodeUnit::default();
    assert!(optimize_unit(&mut u).is_err());
}

#[test]
fn a_jump_into_trailing_empty_blocks_is_malformed() {
    let mut u = unit(vec![vec![Instr::jump(op("POP_JUMP_IF_TRUE"), 1, at(1))], vec![]]);
    let e = optimize_unit(&mut u).unwrap_err();
    assert!(e.0.contains("empty blocks"), "{}", e.0);
}

#[test]
fn swap_zero_and_bad_cell_numbers_are_malformed() {
    let mut u = unit(vec![vec![
        Instr::new(op("SWAP"), 0, at(1)),
        Instr::new(op("LOAD_CONST"), 0, at(1)),
        Instr::new(op("RETURN_VALUE"), 0, at(1)),
    ]]);
    assert!(optimize_unit(&mut u).unwrap_err().0.contains("SWAP 0"));
    let mut u =
        unit(vec![vec![Instr::new(op("LOAD_DEREF"), 3, at(1)), Instr::new(op("RETURN_VALUE"), 0, at(1))]]);
    assert!(optimize_unit(&mut u).unwrap_err().0.contains("no cell or free variable"));
}

/// bpo-45773's guard stops A -> A; a longer cycle of same-line jumps (A -> B -> C -> B), on
/// which CPython would loop forever, is reported.
#[test]
fn a_cycle_of_same_line_jumps_is_reported() {
    let mut u = unit(vec![
        vec![Instr::jump(op("JUMP"), 1, at(1))],
        vec![Instr::jump(op("JUMP"), 2, at(1))],
        vec![Instr::jump(op("JUMP"), 1, at(1))],
    ]);
    let e = optimize_unit(&mut u).unwrap_err();
    assert!(e.0.contains("cycle"), "{}", e.0);
}

/// Jump threading needs both jumps on one line: a JUMP to a JUMP on another line stays.
#[test]
fn jump_threading_only_within_a_line() {
    let build = |second_line| {
        unit(vec![
            vec![Instr::new(op("NOP"), 0, at(1)), Instr::jump(op("POP_JUMP_IF_TRUE"), 2, at(1))],
            vec![Instr::new(op("LOAD_CONST"), 0, at(2)), Instr::new(op("RETURN_VALUE"), 0, at(2))],
            vec![Instr::jump(op("JUMP"), 3, at(second_line))],
            ret(4),
        ])
    };
    let mut same = build(1);
    optimize_unit(&mut same).unwrap();
    let pj = &same.blocks[0].instrs.last().unwrap();
    assert_eq!(pj.target, Some(3), "threaded past the JUMP on the same line");
    let mut other = build(3);
    optimize_unit(&mut other).unwrap();
    assert_eq!(other.blocks[0].instrs.last().unwrap().target, Some(2), "kept: the JUMP is on line 3");
}

/// swaptimize: a run of SWAPs becomes the fewest with the same permutation: SWAP 2, SWAP 3,
/// SWAP 3 leave the top two items exchanged (SWAP 2 alone); SWAP 2, SWAP 2 leave nothing.
#[test]
fn swaptimize_shortens_a_run_of_swaps() {
    let run = |swaps: &[u32]| {
        let mut instrs: Vec<Instr> = (0..3).map(|_| Instr::new(op("LOAD_CONST"), 0, at(1))).collect();
        instrs.extend(swaps.iter().map(|&n| Instr::new(op("SWAP"), n, at(1))));
        instrs.push(Instr::new(op("BUILD_LIST"), 3, at(1)));
        instrs.push(Instr::new(op("RETURN_VALUE"), 0, at(1)));
        let mut u = unit(vec![instrs]);
        optimize_unit(&mut u).unwrap();
        let left: Vec<u32> =
            u.blocks[0].instrs.iter().filter(|i| i.opcode == op("SWAP")).map(|i| i.oparg).collect();
        (left, names(&u).len())
    };
    assert_eq!(run(&[2, 3, 3]), (vec![2], 6));
    assert_eq!(run(&[2, 2]), (vec![], 5));
    // Exchanging the second and third items needs three SWAPs through the top: already optimal.
    assert_eq!(run(&[2, 3, 2]), (vec![2, 3, 2], 8));
}
