# The dunder protocol: rich comparison reflection and NotImplemented, truth via __bool__/__len__,
# __contains__ fallbacks, iteration via __getitem__, __index__, __hash__ = None, augmented
# assignment fallbacks, __call__, __missing__, operators on subclasses of builtins.

class Cmp:
    def __init__(self, name, v):
        self.name, self.v = name, v
    def __eq__(self, other):
        print(f"{self.name}.__eq__({getattr(other, 'name', other)})")
        if isinstance(other, Cmp):
            return self.v == other.v
        return NotImplemented
    def __lt__(self, other):
        print(f"{self.name}.__lt__({getattr(other, 'name', other)})")
        if isinstance(other, Cmp):
            return self.v < other.v
        return NotImplemented
    def __gt__(self, other):
        print(f"{self.name}.__gt__({getattr(other, 'name', other)})")
        return NotImplemented
    __hash__ = object.__hash__

class SubCmp(Cmp):
    def __lt__(self, other):
        print(f"{self.name}.SubCmp.__lt__")
        return "sub-lt"
    def __gt__(self, other):
        print(f"{self.name}.SubCmp.__gt__")
        return "sub-gt"

a, b, s = Cmp("a", 1), Cmp("b", 2), SubCmp("s", 3)
print(a < b)
print(a > b)
print(a < s)      # reflected subclass method first
print(a == 1)
print(1 == a)
print(a != b)
try:
    a < 1
except TypeError as e:
    print("TypeError:", e)
try:
    a <= b
except TypeError as e:
    print("TypeError:", e)
print(a == a, a != a, [a] == [a], a in [b, a])

class AlwaysNI:
    def __eq__(self, other):
        return NotImplemented
x = AlwaysNI()
print(x == x, x == AlwaysNI(), x != x)

class BadBool:
    def __bool__(self):
        return 1
class LenOnly:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
class BoolAndLen:
    def __bool__(self):
        return False
    def __len__(self):
        return 5
class NegLen:
    def __len__(self):
        return -1
class HugeLen:
    def __len__(self):
        return 2 ** 70
class FloatLen:
    def __len__(self):
        return 2.0

print(bool(LenOnly(0)), bool(LenOnly(3)), bool(BoolAndLen()), len(BoolAndLen()), bool(object()))
for obj in [BadBool(), NegLen(), HugeLen(), FloatLen()]:
    try:
        print(bool(obj))
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__ + ":", e)
try:
    len(NegLen())
except ValueError as e:
    print("ValueError:", e)
try:
    len(5)
except TypeError as e:
    print("TypeError:", e)
if not LenOnly(0):
    print("LenOnly(0) is falsy in if")

class Seq:
    def __getitem__(self, i):
        print("getitem", i)
        if i >= 3:
            raise IndexError(i)
        return i * 10
class IterOnly:
    def __iter__(self):
        print("iter")
        return iter([1, 2, 3])
class ContainsOnly:
    def __contains__(self, x):
        return x == "yes"

print(list(Seq()))
print(20 in Seq(), 99 in Seq())
print(2 in IterOnly(), "yes" in ContainsOnly(), "no" in ContainsOnly(), "no" not in ContainsOnly())
try:
    1 in 5
except TypeError as e:
    print("TypeError:", e)
class BadIter:
    def __iter__(self):
        return 5
try:
    iter(BadIter())
except TypeError as e:
    print("TypeError:", e)
class NoneIter:
    __iter__ = None
    def __getitem__(self, i):
        return i
try:
    iter(NoneIter())
except TypeError as e:
    print("TypeError:", e)
try:
    for _ in 5:
        pass
except TypeError as e:
    print("TypeError:", e)

class Idx:
    def __init__(self, v):
        self.v = v
    def __index__(self):
        return self.v

L = [10, 20, 30, 40]
print(L[Idx(1)], L[Idx(-1)], L[Idx(1):Idx(3)], "abcd"[Idx(2)], hex(Idx(255)), bin(Idx(5)), range(Idx(3)))
print([0] * Idx(3), operator_index := Idx(7).__index__())
try:
    L[Idx("x")]
except TypeError as e:
    print("TypeError:", e)
try:
    L["x"]
except TypeError as e:
    print("TypeError:", e)

class Unhashable:
    __hash__ = None
class EqOnly:
    def __eq__(self, other):
        return True
class EqAndHash(EqOnly):
    def __hash__(self):
        return 42

