//! The token cursor every grammar rule works on: the significant tokens of a stream (COMMENT and
//! NL dropped, keywords recognised once), backtracking by position, and position bookkeeping for
//! CPython's `EXTRA` (start of a rule's first token to the end of its last non-whitespace token).

use super::names::NameTable;
use pyrite_ir::ast::{Expr, Loc, Stmt, TypeIgnore};
use pyrite_ir::{Token, TokenType};

/// Keywords (hard and soft) recognised on NAME tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Kw {
    Plain,
    False,
    None,
    True,
    And,
    As,
    Assert,
    Async,
    Await,
    Break,
    Class,
    Continue,
    Def,
    Del,
    Elif,
    Else,
    Except,
    Finally,
    For,
    From,
    Global,
    If,
    Import,
    In,
    Is,
    Lambda,
    Nonlocal,
    Not,
    Or,
    Pass,
    Raise,
    Return,
    Try,
    While,
    With,
    Yield,
    // Soft keywords: still plain names to every rule that does not ask for them.
    Match,
    Case,
    Underscore,
}

/// Every keyword's spelling: the first entries of each parser's name table, so one lookup per
/// NAME token finds both its keyword and its interned identifier.
const KEYWORDS: [(&str, Kw); 38] = [
    ("False", Kw::False),
    ("None", Kw::None),
    ("True", Kw::True),
    ("and", Kw::And),
    ("as", Kw::As),
    ("assert", Kw::Assert),
    ("async", Kw::Async),
    ("await", Kw::Await),
    ("break", Kw::Break),
    ("class", Kw::Class),
    ("continue", Kw::Continue),
    ("def", Kw::Def),
    ("del", Kw::Del),
    ("elif", Kw::Elif),
    ("else", Kw::Else),
    ("except", Kw::Except),
    ("finally", Kw::Finally),
    ("for", Kw::For),
    ("from", Kw::From),
    ("global", Kw::Global),
    ("if", Kw::If),
    ("import", Kw::Import),
    ("in", Kw::In),
    ("is", Kw::Is),
    ("lambda", Kw::Lambda),
    ("nonlocal", Kw::Nonlocal),
    ("not", Kw::Not),
    ("or", Kw::Or),
    ("pass", Kw::Pass),
    ("raise", Kw::Raise),
    ("return", Kw::Return),
    ("try", Kw::Try),
    ("while", Kw::While),
    ("with", Kw::With),
    ("yield", Kw::Yield),
    ("match", Kw::Match),
    ("case", Kw::Case),
    ("_", Kw::Underscore),
];

/// The spellings of [`KEYWORDS`], in order.
const KEYWORD_NAMES: [&str; 38] = {
    let mut names = [""; 38];
    let mut i = 0;
    while i < 38 {
        names[i] = KEYWORDS[i].0;
        i += 1;
    }
    names
};

impl Kw {
    /// Whether this is a hard keyword (never an identifier).
    pub(crate) fn is_hard(self) -> bool {
        !matches!(self, Kw::Plain | Kw::Match | Kw::Case | Kw::Underscore)
    }
}

/// A significant token as the grammar sees it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PTok {
    pub ty: TokenType,
    pub kw: Kw,
    /// Bracket nesting after this token (CPython's `tok->level`).
    pub level: u16,
    /// For a NAME, its index in the parser's name table (same spelling, same index).
    pub name: u32,
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

impl PTok {
    pub(crate) fn loc(&self) -> Loc {
        Loc::new(self.line, self.col, self.end_line, self.end_col)
    }
}

/// A syntax error found while parsing, in CPython's terms (byte columns, converted to character
/// offsets when the diagnostic is built).
#[derive(Clone, Debug)]
pub(crate) struct SyntaxErr {
    pub kind: pyrite_ir::DiagnosticKind,
    pub msg: String,
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
    /// For an error raised inside an f-string's expression: the line of its `(expr)` text that
    /// CPython shows, which `col`/`end_col` index into (CPython reports them relative to it).
    pub text_override: Option<String>,
    /// CPython's place for an error at an INDENT/DEDENT token (which has no columns): `offset` is
    /// the column where the line's text starts (not 1-based) and there is no end offset.
    pub at_indent: bool,
    /// The end column is where CPython's tokenizer stood (`CURRENT_POS`), not a token column:
    /// it is not shifted to 1-based.
    pub end_raw: bool,
}

