# Descriptors: data vs non-data priority, property getter/setter/deleter and their errors,
# classmethod/staticmethod wrapping, __get__ on functions, __getattr__ vs __getattribute__,
# __setattr__/__delattr__ hooks.

class NonData:
    def __get__(self, obj, objtype=None):
        return ("nondata", obj is None, objtype.__name__)

class Data:
    def __get__(self, obj, objtype=None):
        return ("data", obj is None, objtype.__name__)
    def __set__(self, obj, value):
        print("Data.__set__", value)

class SetOnly:
    def __set__(self, obj, value):
        print("SetOnly.__set__", value)

class DelOnly:
    def __delete__(self, obj):
        print("DelOnly.__delete__")

class C:
    nd = NonData()
    d = Data()
    so = SetOnly()
    do = DelOnly()

c = C()
print(c.nd, C.nd, c.d, C.d)
c.__dict__["nd"] = "instance wins over non-data"
c.__dict__["d"] = "data descriptor wins"
print(c.nd, c.d)
c.d = 5
c.so = 6
print(c.__dict__.get("so"), type(c.so).__name__)
c.__dict__["so"] = "shadow"
print(c.so)
del c.do
try:
    c.do = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    del c.so
except AttributeError as e:
    print("AttributeError:", e)

class P:
    def __init__(self):
        self._x = 0
    @property
    def x(self):
        "the x property"
        print("get x")
        return self._x
    @x.setter
    def x(self, v):
        print("set x", v)
        self._x = v
    @x.deleter
    def x(self):
        print("del x")
        del self._x
    @property
    def ro(self):
        return "read only"
    def _get_y(self):
        return "y"
    y = property(_get_y, doc="y doc")

p = P()
p.x = 3
print(p.x)
del p.x
try:
    p.x
except AttributeError as e:
    print("AttributeError:", e)
try:
    p.ro = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    del p.ro
except AttributeError as e:
    print("AttributeError:", e)
print(P.x.__doc__, P.y.__doc__, P.ro.__doc__, type(P.x).__name__)
print(P.x.fget.__name__, P.x.fset.__name__, P.ro.fset)
print(P.y.__get__(p), P.y.__get__(None, P) is P.y)
try:
    property()(1)
except TypeError as e:
    print("TypeError:", e)
try:
    property().__get__(p, P)
except AttributeError as e:
    print("AttributeError:", e)

class PropErr:
    @property
    def a(self):
        raise AttributeError("inner problem")
    def __getattr__(self, name):
        return f"__getattr__({name})"

print(PropErr().a)

# classmethod / staticmethod
class K:
    @classmethod
    def cm(cls, *a):
        return (cls.__name__, a)
    @staticmethod
    def sm(*a):
        return a
    def m(self, *a):
        return (type(self).__name__, a)

class KK(K):
    pass

print(K.cm(1), KK.cm(2), KK().cm(3), K.sm(4), K().sm(5))
print(type(K.__dict__["cm"]).__name__, type(K.__dict__["sm"]).__name__)
print(K.__dict__["cm"].__func__.__name__, K.__dict__["sm"].__func__.__name__)
print(K.__dict__["sm"].__get__(None, K)(7), K.__dict__["cm"].__get__(None, KK)(8))
print(K.__dict__["cm"].__get__(KK())(9))
print(staticmethod(len)("abc"), callable(staticmethod(len)))
bm = KK().cm
print(bm.__self__.__name__, bm.__func__.__name__)

# functions are non-data descriptors
def f(self, x):
    return (self, x)

print(f.__get__(1)(2), f.__get__(None, int) is f)
bound = f.__get__("obj")
print(bound.__self__, bound.__func__ is f, bound("arg"), type(bound).__name__)
print(K().m == K().m, K.m is K.m, K().m.__func__ is K.m)
k = K()
print(k.m == k.m, k.m is k.m, hash(k.m) == hash(k.m))
try:
    bound.__get__(None, int)
except Exception as e:
    print(type(e).__name__)

# __getattr__ vs __getattribute__
class G:
    a = 1
    def __getattr__(self, name):
        print("__getattr__", name)
        if name == "boom":
            raise AttributeError(name)
        return name.upper()

g = G()
print(g.a, g.b)
print(getattr(g, "c"), hasattr(g, "boom"), getattr(g, "boom", "dflt"))

class GA:
    def __init__(self):
        self.real = "real"
    def __getattribute__(self, name):
        print("__getattribute__", name)
        if name == "missing":
            raise AttributeError("no " + name)
        return object.__getattribute__(self, name)
    def __getattr__(self, name):
        return "fallback " + name

ga = GA()
print(ga.real)
print(ga.missing)
print(ga.nope)

class OnlyGA:
    def __getattribute__(self, name):
        raise AttributeError(f"custom {name}")

try:
    OnlyGA().zzz
except AttributeError as e:
    print("AttributeError:", e)
print(getattr(OnlyGA(), "x", "default"))

