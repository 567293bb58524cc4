//! The abstract syntax tree: the output of the `parse` stage, mirroring CPython 3.11's `ast` module
//! node for node (Parser/Python.asdl). Field names and order follow the ASDL so the dumps in
//! [`dump`] can reproduce `ast.dump` exactly.
//!
//! Representation: a plain owned tree (`Box`/`Vec`), with large variants boxed so that [`Expr`]
//! stays at 48 bytes and [`Stmt`] small; positions are four `u32`s ([`Loc`]) in CPython's units
//! (1-based lines, UTF-8 byte columns).

mod constant;
pub mod dump;
mod fields;
pub mod visit;

pub use dump::{dump, dump_as_python_m_ast, dump_json, DumpError, DumpOptions};
pub use fields::identifiers;

/// A node's position: `lineno`, `col_offset`, `end_lineno`, `end_col_offset` as CPython reports
/// them (lines 1-based, columns in UTF-8 bytes from the start of the line).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Loc {
    pub lineno: u32,
    pub col_offset: u32,
    pub end_lineno: u32,
    pub end_col_offset: u32,
}

impl Loc {
    /// The position of nodes CPython creates without one (`-1` in all four fields), such as the
    /// literal pieces of a `%`-format that `ast-opt` rewrites to an f-string.
    pub const NONE: Loc =
        Loc { lineno: u32::MAX, col_offset: u32::MAX, end_lineno: u32::MAX, end_col_offset: u32::MAX };

    pub fn new(lineno: u32, col_offset: u32, end_lineno: u32, end_col_offset: u32) -> Self {
        Loc { lineno, col_offset, end_lineno, end_col_offset }
    }
    /// The span from the start of `self` to the end of `other`.
    pub fn to(self, other: Loc) -> Loc {
        Loc { end_lineno: other.end_lineno, end_col_offset: other.end_col_offset, ..self }
    }
}

/// An identifier (already NFKC-normalised, as CPython stores it). Shared: the parser interns
/// the identifiers of a file, so a name used a thousand times is stored once.
pub type Ident = std::sync::Arc<str>;

