# Generators: yield, send, yield from, generator expressions, close/throw.
def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
print(list(count(5)), sum(count(101)), max(count(3)))
def echo():
    received = []
    while True:
        x = yield len(received)
        if x is None:
            break
        received.append(x)
    return received
g = echo()
print(next(g), g.send("a"), g.send("b"))
try:
    g.send(None)
except StopIteration as e:
    print("returned", e.value)
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], "ab", range(2))))
def inner():
    yield 1
    return "inner-result"
def outer():
    r = yield from inner()
    yield r
print(list(outer()))
print(list(x * 2 for x in range(5)), sum(x for x in range(10) if x % 3 == 0))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
out = []
for v in fib():
    if v > 100:
        break
    out.append(v)
print(out)
def guarded():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")
gg = guarded(); print(next(gg)); gg.close(); print("closed")
def catcher():
    while True:
        try:
            yield
        except ValueError as e:
            print("caught in gen:", e)
c = catcher(); next(c); c.throw(ValueError("boom")); c.close()
it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, "done"))
def g2():
    yield from range(3)
print(list(enumerate(g2())))
print(type(g2()).__name__)