/// The parser's stack limit, in CPython rule levels: CPython's generated parser counts one level
/// per rule call and raises a bare MemoryError when it passes MAXSTACK (6000). We count only the
/// rules that recurse, at their cost in CPython levels (see `enter_by`), so the limit is MAXSTACK
/// less the levels we do not count along a top-level expression statement's path down to its
/// atom: a chain of 5970 `not` (or unary `-`/`+`/`~`) or of 2985 `**` is CPython's first
/// MemoryError (measured on 3.11.7), and ours.
pub(crate) const MAX_DEPTH: u32 = 6000 - 29;

/// The cost of one `expression` nesting (parentheses, brackets, lambdas, ...); with the `not` chain
/// anchoring `MAX_DEPTH`, this keeps other nesting at the limit it had (about 3000).
pub(crate) const EXPR_COST: u32 = 2;

pub(crate) struct Parser<'a> {
    pub toks: Vec<PTok>,
    /// The text token offsets index into (the source, or an f-string expression's text).
    pub text: &'a str,
    pub pos: usize,
    pub furthest: usize,
    /// `furthest` when the first error was raised (a tokenizer error past it came later).
    pub furthest_at_error: usize,
    /// Token positions where invalid_legacy_expression was already tried (second pass).
    pub legacy_tried: Vec<bool>,
    pub depth: u32,
    pub error: Option<SyntaxErr>,
    pub type_ignores: Vec<TypeIgnore>,
    /// Set for the second pass, where `invalid_*` rules are tried to find a better message.
    pub call_invalid_rules: bool,
    /// Tokenizes f-string replacement fields.
    pub sub: super::SubTokenizer<'a>,
    /// The identifier of each distinct NAME spelling ([`PTok::name`]), made when first needed.
    pub idents: Vec<Option<pyrite_ir::ast::Ident>>,
    /// Emptied vectors to collect list elements in (see [`Parser::take_exprs`]).
    pub expr_pool: Vec<Vec<Expr>>,
    pub stmt_pool: Vec<Vec<Stmt>>,
    /// A primary already parsed from token `.0` to `.1` (see `Parser::primary_first`).
    pub primary_memo: Option<(usize, usize, Expr)>,
}

/// What a type comment looks like to CPython's tokenizer: `#`, blanks, `type:`, blanks.
/// Returns the text after the prefix.
pub(crate) fn type_comment_body(comment: &str) -> Option<&str> {
    let rest = comment.strip_prefix('#')?;
    let rest = rest.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix("type:")?;
    Some(rest.trim_start_matches([' ', '\t']))
}

/// What the parser keeps of a token the grammar does not see as such (COMMENT, NL, ENCODING and
/// the type comment types): its type and start when it stays (a type comment, or an NL that
/// CPython's tokenizer makes a NEWLINE after one), `None` when it is dropped. `type: ignore`
/// comments go to `type_ignores`.
#[cold]
#[inline(never)]
fn trivia(
    t: &Token,
    text: &str,
    type_comments: bool,
    nl_ends_line: bool,
    type_ignores: &mut Vec<TypeIgnore>,
) -> Option<(TokenType, u32)> {
    match t.ty {
        TokenType::COMMENT | TokenType::TYPE_COMMENT | TokenType::TYPE_IGNORE if type_comments => {
            let body = type_comment_body(&text[t.start as usize..t.end as usize])?;
            let body_start = t.end - body.len() as u32;
            let is_ignore = body.starts_with("ignore")
                && body[6..].chars().next().is_none_or(|c| c.is_ascii() && !c.is_ascii_alphanumeric());
            if is_ignore {
                type_ignores.push(TypeIgnore { lineno: t.start_line, tag: body[6..].into() });
                return None;
            }
            Some((TokenType::TYPE_COMMENT, body_start))
        }
        TokenType::NL if nl_ends_line => Some((TokenType::NEWLINE, t.start)),
        _ => None,
    }
}

