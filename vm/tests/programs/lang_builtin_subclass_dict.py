# Instances of Python subclasses of builtin types have a __dict__ unless __slots__ removes it;
# slot values stay out of __dict__; cycles through such a dict are collected.
import gc

for base in (int, float, complex, str, bytes, bytearray, tuple, list, dict, set):
    class C(base):
        pass
    c = C()
    c.a = 1
    print(base.__name__, c.a, c.__dict__, vars(c), hasattr(c, "b"))
    del c.a
    print(c.__dict__, getattr(c, "a", "gone"))

class NoDict(list):
    __slots__ = ()
try:
    NoDict().x = 1
except AttributeError as e:
    print("AttributeError:", e)
print(hasattr(NoDict(), "__dict__"), hasattr(1, "__dict__"))
try:
    (1).x = 1
except AttributeError as e:
    print("AttributeError:", e)

class Named(str):
    pass
n = Named("hi")
n.tag = "t"
print(n, n.upper(), n.tag, n + "!")

class Slotted:
    __slots__ = ("s", "__dict__")
class Sub(Slotted):
    pass
o = Sub()
o.s, o.d = 1, 2
print(o.s, o.d, o.__dict__)
del o.s
print(o.__dict__, hasattr(o, "s"))


class Tracked:
    def __del__(self):
        print("freed")

class L(list):
    pass
gc.collect()
x = L()
x.me = x
x.t = Tracked()
del x
print("collected", gc.collect() > 0)
