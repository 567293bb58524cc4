//! marshal's nesting limit: CPython's writer counts every object it writes (leaves too) on the way
//! down and refuses one deeper than `MAX_MARSHAL_STACK_DEPTH` (2000) with
//! `ValueError: object too deeply nested to marshal` -- 999 nested lambdas compile but cannot be
//! written to a .pyc. Checked before writing so the writer itself stays free of the bookkeeping.
//!
//! An object marshal has already written is written again as a back-reference (a leaf); the check
//! counts every occurrence in full, which differs only for a shared constant tuple met first
//! shallower and again within 2000 levels of the limit.

use super::marshal_read::MAX_DEPTH as MAX_MARSHAL_DEPTH;
use pyrite_ir::{CodeObject, Constant};

/// The message of the `ValueError` the writer raises.
pub const TOO_DEEP: &str = "object too deeply nested to marshal";

/// Whether writing `code` nests objects deeper than marshal allows. Iterative: the input may be
/// deeper than the stack.
pub fn too_deep(code: &CodeObject) -> bool {
    enum Item<'a> {
        Code(&'a CodeObject),
        Const(&'a Constant),
    }
    // The module's code object is at depth 1.
    let mut stack = vec![(Item::Code(code), 1usize)];
    while let Some((item, depth)) = stack.pop() {
        if depth > MAX_MARSHAL_DEPTH {
            return true;
        }
        match item {
            Item::Code(co) => {
                // Bytes and strings at depth + 1; co_consts, co_names and co_localsplusnames are
                // tuples at depth + 1 whose items are at depth + 2.
                let tables_have_items = !co.names.is_empty() || !co.localsplusnames.is_empty();
                if depth + 1 + usize::from(tables_have_items) > MAX_MARSHAL_DEPTH {
                    return true;
                }
                stack.extend(co.consts.iter().map(|c| (Item::Const(c), depth + 2)));
            }
            Item::Const(Constant::Tuple(items) | Constant::FrozenSet(items)) => {
                stack.extend(items.iter().map(|c| (Item::Const(c), depth + 1)));
            }
            Item::Const(Constant::Code(co)) => stack.push((Item::Code(co), depth)),
            Item::Const(_) => {}
        }
    }
    false
}
