//! The `serialize` stage (Code -> Bytes). Not built yet: it type-checks in a pipeline and refuses to run.

use crate::pass::{NotBuilt, Pass};
use pyrite_ir::IrKind;

pub fn pass() -> Box<dyn Pass> {
    Box::new(NotBuilt { name: "serialize", input: IrKind::Code, output: IrKind::Bytes })
}
