# sys.getrefcount: the argument itself holds one reference, as in CPython.
import sys


class Obj:
    pass


o = Obj()
print(sys.getrefcount(o))
alias = o
print(sys.getrefcount(o))
l = [o, o, o]
print(sys.getrefcount(o))
del l
print(sys.getrefcount(o))
d = {"k": o}
print(sys.getrefcount(o))
d.clear()
t = (o,)
print(sys.getrefcount(o))
del t, alias
print(sys.getrefcount(o))


def f(x):
    return sys.getrefcount(x)


print(f(o))
s = "a fresh string " + str(12345)
print(sys.getrefcount(s))
lst = []
print(sys.getrefcount(lst))
o.attr = lst
print(sys.getrefcount(lst))
del o
print(sys.getrefcount(lst))