/// The root of a tree: what `ast.parse` returns for each `mode`.
#[derive(Clone, Debug, PartialEq)]
pub enum Mod {
    Module { body: Vec<Stmt>, type_ignores: Vec<TypeIgnore> },
    Interactive { body: Vec<Stmt> },
    Expression { body: Box<Expr> },
    FunctionType { argtypes: Vec<Expr>, returns: Box<Expr> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeIgnore {
    pub lineno: u32,
    pub tag: Box<str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    pub name: Ident,
    pub args: Box<Arguments>,
    pub body: Vec<Stmt>,
    pub decorator_list: Vec<Expr>,
    pub returns: Option<Expr>,
    pub type_comment: Option<Box<str>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClassDef {
    pub name: Ident,
    pub bases: Vec<Expr>,
    pub keywords: Vec<Keyword>,
    pub body: Vec<Stmt>,
    pub decorator_list: Vec<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct For {
    pub target: Expr,
    pub iter: Expr,
    pub body: Vec<Stmt>,
    pub orelse: Vec<Stmt>,
    pub type_comment: Option<Box<str>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct With {
    pub items: Vec<WithItem>,
    pub body: Vec<Stmt>,
    pub type_comment: Option<Box<str>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Try {
    pub body: Vec<Stmt>,
    pub handlers: Vec<ExceptHandler>,
    pub orelse: Vec<Stmt>,
    pub finalbody: Vec<Stmt>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    FunctionDef(Box<FunctionDef>),
    AsyncFunctionDef(Box<FunctionDef>),
    ClassDef(Box<ClassDef>),
    Return { value: Option<Box<Expr>> },
    Delete { targets: Vec<Expr> },
    Assign { targets: Vec<Expr>, value: Box<Expr>, type_comment: Option<Box<str>> },
    AugAssign { target: Box<Expr>, op: Operator, value: Box<Expr> },
    AnnAssign { target: Box<Expr>, annotation: Box<Expr>, value: Option<Box<Expr>>, simple: bool },
    For(Box<For>),
    AsyncFor(Box<For>),
    While { test: Box<Expr>, body: Vec<Stmt>, orelse: Vec<Stmt> },
    If { test: Box<Expr>, body: Vec<Stmt>, orelse: Vec<Stmt> },
    With(Box<With>),
    AsyncWith(Box<With>),
    Match { subject: Box<Expr>, cases: Vec<MatchCase> },
    Raise { exc: Option<Box<Expr>>, cause: Option<Box<Expr>> },
    Try(Box<Try>),
    TryStar(Box<Try>),
    Assert { test: Box<Expr>, msg: Option<Box<Expr>> },
    Import { names: Vec<Alias> },
    ImportFrom { module: Option<Ident>, names: Vec<Alias>, level: u32 },
    Global { names: Vec<Ident> },
    Nonlocal { names: Vec<Ident> },
    Expr { value: Box<Expr> },
    Pass,
    Break,
    Continue,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
    pub is_async: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dict {
    /// `keys[i]` is `None` for a `**mapping` entry.
    pub keys: Vec<Option<Expr>>,
    pub values: Vec<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Compare {
    pub left: Expr,
    pub ops: Vec<CmpOp>,
    pub comparators: Vec<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub func: Expr,
    pub args: Vec<Expr>,
    pub keywords: Vec<Keyword>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    BoolOp {
        op: BoolOp,
        values: Vec<Expr>,
    },
    NamedExpr {
        target: Box<Expr>,
        value: Box<Expr>,
    },
    BinOp {
        left: Box<Expr>,
        op: Operator,
        right: Box<Expr>,
    },
    UnaryOp {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Lambda {
        args: Box<Arguments>,
        body: Box<Expr>,
    },
    IfExp {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    Dict(Box<Dict>),
    Set {
        elts: Vec<Expr>,
    },
    ListComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    SetComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    DictComp {
        key_value: Box<(Expr, Expr)>,
        generators: Vec<Comprehension>,
    },
    GeneratorExp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    Await {
        value: Box<Expr>,
    },
    Yield {
        value: Option<Box<Expr>>,
    },
    YieldFrom {
        value: Box<Expr>,
    },
    Compare(Box<Compare>),
    Call(Box<Call>),
    /// `conversion` is -1 (none) or the code of `s`, `r` or `a`.
    FormattedValue {
        value: Box<Expr>,
        conversion: i32,
        format_spec: Option<Box<Expr>>,
    },
    JoinedStr {
        values: Vec<Expr>,
    },
    /// `kind_u` is CPython's `kind='u'` (the first piece of the string literal had a `u` prefix).
    Constant {
        value: Constant,
        kind_u: bool,
    },
    Attribute {
        value: Box<Expr>,
        attr: Ident,
        ctx: ExprContext,
    },
    Subscript {
        value: Box<Expr>,
        slice: Box<Expr>,
        ctx: ExprContext,
    },
    Starred {
        value: Box<Expr>,
        ctx: ExprContext,
    },
    Name {
        id: Ident,
        ctx: ExprContext,
    },
    List {
        elts: Vec<Expr>,
        ctx: ExprContext,
    },
    Tuple {
        elts: Vec<Expr>,
        ctx: ExprContext,
    },
    Slice {
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
}

/// A constant value. Integers that fit in an `i64` are stored as such; larger ones keep their
/// decimal digits (what `repr` prints and what a later stage can convert to any digit base)
/// without pulling in a bignum library for the parser's sake.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    None,
    True,
    False,
    Ellipsis,
    Int(i64),
    /// An integer outside the `i64` range, as its decimal digits, with a leading `-` when negative
    /// (literals never are; `ast-opt` folding can make one).
    BigInt(Box<str>),
    Float(f64),
    /// An imaginary literal `<imag>j` (the real part of a literal is always 0.0).
    Complex(Box<(f64, f64)>),
    Str(Box<str>),
    /// A str containing lone surrogates (`'\ud800'`), kept as WTF-8 bytes (UTF-8 with
    /// surrogates encoded like other code points, i.e. `surrogatepass`).
    SurrogateStr(Box<[u8]>),
    Bytes(Box<[u8]>),
    /// A tuple of constants: only `ast-opt` makes these (a folded `(1, 2)`).
    Tuple(Box<[Constant]>),
    /// A frozenset of distinct constants in insertion order: only `ast-opt` makes these (a set
    /// display on the right of `in` or as a for-loop iterable).
    FrozenSet(Box<[Constant]>),
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Arguments {
    pub posonlyargs: Vec<Arg>,
    pub args: Vec<Arg>,
    pub vararg: Option<Box<Arg>>,
    pub kwonlyargs: Vec<Arg>,
    pub kw_defaults: Vec<Option<Expr>>,
    pub kwarg: Option<Box<Arg>>,
    pub defaults: Vec<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub arg: Ident,
    pub annotation: Option<Box<Expr>>,
    pub type_comment: Option<Box<str>>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    pub arg: Option<Ident>,
    pub value: Expr,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Alias {
    pub name: Ident,
    pub asname: Option<Ident>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WithItem {
    pub context_expr: Expr,
    pub optional_vars: Option<Box<Expr>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExceptHandler {
    pub type_: Option<Box<Expr>>,
    pub name: Option<Ident>,
    pub body: Vec<Stmt>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatchCase {
    pub pattern: Pattern,
    pub guard: Option<Box<Expr>>,
    pub body: Vec<Stmt>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub kind: PatternKind,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PatternKind {
    MatchValue { value: Box<Expr> },
    MatchSingleton { value: Constant },
    MatchSequence { patterns: Vec<Pattern> },
    MatchMapping { keys: Vec<Expr>, patterns: Vec<Pattern>, rest: Option<Ident> },
    MatchClass { cls: Box<Expr>, patterns: Vec<Pattern>, kwd_attrs: Vec<Ident>, kwd_patterns: Vec<Pattern> },
    MatchStar { name: Option<Ident> },
    MatchAs { pattern: Option<Box<Pattern>>, name: Option<Ident> },
    MatchOr { patterns: Vec<Pattern> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExprContext {
    Load,
    Store,
    Del,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BoolOp {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    Add,
    Sub,
    Mult,
    MatMult,
    Div,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
    FloorDiv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Invert,
    Not,
    UAdd,
    USub,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

impl Expr {
    pub fn new(kind: ExprKind, loc: Loc) -> Self {
        Expr { kind, loc }
    }
}

impl Stmt {
    pub fn new(kind: StmtKind, loc: Loc) -> Self {
        Stmt { kind, loc }
    }
}

macro_rules! names {
    ($ty:ty { $($v:ident),* }) => {
        impl $ty {
            /// The class name in CPython's `ast` module.
            pub fn name(self) -> &'static str {
                match self { $(<$ty>::$v => stringify!($v)),* }
            }
        }
    };
}
names!(ExprContext { Load, Store, Del });
names!(BoolOp { And, Or });
names!(Operator { Add, Sub, Mult, MatMult, Div, Mod, Pow, LShift, RShift, BitOr, BitXor, BitAnd, FloorDiv });
names!(UnaryOp { Invert, Not, UAdd, USub });
names!(CmpOp { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn });

#[cfg(test)]
mod size_tests {
    use super::*;
    #[test]
    fn nodes_stay_small() {
        assert!(std::mem::size_of::<Expr>() <= 56, "Expr is {}", std::mem::size_of::<Expr>());
        assert!(std::mem::size_of::<Stmt>() <= 80, "Stmt is {}", std::mem::size_of::<Stmt>());
    }
}
#[cfg(test)]
mod print_sizes {
    #[test]
    fn print_sizes() {
        use super::*;
        eprintln!(
            "Expr {} Stmt {} Arguments {} Arg {} Keyword {} FunctionDef {} Call {} Constant {} Comprehension {}",
            std::mem::size_of::<Expr>(),
            std::mem::size_of::<Stmt>(),
            std::mem::size_of::<Arguments>(),
            std::mem::size_of::<Arg>(),
            std::mem::size_of::<Keyword>(),
            std::mem::size_of::<FunctionDef>(),
            std::mem::size_of::<Call>(),
            std::mem::size_of::<Constant>(),
            std::mem::size_of::<Comprehension>()
        );
    }
}