impl<'a> Parser<'a> {
    /// Builds the parser's token vector from a tokenizer's output.
    pub fn new(tokens: &[Token], text: &'a str, type_comments: bool, sub: super::SubTokenizer<'a>) -> Self {
        let mut toks = Vec::with_capacity(tokens.len());
        let mut type_ignores = Vec::new();
        // After a type comment outside brackets, CPython's tokenizer ends the line with NEWLINE
        // even when the comment is alone on its line (the `tokenize` module says NL there).
        let mut newline_after_type_comment = false;
        let mut level: u16 = 0;
        // Names by spelling: the keywords first (their index is their place in KEYWORDS).
        let mut names = NameTable::new(text.as_bytes(), tokens.len() / 16 + KEYWORDS.len(), &KEYWORD_NAMES);
        for t in tokens {
            let (ty, start) = match t.ty {
                TokenType::NL if !newline_after_type_comment => continue,
                TokenType::COMMENT
                | TokenType::TYPE_COMMENT
                | TokenType::TYPE_IGNORE
                | TokenType::NL
                | TokenType::ENCODING => {
                    let nl_ends_line = newline_after_type_comment && level == 0;
                    match trivia(t, text, type_comments, nl_ends_line, &mut type_ignores) {
                        Some(kept) => kept,
                        None => continue,
                    }
                }
                ty => (ty, t.start),
            };
            newline_after_type_comment = ty == TokenType::TYPE_COMMENT;
            let (mut kw, mut name) = (Kw::Plain, 0);
            let (mut end_line, mut end_col) = (t.end_line, t.end_col);
            match ty {
                TokenType::NAME => {
                    name = names.index(t.start as usize, t.end as usize);
                    if let Some(k) = KEYWORDS.get(name as usize) {
                        kw = k.1;
                    }
                }
                TokenType::LPAR | TokenType::LSQB | TokenType::LBRACE => level += 1,
                TokenType::RPAR | TokenType::RSQB | TokenType::RBRACE => level = level.saturating_sub(1),
                // The C tokenizer leaves the newline out of a NEWLINE token: it has no width.
                TokenType::NEWLINE => (end_line, end_col) = (t.start_line, t.start_col),
                _ => {}
            }
            toks.push(PTok {
                ty,
                kw,
                level,
                name,
                start,
                end: t.end,
                line: t.start_line,
                col: t.start_col,
                end_line,
                end_col,
            });
        }
        if toks.last().is_none_or(|t| t.ty != TokenType::ENDMARKER) {
            let (line, col, off) = toks.last().map_or((1, 0, 0), |t| (t.end_line, t.end_col, t.end));
            toks.push(PTok {
                ty: TokenType::ENDMARKER,
                kw: Kw::Plain,
                level: 0,
                name: 0,
                start: off,
                end: off,
                line,
                col,
                end_line: line,
                end_col: col,
            });
        }
        Parser {
            toks,
            text,
            pos: 0,
            furthest: 0,
            furthest_at_error: 0,
            legacy_tried: Vec::new(),
            depth: 0,
            error: None,
            type_ignores,
            call_invalid_rules: false,
            sub,
            idents: vec![None; names.len()],
            expr_pool: Vec::new(),
            stmt_pool: Vec::new(),
            primary_memo: None,
        }
    }

    #[inline]
    pub fn peek(&mut self) -> PTok {
        if self.pos > self.furthest {
            self.furthest = self.pos;
        }
        self.toks[self.pos]
    }

    #[inline]
    pub fn peek_ty(&mut self) -> TokenType {
        self.peek().ty
    }

    /// The token `n` places ahead of the current one (ENDMARKER past the end).
    #[inline]
    pub fn peek_n(&mut self, n: usize) -> PTok {
        let i = (self.pos + n).min(self.toks.len() - 1);
        if i > self.furthest {
            self.furthest = i;
        }
        self.toks[i]
    }

    #[inline]
    pub fn at(&mut self, ty: TokenType) -> bool {
        self.peek().ty == ty
    }

