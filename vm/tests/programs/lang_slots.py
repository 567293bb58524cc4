# __slots__: no __dict__, __dict__ and __weakref__ entries, inheritance, descriptors in the class,
# conflicts with class attributes, empty slots.

class P:
    __slots__ = ("x", "y")
    def __init__(self, x):
        self.x = x

p = P(1)
print(p.x, hasattr(p, "__dict__"), type(P.x).__name__, P.__slots__)
try:
    p.y
except AttributeError as e:
    print("AttributeError:", e)
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError:", e)
p.y = 2
del p.y
try:
    del p.y
except AttributeError as e:
    print("AttributeError:", e)
try:
    vars(p)
except TypeError as e:
    print("TypeError:", e)
print(P.x.__name__, P.x.__objclass__ is P, repr(P.x))
print(P.x.__get__(p), P.x.__get__(None, P) is P.x)
P.x.__set__(p, 10)
print(p.x)

class WithDict:
    __slots__ = ("a", "__dict__")

w = WithDict()
w.a = 1
w.b = 2
print(w.a, w.b, w.__dict__, vars(w))

class Str:
    __slots__ = "single"
s = Str()
s.single = "ok"
print(s.single, Str.__slots__)

class Child(P):
    pass
c = Child(1)
c.anything = 5
print(c.x, c.anything, c.__dict__)

class Child2(P):
    __slots__ = ("z",)
c2 = Child2(1)
c2.z = 3
print(c2.x, c2.z, hasattr(c2, "__dict__"))
try:
    c2.w = 1
except AttributeError as e:
    print("AttributeError:", e)

class Empty:
    __slots__ = ()
try:
    Empty().a = 1
except AttributeError as e:
    print("AttributeError:", e)

try:
    class Conflict:
        __slots__ = ("a",)
        a = 1
except ValueError as e:
    print("ValueError:", e)
try:
    class DupDict:
        __slots__ = ("__dict__", "__dict__")
except TypeError as e:
    print("TypeError:", e)
try:
    class BadName:
        __slots__ = ("not valid",)
except TypeError as e:
    print("TypeError:", e)
try:
    class BadType:
        __slots__ = (1,)
except TypeError as e:
    print("TypeError:", e)
try:
    class DictTwice(WithDict):
        __slots__ = ("__dict__",)
except TypeError as e:
    print("TypeError:", e)

class Weak:
    __slots__ = ("__weakref__",)
print(hasattr(Weak(), "__weakref__"), Weak().__weakref__)
try:
    Weak().x = 1
except AttributeError as e:
    print("AttributeError:", e)

# private name mangling in slots
class Mangled:
    __slots__ = ("__secret",)
    def __init__(self):
        self.__secret = "s"
    def get(self):
        return self.__secret
m = Mangled()
print(m.get(), "_Mangled__secret" in dir(Mangled), Mangled.__slots__)

# slots with a list, a dict (keys), and an iterator
class ListSlots:
    __slots__ = ["a", "b"]
class DictSlots:
    __slots__ = {"a": "doc of a", "b": "doc of b"}
print(ListSlots.__slots__, DictSlots.__slots__, DictSlots.a.__doc__)
ds = DictSlots()
ds.a = 1
print(ds.a)

# properties still work with slots, and instance assignment to a method name fails
class Props:
    __slots__ = ("_v",)
    def __init__(self):
        self._v = 0
    @property
    def v(self):
        return self._v
    @v.setter
    def v(self, val):
        self._v = val
    def meth(self):
        return "meth"
pr = Props()
pr.v = 9
print(pr.v)
try:
    pr.meth = None
except AttributeError as e:
    print("AttributeError:", e)

# multiple inheritance with nonempty slots conflicts
class S1:
    __slots__ = ("a",)
class S2:
    __slots__ = ("b",)
try:
    class S12(S1, S2):
        pass
except TypeError as e:
    print("TypeError:", e)
class E1:
    __slots__ = ()
class S1E(S1, E1):
    __slots__ = ("c",)
x = S1E()
x.a, x.c = 1, 2
print(x.a, x.c, [k.__name__ for k in S1E.__mro__])

# slots of a subclass shadowing a parent slot
class Shadow(P):
    __slots__ = ("x",)
sh = Shadow(4)
print(sh.x, P.x.__get__(sh, Shadow) if False else "parent slot hidden")

# __slots__ does not include __dict__ but subclass of a builtin has dict
class IntSlots(int):
    __slots__ = ()
try:
    IntSlots(1).a = 2
except AttributeError as e:
    print("AttributeError:", e)
class IntNoSlots(int):
    pass
n = IntNoSlots(1)
n.a = 2
print(n.a, n + 1)

# __class__ assignment between compatible slot layouts
class A:
    __slots__ = ("v",)
class B:
    __slots__ = ("v",)
a = A()
a.v = 1
a.__class__ = B
print(type(a).__name__, a.v)
class NoSlotsA: pass
class NoSlotsB: pass
o = NoSlotsA()
o.__class__ = NoSlotsB
print(type(o).__name__)
try:
    o.__class__ = A
except TypeError as e:
    print("TypeError:", e)
try:
    (1).__class__ = bool
except TypeError as e:
    print("TypeError:", e)
