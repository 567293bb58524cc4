//! The `peephole` stage (Cfg -> Cfg). Not built yet: it type-checks in a pipeline and refuses to run.

use crate::pass::{NotBuilt, Pass};
use pyrite_ir::IrKind;

pub fn pass() -> Box<dyn Pass> {
    Box::new(NotBuilt { name: "peephole", input: IrKind::Cfg, output: IrKind::Cfg })
}
