//! Shared by the symtable and unparse conformance tests: parse with pyrite's parser, fed tokens
//! from CPython's tokenize (as tests/ast.rs does), so these later stages are measured on the trees
//! pyrite's parser produces without waiting for pyrite's tokenizer.

#![allow(dead_code)]

use pyrite_conformance::oracle::OraclePool;
use pyrite_conformance::pytokens;
use pyrite_ir::ast::Mod;
use pyrite_ir::{DecodedSource, TokenStream};
use pyrite_passes::Mode;
use std::sync::Arc;

/// The decoded text and pyrite's tree of a file (`path`) or a snippet (`text`); `Err` when
/// tokenizing or parsing fails (the caller counts the file as skipped).
pub fn parse(pool: &OraclePool, path: Option<&str>, text: Option<&str>) -> Result<(String, Mod), String> {
    let (decoded, tokens, err) = pool
        .with(|o| pytokens::tokens(o, path, text))
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    if let Some(e) = err {
        return Err(format!("tokenize: {e}"));
    }
    let text = decoded.or_else(|| text.map(str::to_string)).unwrap_or_default();
    let name = path.unwrap_or("<snippet>").to_string();
    let source = Arc::new(DecodedSource::new(name, "utf-8", false, text.clone()));
    let ts = TokenStream { source, tokens, error: None };
    let sub = |s: &str| -> Result<Vec<pyrite_ir::Token>, String> {
        let (_, toks, err) =
            pool.with(|o| pytokens::tokens(o, None, Some(s))).unwrap().map_err(|e| e.to_string())?;
        match err {
            Some(e) => Err(e),
            None => Ok(toks),
        }
    };
    match pyrite_passes::parse::parse_tokens_with(&ts, Mode::Exec, false, &sub) {
        Ok(tree) => Ok((text, tree)),
        Err(d) => Err(format!("{}: {}", d.kind.name(), d.message)),
    }
}

pub fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}: pyrite {:?} / CPython {:?}", i + 1, x, y);
        }
    }
    format!("lengths differ ({} vs {} lines)", a.lines().count(), b.lines().count())
}
