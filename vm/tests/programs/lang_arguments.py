# Function arguments: positional-only, keyword-only, mutable defaults, *args/**kwargs, the
# TypeErrors of wrong calls, and introspection through __defaults__, __kwdefaults__, __code__.

def f(a, b=2, /, c=3, *args, d, e=5, **kwargs):
    return (a, b, c, args, d, e, kwargs)

print(f(1, d=4))
print(f(1, 20, 30, 40, 50, d=4, e=6, z=7))
print(f(1, c=9, d=4, b=8))   # b is positional-only so it lands in kwargs
print(f.__defaults__, f.__kwdefaults__, f.__code__.co_varnames, f.__code__.co_argcount,
      f.__code__.co_posonlyargcount, f.__code__.co_kwonlyargcount, f.__code__.co_flags & 0x0C)

def calls(fn, *args, **kwargs):
    try:
        print(fn(*args, **kwargs))
    except TypeError as e:
        print("TypeError:", e)

calls(f)
calls(f, 1)
calls(f, a=1, d=2)
calls(f, 1, 2, d=3, c=4, **{"c": 5}) if False else None
calls(f, 1, 2, 3, c=4, d=5)

def g(x, y):
    return x, y
calls(g)
calls(g, 1)
calls(g, 1, 2, 3)
calls(g, 1, x=2)
calls(g, 1, 2, z=3)
calls(g, y=1, x=2)
calls(g, 1, y=2, w=3, v=4)

def h(x, /):
    return x
calls(h, x=1)
calls(h)
calls(h, 1, 2)

def kwonly(*, a, b):
    return a, b
calls(kwonly, 1)
calls(kwonly, a=1)
calls(kwonly)
calls(kwonly, 1, a=1, b=2)

def opt(a, b=1, *, c):
    return a
calls(opt, 1, 2, 3)
calls(opt, 1, 2, 3, c=1)
calls(opt)

def noargs():
    return "none"
calls(noargs, 1)
calls(noargs, x=1)
calls(noargs, 1, 2)

def three(a, b, c):
    return a
calls(three, 1)
calls(three)

def kwd(**kw):
    return kw
calls(kwd, 1)
print(kwd(a=1, **{"self": 2}))

class M:
    def meth(self, x):
        return x
    @classmethod
    def cm(cls, x):
        return x
    @staticmethod
    def sm(x):
        return x
calls(M().meth)
calls(M().meth, 1, 2)
calls(M.meth, 1)
calls(M.cm)
calls(M.sm)
calls(M().meth, x=1, self=2)
calls(M, 1)
calls(lambda: 0, 1)
calls(lambda x, *, y: 0, 1)

# mutable defaults are shared across calls
def append(item, bucket=[]):
    bucket.append(item)
    return bucket
print(append(1), append(2), append.__defaults__)
append.__defaults__ = ([],)
print(append(3))
def kwdef(*, k=[]):
    k.append(1)
    return k
print(kwdef(), kwdef(), kwdef.__kwdefaults__)
kwdef.__kwdefaults__ = None
calls(kwdef)

# defaults are evaluated at definition time, left to right
order = []
def note(x):
    order.append(x)
    return x
def defs(a=note("a"), *, b=note("b"), c=note("c")):
    return a, b, c
print(order, defs())

# names of parameters bound in kwargs
def collide(a, **kw):
    return a, kw
print(collide(1, b=2), collide(a=1, **{"kw": 5}))

# a function's attributes
def annotated(a: int, b: "str" = "x", *c: float, d: bool = True, **e: None) -> list:
    "docstring here"
    pass
print(annotated.__name__, annotated.__qualname__, annotated.__doc__, annotated.__module__)
print(annotated.__annotations__)
annotated.custom = 5
print(annotated.__dict__, annotated.custom)
print(annotated.__code__.co_argcount, annotated.__code__.co_nlocals, annotated.__code__.co_name)
try:
    annotated.__code__ = 1
except TypeError as e:
    print("TypeError:", e)
try:
    annotated.__defaults__ = 1
except TypeError as e:
    print("TypeError:", e)
try:
    annotated.__name__ = 1
except TypeError as e:
    print("TypeError:", e)

# recursion through default argument evaluation order and keyword-argument evaluation order
def kwa(**kw):
    return list(kw)
print(kwa(z=note("z"), y=note("y"), **{"x": note("x")}))
print(order)

# too many positional with defaults and kw-only
def many(a, b=1, c=2):
    return a
calls(many, 1, 2, 3, 4)
calls(many, 1, 2, 3, 4, 5)
def many_kw(a, b=1, *, c):
    return a
calls(many_kw, 1, 2, 3, c=4)
calls(many_kw, 1, 2, 3, 4, c=4)
