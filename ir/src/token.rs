//! Tokens: the output of the `tokenize` stage.
//!
//! One scanner serves two views (see `pyrite_passes::tokenize`): the pure-Python `tokenize` module's
//! view printed by `pyrite tokenize` (COMMENT, NL, ERRORTOKEN tokens, code-point columns) and the C
//! tokenizer's view the parser consumes (errors instead of ERRORTOKEN, byte columns). A token records
//! byte offsets into [`DecodedSource::text`]; every column flavour is derived from them.

use crate::diag::Diagnostic;
use crate::source::DecodedSource;
use serde::Serialize;
use std::sync::Arc;

/// Token types, numbered as CPython 3.11's `token` module numbers them (`token.tok_name`).
/// Operators carry their exact type here; [`TokenType::OP`] is what `tokenize` prints as the
/// generic type of every operator.
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[repr(u8)]
pub enum TokenType {
    ENDMARKER = 0,
    NAME = 1,
    NUMBER = 2,
    STRING = 3,
    NEWLINE = 4,
    INDENT = 5,
    DEDENT = 6,
    LPAR = 7,
    RPAR = 8,
    LSQB = 9,
    RSQB = 10,
    COLON = 11,
    COMMA = 12,
    SEMI = 13,
    PLUS = 14,
    MINUS = 15,
    STAR = 16,
    SLASH = 17,
    VBAR = 18,
    AMPER = 19,
    LESS = 20,
    GREATER = 21,
    EQUAL = 22,
    DOT = 23,
    PERCENT = 24,
    LBRACE = 25,
    RBRACE = 26,
    EQEQUAL = 27,
    NOTEQUAL = 28,
    LESSEQUAL = 29,
    GREATEREQUAL = 30,
    TILDE = 31,
    CIRCUMFLEX = 32,
    LEFTSHIFT = 33,
    RIGHTSHIFT = 34,
    DOUBLESTAR = 35,
    PLUSEQUAL = 36,
    MINEQUAL = 37,
    STAREQUAL = 38,
    SLASHEQUAL = 39,
    PERCENTEQUAL = 40,
    AMPEREQUAL = 41,
    VBAREQUAL = 42,
    CIRCUMFLEXEQUAL = 43,
    LEFTSHIFTEQUAL = 44,
    RIGHTSHIFTEQUAL = 45,
    DOUBLESTAREQUAL = 46,
    DOUBLESLASH = 47,
    DOUBLESLASHEQUAL = 48,
    AT = 49,
    ATEQUAL = 50,
    RARROW = 51,
    ELLIPSIS = 52,
    COLONEQUAL = 53,
    OP = 54,
    AWAIT = 55,
    ASYNC = 56,
    TYPE_IGNORE = 57,
    TYPE_COMMENT = 58,
    SOFT_KEYWORD = 59,
    ERRORTOKEN = 60,
    COMMENT = 61,
    NL = 62,
    ENCODING = 63,
}

impl TokenType {
    /// Every token type, indexed by its number.
    pub const ALL: [TokenType; 64] = [
        TokenType::ENDMARKER,
        TokenType::NAME,
        TokenType::NUMBER,
        TokenType::STRING,
        TokenType::NEWLINE,
        TokenType::INDENT,
        TokenType::DEDENT,
        TokenType::LPAR,
        TokenType::RPAR,
        TokenType::LSQB,
        TokenType::RSQB,
        TokenType::COLON,
        TokenType::COMMA,
        TokenType::SEMI,
        TokenType::PLUS,
        TokenType::MINUS,
        TokenType::STAR,
        TokenType::SLASH,
        TokenType::VBAR,
        TokenType::AMPER,
        TokenType::LESS,
        TokenType::GREATER,
        TokenType::EQUAL,
        TokenType::DOT,
        TokenType::PERCENT,
        TokenType::LBRACE,
        TokenType::RBRACE,
        TokenType::EQEQUAL,
        TokenType::NOTEQUAL,
        TokenType::LESSEQUAL,
        TokenType::GREATEREQUAL,
        TokenType::TILDE,
        TokenType::CIRCUMFLEX,
        TokenType::LEFTSHIFT,
        TokenType::RIGHTSHIFT,
        TokenType::DOUBLESTAR,
        TokenType::PLUSEQUAL,
        TokenType::MINEQUAL,
        TokenType::STAREQUAL,
        TokenType::SLASHEQUAL,
        TokenType::PERCENTEQUAL,
        TokenType::AMPEREQUAL,
        TokenType::VBAREQUAL,
        TokenType::CIRCUMFLEXEQUAL,
        TokenType::LEFTSHIFTEQUAL,
        TokenType::RIGHTSHIFTEQUAL,
        TokenType::DOUBLESTAREQUAL,
        TokenType::DOUBLESLASH,
        TokenType::DOUBLESLASHEQUAL,
        TokenType::AT,
        TokenType::ATEQUAL,
        TokenType::RARROW,
        TokenType::ELLIPSIS,
        TokenType::COLONEQUAL,
        TokenType::OP,
        TokenType::AWAIT,
        TokenType::ASYNC,
        TokenType::TYPE_IGNORE,
        TokenType::TYPE_COMMENT,
        TokenType::SOFT_KEYWORD,
        TokenType::ERRORTOKEN,
        TokenType::COMMENT,
        TokenType::NL,
        TokenType::ENCODING,
    ];