for obj in [Unhashable(), EqOnly()]:
    try:
        hash(obj)
    except TypeError as e:
        print("TypeError:", e)
    try:
        {obj}
    except TypeError as e:
        print("TypeError:", e)
print(hash(EqAndHash()), EqOnly.__hash__, Unhashable.__hash__)
class BadHash:
    def __hash__(self):
        return "no"
try:
    hash(BadHash())
except TypeError as e:
    print("TypeError:", e)
class BigHash:
    def __hash__(self):
        return 2 ** 100
print(hash(BigHash()), hash(-1), hash(-2))

class Num:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        print("Num.__add__")
        return Num(self.v + (o.v if isinstance(o, Num) else o))
    def __radd__(self, o):
        print("Num.__radd__")
        return Num(o + self.v)
    def __repr__(self):
        return f"Num({self.v})"

class InPlace(Num):
    def __iadd__(self, o):
        print("InPlace.__iadd__")
        self.v += o
        return self
class INotImpl(Num):
    def __iadd__(self, o):
        print("INotImpl.__iadd__")
        return NotImplemented

n = Num(1)
n += 2
print(n)
i = InPlace(1)
j = i
i += 5
print(i, i is j)
k = INotImpl(1)
k += 1
print(k, type(k).__name__)
print(1 + Num(2), sum([Num(1), Num(2)], Num(0)))
try:
    Num(1) - 1
except TypeError as e:
    print("TypeError:", e)
try:
    x = Num(1)
    x -= 1
except TypeError as e:
    print("TypeError:", e)
try:
    [] + ()
except TypeError as e:
    print("TypeError:", e)
try:
    "a" + 1
except TypeError as e:
    print("TypeError:", e)
try:
    1 + "a"
except TypeError as e:
    print("TypeError:", e)
try:
    -"a"
except TypeError as e:
    print("TypeError:", e)
try:
    ~1.5
except TypeError as e:
    print("TypeError:", e)
try:
    2 ** "x"
except TypeError as e:
    print("TypeError:", e)
try:
    pow(2, 3, "x")
except TypeError as e:
    print("TypeError:", e)

lst = [1]
alias = lst
lst += (2, 3)
print(lst, alias is lst)
t = (1,)
talias = t
t += (2,)
print(t, talias)

class Callable:
    def __call__(self, *a, **k):
        return ("called", a, k)
print(Callable()(1, x=2), callable(Callable()), callable(Callable), callable(1))
try:
    one = 1
    one()
except TypeError as e:
    print("TypeError:", e)
try:
    Num(1)()
except TypeError as e:
    print("TypeError:", e)

class DD(dict):
    def __missing__(self, key):
        print("missing", key)
        self[key] = key * 2
        return key * 2
d = DD(a=1)
print(d["a"], d["bb"], d, d.get("zz"), "zz" in d)
class NoMissing(dict):
    pass
try:
    NoMissing()["k"]
except KeyError as e:
    print("KeyError:", e)

class MyInt(int):
    def __add__(self, o):
        return f"MyInt.__add__({o})"
    def __radd__(self, o):
        return f"MyInt.__radd__({o})"
    def __eq__(self, o):
        return "MyInt.__eq__"
    __hash__ = int.__hash__
print(1 + MyInt(2), MyInt(2) + 1, MyInt(1) + MyInt(2), 1 == MyInt(1), MyInt(5) * 2, type(MyInt(5) * 2).__name__)
print(1.5 + MyInt(2), MyInt(3) - 1, -MyInt(4), type(-MyInt(4)).__name__)

class MyStr(str):
    def __radd__(self, o):
        return f"MyStr.__radd__({o!r})"
    def __mod__(self, o):
        return "MyStr.__mod__"
    def __rmod__(self, o):
        return "MyStr.__rmod__"
print("x" + MyStr("y"), MyStr("y") + "x", "%s" % MyStr("z"), MyStr("q") % 1, type(MyStr("a").upper()).__name__)

class MyList(list):
    def __radd__(self, o):
        return "MyList.__radd__"
    def __contains__(self, x):
        return True
print([1] + MyList([2]), MyList([2]) + [1], 99 in MyList(), type(MyList([1]) * 2).__name__)

class RCmp(int):
    def __lt__(self, o):
        return "RCmp.__lt__"
    def __gt__(self, o):
        return "RCmp.__gt__"
print(1 < RCmp(2), RCmp(2) < 1, 1 > RCmp(2))

# __getattr__ does not provide dunders for operators
class Proxy:
    def __getattr__(self, name):
        return lambda *a: "via getattr"
