//! The one scanner behind both views.
//!
//! Its structure follows tokenize.py's `_tokenize` loop line by line (physical lines, a
//! per-line statement/continuation/string state, indentation measured at statement starts),
//! because that structure decides the module view's exact output. The places where CPython's C
//! tokenizer behaves differently are explicit `if self.compiler` branches: malformed input becomes
//! an error instead of an ERRORTOKEN, numbers and identifiers are scanned the C way, a lone CR
//! ends a line, and brackets/indentation get the C tokenizer's extra checks.
//!
//! The hot loop works on bytes: every byte that can start a token is ASCII except identifiers and
//! error characters, which take a slow path that decodes one character. Tokens are plain `Copy`
//! structs pushed into one `Vec`; nothing is allocated per token.

use super::chars::{char_at, is_id_continue, is_id_start, is_py_space, is_word};
use super::numbers::{compiler_number, module_number};
use pyrite_ir::{DiagnosticKind, Token, TokenType};

/// Which tokenizer to reproduce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The pure-Python `tokenize` module (`python3 -m tokenize`).
    Module,
    /// The C tokenizer the parser uses (`compile()`).
    Compiler,
}

/// A column CPython reports: either a byte column of a line (converted to characters when the
/// error is turned into a diagnostic) or a raw value CPython computes some other way (-1, 0...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    /// Byte column within the line; CPython's value is the number of characters before it.
    Chars(u32),
    Raw(i32),
}

/// An error that stopped the scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanError {
    pub kind: DiagnosticKind,
    pub message: String,
    pub line: u32,
    pub col: Col,
    pub end_line: u32,
    pub end_col: Col,
}

/// A compile-time warning (a number directly followed by a keyword).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanWarning {
    pub message: String,
    pub line: u32,
    pub col: u32,
}

pub struct ScanOutput {
    pub tokens: Vec<Token>,
    pub error: Option<ScanError>,
    pub warnings: Vec<ScanWarning>,
}

/// An open string that continues over physical lines.
#[derive(Clone, Copy)]
struct OpenString {
    start: usize,
    line: u32,
    col: u32,
    quote: u8,
    triple: bool,
}

const TABSIZE: u32 = 8;
/// The C tokenizer's limits (MAXINDENT, MAXLEVEL).
const MAX_INDENT: usize = 100;
const MAX_LEVEL: usize = 200;

pub struct Scanner<'a> {
    text: &'a str,
    s: &'a [u8],
    compiler: bool,
    type_comments: bool,
    tokens: Vec<Token>,
    warnings: Vec<ScanWarning>,
    lnum: u32,
    /// The current physical line is `ls..le` (`le` after its line ending).
    ls: usize,
    le: usize,
    parenlev: i32,
    parens: Vec<(u8, u32, u32)>,
    continued: bool,
    indents: Vec<u32>,
    altindents: Vec<u32>,
    /// Where each physical line starts, when the caller has them (see `with_line_starts`).
    line_starts: Option<&'a [u32]>,
}