    /// The name `token.tok_name` gives this type.
    pub fn name(self) -> &'static str {
        match self {
            TokenType::ENDMARKER => "ENDMARKER",
            TokenType::NAME => "NAME",
            TokenType::NUMBER => "NUMBER",
            TokenType::STRING => "STRING",
            TokenType::NEWLINE => "NEWLINE",
            TokenType::INDENT => "INDENT",
            TokenType::DEDENT => "DEDENT",
            TokenType::LPAR => "LPAR",
            TokenType::RPAR => "RPAR",
            TokenType::LSQB => "LSQB",
            TokenType::RSQB => "RSQB",
            TokenType::COLON => "COLON",
            TokenType::COMMA => "COMMA",
            TokenType::SEMI => "SEMI",
            TokenType::PLUS => "PLUS",
            TokenType::MINUS => "MINUS",
            TokenType::STAR => "STAR",
            TokenType::SLASH => "SLASH",
            TokenType::VBAR => "VBAR",
            TokenType::AMPER => "AMPER",
            TokenType::LESS => "LESS",
            TokenType::GREATER => "GREATER",
            TokenType::EQUAL => "EQUAL",
            TokenType::DOT => "DOT",
            TokenType::PERCENT => "PERCENT",
            TokenType::LBRACE => "LBRACE",
            TokenType::RBRACE => "RBRACE",
            TokenType::EQEQUAL => "EQEQUAL",
            TokenType::NOTEQUAL => "NOTEQUAL",
            TokenType::LESSEQUAL => "LESSEQUAL",
            TokenType::GREATEREQUAL => "GREATEREQUAL",
            TokenType::TILDE => "TILDE",
            TokenType::CIRCUMFLEX => "CIRCUMFLEX",
            TokenType::LEFTSHIFT => "LEFTSHIFT",
            TokenType::RIGHTSHIFT => "RIGHTSHIFT",
            TokenType::DOUBLESTAR => "DOUBLESTAR",
            TokenType::PLUSEQUAL => "PLUSEQUAL",
            TokenType::MINEQUAL => "MINEQUAL",
            TokenType::STAREQUAL => "STAREQUAL",
            TokenType::SLASHEQUAL => "SLASHEQUAL",
            TokenType::PERCENTEQUAL => "PERCENTEQUAL",
            TokenType::AMPEREQUAL => "AMPEREQUAL",
            TokenType::VBAREQUAL => "VBAREQUAL",
            TokenType::CIRCUMFLEXEQUAL => "CIRCUMFLEXEQUAL",
            TokenType::LEFTSHIFTEQUAL => "LEFTSHIFTEQUAL",
            TokenType::RIGHTSHIFTEQUAL => "RIGHTSHIFTEQUAL",
            TokenType::DOUBLESTAREQUAL => "DOUBLESTAREQUAL",
            TokenType::DOUBLESLASH => "DOUBLESLASH",
            TokenType::DOUBLESLASHEQUAL => "DOUBLESLASHEQUAL",
            TokenType::AT => "AT",
            TokenType::ATEQUAL => "ATEQUAL",
            TokenType::RARROW => "RARROW",
            TokenType::ELLIPSIS => "ELLIPSIS",
            TokenType::COLONEQUAL => "COLONEQUAL",
            TokenType::OP => "OP",
            TokenType::AWAIT => "AWAIT",
            TokenType::ASYNC => "ASYNC",
            TokenType::TYPE_IGNORE => "TYPE_IGNORE",
            TokenType::TYPE_COMMENT => "TYPE_COMMENT",
            TokenType::SOFT_KEYWORD => "SOFT_KEYWORD",
            TokenType::ERRORTOKEN => "ERRORTOKEN",
            TokenType::COMMENT => "COMMENT",
            TokenType::NL => "NL",
            TokenType::ENCODING => "ENCODING",
        }
    }

    /// The operator text for an exact operator type (`token.EXACT_TOKEN_TYPES` inverted).
    pub fn operator_text(self) -> Option<&'static str> {
        Some(match self {
            TokenType::LPAR => "(",
            TokenType::RPAR => ")",
            TokenType::LSQB => "[",
            TokenType::RSQB => "]",
            TokenType::COLON => ":",
            TokenType::COMMA => ",",
            TokenType::SEMI => ";",
            TokenType::PLUS => "+",
            TokenType::MINUS => "-",
            TokenType::STAR => "*",
            TokenType::SLASH => "/",
            TokenType::VBAR => "|",
            TokenType::AMPER => "&",
            TokenType::LESS => "<",
            TokenType::GREATER => ">",
            TokenType::EQUAL => "=",
            TokenType::DOT => ".",
            TokenType::PERCENT => "%",
            TokenType::LBRACE => "{",
            TokenType::RBRACE => "}",
            TokenType::EQEQUAL => "==",
            TokenType::NOTEQUAL => "!=",
            TokenType::LESSEQUAL => "<=",
            TokenType::GREATEREQUAL => ">=",
            TokenType::TILDE => "~",
            TokenType::CIRCUMFLEX => "^",
            TokenType::LEFTSHIFT => "<<",
            TokenType::RIGHTSHIFT => ">>",
            TokenType::DOUBLESTAR => "**",
            TokenType::PLUSEQUAL => "+=",
            TokenType::MINEQUAL => "-=",
            TokenType::STAREQUAL => "*=",
            TokenType::SLASHEQUAL => "/=",
            TokenType::PERCENTEQUAL => "%=",
            TokenType::AMPEREQUAL => "&=",
            TokenType::VBAREQUAL => "|=",
            TokenType::CIRCUMFLEXEQUAL => "^=",
            TokenType::LEFTSHIFTEQUAL => "<<=",
            TokenType::RIGHTSHIFTEQUAL => ">>=",
            TokenType::DOUBLESTAREQUAL => "**=",
            TokenType::DOUBLESLASH => "//",
            TokenType::DOUBLESLASHEQUAL => "//=",
            TokenType::AT => "@",
            TokenType::ATEQUAL => "@=",
            TokenType::RARROW => "->",
            TokenType::ELLIPSIS => "...",
            TokenType::COLONEQUAL => ":=",
            _ => return None,
        })
    }

    /// The exact type of an operator spelled `text` (`token.EXACT_TOKEN_TYPES`).
    pub fn from_operator(text: &str) -> Option<TokenType> {
        Some(match text {
            "(" => TokenType::LPAR,
            ")" => TokenType::RPAR,
            "[" => TokenType::LSQB,
            "]" => TokenType::RSQB,
            ":" => TokenType::COLON,
            "," => TokenType::COMMA,
            ";" => TokenType::SEMI,
            "+" => TokenType::PLUS,
            "-" => TokenType::MINUS,
            "*" => TokenType::STAR,
            "/" => TokenType::SLASH,
            "|" => TokenType::VBAR,
            "&" => TokenType::AMPER,
            "<" => TokenType::LESS,
            ">" => TokenType::GREATER,
            "=" => TokenType::EQUAL,
            "." => TokenType::DOT,
            "%" => TokenType::PERCENT,
            "{" => TokenType::LBRACE,
            "}" => TokenType::RBRACE,
            "==" => TokenType::EQEQUAL,
            "!=" => TokenType::NOTEQUAL,
            "<=" => TokenType::LESSEQUAL,
            ">=" => TokenType::GREATEREQUAL,
            "~" => TokenType::TILDE,
            "^" => TokenType::CIRCUMFLEX,
            "<<" => TokenType::LEFTSHIFT,
            ">>" => TokenType::RIGHTSHIFT,
            "**" => TokenType::DOUBLESTAR,
            "+=" => TokenType::PLUSEQUAL,
            "-=" => TokenType::MINEQUAL,
            "*=" => TokenType::STAREQUAL,
            "/=" => TokenType::SLASHEQUAL,
            "%=" => TokenType::PERCENTEQUAL,
            "&=" => TokenType::AMPEREQUAL,
            "|=" => TokenType::VBAREQUAL,
            "^=" => TokenType::CIRCUMFLEXEQUAL,
            "<<=" => TokenType::LEFTSHIFTEQUAL,
            ">>=" => TokenType::RIGHTSHIFTEQUAL,
            "**=" => TokenType::DOUBLESTAREQUAL,
            "//" => TokenType::DOUBLESLASH,
            "//=" => TokenType::DOUBLESLASHEQUAL,
            "@" => TokenType::AT,
            "@=" => TokenType::ATEQUAL,
            "->" => TokenType::RARROW,
            "..." => TokenType::ELLIPSIS,
            ":=" => TokenType::COLONEQUAL,
            _ => return None,
        })
    }

    /// Whether this is one of the exact operator types (printed as `OP` by `tokenize`).
    pub fn is_operator(self) -> bool {
        self.operator_text().is_some()
    }
}
/// One token. `start..end` are byte offsets into the decoded source text; lines are 1-based and
/// columns are UTF-8 byte offsets within the line (the C tokenizer's and the AST's unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    pub ty: TokenType,
    pub start: u32,
    pub end: u32,
    pub start_line: u32,
    pub start_col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

