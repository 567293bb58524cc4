//! The assembly text's grammar (docs/asm.md), parsed with chumsky.
//!
//! The grammar is line-oriented: every line is one statement (or blank), optionally followed by a
//! `#` comment. A line that does not parse is skipped up to its newline and reported, so one
//! mistake does not hide the next. Spans are character offsets into the text.

// chumsky's `Simple` error is what its combinators return; boxing it is not an option here.
#![allow(clippy::result_large_err)]

use chumsky::prelude::*;

pub type Span = std::ops::Range<usize>;

/// A constant as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    None,
    True,
    False,
    Ellipsis,
    /// Decimal digits with an optional leading `-`.
    Int(String),
    Float(f64),
    Complex(f64, f64),
    /// Code points (lone surrogates allowed).
    Str(Vec<u32>),
    Bytes(Vec<u8>),
    Tuple(Vec<Value>),
    FrozenSet(Vec<Value>),
    /// `code`: the next `.code` ... `.end` block.
    Code,
}

/// An instruction argument.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Int(i64),
    Label(String),
}

/// A written position: `@-`, `@LINE`, or `@LINE:COL-END_LINE:END_COL` with `?` for a missing part.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pos {
    None,
    Line(i64),
    Full(i64, Option<i64>, Option<i64>, Option<i64>),
}

/// A directive's argument: a string literal or a bare word.
#[derive(Clone, Debug, PartialEq)]
pub enum Word {
    Str(Vec<u32>),
    Bare(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    Directive {
        name: String,
        args: Vec<(Word, Span)>,
    },
    Label(String),
    Name(Vec<u32>),
    Var {
        name: Vec<u32>,
        kind: (String, Span),
    },
    Const(Value),
    Instr {
        op: (String, Span),
        arg: Option<(Arg, Span)>,
        pos: Option<Pos>,
    },
    Try {
        start: (String, Span),
        end: (String, Span),
        handler: (String, Span),
        depth: i64,
        lasti: bool,
    },
    Entry {
        label: (String, Span),
        depth: i64,
    },
    /// A line that did not parse (already reported).
    Error,
}

/// One parse error: where, what was found, and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub span: Span,
    pub message: String,
}

fn ws() -> impl Parser<char, (), Error = Simple<char>> + Clone {
    filter(|c: &char| *c == ' ' || *c == '\t').repeated().ignored()
}

fn ws1() -> impl Parser<char, (), Error = Simple<char>> + Clone {
    filter(|c: &char| *c == ' ' || *c == '\t').repeated().at_least(1).ignored()
}

fn word_char(c: &char) -> bool {
    c.is_alphanumeric()
        || *c == '_'
        || *c == '.'
        || *c == '<'
        || *c == '>'
        || *c == '|'
        || *c == '-'
        || *c == '+'
}

fn ident() -> impl Parser<char, String, Error = Simple<char>> + Clone {
    filter(|c: &char| c.is_alphabetic() || *c == '_')
        .chain(filter(|c: &char| c.is_alphanumeric() || *c == '_').repeated())
        .collect()
}

fn integer() -> impl Parser<char, i64, Error = Simple<char>> + Clone {
    just('-')
        .or_not()
        .chain::<char, _, _>(filter(|c: &char| c.is_ascii_digit()).repeated().at_least(1))
        .collect::<String>()
        .try_map(|s, span| {
            s.parse::<i64>().map_err(|_| Simple::custom(span, format!("integer {s} is out of range")))
        })
}

fn hex_digits(n: usize) -> impl Parser<char, u32, Error = Simple<char>> + Clone {
    filter(|c: &char| c.is_ascii_hexdigit())
        .repeated()
        .exactly(n)
        .collect::<String>()
        .map(|s| u32::from_str_radix(&s, 16).unwrap_or(0))
}

