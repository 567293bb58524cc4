//! Tokens for the parser from CPython's own `tokenize` module, converted to the C tokenizer's
//! view the parser consumes (exact operator types, byte offsets and byte columns). Lets the parse
//! stage be diffed against CPython in isolation from pyrite's tokenizer.

use crate::oracle::{Oracle, OracleError};
use pyrite_ir::{Token, TokenType};
use serde_json::json;

const TOKENIZE_PY: &str = r#"
import builtins
f = getattr(builtins, "_pyrite_tokens", None)
if f is None:
    import tokenize, io
    def f(text):
        lines = text.splitlines(keepends=True)
        starts = [0]
        for l in lines:
            starts.append(starts[-1] + len(l.encode()))
        def bc(row, col):
            if row - 1 >= len(lines):
                return 0
            return len(lines[row - 1][:col].encode())
        out = []
        err = None
        try:
            for t in tokenize.generate_tokens(io.StringIO(text).readline):
                (sr, sc), (er, ec) = t.start, t.end
                bsc, bec = bc(sr, sc), bc(er, ec)
                so = starts[min(sr - 1, len(starts) - 1)] + bsc
                eo = max(so, starts[min(er - 1, len(starts) - 1)] + bec)
                out.append([t.exact_type, so, eo, sr, bsc, er, bec])
        except Exception as e:
            err = str(e)
        return out, err
    builtins._pyrite_tokens = f
if path is not None:
    import tokenize
    with tokenize.open(path) as fh:
        text = fh.read()
toks, err = f(text)
result = {"text": text if path is not None else None, "tokens": toks, "error": err}
"#;

/// Tokens of `text` (or of the file at `path`, decoded as Python decodes source files, whose text
/// is returned too).
pub fn tokens(
    o: &mut Oracle,
    path: Option<&str>,
    text: Option<&str>,
) -> Result<(Option<String>, Vec<Token>, Option<String>), OracleError> {
    let v = o.eval(TOKENIZE_PY, json!({"path": path, "text": text}))?;
    let toks = v["tokens"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| {
                    let n: Vec<u32> =
                        t.as_array().unwrap().iter().map(|x| x.as_u64().unwrap_or(0) as u32).collect();
                    Token {
                        ty: TokenType::ALL[n[0] as usize],
                        start: n[1],
                        end: n[2],
                        start_line: n[3],
                        start_col: n[4],
                        end_line: n[5],
                        end_col: n[6],
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Ok((v["text"].as_str().map(str::to_string), toks, v["error"].as_str().map(str::to_string)))
}