/// Code points before byte `byte_col` of `line`; past its end, each byte counts one (a
/// synthesized NEWLINE ends one past the line).
pub fn char_col_in(line: &str, byte_col: usize) -> usize {
    if byte_col <= line.len() {
        match line.get(..byte_col) {
            Some(prefix) if !prefix.is_ascii() => prefix.chars().count(),
            Some(_) => byte_col,
            None => line.char_indices().take_while(|&(i, _)| i < byte_col).count(),
        }
    } else {
        line.chars().count() + (byte_col - line.len())
    }
}

/// The token stream of one source file.
#[derive(Clone, Debug)]
pub struct TokenStream {
    pub source: Arc<DecodedSource>,
    pub tokens: Vec<Token>,
    /// The error that stopped tokenization, if any; `tokens` holds what came before it.
    pub error: Option<Diagnostic>,
    /// Warnings the tokenizer issued (CPython's DeprecationWarning for `1if`), in order.
    pub warnings: Vec<Diagnostic>,
}

impl TokenStream {
    /// The text of a token (empty for synthesised NEWLINE, DEDENT and ENDMARKER tokens).
    pub fn text(&self, tok: &Token) -> &str {
        &self.source.text[tok.start as usize..tok.end as usize]
    }
}

impl TokenStream {
    /// A token's columns as the `tokenize` module counts them: code points from the line start.
    pub fn char_cols(&self, tok: &Token) -> (usize, usize) {
        (self.char_col(tok.start_line, tok.start_col), self.char_col(tok.end_line, tok.end_col))
    }