    #[inline]
    pub fn at_kw(&mut self, kw: Kw) -> bool {
        let t = self.peek();
        t.ty == TokenType::NAME && t.kw == kw
    }

    #[inline]
    pub fn bump(&mut self) -> PTok {
        let t = self.peek();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    #[inline]
    pub fn eat(&mut self, ty: TokenType) -> Option<PTok> {
        if self.at(ty) {
            Some(self.bump())
        } else {
            None
        }
    }

    #[inline]
    pub fn eat_kw(&mut self, kw: Kw) -> Option<PTok> {
        if self.at_kw(kw) {
            Some(self.bump())
        } else {
            None
        }
    }

    /// A NAME that is not a hard keyword.
    #[inline]
    pub fn at_name(&mut self) -> bool {
        let t = self.peek();
        t.ty == TokenType::NAME && !t.kw.is_hard()
    }

    pub fn text_of(&self, t: &PTok) -> &'a str {
        &self.text[t.start as usize..t.end as usize]
    }

    /// The current token's start as a position to pass to [`Parser::loc_from`].
    #[inline]
    pub fn mark(&self) -> usize {
        self.pos
    }

    #[inline]
    pub fn reset(&mut self, mark: usize) {
        self.pos = mark;
    }

    /// The end of the last consumed token that is not NEWLINE/INDENT/DEDENT (CPython's
    /// `_PyPegen_get_last_nonnwhitespace_token`).
    pub fn last_end(&self) -> (u32, u32) {
        let mut i = self.pos;
        while i > 0 {
            i -= 1;
            let t = &self.toks[i];
            if !matches!(
                t.ty,
                TokenType::NEWLINE | TokenType::INDENT | TokenType::DEDENT | TokenType::ENDMARKER
            ) {
                return (t.end_line, t.end_col);
            }
        }
        let t = &self.toks[0];
        (t.line, t.col)
    }

    /// `EXTRA` for a rule that started at token index `start`.
    pub fn loc_from(&self, start: usize) -> Loc {
        let s = &self.toks[start];
        let (el, ec) = self.last_end();
        Loc::new(s.line, s.col, el, ec)
    }

    /// Records a hard syntax error (the first one wins) and returns `None` for `?` chaining.
    pub fn raise<T>(&mut self, msg: impl Into<String>, start: (u32, u32), end: (u32, u32)) -> Option<T> {
        self.raise_kind(pyrite_ir::DiagnosticKind::SyntaxError, msg, start, end)
    }

    pub fn raise_kind<T>(
        &mut self,
        kind: pyrite_ir::DiagnosticKind,
        msg: impl Into<String>,
        start: (u32, u32),
        end: (u32, u32),
    ) -> Option<T> {
        if self.error.is_none() {
            self.furthest_at_error = self.furthest;
            self.error = Some(SyntaxErr {
                kind,
                msg: msg.into(),
                line: start.0,
                col: start.1,
                end_line: end.0,
                end_col: end.1,
                text_override: None,
                at_indent: false,
                end_raw: false,
            });
        }
        None
    }

    /// Raises with an end that is CPython's raw tokenizer column (see [`SyntaxErr::end_raw`]).
    pub fn raise_end_raw<T>(&mut self, msg: impl Into<String>, loc: Loc) -> Option<T> {
        let fresh = self.error.is_none();
        self.raise_at::<()>(msg, loc);
        if fresh {
            if let Some(e) = self.error.as_mut() {
                e.end_raw = true;
            }
        }
        None
    }

    /// `RAISE_SYNTAX_ERROR`: raises at the furthest token read so far (CPython's
    /// `p->tokens[p->fill - 1]`), with CPython's place for INDENT/DEDENT/ENDMARKER tokens.
    pub fn raise_last<T>(&mut self, msg: impl Into<String>) -> Option<T> {
        let t = self.toks[self.furthest];
        self.raise_tok(msg, t)
    }

    /// Raises at a node's location.
    pub fn raise_at<T>(&mut self, msg: impl Into<String>, loc: Loc) -> Option<T> {
        self.raise(msg, (loc.lineno, loc.col_offset), (loc.end_lineno, loc.end_col_offset))
    }