type Scan<T> = Result<T, ScanError>;

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str, view: View, type_comments: bool) -> Self {
        Scanner {
            text,
            s: text.as_bytes(),
            compiler: view == View::Compiler,
            type_comments,
            // Stdlib code averages one token per 5.8 bytes; dense files reach one per 4, and a
            // reallocation copies the whole array.
            tokens: Vec::with_capacity(text.len() / 4 + 16),
            warnings: Vec::new(),
            lnum: 0,
            ls: 0,
            le: 0,
            parenlev: 0,
            parens: Vec::new(),
            continued: false,
            indents: vec![0],
            altindents: vec![0],
            line_starts: None,
        }
    }

    /// Takes the start of every physical line from `starts` instead of searching for each line's
    /// end: `DecodedSource::line_starts` of this text, made with the line endings of this view
    /// (a lone CR ends a line in the compiler view). One pass over the text finds them all,
    /// cheaper than a search per line.
    pub fn with_line_starts(mut self, starts: &'a [u32]) -> Self {
        self.line_starts = Some(starts);
        self
    }

    /// Starts the stream with the ENCODING token at (0, 0), as `tokenize.tokenize` does.
    pub fn with_encoding_token(mut self) -> Self {
        self.push(TokenType::ENCODING, 0, 0, 0, 0, 0, 0);
        self
    }

    pub fn run(mut self) -> ScanOutput {
        let error = self.scan().err();
        ScanOutput { tokens: self.tokens, error, warnings: self.warnings }
    }

    #[inline]
    #[allow(clippy::too_many_arguments)] // a token's seven fields
    fn push(
        &mut self,
        ty: TokenType,
        start: usize,
        end: usize,
        sline: u32,
        scol: usize,
        eline: u32,
        ecol: usize,
    ) {
        self.tokens.push(Token {
            ty,
            start: start as u32,
            end: end as u32,
            start_line: sline,
            start_col: scol as u32,
            end_line: eline,
            end_col: ecol as u32,
        });
    }

    /// A token inside the current line.
    #[inline]
    fn push_here(&mut self, ty: TokenType, start: usize, end: usize) {
        let (l, ls) = (self.lnum, self.ls);
        self.push(ty, start, end, l, start - ls, l, end - ls);
    }

    /// The end (after the line ending) of the physical line starting at `from`.
    #[inline]
    fn line_end(&self, from: usize) -> usize {
        let rest = &self.s[from..];
        if self.compiler {
            match memchr::memchr2(b'\n', b'\r', rest) {
                Some(k) if rest[k] == b'\r' && rest.get(k + 1) == Some(&b'\n') => from + k + 2,
                Some(k) => from + k + 1,
                None => self.s.len(),
            }
        } else {
            memchr::memchr(b'\n', rest).map_or(self.s.len(), |k| from + k + 1)
        }
    }

    /// The length of the line ending at `i` (`\n`, `\r\n`, and in the compiler view a lone `\r`).
    #[inline]
    fn newline_at(&self, i: usize) -> usize {
        match self.s.get(i) {
            Some(b'\n') => 1,
            Some(b'\r') if self.s.get(i + 1) == Some(&b'\n') => 2,
            Some(b'\r') if self.compiler => 1,
            _ => 0,
        }
    }

    fn err(
        &self,
        kind: DiagnosticKind,
        message: impl Into<String>,
        line: u32,
        col: Col,
        end_line: u32,
        end_col: Col,
    ) -> ScanError {
        ScanError { kind, message: message.into(), line, col, end_line, end_col }
    }

    /// A SyntaxError pointing at byte `at` of the current line (offset = characters before `at`).
    fn syntax_error(&self, message: impl Into<String>, at: usize) -> ScanError {
        let c = Col::Chars((at - self.ls) as u32);
        self.err(DiagnosticKind::SyntaxError, message, self.lnum, c, self.lnum, c)
    }

    fn scan(&mut self) -> Scan<()> {
        let mut open: Option<OpenString> = None;
        let mut last_line: (usize, usize);
        let mut line = (0usize, 0usize);
        loop {
            last_line = std::mem::replace(&mut line, (self.le, self.le));
            let eof = self.le >= self.s.len();
            if !eof {
                self.ls = self.le;
                self.le = match self.line_starts {
                    // Line `lnum + 1` (1-based) starts at `ls` and ends where the next begins.
                    Some(starts) => {
                        debug_assert_eq!(starts.get(self.lnum as usize), Some(&(self.ls as u32)));
                        starts.get(self.lnum as usize + 1).map_or(self.s.len(), |&e| e as usize)
                    }
                    None => self.line_end(self.ls),
                };
                line = (self.ls, self.le);
            } else {
                self.ls = self.s.len();
                self.le = self.s.len();
            }
            self.lnum += 1;
            let (ls, max) = (self.ls, self.le);
            let mut pos = ls;

            if let Some(st) = open {
                if eof {
                    return Err(self.eof_in_string(st));
                }
                match self.string_end_in_line(st) {
                    Some(end) => {
                        self.push(
                            TokenType::STRING,
                            st.start,
                            end,
                            st.line,
                            st.col as usize,
                            self.lnum,
                            end - ls,
                        );
                        pos = end;
                        open = None;
                    }
                    None if !st.triple && !self.ends_with_continuation(ls, max) => {
                        if self.compiler {
                            return Err(self.unterminated_single(st));
                        }
                        self.push(
                            TokenType::ERRORTOKEN,
                            st.start,
                            max,
                            st.line,
                            st.col as usize,
                            self.lnum,
                            max - ls,
                        );
                        open = None;
                        continue;
                    }
                    None => continue,
                }
            } else if self.parenlev == 0 && !self.continued {
                if eof {
                    break;
                }
                let (column, altcol) = self.measure_indent(&mut pos, max);
                if pos == max {
                    break;
                }
                let c = self.s[pos];
                if c == b'#' || c == b'\r' || c == b'\n' {
                    if c == b'#' {
                        let mut e = max;
                        while e > pos && matches!(self.s[e - 1], b'\r' | b'\n') {
                            e -= 1;
                        }
                        if self.compiler {
                            self.comment(pos, e);
                        } else {
                            self.push_here(TokenType::COMMENT, pos, e);
                        }
                        pos = e;
                    }
                    self.push_here(TokenType::NL, pos, max);
                    continue;
                }
                self.indentation(column, altcol, pos)?;
            } else {
                if eof {
                    return Err(self.eof_in_statement());
                }
                self.continued = false;
            }

            if let Some(st) = self.scan_line(pos, max)? {
                open = Some(st);
            }
        }
        self.finish(last_line);
        Ok(())
    }

    /// Leading whitespace: tokenize.py's column (tab size 8, form feed resets) and the C
    /// tokenizer's alternate column (tab size 1) used for TabError.
    fn measure_indent(&self, pos: &mut usize, max: usize) -> (u32, u32) {
        let (mut col, mut alt) = (0u32, 0u32);
        // Spaces first: almost all indentation is spaces only.
        let spaces = self.s[*pos..max].iter().take_while(|&&b| b == b' ').count();
        *pos += spaces;
        col += spaces as u32;
        alt += spaces as u32;
        while *pos < max {
            match self.s[*pos] {
                b' ' => {
                    col += 1;
                    alt += 1;
                }
                b'\t' => {
                    col = (col / TABSIZE + 1) * TABSIZE;
                    alt += 1;
                }
                0x0c => {
                    col = 0;
                    alt = 0;
                }
                _ => break,
            }
            *pos += 1;
        }
        (col, alt)
    }

    fn indentation(&mut self, column: u32, altcol: u32, pos: usize) -> Scan<()> {
        let (ls, lnum) = (self.ls, self.lnum);
        let top = *self.indents.last().expect("indent stack");
        let alttop = *self.altindents.last().expect("indent stack");
        if self.compiler {
            let tab_error = || {
                self.err(
                    DiagnosticKind::TabError,
                    "inconsistent use of tabs and spaces in indentation",
                    lnum,
                    Col::Raw(1),
                    lnum,
                    Col::Raw(0),
                )
            };
            if column == top {
                if altcol != alttop {
                    return Err(tab_error());
                }
            } else if column > top {
                if self.indents.len() >= MAX_INDENT {
                    let msg = "too many levels of indentation";
                    return Err(self.err(
                        DiagnosticKind::IndentationError,
                        msg,
                        lnum,
                        Col::Raw(1),
                        lnum,
                        Col::Raw(0),
                    ));
                }
                if altcol <= alttop {
                    return Err(tab_error());
                }
            } else {
                let target = self.indents.iter().rposition(|&c| c <= column).unwrap_or(0);
                if self.indents[target] != column {
                    return Err(
                        self.line_end_indent_error("unindent does not match any outer indentation level")
                    );
                }
                if self.altindents[target] != altcol {
                    return Err(tab_error());
                }
            }
        }
        if column > top {
            self.indents.push(column);
            self.altindents.push(altcol);
            self.push(TokenType::INDENT, ls, pos, lnum, 0, lnum, pos - ls);
        }
        while column < *self.indents.last().expect("indent stack") {
            if !self.indents.contains(&column) {
                return Err(self.err(
                    DiagnosticKind::IndentationError,
                    "unindent does not match any outer indentation level",
                    lnum,
                    Col::Chars((pos - ls) as u32),
                    lnum,
                    Col::Chars((pos - ls) as u32),
                ));
            }
            self.indents.pop();
            self.altindents.pop();
            self.push_here(TokenType::DEDENT, pos, pos);
        }
        Ok(())
    }

    /// An IndentationError the C tokenizer reports at the end of the current line.
    fn line_end_indent_error(&self, message: &str) -> ScanError {
        // The C tokenizer gives the last line an implicit newline and stands after it.
        let implicit_nl = self.compiler && !self.s[self.ls..self.le].ends_with(b"\n");
        let end = Col::Chars((self.le - self.ls) as u32 + u32::from(implicit_nl));
        self.err(DiagnosticKind::IndentationError, message, self.lnum, end, self.lnum, Col::Raw(-1))
    }

    /// Whether the line `ls..le` ends with a backslash before its line ending.
    fn ends_with_continuation(&self, ls: usize, le: usize) -> bool {
        let l = &self.s[ls..le];
        l.ends_with(b"\\\n") || l.ends_with(b"\\\r\n") || (self.compiler && l.ends_with(b"\\\r"))
    }

    /// tokenize.py's `endprog.match(line)` for a string continuing on the current line.
    fn string_end_in_line(&self, st: OpenString) -> Option<usize> {
        self.find_string_end(self.ls, self.le, st.quote, st.triple)
    }

    /// The end (after the closing quote) of a string body starting at `i` within `i..max`, if it
    /// closes before the line ends. A backslash skips the next character unless that is a line
    /// ending (the regex's `.` does not match `\n`).
    #[inline]
    fn find_string_end(&self, mut i: usize, max: usize, q: u8, triple: bool) -> Option<usize> {
        let s = self.s;
        // Only quotes and backslashes matter inside a string; a line ending can only be the last
        // byte(s) before `max`, and a single-quoted string that reaches it is not closed here.
        while let Some(k) = memchr::memchr2(q, b'\\', &s[i..max]) {
            i += k;
            if s[i] == q {
                if !triple {
                    return Some(i + 1);
                }
                if i + 2 < max && s[i + 1] == q && s[i + 2] == q {
                    return Some(i + 3);
                }
                i += 1;
            } else {
                if i + 1 >= max || s[i + 1] == b'\n' || (self.compiler && s[i + 1] == b'\r') {
                    return None;
                }
                i += 2;
            }
        }
        None
    }

    fn eof_in_string(&self, st: OpenString) -> ScanError {
        if self.compiler {
            // The C tokenizer reports at the string's start, counting the lines it read.
            let detected = self.line_count();
            let msg = if st.triple {
                format!("unterminated triple-quoted string literal (detected at line {detected})")
            } else {
                format!("unterminated string literal (detected at line {detected})")
            };
            let c = Col::Chars(st.col + 1);
            return self.err(DiagnosticKind::SyntaxError, msg, st.line, c, st.line, c);
        }
        let c = Col::Chars(st.col);
        self.err(DiagnosticKind::TokenError, "EOF in multi-line string", st.line, c, st.line, c)
    }

    fn unterminated_single(&self, st: OpenString) -> ScanError {
        let msg = format!("unterminated string literal (detected at line {})", self.lnum);
        let c = Col::Chars(st.col + 1);
        self.err(DiagnosticKind::SyntaxError, msg, st.line, c, st.line, c)
    }

    /// Physical lines in the source (a final line without a line ending counts).
    fn line_count(&self) -> u32 {
        let mut n = 0u32;
        let mut i = 0;
        while i < self.s.len() {
            i = self.line_end(i);
            n += 1;
        }
        n
    }

    fn eof_in_statement(&self) -> ScanError {
        if !self.compiler {
            let l = self.lnum;
            return self.err(
                DiagnosticKind::TokenError,
                "EOF in multi-line statement",
                l,
                Col::Raw(0),
                l,
                Col::Raw(0),
            );
        }
        if let Some(&(c, line, col)) = self.parens.last() {
            return self.err(
                DiagnosticKind::SyntaxError,
                format!("'{}' was never closed", c as char),
                line,
                Col::Chars(col + 1),
                line,
                Col::Raw(0),
            );
        }
        // A backslash continuation at EOF: CPython points past the (possibly added) newline of the
        // last line.
        let last = self.lnum - 1;
        let (ls, le) = self.last_line_span();
        let mut width = (le - ls) as u32;
        if self.newline_at(le.saturating_sub(1)) == 0 && !self.s[ls..le].ends_with(b"\r\n") {
            width += 1;
        }
        self.err(
            DiagnosticKind::SyntaxError,
            "unexpected EOF while parsing",
            last,
            Col::Chars(width),
            last,
            Col::Raw(-1),
        )
    }

    fn last_line_span(&self) -> (usize, usize) {
        let end = self.s.len();
        let mut start = 0;
        let mut i = 0;
        while i < end {
            start = i;
            i = self.line_end(i);
        }
        (start, end)
    }

    /// The tokens of the rest of the current line from `pos`. Returns the string left open at the
    /// line's end, if any.
    fn scan_line(&mut self, mut pos: usize, max: usize) -> Scan<Option<OpenString>> {
        let s = self.s;
        while pos < max {
            let mut p = pos;
            while p < max && matches!(s[p], b' ' | b'\t' | 0x0c) {
                p += 1;
            }
            if p == max {
                break;
            }
            let c = s[p];
            match c {
                b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'\'' | b'"' => {
                    if let Some(r) = self.string_start(p, max)? {
                        match r {
                            StringStart::Done(end) => {
                                self.push_here(TokenType::STRING, p, end);
                                pos = end;
                            }
                            StringStart::Open(st) => return Ok(Some(st)),
                            StringStart::Error => pos = self.error_token(pos, p)?,
                        }
                        continue;
                    }
                    pos = self.name(pos, p, max)?;
                }
                b'0'..=b'9' => pos = self.number(p)?,
                b'.' if p + 1 < max && s[p + 1].is_ascii_digit() => pos = self.number(p)?,
                b'\n' => {
                    self.newline(p, p + 1);
                    pos = p + 1;
                }
                b'\r' => {
                    let n = self.newline_at(p);
                    if n == 0 {
                        pos = self.error_token(pos, p)?;
                    } else {
                        self.newline(p, p + n);
                        pos = p + n;
                    }
                }
                b'#' => {
                    let e = memchr::memchr2(b'\r', b'\n', &s[p..max]).map_or(max, |k| p + k);
                    self.comment(p, e);
                    pos = e;
                }
                b'\\' => {
                    let n = self.newline_at(p + 1);
                    // The C tokenizer adds a newline to a last line that lacks one.
                    let at_eof = self.compiler && p + 1 == s.len();
                    if n == 0 && !at_eof {
                        if self.compiler {
                            // CPython's column: one past the character after the backslash.
                            let after = if p + 1 < max { p + 1 + char_at(self.text, p + 1).1 } else { p + 1 };
                            let col = Col::Chars((after - self.ls) as u32);
                            let l = self.lnum;
                            return Err(self.err(
                                DiagnosticKind::SyntaxError,
                                "unexpected character after line continuation character",
                                l,
                                col,
                                l,
                                Col::Raw(0),
                            ));
                        }
                        pos = self.error_token(pos, p)?;
                    } else {
                        self.continued = true;
                        pos = (p + 1 + n).min(max);
                    }
                }
                _ if c >= 0x80 => pos = self.name(pos, p, max)?,
                _ => match operator_len(&s[p..max]) {
                    Some((len, ty)) => {
                        self.operator(p, len, ty)?;
                        pos = p + len;
                    }
                    None => pos = self.error_token(pos, p)?,
                },
            }
        }
        Ok(None)
    }

    #[inline]
    fn newline(&mut self, start: usize, end: usize) {
        let ty = if self.parenlev > 0 { TokenType::NL } else { TokenType::NEWLINE };
        self.push_here(ty, start, end);
    }

    fn comment(&mut self, start: usize, end: usize) {
        if self.compiler && self.type_comments {
            if let Some(ty) = type_comment(&self.s[start..end]) {
                self.push_here(ty, start, end);
                return;
            }
        }
        self.push_here(TokenType::COMMENT, start, end);
    }

    /// Nothing matches at `p` (after whitespace that began at `pos`): the module view yields one
    /// ERRORTOKEN for the first character at `pos` (so each skipped space becomes its own
    /// ERRORTOKEN); the compiler view reports the character.
    fn error_token(&mut self, pos: usize, p: usize) -> Scan<usize> {
        if self.compiler {
            let (c, len) = char_at(self.text, p);
            match c {
                '\'' | '"' => unreachable!("strings are handled before"),
                '$' | '?' | '!' | '`' => {
                    // The C tokenizer returns these as one-character OP tokens no rule accepts;
                    // the parser reports "invalid syntax" at them.
                    self.push_here(TokenType::ERRORTOKEN, p, p + len);
                    return Ok(p + len);
                }
                _ => return Err(self.bad_character(c, p + len)),
            }
        }
        let at = if p > pos { pos } else { p };
        let len = char_at(self.text, at).1;
        self.push_here(TokenType::ERRORTOKEN, at, at + len);
        Ok(at + len)
    }

    /// "invalid character" / "invalid non-printable character", pointing just after it.
    fn bad_character(&self, c: char, after: usize) -> ScanError {
        let msg = if pyrite_ir::pyrepr::is_printable(c) {
            format!("invalid character '{c}' (U+{:04X})", c as u32)
        } else {
            format!("invalid non-printable character U+{:04X}", c as u32)
        };
        self.syntax_error(msg, after)
    }

    fn operator(&mut self, p: usize, len: usize, ty: TokenType) -> Scan<()> {
        match ty {
            TokenType::LPAR | TokenType::LSQB | TokenType::LBRACE => {
                self.parenlev += 1;
                if self.compiler {
                    if self.parens.len() >= MAX_LEVEL {
                        return Err(self.syntax_error("too many nested parentheses", p + 1));
                    }
                    self.parens.push((self.s[p], self.lnum, (p - self.ls) as u32));
                }
            }
            TokenType::RPAR | TokenType::RSQB | TokenType::RBRACE => {
                self.parenlev -= 1;
                if self.compiler {
                    let c = self.s[p];
                    let Some((open, line, _)) = self.parens.pop() else {
                        return Err(self.syntax_error(format!("unmatched '{}'", c as char), p + 1));
                    };
                    let expected = match open {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    if c != expected {
                        let msg = if line != self.lnum {
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}' on line {line}",
                                c as char, open as char
                            )
                        } else {
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                c as char, open as char
                            )
                        };
                        return Err(self.syntax_error(msg, p + 1));
                    }
                }
            }
            _ => {}
        }
        self.push_here(ty, p, p + len);
        Ok(())
    }

    fn number(&mut self, p: usize) -> Scan<usize> {
        if !self.compiler {
            let end = module_number(&self.s[..self.le], p);
            self.push_here(TokenType::NUMBER, p, end);
            return Ok(end);
        }
        match compiler_number(&self.s[..self.le], p) {
            Ok(n) => {
                if let Some((message, at)) = n.warning {
                    self.warnings.push(ScanWarning { message, line: self.lnum, col: (at - self.ls) as u32 });
                }
                self.push_here(TokenType::NUMBER, p, n.end);
                Ok(n.end)
            }
            Err(e) => {
                let l = self.lnum;
                let (c, ec) = (Col::Chars((e.start - self.ls) as u32), Col::Chars((e.end - self.ls) as u32));
                Err(self.err(DiagnosticKind::SyntaxError, e.message, l, c, l, ec))
            }
        }
    }

    /// A name (module view: `\w+`, a NAME when its first character may start an identifier,
    /// else an OP; compiler view: the C tokenizer's identifier scan, then verified).
    fn name(&mut self, pos: usize, p: usize, max: usize) -> Scan<usize> {
        let s = self.s;
        // The ASCII run first: almost every name is all of it.
        let mut e = p + s[p..max].iter().position(|&b| !NAME_BYTE[b as usize]).unwrap_or(max - p);
        let mut ascii = true;
        while e < max {
            let b = s[e];
            if NAME_BYTE[b as usize] {
                e += 1;
            } else if b >= 0x80 {
                if self.compiler {
                    e += 1;
                    ascii = false;
                    continue;
                }
                let (c, len) = char_at(self.text, e);
                if !is_word(c) {
                    break;
                }
                ascii = false;
                e += len;
            } else {
                break;
            }
        }
        if self.compiler {
            if !ascii {
                self.verify_identifier(p, e)?;
            }
            self.push_here(TokenType::NAME, p, e);
            return Ok(e);
        }
        if e == p {
            // Not a word character: nothing matches here.
            return self.error_token(pos, p);
        }
        let starts_identifier = match s[p] {
            b if b < 0x80 => b.is_ascii_alphabetic() || b == b'_',
            _ => is_id_start(char_at(self.text, p).0),
        };
        let ty = if starts_identifier { TokenType::NAME } else { TokenType::OP };
        self.push_here(ty, p, e);
        Ok(e)
    }

    fn verify_identifier(&self, p: usize, e: usize) -> Scan<()> {
        for (i, c) in self.text[p..e].char_indices() {
            let ok = if i == 0 { is_id_start(c) } else { is_id_continue(c) };
            if !ok {
                return Err(self.bad_character(c, p + i + c.len_utf8()));
            }
        }
        Ok(())
    }

    /// A string starting at `p` (optional prefix, then a quote), if there is one.
    fn string_start(&mut self, p: usize, max: usize) -> Scan<Option<StringStart>> {
        let s = self.s;
        let plen = prefix_len(&s[p..max]);
        let Some(plen) = plen else { return Ok(None) };
        let q = s[p + plen];
        let body = p + plen + 1;
        let (l, col) = (self.lnum, (p - self.ls) as u32);
        if body + 1 < max && s[body] == q && s[body + 1] == q {
            let st = OpenString { start: p, line: l, col, quote: q, triple: true };
            return Ok(Some(match self.find_string_end(body + 2, max, q, true) {
                Some(end) => StringStart::Done(end),
                None => StringStart::Open(st),
            }));
        }
        // Single-quoted: it ends at its quote, or continues after a backslash-newline.
        // A line ending can only be the last byte(s) before `max`: reaching it means unclosed.
        let mut i = body;
        while let Some(k) = memchr::memchr2(q, b'\\', &s[i..max]) {
            i += k;
            if s[i] == q {
                return Ok(Some(StringStart::Done(i + 1)));
            }
            if self.newline_at(i + 1) > 0 {
                let st = OpenString { start: p, line: l, col, quote: q, triple: false };
                return Ok(Some(StringStart::Open(st)));
            }
            if i + 1 >= max {
                break;
            }
            i += 2;
        }
        if self.compiler {
            let st = OpenString { start: p, line: l, col, quote: q, triple: false };
            return Err(self.unterminated_single(st));
        }
        // No string matches here; a prefix is then a name, a bare quote an ERRORTOKEN.
        Ok(if plen > 0 { None } else { Some(StringStart::Error) })
    }

    /// End of input: the synthesized NEWLINE, DEDENTs and ENDMARKER.
    fn finish(&mut self, last_line: (usize, usize)) {
        let end = self.s.len();
        let (ls, le) = last_line;
        let last = &self.text[ls..le];
        let needs_newline = if self.compiler {
            self.tokens
                .iter()
                .rev()
                .find(|t| {
                    !matches!(
                        t.ty,
                        TokenType::COMMENT | TokenType::NL | TokenType::TYPE_COMMENT | TokenType::TYPE_IGNORE
                    )
                })
                .is_some_and(|t| {
                    !matches!(
                        t.ty,
                        TokenType::NEWLINE | TokenType::INDENT | TokenType::DEDENT | TokenType::ENCODING
                    )
                })
                && !last.ends_with(['\r', '\n'])
        } else {
            !last.is_empty()
                && !last.ends_with(['\r', '\n'])
                && !last.trim_matches(is_py_space).starts_with('#')
        };
        if needs_newline {
            let l = self.lnum - 1;
            let w = le - ls;
            self.push(TokenType::NEWLINE, end, end, l, w, l, w + 1);
        }
        // At (lnum, 0): the start of a whitespace-only last line, or the end of the text.
        let (l, at) = (self.lnum, self.ls);
        for _ in 1..self.indents.len() {
            self.push(TokenType::DEDENT, at, at, l, 0, l, 0);
        }
        self.push(TokenType::ENDMARKER, at, at, l, 0, l, 0);
    }
}