/// A Python string literal body (after the quote), as code points.
fn string_lit() -> impl Parser<char, Vec<u32>, Error = Simple<char>> + Clone {
    let escape = just('\\').ignore_then(choice((
        just('\\').to(b'\\' as u32),
        just('\'').to(b'\'' as u32),
        just('"').to(b'"' as u32),
        just('n').to(b'\n' as u32),
        just('r').to(b'\r' as u32),
        just('t').to(b'\t' as u32),
        just('0').to(0u32),
        just('x').ignore_then(hex_digits(2)),
        just('u').ignore_then(hex_digits(4)),
        just('U').ignore_then(hex_digits(8)).try_map(|v, span| {
            if v < 0x110000 {
                Ok(v)
            } else {
                Err(Simple::custom(span, "code point out of range"))
            }
        }),
    )));
    let body = |q: char| {
        filter(move |c: &char| *c != q && *c != '\\' && *c != '\n')
            .map(|c| c as u32)
            .or(escape.clone())
            .repeated()
            .delimited_by(just(q), just(q))
    };
    body('\'').or(body('"'))
}

fn bytes_lit() -> impl Parser<char, Vec<u8>, Error = Simple<char>> + Clone {
    just('b').ignore_then(string_lit()).try_map(|cps, span| {
        cps.into_iter()
            .map(|c| {
                u8::try_from(c)
                    .map_err(|_| Simple::custom(span.clone(), "bytes literal holds a non-byte character"))
            })
            .collect()
    })
}

fn float_lit() -> impl Parser<char, f64, Error = Simple<char>> + Clone {
    let digits = filter(|c: &char| c.is_ascii_digit()).repeated().at_least(1);
    let exp = one_of("eE").chain(one_of("+-").or_not()).chain::<char, _, _>(digits);
    let number = just('-')
        .or_not()
        .chain::<char, _, _>(digits)
        .chain::<char, _, _>(
            just('.').chain(filter(|c: &char| c.is_ascii_digit()).repeated()).or_not().flatten(),
        )
        .chain::<char, _, _>(exp.or_not().flatten())
        .collect::<String>()
        .try_map(|s, span| {
            if !s.contains(['.', 'e', 'E']) {
                return Err(Simple::custom(span, "not a float"));
            }
            s.parse::<f64>().map_err(|_| Simple::custom(span, "bad float"))
        });
    let special = just('-')
        .or_not()
        .then(choice((text::keyword("inf").to(f64::INFINITY), text::keyword("nan").to(f64::NAN))))
        .map(|(neg, v)| if neg.is_some() { -v } else { v });
    let bits = text::keyword("f64bits")
        .ignore_then(just("(0x"))
        .ignore_then(filter(|c: &char| c.is_ascii_hexdigit()).repeated().at_least(1).collect::<String>())
        .then_ignore(just(')'))
        .try_map(|s, span| {
            u64::from_str_radix(&s, 16).map(f64::from_bits).map_err(|_| Simple::custom(span, "bad bits"))
        });
    choice((number, special, bits))
}

fn value() -> impl Parser<char, Value, Error = Simple<char>> + Clone {
    recursive(|value| {
        let list = value.clone().padded_by(ws()).separated_by(just(','));
        let tuple =
            list.clone().then(just(',').padded_by(ws()).or_not()).delimited_by(just('('), just(')')).map(
                |(items, trailing)| {
                    if items.len() == 1 && trailing.is_none() {
                        items.into_iter().next().unwrap_or(Value::None)
                    } else {
                        Value::Tuple(items)
                    }
                },
            );
        let frozenset = text::keyword("frozenset")
            .ignore_then(
                list.clone()
                    .then_ignore(just(',').padded_by(ws()).or_not())
                    .delimited_by(just('{'), just('}'))
                    .or_not()
                    .padded_by(ws())
                    .delimited_by(just('('), just(')')),
            )
            .map(|items| Value::FrozenSet(items.unwrap_or_default()));
        let complex = text::keyword("complex")
            .ignore_then(
                float_lit()
                    .padded_by(ws())
                    .then_ignore(just(','))
                    .then(float_lit().padded_by(ws()))
                    .delimited_by(just('('), just(')')),
            )
            .map(|(r, i)| Value::Complex(r, i));
        let int = just('-')
            .or_not()
            .chain::<char, _, _>(filter(|c: &char| c.is_ascii_digit()).repeated().at_least(1))
            .collect::<String>()
            .map(Value::Int);
        choice((
            text::keyword("None").to(Value::None),
            text::keyword("True").to(Value::True),
            text::keyword("False").to(Value::False),
            just("...").to(Value::Ellipsis),
            text::keyword("code").to(Value::Code),
            frozenset,
            complex,
            bytes_lit().map(Value::Bytes),
            string_lit().map(Value::Str),
            float_lit().map(Value::Float),
            int,
            tuple,
        ))
        .labelled("constant")
    })
}