# __setattr__ / __delattr__ hooks
class Hooks:
    def __init__(self):
        self.a = 1
    def __setattr__(self, name, value):
        print("setattr", name, value)
        if name == "frozen":
            raise AttributeError("frozen is read-only")
        object.__setattr__(self, name, value * 2 if isinstance(value, int) else value)
    def __delattr__(self, name):
        print("delattr", name)
        object.__delattr__(self, name)

h = Hooks()
h.b = 5
print(h.a, h.b, vars(h))
setattr(h, "c", "s")
try:
    h.frozen = 1
except AttributeError as e:
    print("AttributeError:", e)
del h.b
try:
    del h.b
except AttributeError as e:
    print("AttributeError:", e)
print(vars(h))
try:
    object().x = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    del C().nothing
except AttributeError as e:
    print("AttributeError:", e)
try:
    C().nothing
except AttributeError as e:
    print("AttributeError:", e)
try:
    C.nothing
except AttributeError as e:
    print("AttributeError:", e)
try:
    (1).real = 2
except AttributeError as e:
    print("AttributeError:", e)
try:
    "s".nothing
except AttributeError as e:
    print("AttributeError:", e)
try:
    setattr(C, "x", 1) or setattr(int, "x", 1)
except TypeError as e:
    print("TypeError:", e)
try:
    getattr(c, 5)
except TypeError as e:
    print("TypeError:", e)

# descriptors on the metaclass
class MetaDesc(type):
    @property
    def meta_prop(cls):
        return f"meta_prop of {cls.__name__}"

class WithMeta(metaclass=MetaDesc):
    pass

print(WithMeta.meta_prop)
try:
    WithMeta().meta_prop
except AttributeError as e:
    print("AttributeError:", e)

# __get__ called with the owner for class access, data descriptors in the class dict of subclasses
class Counter:
    def __init__(self):
        self.calls = 0
    def __get__(self, obj, owner):
        self.calls += 1
        return self.calls

class UsesCounter:
    n = Counter()

class SubUses(UsesCounter):
    pass

print(UsesCounter.n, SubUses.n, SubUses().n, UsesCounter.__dict__["n"].calls)

# __dict__ manipulation and vars()
class Plain:
    pass

pl = Plain()
pl.__dict__.update(q=1)
print(pl.q, vars(pl))
pl.__dict__ = {"r": 2}
print(pl.r, hasattr(pl, "q"))
try:
    pl.__dict__ = 5
except TypeError as e:
    print("TypeError:", e)
try:
    vars(1)
except TypeError as e:
    print("TypeError:", e)

# __getattribute__ and the attribute caches: a call site that ran plain lookups keeps working
# when a class (or its base) gains __getattribute__ later, methods go through it too, and
# subclasses inherit it.
class Base:
    def __init__(self):
        self.v = 1
    def m(self):
        return "m"

def read(o):
    return o.v, o.m()

objs = [Base() for _ in range(3)]
print([read(o) for o in objs])
def logging_getattribute(self, name):
    print("GA", type(self).__name__, name)
    return object.__getattribute__(self, name)
Base.__getattribute__ = logging_getattribute
print(read(objs[0]))
class Derived(Base):
    pass
print(read(Derived()))
del Base.__getattribute__
print(read(objs[1]))
class Renamer:
    def __getattribute__(self, name):
        if name.startswith("x_"):
            return object.__getattribute__(self, name[2:])
        return object.__getattribute__(self, name)
    def hello(self):
        return "hello"
r = Renamer()
r.a = 5
print(r.x_a, r.x_hello(), getattr(r, "x_a"), hasattr(r, "x_b"), getattr(r, "x_b", "none"))
class Raises:
    def __getattribute__(self, name):
        raise KeyError(name)
try:
    hasattr(Raises(), "a")
except KeyError as e:
    print("KeyError:", e)

# bound methods: equality by receiver identity and function, hashes follow
class Eq:
    def __eq__(self, other):
        return True
    __hash__ = object.__hash__
    def m(self):
        pass
e1, e2 = Eq(), Eq()
print(e1.m == e1.m, e1.m == e2.m, e1.m != e1.m, e1.m == Eq.m, hash(e1.m) == hash(e1.m))
print(len({e1.m, e1.m, e2.m}), e1.m.__get__(e2) == e1.m)

# obj.__dict__ = d makes d the attribute dict itself
class Holder:
    pass
hd = Holder()
nd = {"k": 1}
hd.__dict__ = nd
hd.j = 2
print(nd, hd.__dict__ is nd, vars(hd) is nd)
class DictSub(dict):
    pass
hd.__dict__ = DictSub(z=3)
print(hd.z, type(hd.__dict__).__name__)
try:
    del hd.__dict__
except (TypeError, AttributeError) as e:
    print(type(e).__name__ + ":", e)
try:
    object().__dict__ = {}
except AttributeError as e:
    print("AttributeError:", e)
try:
    "s".upper = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    (1.5).real = 1
except AttributeError as e:
    print("AttributeError:", e)
hd.__dict__ = {"w": 1}
del hd.__dict__
print(vars(hd), hasattr(hd, "w"))
