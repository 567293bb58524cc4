# repr and str of containers: recursion markers, nested mixes, custom __repr__/__str__, and their errors.
def t(f, *a):
    try:
        r = f(*a)
    except Exception as e:
        print("  ", type(e).__name__ + ":", e)
    else:
        print("  ", r)

a = [1, 2]
a.append(a)
print(a, repr(a), str(a), len(repr(a)))
d = {"k": 1}
d["self"] = d
d["list"] = [d]
print(d)
l1, l2 = [1], [2]
l1.append(l2); l2.append(l1)
print(l1, l2)
tup = ([],)
tup[0].append(tup)
print(tup)
s = set()
class Holder:
    def __init__(self, c):
        self.c = c
    def __repr__(self):
        return f"Holder({self.c!r})"
    __hash__ = object.__hash__
h = Holder(None)
h.c = [h]
print(h, [h, h])
dd = {}
dd[1] = dd.keys()
print(dd)
dv = {}
dv[1] = dv.values()
print(dv)
di = {}
di["i"] = di.items()
print(di)
print([[], [[]], [[[]]]], ((),), {(): {}}, [{}, set(), frozenset()], {1: [2, (3, {4})]}, [None, ..., NotImplemented])
print(repr("a'b"), repr('a"b'), [repr("x")], ["it's"], {"q": 'say "hi"'}, ("\\", "\x1b", "\u200b", "\ud800" if False else "z"))
print([1.0, -0.0, 1e16, float("inf"), 1e-5], [1j, -1j, 1 + 0j, complex(0, -0.0)], [True, False], [b"", bytearray(b"x")])
class R:
    def __repr__(self):
        return "R!"
class S:
    def __str__(self):
        return "S-str"
class Bad:
    def __repr__(self):
        return 42
class Raises:
    def __repr__(self):
        raise ValueError("no repr")
class BadStr:
    def __str__(self):
        return None
print(R(), [R()], str(R()), S(), [S()].__len__(), str([S()]).startswith("[<__main__.S object at"), f"{R()}", f"{R()!r}", "%s %r" % (R(), R()))
t(repr, Bad()); t(str, Bad()); t(repr, [Bad()]); t(repr, Raises()); t(str, [Raises()]); t(str, BadStr()); t(print, BadStr())
class StrSub(str):
    def __repr__(self):
        return "StrSub!"
print(repr(StrSub("x")), str(StrSub("x")), [StrSub("y")], StrSub("z") + "w", type(str(StrSub("q"))).__name__)
class Rec:
    def __repr__(self):
        return repr(self)
try:
    repr(Rec())
except RecursionError as e:
    print("RecursionError", str(e)[:40])
deep = []
cur = deep
for _ in range(50):
    cur.append([])
    cur = cur[0]
print(repr(deep)[:30], len(repr(deep)))
od = {}
od[1] = od
od[2] = [od, od]
print(od, str(od) == repr(od))
print(repr(1), repr(1.5), repr("x"), repr(None), repr(int), repr(len), repr(type(None)), repr(print).startswith("<built-in function"), repr(Ellipsis))
print(str(1.0), str(True), str(b"x"), str(["a"]), str(("a",)), str({"a"}), repr(frozenset({"x"})), repr(set()), repr(range(1, 2)), repr(slice(1, None, -1)))
print(type(R()).__name__, R.__qualname__, repr(R)[:15], repr(object)[:16], repr(ValueError("x")), repr(KeyError("k")), str(KeyError("k")), repr(OSError(2, "nf")))
# Each container is guarded by itself: markers appear where an object recurs inside itself.
ls = []
tp = (ls, 1)
ls.append(tp)
class LL(list):
    pass
class TT(tuple):
    pass
ll = LL([0])
ll.append(ll)
kv = {}
kv["v"] = [kv.values(), kv.items()]
print(ls, tp, ll, TT((1,)), TT(()), TT(([ls],)), kv, [kv.keys()], {"s": frozenset({tp[1]})})