p = Proxy()
print(p.__len__())
try:
    len(p)
except TypeError as e:
    print("TypeError:", e)
try:
    p + 1
except TypeError as e:
    print("TypeError:", e)

# instance attributes do not override special methods
class Special:
    def __repr__(self):
        return "class repr"
sp = Special()
sp.__repr__ = lambda: "instance repr"
print(repr(sp), sp.__repr__())

# __eq__ return value is not coerced by ==; `in` and list.index do coerce
class Weird:
    def __eq__(self, o):
        return "truthy string"
print(Weird() == 1, 1 in [Weird()], [Weird()].index(5), [Weird()].count(3))

# __format__, __str__ and __repr__ fallbacks
class OnlyRepr:
    def __repr__(self):
        return "R!"
print(str(OnlyRepr()), f"{OnlyRepr()}", format(OnlyRepr()), "%s %r" % (OnlyRepr(), OnlyRepr()))
try:
    format(OnlyRepr(), "x")
except TypeError as e:
    print("TypeError:", e)
class BadRepr:
    def __repr__(self):
        return 5
try:
    repr(BadRepr())
except TypeError as e:
    print("TypeError:", e)
try:
    str(BadRepr())
except TypeError as e:
    print("TypeError:", e)

# __neg__, __abs__, __invert__, __pos__, __round__, __int__, __float__, __complex__
class Uni:
    def __neg__(self): return "neg"
    def __pos__(self): return "pos"
    def __abs__(self): return "abs"
    def __invert__(self): return "inv"
    def __round__(self, n=None): return ("round", n)
    def __int__(self): return 7
    def __float__(self): return 2.5
    def __complex__(self): return 1j
u = Uni()
print(-u, +u, abs(u), ~u, round(u), round(u, 2), int(u), float(u), complex(u))
class BadInt:
    def __int__(self):
        return "x"
try:
    int(BadInt())
except TypeError as e:
    print("TypeError:", e)

# __reversed__, __length_hint__ is not used by len
class Rev:
    def __reversed__(self):
        return iter("cba")
print(list(reversed(Rev())))
try:
    reversed(5)
except TypeError as e:
    print("TypeError:", e)

# three-argument pow: each operand's type is offered the call in turn
for args in [(2, 3, 5.0), (2.0, 3, 5), (2, 3.0, 5), (1j, 2, 3), (2, 3, None), ("a", 2, 3)]:
    try:
        print(pow(*args))
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)

# containment and iteration errors
for container in [5, 2.5, None, len]:
    try:
        1 in container
    except TypeError as e:
        print("TypeError:", e)
class IterNotIter:
    def __iter__(self):
        return [1, 2]
for make in [lambda: iter(IterNotIter()), lambda: list(IterNotIter()), lambda: [x for x in NoneIter()]]:
    try:
        make()
    except TypeError as e:
        print("TypeError:", e)
class GetitemOnly:
    def __getitem__(self, i):
        if i > 2:
            raise IndexError(i)
        return i * 10
print(list(GetitemOnly()), 20 in GetitemOnly(), 5 in GetitemOnly())

# __index__ in every builtin sequence
print((1, 2, 3)[Idx(2)], b"xyz"[Idx(0)], bytearray(b"ab")[Idx(1)], "xy" * Idx(2), Idx(2) * (7,))
try:
    [1][Idx(5)]
except IndexError as e:
    print("IndexError:", e)

# Python subclasses of builtins: overrides take their slot, the rest is the base's arithmetic
class Acc(int):
    def __iadd__(self, o):
        return f"Acc.__iadd__({o})"
    def __rsub__(self, o):
        return f"Acc.__rsub__({o})"
a = Acc(5)
a += 1
print(a, 10 - Acc(1), Acc(1) - 10, 2.5 - Acc(1), Acc(3) * Acc(2), type(Acc(3) * 2).__name__)
class Loud(float):
    def __add__(self, o):
        return NotImplemented
for thunk in [lambda: Loud(1.5) + 1, lambda: 1 + Loud(1.5), lambda: Loud(0.5) + Loud(0.5), lambda: Loud(1.5) + 1.0,
              lambda: Loud(1.5) * 2]:
    try:
        print(thunk())
    except TypeError as e:
        print("TypeError:", e)
class CmpStr(str):
    def __eq__(self, o):
        return "eq"
    __hash__ = str.__hash__
print("a" == CmpStr("a"), CmpStr("a") == "b", "a" != CmpStr("a"), CmpStr("b") < "c")
