# match statements: every pattern kind, guards, bindings after failed alternatives, str/bytes
# are not sequences, class patterns with __match_args__ and keywords.
import sys

def lit(x):
    match x:
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case -1:
            return "minus one"
        case 1.5:
            return "one and a half"
        case 2j:
            return "imaginary"
        case "s" "t":
            return "st"
        case b"b":
            return "bytes b"
        case None:
            return "none"
        case True:
            return "true"
        case False:
            return "false"
        case _:
            return "other"

for v in [0, 1, 3, -1, 1.5, 2j, "st", b"b", None, True, False, 0.0, 1.0, "x"]:
    print(repr(v), lit(v))

class Color:
    RED = "red"
    GREEN = "green"

def val(x):
    match x:
        case Color.RED:
            return "is red"
        case Color.GREEN:
            return "is green"
        case other:
            return f"captured {other!r}"

print(val("red"), val("green"), val("blue"))

def seq(x):
    match x:
        case []:
            return "empty"
        case [a]:
            return f"one {a}"
        case [a, b]:
            return f"two {a} {b}"
        case [first, *mid, last] if len(mid) > 2:
            return f"long {first} {mid} {last}"
        case [first, *rest]:
            return f"head {first} rest {rest}"
        case (a, b, *_):
            return "unreachable"

for v in [[], [1], (1, 2), [1, 2, 3], list(range(6)), range(3), "ab", b"ab", bytearray(b"ab"), {1: 2}, iter([1])]:
    print(repr(v) if not hasattr(v, "__next__") else type(v).__name__, seq(v))

def star_positions(x):
    match x:
        case [*a, 9]:
            return ("ends9", a)
        case [1, *a, 2, 3]:
            return ("mid", a)
        case [*_, 7, _]:
            return ("seven second last",)
        case _:
            return ("none",)

for v in [[9], [1, 2, 9], [1, 5, 6, 2, 3], [1, 2, 3], [7, 0], [0, 7, 1], [1]]:
    print(v, star_positions(v))

def mapping(x):
    match x:
        case {"type": "point", "x": px, "y": py, **rest}:
            return f"point {px},{py} rest={rest}"
        case {"type": "empty", **rest} if not rest:
            return "empty only"
        case {"type": t}:
            return f"typed {t}"
        case {}:
            return "some mapping"
        case _:
            return "not a mapping"

for v in [{"type": "point", "x": 1, "y": 2}, {"type": "point", "x": 1, "y": 2, "z": 3, "w": 4},
          {"type": "empty"}, {"type": "empty", "a": 1}, {}, {"q": 1}, [("type", 1)], "type"]:
    print(v, "->", mapping(v))

class DefaultDict(dict):
    def __missing__(self, key):
        return "missing!"

# mapping patterns use get(), not __getitem__, so __missing__ is not consulted
match DefaultDict(a=1):
    case {"b": v}:
        print("matched b", v)
    case {"a": v}:
        print("matched a", v)

class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"

class Point3(Point):
    __match_args__ = ("x", "y", "z")
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z

def cls(p):
    match p:
        case Point3(0, 0, 0):
            return "origin3"
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=yy):
            return f"on y axis at {yy}"
        case Point(xx, 0):
            return f"on x axis at {xx}"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Point():
            return "some point"
        case int(n) if n > 100:
            return f"big int {n}"
        case int() | float() as num:
            return f"number {num}"
        case str(s):
            return f"string {s}"
        case bool(b):
            return "unreachable bool"
        case _:
            return "unknown"

for v in [Point(0, 0), Point3(0, 0, 0), Point3(0, 0, 1), Point(0, 5), Point(5, 0), Point(3, 3), Point(1, 2),
          1000, 5, 2.5, "hi", True, None]:
    print(repr(v), cls(v))

# builtin classes that match their whole subject with one positional pattern
for v in [b"x", bytearray(b"y"), {1}, frozenset([2]), [3], (4,), {5: 6}, 7.5]:
    match v:
        case bytes(x) | bytearray(x) | set(x) | frozenset(x) | list(x) | tuple(x) | dict(x) | float(x):
            print(type(v).__name__, x is v)

# bindings after a failed alternative: the successful alternative decides
def orbind(x):
    match x:
        case [1, a] | [a, 2] | (0 as a):
            return a
        case _:
            return None

print(orbind([1, 5]), orbind([7, 2]), orbind(0), orbind([8, 8]))

# walrus-style as patterns and nested captures
match (1, (2, [3, 4]), {"k": [5]}):
    case (a, (b, [c, d]) as inner, {"k": [e]} as m):
        print(a, b, c, d, e, inner, m)

# captured names stay bound even when a later guard fails
def guard_leak(x):
    match x:
        case [a, b] if a > b:
            return ("gt", a, b)
        case _:
            pass
    return ("after", a, b)

print(guard_leak([1, 2]))
print(guard_leak([3, 2]))

# errors
class NoArgs:
    pass

try:
    match NoArgs():
        case NoArgs(1):
            pass
except TypeError as e:
    print("TypeError:", e)

class TooMany:
    __match_args__ = ("a",)
    a = 1

try:
    match TooMany():
        case TooMany(1, 2):
            pass
except TypeError as e:
    print("TypeError:", e)

class BadArgs:
    __match_args__ = ["a"]

try:
    match BadArgs():
        case BadArgs(1):
            pass
except TypeError as e:
    print("TypeError:", e)

try:
    match 5:
        case len(x):
            pass
except TypeError as e:
    print("TypeError:", e)

class Dup:
    __match_args__ = ("a",)
    a = 1

try:
    match Dup():
        case Dup(1, a=1):
            pass
except TypeError as e:
    print("TypeError:", e)

class NotAString:
    __match_args__ = (1,)

try:
    match NotAString():
        case NotAString(x):
            pass
except TypeError as e:
    print("TypeError:", e)

# attribute lookup errors other than AttributeError propagate
class Raises:
    __match_args__ = ("boom",)
    @property
    def boom(self):
        raise ValueError("boom property")

try:
    match Raises():
        case Raises(_):
            pass
except ValueError as e:
    print("ValueError:", e)

# a missing attribute only fails the pattern
match Raises():
    case Raises(nothing=1):
        print("no")
    case _:
        print("missing attribute does not match")

# mapping keys evaluated with get(); duplicate-key patterns would be syntax errors; values compare with ==
match {1: "a", True: "b"}:
    case {1: v}:
        print("key 1 gives", v)

class NotSeq:
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return i

match NotSeq():
    case [a, b]:
        print("matched non-sequence")
    case _:
        print("plain __getitem__ class is not a sequence")

print("done", sys.version_info[:2] >= (3, 10))