    fn char_col(&self, line: u32, byte_col: u32) -> usize {
        let text = self.source.line(line as usize);
        char_col_in(text, byte_col as usize)
    }

    /// The dump `python3 -m tokenize [-e]` prints for this stream (the ENCODING token included when
    /// the stream has one), without any error line.
    pub fn dump_text(&self, exact: bool) -> String {
        use std::fmt::Write;
        let mut out = String::with_capacity(self.tokens.len() * 48);
        let mut field = String::new();
        // Columns are bytes in tokens; a line that is all ASCII needs no conversion, so remember
        // the last line checked (a long non-ASCII line is still counted per token).
        let mut ascii_line = (0u32, true);
        let mut col = |line: u32, byte_col: u32| -> usize {
            if ascii_line.0 != line {
                ascii_line = (line, self.source.line(line as usize).is_ascii());
            }
            if ascii_line.1 {
                byte_col as usize
            } else {
                char_col_in(self.source.line(line as usize), byte_col as usize)
            }
        };
        for tok in &self.tokens {
            let (sc, ec) = (col(tok.start_line, tok.start_col), col(tok.end_line, tok.end_col));
            let ty = if !exact && tok.ty.is_operator() { TokenType::OP } else { tok.ty };
            let string = if tok.ty == TokenType::ENCODING { &self.source.encoding } else { self.text(tok) };
            field.clear();
            let _ = write!(field, "{},{}-{},{}:", tok.start_line, sc, tok.end_line, ec);
            let _ = write!(out, "{field:<20}{:<15}", ty.name());
            field.clear();
            crate::pyrepr::write_str_repr(string, &mut field);
            let _ = writeln!(out, "{field:<15}");
        }
        out
    }

    /// The JSON dump: `{"ir": "tokens", "encoding", "tokens": [{type, exact_type, string, start,
    /// end, line}]}` with `start`/`end` as `[line, column]` in code points, as `tokenize` reports them.
    pub fn dump_json(&self) -> serde_json::Value {
        let tokens: Vec<_> = self
            .tokens
            .iter()
            .map(|tok| {
                let (sc, ec) = self.char_cols(tok);
                let ty = if tok.ty.is_operator() { TokenType::OP } else { tok.ty };
                let string =
                    if tok.ty == TokenType::ENCODING { &self.source.encoding } else { self.text(tok) };
                serde_json::json!({
                    "type": ty.name(),
                    "exact_type": tok.ty.name(),
                    "string": string,
                    "start": [tok.start_line, sc],
                    "end": [tok.end_line, ec],
                })
            })
            .collect();
        serde_json::json!({
            "ir": "tokens",
            "encoding": self.source.encoding,
            "tokens": tokens,
            "error": self.error,
        })
    }
}