fn pos() -> impl Parser<char, Pos, Error = Simple<char>> + Clone {
    let part = integer().map(Some).or(just('?').to(None));
    let full = integer()
        .then_ignore(just(':'))
        .then(part.clone())
        .then_ignore(just('-'))
        .then(part.clone())
        .then_ignore(just(':'))
        .then(part)
        .map(|(((l, c), el), ec)| Pos::Full(l, c, el, ec));
    just('@')
        .ignore_then(choice((just('-').to(Pos::None), full, integer().map(Pos::Line))))
        .labelled("position")
}

fn spanned_ident() -> impl Parser<char, (String, Span), Error = Simple<char>> + Clone {
    ident().map_with_span(|s, span| (s, span))
}

/// The parsers of each statement form; a line picks one by its first word, so an instruction line
/// does not pay for trying every other form first.
struct Forms {
    directive: BoxedParser<'static, char, Stmt, Simple<char>>,
    label: BoxedParser<'static, char, Stmt, Simple<char>>,
    name: BoxedParser<'static, char, Stmt, Simple<char>>,
    var: BoxedParser<'static, char, Stmt, Simple<char>>,
    konst: BoxedParser<'static, char, Stmt, Simple<char>>,
    try_: BoxedParser<'static, char, Stmt, Simple<char>>,
    entry: BoxedParser<'static, char, Stmt, Simple<char>>,
    instr: BoxedParser<'static, char, Stmt, Simple<char>>,
}

fn line_end<T: 'static>(
    p: impl Parser<char, T, Error = Simple<char>> + Clone + 'static,
) -> BoxedParser<'static, char, T, Simple<char>> {
    let comment = just('#').then(filter(|c: &char| *c != '\n').repeated()).ignored();
    p.then_ignore(ws()).then_ignore(comment.or_not()).then_ignore(end()).boxed()
}