/// ASCII bytes that continue a name: letters, digits, underscore.
static NAME_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    t
};

enum StringStart {
    Done(usize),
    Open(OpenString),
    /// A lone quote that starts no string (module view: an ERRORTOKEN).
    Error,
}

/// The length of a string prefix at the start of `s` that is followed by a quote, if any.
#[inline]
fn prefix_len(s: &[u8]) -> Option<usize> {
    let quote = |i: usize| matches!(s.get(i), Some(b'\'' | b'"'));
    if quote(0) {
        return Some(0);
    }
    let l = |i: usize| s.get(i).map(|b| b.to_ascii_lowercase());
    match (l(0), l(1)) {
        (Some(b'b' | b'r' | b'u' | b'f'), _) if quote(1) => Some(1),
        (Some(b'b'), Some(b'r'))
        | (Some(b'r'), Some(b'b'))
        | (Some(b'f'), Some(b'r'))
        | (Some(b'r'), Some(b'f'))
            if quote(2) =>
        {
            Some(2)
        }
        _ => None,
    }
}

/// The longest operator at the start of `s` (tokenize's `Special`), with its exact type.
#[inline]
fn operator_len(s: &[u8]) -> Option<(usize, TokenType)> {
    use TokenType::*;
    let c1 = s.get(1).copied().unwrap_or(0);
    let c2 = s.get(2).copied().unwrap_or(0);
    Some(match (s[0], c1, c2) {
        (b'(', _, _) => (1, LPAR),
        (b')', _, _) => (1, RPAR),
        (b'[', _, _) => (1, LSQB),
        (b']', _, _) => (1, RSQB),
        (b'{', _, _) => (1, LBRACE),
        (b'}', _, _) => (1, RBRACE),
        (b',', _, _) => (1, COMMA),
        (b';', _, _) => (1, SEMI),
        (b'~', _, _) => (1, TILDE),
        (b':', b'=', _) => (2, COLONEQUAL),
        (b':', _, _) => (1, COLON),
        (b'.', b'.', b'.') => (3, ELLIPSIS),
        (b'.', _, _) => (1, DOT),
        (b'+', b'=', _) => (2, PLUSEQUAL),
        (b'+', _, _) => (1, PLUS),
        (b'-', b'=', _) => (2, MINEQUAL),
        (b'-', b'>', _) => (2, RARROW),
        (b'-', _, _) => (1, MINUS),
        (b'*', b'*', b'=') => (3, DOUBLESTAREQUAL),
        (b'*', b'*', _) => (2, DOUBLESTAR),
        (b'*', b'=', _) => (2, STAREQUAL),
        (b'*', _, _) => (1, STAR),
        (b'/', b'/', b'=') => (3, DOUBLESLASHEQUAL),
        (b'/', b'/', _) => (2, DOUBLESLASH),
        (b'/', b'=', _) => (2, SLASHEQUAL),
        (b'/', _, _) => (1, SLASH),
        (b'%', b'=', _) => (2, PERCENTEQUAL),
        (b'%', _, _) => (1, PERCENT),
        (b'@', b'=', _) => (2, ATEQUAL),
        (b'@', _, _) => (1, AT),
        (b'&', b'=', _) => (2, AMPEREQUAL),
        (b'&', _, _) => (1, AMPER),
        (b'|', b'=', _) => (2, VBAREQUAL),
        (b'|', _, _) => (1, VBAR),
        (b'^', b'=', _) => (2, CIRCUMFLEXEQUAL),
        (b'^', _, _) => (1, CIRCUMFLEX),
        (b'=', b'=', _) => (2, EQEQUAL),
        (b'=', _, _) => (1, EQUAL),
        (b'!', b'=', _) => (2, NOTEQUAL),
        (b'<', b'<', b'=') => (3, LEFTSHIFTEQUAL),
        (b'<', b'<', _) => (2, LEFTSHIFT),
        (b'<', b'=', _) => (2, LESSEQUAL),
        (b'<', _, _) => (1, LESS),
        (b'>', b'>', b'=') => (3, RIGHTSHIFTEQUAL),
        (b'>', b'>', _) => (2, RIGHTSHIFT),
        (b'>', b'=', _) => (2, GREATEREQUAL),
        (b'>', _, _) => (1, GREATER),
        _ => return None,
    })
}

/// The C tokenizer's type-comment recognition: `#`, optional blanks, `type:`, then `ignore`
/// (followed by nothing alphanumeric) makes TYPE_IGNORE, anything else TYPE_COMMENT.
fn type_comment(c: &[u8]) -> Option<TokenType> {
    let mut i = 1;
    let blanks = |i: &mut usize| {
        while *i < c.len() && matches!(c[*i], b' ' | b'\t') {
            *i += 1;
        }
    };
    blanks(&mut i);
    if !c[i..].starts_with(b"type:") {
        return None;
    }
    i += 5;
    blanks(&mut i);
    let rest = &c[i..];
    if rest.starts_with(b"ignore") && rest.get(6).is_none_or(|b| !(b.is_ascii_alphanumeric() || *b >= 0x80)) {
        Some(TokenType::TYPE_IGNORE)
    } else {
        Some(TokenType::TYPE_COMMENT)
    }
}
