# Coroutines and async generators driven by send(), without an event loop.


async def leaf(x):
    return x * 2


async def mid(n):
    total = 0
    for i in range(n):
        total += await leaf(i)
    return total


def run(coro):
    """A minimal driver: resume until StopIteration, answering every suspension."""
    value = None
    steps = 0
    while True:
        try:
            request = coro.send(value)
        except StopIteration as e:
            return e.value, steps
        steps += 1
        value = ("answer", request)


c = mid(4)
print(type(c).__name__, repr(c).startswith("<coroutine object mid at"))
print(run(c))


class Suspend:
    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        got = yield self.tag
        return got


async def uses_await():
    a = await Suspend("first")
    b = await Suspend("second")
    return [a, b]


print(run(uses_await()))

co = uses_await()
print(co.send(None))
print(co.send(1))
try:
    co.send(2)
except StopIteration as e:
    print("done", e.value)


async def failing():
    await Suspend("x")
    raise ValueError("inside")


co = failing()
co.send(None)
try:
    co.send(None)
except ValueError as e:
    print("raised", e)

co = uses_await()
co.send(None)
try:
    co.throw(KeyError("thrown"))
except KeyError as e:
    print("throw propagated", e)

co = uses_await()
co.send(None)
co.close()
print("closed")


async def agen(n):
    for i in range(n):
        got = await Suspend(("tick", i))
        yield (i, got)


async def consume():
    out = []
    async for v in agen(3):
        out.append(v)
    return out


print(run(consume()))


async def comprehension():
    return [x async for x in agen(2)]


print(run(comprehension()))


class AsyncCM:
    async def __aenter__(self):
        print("enter")
        return "resource"

    async def __aexit__(self, et, ev, tb):
        print("exit", et.__name__ if et else None)
        return True


async def with_block():
    async with AsyncCM() as r:
        print("using", r)
        raise RuntimeError("suppressed by __aexit__")
    return "after"


print(run(with_block()))


async def not_awaitable():
    await 5


try:
    run(not_awaitable())
except TypeError as e:
    print("TypeError", e)


async def early_exit():
    async for v in agen(10):
        if v[0] == 1:
            break
    return v


print(run(early_exit()))
