# str.format and format_map: auto/manual numbering, indexing, attributes, conversions, nested specs, errors.
def t(fmt, *a, **k):
    try:
        r = fmt.format(*a, **k)
    except Exception as e:
        print(repr(fmt), type(e).__name__ + ":", e)
    else:
        print(repr(fmt), repr(r))

class Pt:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"Pt({self.x}, {self.y})"
    def __str__(self):
        return "pt"
    def __format__(self, spec):
        return "Pt:" + spec
p = Pt(1, 2)
t("{} {}", 1, 2); t("{1} {0} {1}", "a", "b"); t("{} {1}", 1, 2); t("{0} {}", 1, 2); t("{}", ); t("{2}", 1)
t("{0[0]} {0[1]}", [5, 6]); t("{0[k]}", {"k": "v"}); t("{d[k]}", d={"k": 9}); t("{0[1][0]}", [0, [7]]); t("{0[-1]}", [1, 2])
t("{0[1]}", {1: "int key"}); t("{0[a b]}", {"a b": 1}); t("{0[x]}", [1]); t("{0.x} {0.y}", p); t("{p.x}{p.y}", p=p); t("{0.z}", p)
t("{0!r} {0!s} {0!a}", "é"); t("{0!r:>10}", "x"); t("{!r}", p); t("{!s}", p); t("{}", p); t("{:abc}", p); t("{0!x}", 1); t("{0!}", 1)
t("{:{}}", 3.14159, ".2f"); t("{:{w}.{p}f}", 3.14159, w=10, p=2); t("{0:{1}{2}}", 5, ">", 6); t("{:{}{}{}}", 1, "*", "^", 5)
t("{:{:{}}}", 1, 2, 3); t("{{}} {}", 1); t("{{{}}}", 2); t("}}", ); t("}", ); t("{", ); t("{0", 1); t("{:", 1); t("a}b", )
t("{0.x.y}", p); t("{0[}", 1); t("{0]}", 1); t("{0.}", p); t("{.x}", p); t("{[0]}", [3]); t("{!r:}", "q"); t("{a}", )
t("{0:d}", "x"); t("{:,}", 1234567); t("{:_b}", 255); t("{0:%}", 0.25); t("{:=+8.2f}", -3.5); t("{:c}", 9731)
t("{00}", 1); t("{0}{00}", 1); t("{ }", **{" ": 1}); t("{-1}", **{"-1": "neg"}); t("{0:>{1}}", "x", 5.0)
t("{x[0]}{x[1]}", x="ab"); t("{0.real}", 3); t("{0.__class__.__name__}", 1.5); t("{n:>8}", n=None)
print("{0}-{name}".format_map({"name": "fm", 0: "zero"}) if False else "{name}".format_map({"name": "fm"}))
class Default(dict):
    def __missing__(self, k):
        return "<" + k + ">"
print("{a} {b}".format_map(Default(a=1)))
try:
    "{}".format_map({})
except Exception as e:
    print(type(e).__name__, e)
try:
    "{x}".format_map([])
except Exception as e:
    print(type(e).__name__, e)
print(format(12, ""), format("x"), format(1.5), format(p, "q"), str.format("{}", 1), "{0!r:^9}".format("ab"))
try:
    format(1, 2)
except Exception as e:
    print(type(e).__name__, e)
class BadFmt:
    def __format__(self, spec):
        return 5
try:
    "{}".format(BadFmt())
except Exception as e:
    print(type(e).__name__, e)
try:
    format(object(), "x")
except Exception as e:
    print(type(e).__name__, e)
print(format(object.__new__(Pt), ""), "{}".format(type), "{:>5}".format(True), "{!s:>5}".format(True), f"{True:>5}")
