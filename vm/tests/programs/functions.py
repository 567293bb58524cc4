# Functions with every argument kind, defaults, closures, decorators, lambdas.
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)
print(f(1, c=3))
print(f(1, 5, 6, 7, c=3, e=9))
print(f(*[1, 2, 3], **{"c": 0, "z": 1}))
def pos_only(a, b, /, c):
    return a + b + c
print(pos_only(1, 2, c=3))
def counter():
    n = 0
    def inc(k=1):
        nonlocal n
        n += k
        return n
    return inc
c = counter(); c(); c(5); print(c(), c.__name__, c.__qualname__)
def deco(fn):
    def wrapper(*a, **k):
        print("calling", fn.__name__)
        return fn(*a, **k)
    return wrapper
@deco
def add(x, y):
    return x + y
print(add(2, 3))
sq = lambda x: x * x
print(sq(7), list(map(lambda p: p[0] * p[1], [(1, 2), (3, 4)])))
def outer():
    x = "outer"
    def mid():
        def inner():
            return x
        return inner()
    return mid()
print(outer())
fns = [lambda i=i: i for i in range(3)]
print([g() for g in fns])
def kwonly(*, key):
    return key
print(kwonly(key="k"))
for bad in [lambda: f(), lambda: f(1, 2, c=1, b=3), lambda: pos_only(1, b=2, c=3), lambda: kwonly(1), lambda: sq(1, 2)]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
def rec(n):
    return 1 if n <= 1 else n * rec(n - 1)
print(rec(30))
def gen_defaults(a, b=[]):
    b.append(a)
    return b
print(gen_defaults(1), gen_defaults(2))
print(f.__defaults__, f.__kwdefaults__, f.__name__)