    /// Raises at a token.
    pub fn raise_tok<T>(&mut self, msg: impl Into<String>, t: PTok) -> Option<T> {
        self.raise_kind_tok(pyrite_ir::DiagnosticKind::SyntaxError, msg, t)
    }

    /// Raises at a token. INDENT, DEDENT and ENDMARKER have no columns in the C tokenizer:
    /// CPython reports the tokenizer's current column instead (not 1-based) and no end offset.
    pub fn raise_kind_tok<T>(
        &mut self,
        kind: pyrite_ir::DiagnosticKind,
        msg: impl Into<String>,
        t: PTok,
    ) -> Option<T> {
        if !matches!(t.ty, TokenType::INDENT | TokenType::DEDENT | TokenType::ENDMARKER) {
            return self.raise_kind(kind, msg, (t.line, t.col), (t.end_line, t.end_col));
        }
        let (line, col) = if t.ty == TokenType::ENDMARKER || t.line > self.line_count() {
            self.end_of_source()
        } else {
            (t.line, t.end_col)
        };
        self.raise_kind::<()>(kind, msg, (line, col), (line, col));
        if let Some(e) = self.error.as_mut() {
            if e.line == line && e.col == col {
                e.at_indent = true;
            }
        }
        None
    }

    fn line_count(&self) -> u32 {
        let n = self.text.bytes().filter(|&b| b == b'\n').count() as u32;
        if self.text.ends_with('\n') {
            n
        } else {
            n + 1
        }
    }

    /// Where the C tokenizer stands at the end of the source: the last line, past its newline
    /// (an implicit one when the source does not end with one).
    fn end_of_source(&self) -> (u32, u32) {
        let body = self.text.strip_suffix('\n').unwrap_or(self.text);
        let start = body.rfind('\n').map_or(0, |i| i + 1);
        (self.line_count().max(1), (body.len() - start) as u32 + 1)
    }

    /// A vector to collect a list's elements in; [`Parser::finish_exprs`] turns it into the
    /// node's exact-size vector. Kept ASTs carry no spare capacity, and collecting in a reused
    /// vector saves the growth and shrink reallocations a fresh one would make.
    #[inline]
    pub fn take_exprs(&mut self) -> Vec<Expr> {
        self.expr_pool.pop().unwrap_or_default()
    }

    #[inline]
    pub fn finish_exprs(&mut self, mut v: Vec<Expr>) -> Vec<Expr> {
        let mut out = Vec::with_capacity(v.len());
        out.append(&mut v);
        self.expr_pool.push(v);
        out
    }

    /// [`Parser::take_exprs`] for statement bodies.
    #[inline]
    pub fn take_stmts(&mut self) -> Vec<Stmt> {
        self.stmt_pool.pop().unwrap_or_default()
    }

    #[inline]
    pub fn finish_stmts(&mut self, mut v: Vec<Stmt>) -> Vec<Stmt> {
        let mut out = Vec::with_capacity(v.len());
        out.append(&mut v);
        self.stmt_pool.push(v);
        out
    }

    #[inline]
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// Enters one level of expression nesting; false (with an error raised) past the limit.
    #[inline]
    pub fn enter(&mut self) -> bool {
        self.enter_by(EXPR_COST)
    }

    /// Enters a recursive rule that costs CPython `cost` levels of its parser stack: 1 for `not`
    /// and unary `+`/`-`/`~` (inversion, factor), 2 for `**` (power then factor).
    #[inline]
    pub fn enter_by(&mut self, cost: u32) -> bool {
        self.depth += cost;
        if self.depth > MAX_DEPTH {
            let t = self.peek();
            // CPython's parser stack check (MAXSTACK) raises a bare MemoryError.
            self.raise_kind_tok::<()>(pyrite_ir::DiagnosticKind::MemoryError, "", t);
            return false;
        }
        true
    }

    #[inline]
    pub fn leave(&mut self) {
        self.leave_by(EXPR_COST);
    }

    #[inline]
    pub fn leave_by(&mut self, cost: u32) {
        self.depth -= cost;
    }
}
