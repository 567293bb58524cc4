# int / int is correctly rounded (half-even) for operands of any size, like CPython's
# long_true_divide; float(int) rounds half-even; unbounded-work requests fail fast.
import math

P53 = 2**53
cases = [
    (1, P53 + 1), (1, P53 - 1), (1, P53 + 3), (P53 + 1, 1), (P53 + 3, 1), (P53 + 1, 2),
    (2**54 + 1, 2), (2**54 + 3, 2), (2**54 + 2, 4), (P53 * 3 + 1, 3), (-(P53 + 1), 1),
    (2**64 + 1, 2**64), (2**64 - 1, 2**64 + 1), (10**30, 7), (7, 10**30), (-7, 10**30),
    (10**30, -3), (2**100 + 1, 2**100 - 1), (3**200, 2**300), (2**300, 3**200),
    (10**400, 10**399), (10**400 + 1, 3 * 10**399), (1, 10**308), (1, 10**320), (1, 10**330),
    (-1, 10**330), (1, 2**1074), (1, 2**1075), (3, 2**1076), (1, 2**1075 - 1), (1, 2**1076),
    (2**1023, 1), (2**1024 - 2**971, 1), (2**1024 - 2**970 - 1, 1), (10**308, 10**-0),
    (123456789 * 10**300, 10**300 + 1), (2**2000, 2**1990 + 1), (1, 10**400),
    (0, 10**400), (-0, -(10**400)), (5, 2), (-5, 2), (P53, P53 + 1), (2**60 - 1, 2**60 + 1),
    (2**63, 3), (-(2**63), 7), (2**62 + 2**9 + 1, 1), (2**62 + 2**9, 1), (2**62 + 3 * 2**9, 1),
]
for n, d in cases:
    print(n.bit_length(), d.bit_length(), repr(n / d), repr(-n / d))

for n in [P53 + 1, P53 + 3, 2**54 + 2, 2**54 + 6, 2**64 - 1, 2**1024 - 2**970 - 1, -(P53 + 1),
          2**100 + 2**47, 2**100 + 2**47 + 1, 2**100 + 3 * 2**47]:
    print(repr(float(n)), repr(n / 1.0), repr(n * 1.0), repr(1.0 * n))

for p in range(50, 70):
    print(p, repr(1 / (2**p + 1)), repr((2**p + 1) / 3), repr(10**20 / (2**p - 1)))

def attempt(label, fn):
    try:
        print(label, repr(fn()))
    except Exception as e:
        print(label, type(e).__name__, e)

attempt("huge/1", lambda: 10**400 / 1)
attempt("huge/small", lambda: 2**1024 / 1)
attempt("near max", lambda: (2**1024 - 2**970) / 1)
attempt("neg huge", lambda: -(10**400) / 3)
attempt("div zero", lambda: 10**400 / 0)
attempt("small div zero", lambda: 1 / 0)
attempt("huge/float", lambda: 10**400 / 3.0)
attempt("float/huge", lambda: 3.0 / 10**400)
attempt("float(huge)", lambda: float(10**400))
attempt("sqrt huge", lambda: math.sqrt(10**400))
attempt("factorial big", lambda: math.factorial(10**30))
attempt("factorial 2**63", lambda: math.factorial(2**63))
attempt("factorial neg", lambda: math.factorial(-1))
attempt("factorial neg big", lambda: math.factorial(-(10**30)))
attempt("factorial float", lambda: math.factorial(1.0))
attempt("factorial 20", lambda: math.factorial(20))
attempt("str repeat", lambda: "x" * 10**20)
attempt("str repeat rev", lambda: 10**20 * "x")
attempt("list repeat", lambda: [0] * 10**20)
attempt("tuple repeat", lambda: (0,) * 10**20)
attempt("bytes repeat", lambda: b"x" * 10**20)
attempt("str repeat 2**62", lambda: "x" * 2**62)
attempt("list repeat 2**62", lambda: [0] * 2**62)
attempt("str2 repeat 2**62", lambda: "xx" * 2**62)
attempt("bytes2 repeat 2**62", lambda: b"xx" * 2**62)
attempt("bytes repeat 2**62", lambda: b"x" * 2**62)
attempt("tuple2 repeat 2**62", lambda: (0, 0) * 2**62)
attempt("bytearray repeat", lambda: bytearray(b"ab") * 2**62)
attempt("non-ascii repeat", lambda: "\u00e9" * 2**62)
attempt("small repeats", lambda: ("ab" * 3, b"ab" * 3, 3 * b"c", [1] * 3, (1,) * 3, bytearray(b"x") * 2))
attempt("empty str repeat", lambda: "" * 10**20)
attempt("neg repeat", lambda: "x" * -(10**20))
attempt("pow neg big", lambda: 2 ** -(10**30))
attempt("float pow neg big", lambda: 2.0 ** -(10**30))
attempt("shift huge", lambda: 1 << 10**20)
big = 10**30
two = 2
attempt("runtime pow neg big", lambda: two ** -big)
attempt("runtime pow 1 neg big", lambda: 1 ** -big)
attempt("runtime pow 0 neg big", lambda: 0 ** -big)
attempt("runtime float pow neg big", lambda: 2.0 ** -big)
attempt("runtime pow 1 big", lambda: 1 ** big)
attempt("runtime pow -1 big", lambda: (-1) ** big)
attempt("runtime pow -1 odd big", lambda: (-1) ** (big + 1))
attempt("runtime pow 0 big", lambda: 0 ** big)
attempt("runtime shift huge", lambda: 1 << big)
attempt("runtime shift 0 huge", lambda: 0 << big)
attempt("runtime rshift huge", lambda: 1 >> big)
attempt("runtime rshift neg huge", lambda: -1 >> big)
attempt("runtime div", lambda: (2**53 + 1) / two)
attempt("int.__new__(bool)", lambda: int.__new__(bool))
attempt("int.__new__(bool, 5)", lambda: int.__new__(bool, 5))
attempt("bool.__new__(bool, 5)", lambda: bool.__new__(bool, 5))
