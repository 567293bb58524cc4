# Async generators driven by send() without an event loop: asend, athrow, aclose, async for.


def run(coro):
    """Resume until StopIteration; report what each suspension asked for."""
    value = None
    log = []
    while True:
        try:
            request = coro.send(value)
        except StopIteration as e:
            return e.value, log
        log.append(request)
        value = "answer-%d" % len(log)


class Suspend:
    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        got = yield self.tag
        return got


async def echo():
    received = []
    try:
        while True:
            try:
                got = yield len(received)
            except KeyError as e:
                print("echo caught", repr(e))
                got = "after-error"
            received.append(got)
            if got == "stop":
                return
    finally:
        print("echo finally, received", received)


async def drive():
    g = echo()
    print(await g.asend(None))
    print(await g.asend("a"))
    print(await g.asend("b"))
    print(await g.athrow(KeyError, "k"))
    print(await g.athrow(KeyError("k2")))
    try:
        await g.asend("stop")
    except StopAsyncIteration as e:
        print("stopped", type(e).__name__, repr(e))
    try:
        await g.asend("more")
    except StopAsyncIteration:
        print("still stopped")
    return "drive done"


print(run(drive()))


async def counter(n):
    for i in range(n):
        t = await Suspend(("tick", i))
        yield (i, t)


async def consume():
    out = []
    async for item in counter(3):
        out.append(item)
    out2 = [x async for x in counter(2)]
    return out, out2


print(run(consume()))


async def closer():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print("closer got GeneratorExit")
        raise
    finally:
        print("closer finally")


async def use_aclose():
    g = closer()
    print("first", await g.__anext__())
    print("aclose ->", await g.aclose())
    print("aclose again ->", await g.aclose())
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("anext after close: StopAsyncIteration")
    g2 = closer()
    print("aclose unstarted ->", await g2.aclose())
    return "ok"


print(run(use_aclose()))


async def stubborn():
    try:
        yield "a"
    except GeneratorExit:
        yield "b"


async def use_stubborn():
    g = stubborn()
    await g.asend(None)
    try:
        await g.aclose()
    except RuntimeError as e:
        print("RuntimeError:", e)


run(use_stubborn())


async def raiser():
    yield 1
    raise ValueError("from inside")


async def use_raiser():
    g = raiser()
    await g.__anext__()
    try:
        await g.__anext__()
    except ValueError as e:
        print("ValueError:", e)
    g = raiser()
    try:
        await g.athrow(IndexError("thrown at start"))
    except IndexError as e:
        print("IndexError:", e)
    print(await g.athrow(IndexError), "(athrow on a finished generator)")


run(use_raiser())

# Driving the awaitables by hand.
g = echo()
aw = g.asend(None)
print(type(aw).__name__, type(g.athrow(ValueError)).__name__, type(g.aclose()).__name__)
try:
    aw.send(None)
except StopIteration as e:
    print("StopIteration value", e.value)
try:
    aw.send(None)
except RuntimeError as e:
    print("RuntimeError:", e)
aw2 = g.asend("direct")
try:
    next(aw2)
except StopIteration as e:
    print("next ->", e.value)
a3 = g.aclose()
try:
    a3.send("x")
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    a3.send(None)
except StopIteration as e:
    print("closed via send, value", e.value)
bad = g.athrow(5)
print(type(bad).__name__)
try:
    bad.send(None)
except TypeError as e:
    print("TypeError:", e)
except StopIteration:
    print("finished generator: StopIteration")
g3 = echo()
try:
    g3.athrow(5).send(None)
except TypeError as e:
    print("TypeError:", e)


async def gen_with_await():
    x = yield "v1"
    y = await Suspend(("inner", x))
    yield (x, y)


async def mixed():
    g = gen_with_await()
    first = await g.asend(None)
    second = await g.asend("sent")
    return first, second


print(run(mixed()))
