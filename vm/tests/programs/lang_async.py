# Coroutines and async generators driven by send(): "already running" checks, aclose/athrow,
# async with / async for, await on custom awaitables with __await__.

class Suspend:
    def __init__(self, tag):
        self.tag = tag
    def __await__(self):
        got = yield ("suspend", self.tag)
        return f"resumed {self.tag} with {got}"

def drive(coro, sends=()):
    sends = list(sends)
    try:
        msg = coro.send(None)
        while True:
            print("  yielded", msg)
            msg = coro.send(sends.pop(0) if sends else None)
    except StopIteration as e:
        return e.value

async def simple():
    r = await Suspend("a")
    print("  got", r)
    r2 = await Suspend("b")
    return r + " / " + r2

print(drive(simple(), ["x", "y"]))

c = simple()
print(type(c).__name__, c.cr_running, c.cr_code.co_name, c.__name__, c.__qualname__)
c.close()
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)

async def returns_early():
    return 42
c = returns_early()
try:
    c.send(None)
except StopIteration as e:
    print("StopIteration", e.value)
try:
    c.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)

class BadAwait:
    def __await__(self):
        return 5
class NotAwaitable:
    pass
class GenAwait:
    def __await__(self):
        return iter([1, 2])

async def await_bad(x):
    return await x

for obj in [BadAwait(), NotAwaitable(), 3]:
    try:
        drive(await_bad(obj))
    except TypeError as e:
        print("TypeError:", e)
print(drive(await_bad(GenAwait())))

# a coroutine awaited twice
async def inner():
    return "inner"
async def await_twice():
    co = inner()
    a = await co
    try:
        await co
    except RuntimeError as e:
        print("RuntimeError:", e)
    return a
print(drive(await_twice()))

# throw into a coroutine
async def catching():
    try:
        await Suspend("t")
    except ValueError as e:
        print("  coroutine caught", e)
        return "handled"
c = catching()
c.send(None)
try:
    c.throw(ValueError("boom"))
except StopIteration as e:
    print("StopIteration", e.value)

# coroutine running itself
async def selfish():
    me.send(None)
me = selfish()
try:
    me.send(None)
except ValueError as e:
    print("ValueError:", e)

# async context managers
class ACM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    async def __aenter__(self):
        print("  aenter", self.name)
        await Suspend("enter " + self.name)
        return self.name.upper()
    async def __aexit__(self, et, ev, tb):
        print("  aexit", self.name, et.__name__ if et else None, ev)
        return self.suppress

async def use_acm():
    async with ACM("one") as a, ACM("two", suppress=True) as b:
        print("  body", a, b)
        raise KeyError("in body")
    print("  after suppressed")
    try:
        async with ACM("three"):
            raise ValueError("escapes")
    except ValueError as e:
        print("  escaped", e)
    return "acm done"
print(drive(use_acm()))

async def bad_acm():
    async with object():
        pass
try:
    drive(bad_acm())
except (TypeError, AttributeError) as e:
    print(type(e).__name__ + ":", e)

# async iteration
class ARange:
    def __init__(self, n):
        self.i, self.n = 0, n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        await Suspend(f"anext {self.i}")
        self.i += 1
        return self.i

async def use_aiter():
    out = []
    async for v in ARange(3):
        out.append(v)
    else:
        out.append("else")
    return out
print(drive(use_aiter()))

async def bad_aiter():
    async for _ in [1, 2]:
        pass
try:
    drive(bad_aiter())
except TypeError as e:
    print("TypeError:", e)

# async generators
async def agen():
    try:
        yield 1
        await Suspend("between")
        yield 2
    finally:
        print("  agen finally")

async def consume():
    res = []
    async for v in agen():
        res.append(v)
    res2 = [v async for v in agen()]
    return res, res2
print(drive(consume()))

def step(awaitable, value=None):
    try:
        return ("yielded", awaitable.send(value))
    except StopIteration as e:
        return ("returned", e.value)
    except StopAsyncIteration:
        return ("StopAsyncIteration",)

ag = agen()
print(type(ag).__name__, ag.ag_running, ag.__name__)
print(step(ag.__anext__()))
nxt = ag.__anext__()
print(step(nxt))
try:
    step(ag.__anext__())
except RuntimeError as e:
    print("RuntimeError:", e)
print(step(nxt, "resume"))
print(step(ag.aclose()))
print(step(ag.__anext__()))

# athrow
async def agen_catch():
    while True:
        try:
            yield "ready"
        except ValueError as e:
            yield f"caught {e}"

ag = agen_catch()
print(step(ag.__anext__()))
print(step(ag.athrow(ValueError("v"))))
try:
    step(ag.athrow(KeyError("k")))
except KeyError as e:
    print("KeyError propagated:", e)
print(step(ag.__anext__()))
print(step(ag.aclose()))

# aclose on an agen that yields during close
async def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2
ag = stubborn()
step(ag.__anext__())
try:
    step(ag.aclose())
except RuntimeError as e:
    print("RuntimeError:", e)

# aclose before start, athrow before start
ag = agen()
print(step(ag.aclose()))
ag = agen()
try:
    step(ag.athrow(ValueError("early")))
except ValueError as e:
    print("ValueError:", e)

# an async generator cannot return a value; await inside a sync comprehension is a SyntaxError,
# async comprehensions work
async def comp():
    return [x async for x in ARange(2) if x > 1], {x: x async for x in ARange(2)}
print(drive(comp()))

async def gather_like():
    results = []
    for coro in [returns_early(), inner()]:
        results.append(await coro)
    return results
print(drive(gather_like()))

# StopIteration inside a coroutine becomes RuntimeError
async def raises_stop():
    raise StopIteration("x")
try:
    drive(raises_stop())
except RuntimeError as e:
    print("RuntimeError:", e)

# the awaitable protocol on generators decorated as coroutine-like objects
class Awaitable:
    def __await__(self):
        yield "one"
        yield "two"
        return "awaitable done"
async def use_awaitable():
    return await Awaitable()
print(drive(use_awaitable()))
