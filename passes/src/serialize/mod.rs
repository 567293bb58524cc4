//! The `serialize` stage (Code -> Bytes): marshal and the .pyc container.
//!
//! - [`marshal_read`]: marshal data / .pyc files into code objects (any CPython 3.11 .pyc).
//! - [`pyc`]: the 16-byte header (timestamp, checked-hash and unchecked-hash modes).

pub mod marshal_read;
pub mod marshal_write;
pub mod pyc;

use crate::pass::{NotBuilt, Pass};
use pyrite_ir::IrKind;

pub fn pass() -> Box<dyn Pass> {
    Box::new(NotBuilt { name: "serialize", input: IrKind::Code, output: IrKind::Bytes })
}