fn forms() -> Forms {
    let word = string_lit()
        .map(Word::Str)
        .or(filter(word_char).repeated().at_least(1).collect::<String>().map(Word::Bare))
        .map_with_span(|w, span| (w, span));
    let directive = just('.')
        .ignore_then(ident())
        .then(ws1().ignore_then(word).repeated())
        .map(|(name, args)| Stmt::Directive { name, args });
    let label = ident().then_ignore(just(':')).map(Stmt::Label);
    let name = text::keyword("name").ignore_then(ws1()).ignore_then(string_lit()).map(Stmt::Name);
    let var = text::keyword("var")
        .ignore_then(ws1())
        .ignore_then(string_lit())
        .then_ignore(ws1())
        .then(filter(word_char).repeated().at_least(1).collect::<String>().map_with_span(|s, span| (s, span)))
        .map(|(name, kind)| Stmt::Var { name, kind });
    let konst = text::keyword("const").ignore_then(ws1()).ignore_then(value()).map(Stmt::Const);
    let depth = ws1().ignore_then(text::keyword("depth")).ignore_then(ws1()).ignore_then(integer());
    let try_ = text::keyword("try")
        .ignore_then(ws1())
        .ignore_then(spanned_ident())
        .then_ignore(ws1())
        .then(spanned_ident())
        .then_ignore(ws1().then(just("->")).then(ws1()))
        .then(spanned_ident())
        .then(depth.clone())
        .then(ws1().ignore_then(text::keyword("lasti")).or_not())
        .map(|((((start, end), handler), depth), lasti)| Stmt::Try {
            start,
            end,
            handler,
            depth,
            lasti: lasti.is_some(),
        });
    let entry = text::keyword("entry")
        .ignore_then(ws1())
        .ignore_then(spanned_ident())
        .then(depth)
        .map(|(label, depth)| Stmt::Entry { label, depth });
    let arg = integer().map(Arg::Int).or(ident().map(Arg::Label)).map_with_span(|a, span| (a, span));
    let instr = spanned_ident()
        .then(ws1().ignore_then(arg).or_not())
        .then(ws1().ignore_then(pos()).or_not())
        .map(|((op, arg), pos)| Stmt::Instr { op, arg, pos });
    Forms {
        directive: line_end(directive),
        label: line_end(label),
        name: line_end(name),
        var: line_end(var),
        konst: line_end(konst),
        try_: line_end(try_),
        entry: line_end(entry),
        instr: line_end(instr),
    }
}

/// Parses the whole text: one statement (with its span, in characters) per non-blank line, and
/// every error. A line that does not parse is reported and skipped; the next line parses afresh.
pub fn parse(text: &str) -> (Vec<(Stmt, Span)>, Vec<ParseError>) {
    let forms = forms();
    let mut stmts = Vec::new();
    let mut errors = Vec::new();
    let mut offset = 0usize; // in characters
    for raw in text.split('\n') {
        let line_chars = raw.chars().count();
        let start = offset;
        offset += line_chars + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim_start_matches([' ', '\t']);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let lead = line.chars().count() - trimmed.chars().count();
        let first_word: &str = trimmed.split([' ', '\t', '#']).next().unwrap_or("");
        let parser = if trimmed.starts_with('.') {
            &forms.directive
        } else {
            match first_word {
                "name" => &forms.name,
                "var" => &forms.var,
                "const" => &forms.konst,
                "try" => &forms.try_,
                "entry" => &forms.entry,
                w if w.ends_with(':') => &forms.label,
                _ => &forms.instr,
            }
        };
        let base = start + lead;
        let stream = chumsky::Stream::from_iter(
            base + trimmed.chars().count()..base + trimmed.chars().count(),
            trimmed.chars().enumerate().map(|(i, c)| (c, base + i..base + i + 1)),
        );
        match parser.parse(stream) {
            Ok(stmt) => {
                let end = base + trimmed.trim_end().chars().count();
                stmts.push((stmt, base..end));
            }
            Err(errs) => {
                // The first error of a line is the useful one; the rest repeat it.
                if let Some(e) = errs.into_iter().next() {
                    errors.push(describe(e));
                }
                stmts.push((Stmt::Error, base..base));
            }
        }
    }
    (stmts, errors)
}

fn describe(e: Simple<char>) -> ParseError {
    let message = match e.reason() {
        chumsky::error::SimpleReason::Custom(m) => m.clone(),
        _ => {
            let found = match e.found() {
                Some('\n') | None => "end of line".to_string(),
                Some(c) => format!("{c:?}"),
            };
            let mut expected: Vec<String> = e
                .expected()
                .map(|x| match x {
                    Some('\n') | None => "end of line".to_string(),
                    Some(c) => format!("{c:?}"),
                })
                .collect();
            expected.sort();
            expected.dedup();
            let what = e.label().map(|l| format!(" in {l}")).unwrap_or_default();
            if expected.is_empty() || expected.len() > 8 {
                format!("unexpected {found}{what}")
            } else {
                format!("unexpected {found}{what}, expected {}", expected.join(", "))
            }
        }
    };
    ParseError { span: e.span(), message }
}
