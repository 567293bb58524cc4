# Cells and closures: shared cells, late binding, nonlocal in nested scopes, class closures.
def make_pair():
    v = 0
    def get():
        return v
    def put(x):
        nonlocal v
        v = x
    return get, put
g, p = make_pair()
p(10); print(g())
p(20); print(g())
def adders():
    return [lambda x, i=i: x + i for i in range(3)], [lambda x: x + i for i in range(3)]
early, late = adders()
print([f(10) for f in early], [f(10) for f in late])
def outer():
    a = 1
    def mid():
        b = 2
        def inner():
            nonlocal a
            a += b
            return a
        return inner
    return mid()
fn = outer(); print(fn(), fn(), fn.__closure__ is not None)
def counter_class():
    count = 0
    class C:
        def inc(self):
            nonlocal count
            count += 1
            return count
    return C()
c = counter_class(); c.inc(); print(c.inc())
def memo(f):
    cache = {}
    def wrapped(n):
        if n not in cache:
            cache[n] = f(n)
        return cache[n]
    wrapped.cache = cache
    return wrapped
@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), len(fib.cache))
def unbound():
    def inner():
        return z
    try:
        inner()
    except NameError as e:
        print(e)
    z = 1
    return inner()
print(unbound())
