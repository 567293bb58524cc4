# __slots__ member descriptors: C.x, their repr and protocol, errors for unset slots.
class P:
    __slots__ = ("x", "y")

    def __init__(self, x):
        self.x = x


class Q(P):
    __slots__ = "z"


class D:
    __slots__ = ("a", "__dict__")


print(P.x, repr(P.y), type(P.x).__name__, P.x.__name__, Q.z, Q.x, D.a)
print(sorted(k for k in P.__dict__ if not k.startswith("__")), "z" in Q.__dict__, "x" in Q.__dict__)
p = P(1)
print(p.x, P.x.__get__(p, P), P.x.__get__(None, P) is P.x)
for action in ["get", "del", "getattr", "hasattr", "descriptor-get", "descriptor-del"]:
    try:
        if action == "get":
            p.y
        elif action == "del":
            del p.y
        elif action == "getattr":
            print(getattr(p, "y", "default"))
        elif action == "hasattr":
            print(hasattr(p, "y"))
        elif action == "descriptor-get":
            P.y.__get__(p, P)
        else:
            P.y.__delete__(p)
    except AttributeError as e:
        print(action, "AttributeError:", e)
P.y.__set__(p, 5)
print(p.y)
del p.y
print(hasattr(p, "y"))
q = Q(2)
q.z = 3
q.y = 4
print(q.x, q.y, q.z)
try:
    q.w = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    P.x.__get__(D(), D)
except TypeError as e:
    print("TypeError:", e)
try:
    P.x.__set__(3, 1)
except TypeError as e:
    print("TypeError:", e)
d = D()
d.a = 1
d.other = 2
print(d.a, d.other, D.a)
try:
    class Bad:
        __slots__ = ("v",)
        v = 1
except ValueError as e:
    print("ValueError:", e)
print(P.__slots__, Q.__slots__)
