//! Properties of the scanner on arbitrary input: it never panics (both views), and the tokens
//! tile the source: in order, non-overlapping, on character boundaries, with positions that agree
//! with their byte offsets and only whitespace or line continuations between them.

use proptest::prelude::*;
use pyrite_ir::{SourceFile, TokenStream, TokenType};
use pyrite_passes::tokenize::{module_view, tokenize};

fn check_tiling(s: &TokenStream) -> Result<(), TestCaseError> {
    let text = &s.source.text;
    let mut prev = 0usize;
    for t in &s.tokens {
        if t.ty == TokenType::ENCODING {
            continue;
        }
        let (a, b) = (t.start as usize, t.end as usize);
        prop_assert!(a <= b && b <= text.len(), "token out of bounds: {t:?}");
        prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b), "not a char boundary: {t:?}");
        prop_assert!(a >= prev, "tokens overlap or go backwards at {t:?}");
        let gap = &text[prev..a];
        prop_assert!(
            gap.bytes().all(|c| matches!(c, b' ' | b'\t' | 0x0c | b'\\' | b'\r' | b'\n')),
            "unexpected gap {gap:?} before {t:?}"
        );
        let line_count = s.source.line_count() as u32;
        if t.start_line >= 1 && t.start_line <= line_count {
            let ls = s.source.line_starts[t.start_line as usize - 1] as usize;
            prop_assert_eq!(ls + t.start_col as usize, a, "start position of {:?}", t);
        }
        if t.end_line >= 1 && t.end_line <= line_count && b > a {
            let ls = s.source.line_starts[t.end_line as usize - 1] as usize;
            prop_assert_eq!(ls + t.end_col as usize, b, "end position of {:?}", t);
        }
        prev = b;
    }
    Ok(())
}

/// Python-looking text: the characters that matter to a tokenizer, weighted towards real code.
fn pythonish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("x".to_string()),
        Just("if".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("\x0c".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\\".to_string()),
        Just("'".to_string()),
        Just("\"\"\"".to_string()),
        Just("#".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just(":".to_string()),
        Just("0".to_string()),
        Just("1_2.e".to_string()),
        Just("rb".to_string()),
        Just("é".to_string()),
        Just("€".to_string()),
        Just("$".to_string()),
        Just("    ".to_string()),
        "[a-z0-9 .=+*/<>!]{1,4}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = module_view::tokenize_file("f.py", &bytes);
        let _ = module_view::tokenize_stdin(&bytes);
        let _ = tokenize(&SourceFile::new("f.py", bytes.clone()), true);
    }

    #[test]
    fn tokens_tile_the_source(src in pythonish()) {
        let m = module_view::tokenize_text("f.py", &src, true);
        check_tiling(&m.stream)?;
        let c = pyrite_passes::tokenize::tokenize_str("f.py", &src, true);
        check_tiling(&c)?;
        // A module-view scan that ends without error ends with ENDMARKER.
        if m.error.is_none() {
            prop_assert_eq!(m.stream.tokens.last().map(|t| t.ty), Some(TokenType::ENDMARKER));
        }
    }
}
