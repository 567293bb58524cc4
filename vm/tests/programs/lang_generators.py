# Generators: send/throw/close edge cases, the return value in StopIteration, finally blocks on
# close, "generator already executing", generator expression scoping, gi_* attributes.

def echo():
    received = []
    try:
        while True:
            v = yield len(received)
            if v == "stop":
                return received
            received.append(v)
    finally:
        print("echo finally")

g = echo()
print(g.send(None), g.send("a"), g.send("b"))
try:
    g.send("stop")
except StopIteration as e:
    print("StopIteration value", e.value, e.args)
print(next(g, "exhausted"))

g = echo()
try:
    g.send("x")
except TypeError as e:
    print("TypeError:", e)
print(next(g))
g.close()
g.close()
print(g.gi_running)

def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")

g = with_finally()
print(next(g))
g.close()
print(list(g))

def ignores_exit():
    try:
        yield 1
    except GeneratorExit:
        print("caught GeneratorExit")
        yield "bad"

g = ignores_exit()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError:", e)

def returns_on_exit():
    try:
        yield 1
    except GeneratorExit:
        return "ignored value"

g = returns_on_exit()
next(g)
print(g.close())

def raises_on_exit():
    try:
        yield 1
    finally:
        raise ValueError("from finally")

g = raises_on_exit()
next(g)
try:
    g.close()
except ValueError as e:
    print("ValueError:", e)

# throw
def catcher():
    while True:
        try:
            yield "ready"
        except KeyError as e:
            print("caught", repr(e))
            yield "after KeyError"

g = catcher()
print(next(g))
print(g.throw(KeyError("k")))
print(next(g))
try:
    g.throw(ValueError("not caught"))
except ValueError as e:
    print("ValueError propagated:", e)
print(next(g, "dead"))

g = catcher()
try:
    g.throw(KeyError("before start"))
except KeyError as e:
    print("thrown into unstarted generator:", repr(e))
print(next(g, "finished"))

g = catcher()
next(g)
print(g.throw(KeyError))
try:
    g.throw(KeyError, KeyError("x"), None)
except Exception as e:
    print(type(e).__name__)
try:
    g.throw(1)
except TypeError as e:
    print("TypeError:", e)
try:
    g.throw(StopIteration)
except StopIteration:
    print("StopIteration thrown into a finished generator comes straight back")
g = catcher()
next(g)
try:
    g.throw(StopIteration)
except RuntimeError as e:
    print("RuntimeError:", e, type(e.__cause__).__name__)

# StopIteration raised inside a generator becomes RuntimeError
def leaks_stop():
    yield 1
    raise StopIteration("inner")

try:
    list(leaks_stop())
except RuntimeError as e:
    print("RuntimeError:", e, repr(e.__cause__))

def next_on_empty():
    yield next(iter([]))
try:
    list(next_on_empty())
except RuntimeError as e:
    print("RuntimeError:", e)

# generator already executing
def reentrant():
    yield me.send(None)
me = reentrant()
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)

def running_flag():
    print("running inside:", gen_ref.gi_running)
    yield
gen_ref = running_flag()
print("running before:", gen_ref.gi_running)
next(gen_ref)
print("running after:", gen_ref.gi_running)

# return value and yield from
def inner():
    x = yield 1
    print("inner got", x)
    return "inner result"

def outer():
    r = yield from inner()
    print("yield from returned", r)
    r2 = yield from [10, 20]
    print("list delegation returned", r2)
    return "outer result"

g = outer()
print(next(g), g.send("sent"), next(g))
try:
    next(g)
except StopIteration as e:
    print("final", e.value)

# StopIteration with a tuple value
def ret_tuple():
    return (1, 2)
    yield
try:
    next(ret_tuple())
except StopIteration as e:
    print(e.value, e.args)

# generator attributes
def named():
    yield
gn = named()
print(gn.__name__, gn.__qualname__, gn.gi_code.co_name, type(gn).__name__, iter(gn) is gn)
print(gn.gi_running, gn.gi_code.co_firstlineno)

# generator expressions: only the first iterable is evaluated eagerly
def source(tag, n):
    print("evaluating", tag)
    return range(n)
ge = (x * y for x in source("outer", 2) for y in source("inner", 2))
print("created")
print(list(ge))
ge2 = (x for x in [1, 2])
print(next(ge2), list(ge2), list(ge2))
print(sum(x for x in range(5)), max((x for x in "abc"), key=ord))

# yield inside try/finally with close from a for loop break
def counted():
    try:
        for i in range(10):
            yield i
    finally:
        print("counted closed at", i)

for v in counted():
    if v == 2:
        break
print("after break")

# generator finalisation when the last reference dies
def finalised():
    try:
        yield 1
    finally:
        print("finalised on collection")
fg = finalised()
next(fg)
del fg
print("after del")

# close on a generator that yields in finally
def yields_in_finally():
    try:
        yield 1
    finally:
        yield 2
g = yields_in_finally()
next(g)
try:
    g.close()
except RuntimeError as e:
    print("RuntimeError:", e)

# send after exhaustion, throw after exhaustion
def one():
    yield 1
g = one()
list(g)
try:
    g.send(5)
except StopIteration:
    print("send after exhaustion: StopIteration")
try:
    g.throw(ValueError("late"))
except ValueError as e:
    print("throw after exhaustion re-raises:", e)

# yield as an expression in various places
def expr_yield():
    x = [(yield 1), (yield 2)]
    print("list of sends", x)
    y = yield
    print("bare yield got", y)
g = expr_yield()
next(g)
g.send("a")
g.send("b")
try:
    g.send("c")
except StopIteration:
    pass

# infinite generator with islice-like consumption
def naturals():
    n = 0
    while True:
        yield n
        n += 1
it = naturals()
print([next(it) for _ in range(5)], next(it))

# generator's frame locals survive between yields
def acc():
    total = 0
    while True:
        total += yield total
a = acc()
next(a)
print([a.send(i) for i in range(1, 5)])
