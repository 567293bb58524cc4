# __slots__: instances without a __dict__ reject other attributes; a subclass without
# __slots__ (or "__dict__" in the slots) brings the dict back.
import gc
class P:
    __slots__ = ("x", "y")
    def __init__(self, x):
        self.x = x
p = P(1)
print(p.x)
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError:", e)
try:
    p.y
except AttributeError as e:
    print("AttributeError:", e)
p.y = 5
print(p.x, p.y)
del p.y
try:
    print(p.y)
except AttributeError as e:
    print("AttributeError:", e)
try:
    p.__dict__
except AttributeError as e:
    print("AttributeError:", e)
try:
    vars(p)
except TypeError as e:
    print("TypeError:", e)
class Q(P):
    __slots__ = "w"
q = Q(2)
q.w = 1
try:
    q.v = 1
except AttributeError as e:
    print("AttributeError:", e)
class R(P):
    pass
r = R(3)
r.anything = 1
print(r.anything)
class S:
    __slots__ = ("a", "__dict__")
s = S()
s.a = 1
s.b = 2
print(s.b, "b" in s.__dict__)
print(P.__slots__, Q.__slots__)
gc.collect()
a = P(1); b = P(2); a.x = b; b.x = a
del a, b
print(gc.collect())
print(hasattr(p, "x"), getattr(p, "y", "default"))
