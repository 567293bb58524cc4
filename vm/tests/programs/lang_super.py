# super(): zero-argument form in methods and classmethods, explicit super(C, obj), cooperative
# multiple inheritance, C3 MRO and its errors.

class A:
    def who(self):
        return ["A"]
    @classmethod
    def make(cls):
        return f"A.make({cls.__name__})"
    def __init__(self, **kw):
        print("A.__init__", sorted(kw))
        super().__init__()

class B(A):
    def who(self):
        return ["B"] + super().who()
    @classmethod
    def make(cls):
        return "B>" + super().make()
    def __init__(self, b=None, **kw):
        print("B.__init__", b)
        super().__init__(**kw)

class C(A):
    def who(self):
        return ["C"] + super().who()
    def __init__(self, c=None, **kw):
        print("C.__init__", c)
        super().__init__(**kw)

class D(B, C):
    def who(self):
        return ["D"] + super().who()
    @classmethod
    def make(cls):
        return "D>" + super().make()
    def __init__(self, **kw):
        print("D.__init__")
        super().__init__(**kw)

print([k.__name__ for k in D.__mro__])
d = D(b=1, c=2)
print(d.who(), D.make(), d.make())
print(super(B, d).who(), super(C, d).who(), super(D, d).who())
print(super(B, D).make())
s = super(D, d)
print(type(s).__name__, s.__thisclass__.__name__, s.__self__ is d, s.__self_class__.__name__)
print(repr(super(D, d)).startswith("<super: <class 'D'>, <D object"))
print(repr(super(D)))

try:
    super(B, 1)
except TypeError as e:
    print("TypeError:", e)
try:
    super(1, 2)
except TypeError as e:
    print("TypeError:", e)

def outside():
    return super()

try:
    outside()
except RuntimeError as e:
    print("RuntimeError:", e)

class NoArgs:
    def m():
        return super()

try:
    NoArgs.m()
except RuntimeError as e:
    print("RuntimeError:", e)

class Staticy:
    @staticmethod
    def s():
        return super().s()

try:
    Staticy.s()
except RuntimeError as e:
    print("RuntimeError:", e)

# super() in a nested function needs explicit args; in a lambda / comprehension inside a method
class Nested:
    def m(self):
        def inner():
            return super().__repr__
        try:
            inner()
        except (RuntimeError, TypeError) as e:
            print(type(e).__name__ + ":", e)
        try:
            return [super().__class__.__name__ for _ in range(1)]
        except TypeError as e:
            return ["TypeError: " + str(e)]

print(Nested().m())

# super with properties and attribute errors
class Base:
    @property
    def p(self):
        return "base p"
    attr = "base attr"

class Derived(Base):
    @property
    def p(self):
        return "derived/" + super().p
    def get(self):
        return super().attr
    def missing(self):
        return super().nope

dd = Derived()
print(dd.p, dd.get())
try:
    dd.missing()
except AttributeError as e:
    print("AttributeError:", e)

# super().__setattr__ works, super() cannot set attributes
class Setter:
    def __setattr__(self, name, value):
        super().__setattr__(name, value * 10)
    def bad(self):
        super().x = 1

st = Setter()
st.v = 2
print(st.v)
try:
    st.bad()
except AttributeError as e:
    print("AttributeError:", e)

# super() after the first argument is reassigned
class Reassign:
    def m(self):
        self = 5
        return super().__repr__()

try:
    Reassign().m()
except TypeError as e:
    print("TypeError:", e)

# __class__ of the enclosing class even in subclasses
class P1:
    def cls(self):
        return __class__.__name__

class P2(P1):
    pass

print(P2().cls())

# C3 linearisation
class O: pass
class X(O): pass
class Y(O): pass
class Z(X, Y): pass
print([k.__name__ for k in Z.__mro__])

class K1(O): pass
class K2(O): pass
class K3(O): pass
class L1(K1, K2): pass
class L2(K2, K3): pass
class L3(K1, K3): pass
class Top(L1, L2, L3): pass
print([k.__name__ for k in Top.mro()])

try:
    class Bad(X, Z): pass
except TypeError as e:
    print("TypeError:", e)
try:
    class Bad2(O, X): pass
except TypeError as e:
    print("TypeError:", e)
try:
    class Dup(X, X): pass
except TypeError as e:
    print("TypeError:", e)
try:
    class FromInstance(1): pass
except TypeError as e:
    print("TypeError:", e)
try:
    class FromBool(bool): pass
except TypeError as e:
    print("TypeError:", e)

# multiple builtin bases: layout conflict
try:
    class IntStr(int, str): pass
except TypeError as e:
    print("TypeError:", e)

# cooperative methods with mixins
class LogMixin:
    def save(self):
        print("LogMixin.save")
        return super().save()

class Store:
    def save(self):
        print("Store.save")
        return "saved"

class LoggedStore(LogMixin, Store):
    pass

print(LoggedStore().save())
try:
    LogMixin().save()
except AttributeError as e:
    print("AttributeError:", e)

# super in __init_subclass__ and __new__
class NewBase:
    def __new__(cls, *args):
        print("NewBase.__new__", cls.__name__, args)
        return super().__new__(cls)
    def __init__(self, *args):
        self.args = args

class NewChild(NewBase):
    def __new__(cls, *args):
        print("NewChild.__new__")
        return super().__new__(cls, *args)

print(NewChild(1, 2).args)
try:
    object.__new__(NewChild, 1)
    print("object.__new__ accepted extra args")
except TypeError as e:
    print("TypeError:", e)
try:
    object().__init__(1)
except TypeError as e:
    print("TypeError:", e)
class PlainObj: pass
try:
    PlainObj(1)
except TypeError as e:
    print("TypeError:", e)
