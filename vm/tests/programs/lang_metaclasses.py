# Metaclasses: __new__/__init__/__call__/__prepare__, __init_subclass__ with keyword arguments,
# __set_name__, __class_getitem__, __mro_entries__, metaclass conflicts.
log = []

class OrderedNS(dict):
    def __setitem__(self, key, value):
        log.append(("ns set", key))
        super().__setitem__(key, value)

class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        log.append(("prepare", mcls.__name__, name, [b.__name__ for b in bases], sorted(kw)))
        return OrderedNS()

    def __new__(mcls, name, bases, ns, **kw):
        log.append(("new", name, type(ns).__name__, [k for k in ns if not k.startswith("__")], kw))
        cls = super().__new__(mcls, name, bases, dict(ns))
        cls.tag = kw.get("tag", "none")
        return cls

    def __init__(cls, name, bases, ns, **kw):
        log.append(("init", name))
        super().__init__(name, bases, ns)

    def __call__(cls, *args, **kwargs):
        log.append(("call", cls.__name__, args, kwargs))
        inst = super().__call__(*args, **kwargs)
        inst.made_by_meta = True
        return inst

    def describe(cls):
        return f"<{cls.__name__} tag={cls.tag}>"

class Base(metaclass=Meta, tag="base"):
    x = 1
    def __init__(self, v=0):
        self.v = v
    def method(self):
        return self.v

for entry in log:
    print(entry)
log.clear()

class Child(Base, tag="child"):
    y = 2

for entry in log:
    print(entry)
log.clear()

c = Child(5)
print(log)
print(type(Child).__name__, Child.tag, Child.describe(), c.v, c.made_by_meta, c.method())
print(isinstance(Child, Meta), type(c) is Child, Meta.__mro__)
try:
    c.describe()
except AttributeError as e:
    print("AttributeError:", e)

# __call__ returning something else skips __init__
class Singleton(type):
    _inst = {}
    def __call__(cls, *a):
        if cls not in cls._inst:
            cls._inst[cls] = super().__call__(*a)
        return cls._inst[cls]

class One(metaclass=Singleton):
    def __init__(self, *a):
        print("One.__init__", a)

print(One(1) is One(2))

# __new__ returning an instance of another class: __init__ not called
class Other:
    def __init__(self):
        print("Other.__init__ (not expected)")

class Weird:
    def __new__(cls, *a):
        print("Weird.__new__", a)
        return Other.__new__(Other)
    def __init__(self, *a):
        print("Weird.__init__ (not expected)")

print(type(Weird(1, 2)).__name__)

# type() with three arguments, and type(x) with one
T = type("T", (Base,), {"z": 3, "__init__": lambda self: None})
print(T.__name__, T.z, T.x, type(T).__name__, T.tag)
print(type(3), type("s"), type(type), type(Meta))
try:
    type("X", 1, {})
except TypeError as e:
    print("TypeError:", e)
try:
    type("X", (), {}, 4)
except TypeError as e:
    print("TypeError:", e)
try:
    type(1, 2)
except TypeError as e:
    print("TypeError:", e)

# __init_subclass__ with keyword arguments
class Plugin:
    registry = []
    def __init_subclass__(cls, /, name=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.plugin_name = name or cls.__name__.lower()
        Plugin.registry.append(cls.plugin_name)

class Alpha(Plugin):
    pass

class Beta(Plugin, name="bee"):
    pass

class Gamma(Beta):
    pass

print(Plugin.registry, Gamma.plugin_name)
try:
    class Bad(Plugin, name="x", extra=1):
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    class Bad2(object, flavour=1):
        pass
except TypeError as e:
    print("TypeError:", e)

# __init_subclass__ is implicitly a classmethod
class Base2:
    def __init_subclass__(cls):
        print("init_subclass of", cls.__name__, "on", cls.__mro__[1].__name__)

class D1(Base2): pass
class D2(D1): pass

# __set_name__
class Field:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return obj.__dict__.get(self.name, f"<unset {self.name}>")

class Record:
    a = Field()
    b = Field()
    def __set_name__(self, owner, name):
        print("not called for functions")

r = Record()
print(r.a, r.b, type(Record.a).__name__)
Record.c = Field()
print(hasattr(Record.c, "name"))

class BadSetName:
    def __set_name__(self, owner, name):
        raise ValueError("nope")

try:
    class Holder:
        attr = BadSetName()
except Exception as e:
    print(type(e).__name__, e, type(e.__cause__).__name__ if e.__cause__ else None)

# __class_getitem__
class Box:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item!r}]"

print(Box[int], Box[1, 2], Box["x"])
class SubBox(Box): pass
print(SubBox[str])
try:
    int[3]
except TypeError as e:
    print("TypeError:", e)

# __mro_entries__
class Fake:
    def __mro_entries__(self, bases):
        print("mro_entries", len(bases))
        return (Box,)

class FromFake(Fake(), Plugin):
    pass

print([k.__name__ for k in FromFake.__mro__], FromFake.__orig_bases__[1] is Plugin)
print(FromFake[0])

# metaclass conflicts and derivation
class M1(type): pass
class M2(type): pass
class A1(metaclass=M1): pass
class A2(metaclass=M2): pass
try:
    class AB(A1, A2): pass
except TypeError as e:
    print("TypeError:", e)

class M3(M1): pass
class A3(metaclass=M3): pass
class A13(A1, A3): pass
print(type(A13).__name__)

# a plain function as metaclass
def fmeta(name, bases, ns):
    print("fmeta", name, sorted(k for k in ns if not k.startswith("__")))
    return 42

class FromFunc(metaclass=fmeta):
    q = 1

print(FromFunc)

# __qualname__, __module__, __doc__ of classes
class Outer:
    """outer doc"""
    class Inner:
        pass
    def f(self):
        class Local:
            pass
        return Local

print(Outer.__qualname__, Outer.Inner.__qualname__, Outer().f().__qualname__, Outer.__module__, Outer.__doc__)
print(Outer.Inner.__doc__)

# class body namespace evaluation order and __class__ cell
class WithCell:
    def get(self):
        return __class__
print(WithCell().get() is WithCell)

# __instancecheck__ / __subclasscheck__ on metaclasses
class Everything(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, int)
    def __subclasscheck__(cls, sub):
        return sub is bool

class Ints(metaclass=Everything): pass
print(isinstance(3, Ints), isinstance("3", Ints), issubclass(bool, Ints), issubclass(int, Ints))

# type attributes
print(Child.__bases__[0].__name__, Child.__base__.__name__, [k.__name__ for k in Child.mro()])
print(sorted(k for k in vars(Child) if not k.startswith("__")))
