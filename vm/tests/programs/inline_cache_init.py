# Class instantiation that the eval loop runs itself (object.__new__ and a Python __init__).


class A:
    def __init__(self, x, y=2, *rest, **kw):
        self.t = (x, y, rest, sorted(kw.items()))


def make(*args, **kw):
    return A(*args, **kw).t


print(A(1).t, A(1, 3).t, A(1, 3, 4, 5).t, A(1, z=9).t, make(7, y=8))


class BadReturn:
    def __init__(self):
        return 42


try:
    BadReturn()
except TypeError as e:
    print("TypeError:", e)


class Raises:
    def __init__(self, v):
        if v:
            raise ValueError("bad %r" % v)
        self.v = v


for v in (0, 1):
    try:
        print("made", Raises(v).v)
    except ValueError as e:
        print("ValueError:", e)

try:
    Raises()
except TypeError as e:
    print("TypeError:", e)


class GenInit:
    def __init__(self):
        yield 1


try:
    GenInit()
except TypeError as e:
    print("TypeError:", e)


# __init__ and __new__ replaced after warm-up.
class C:
    def __init__(self):
        self.tag = "first"


print([C().tag for _ in range(5)][-1])


def second_init(self):
    self.tag = "second"


C.__init__ = second_init
print(C().tag)


def custom_new(cls):
    o = object.__new__(cls)
    o.pre = "from __new__"
    return o


C.__new__ = custom_new
c = C()
print(c.pre, c.tag)


# Subclass with super().__init__, and __del__ timing.
class Parent:
    def __init__(self, n):
        self.n = n


class Child(Parent):
    def __init__(self, n):
        super().__init__(n * 2)

    def __del__(self):
        print("del child", self.n)


ch = Child(4)
print("child", ch.n)
del ch
print("after del")


def recurse(n):
    class Node:
        def __init__(self, k):
            self.k = k if k == 0 else recurse(k - 1)

    return Node(n)


print(recurse(5).k.k.k.k.k.k)
