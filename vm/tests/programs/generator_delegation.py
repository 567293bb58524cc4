# throw() and close() reach the iterator a generator delegates to with yield from / await.
def inner():
    try:
        yield 1
        yield 2
    except KeyError as e:
        print("inner caught", repr(e))
        yield "inner recovered"
        return "inner result"
    finally:
        print("inner finally")


def outer():
    try:
        r = yield from inner()
        print("outer got", r)
        yield "outer after"
    except ValueError as e:
        print("outer caught", repr(e))
        yield "outer recovered"
    finally:
        print("outer finally")


g = outer()
print(next(g))
print(g.throw(KeyError("k")))
print(next(g))
g = outer()
print(next(g))
print(g.throw(ValueError("v")))
g.close()
g = outer()
next(g)
g.close()
print("closed")


class It:
    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        return self.n

    def throw(self, *a):
        print("It.throw", a[0].__class__.__name__)
        return "It handled"

    def close(self):
        print("It.close")


def deleg():
    yield from It()


d = deleg()
print(next(d), d.throw(IndexError("i")), next(d))
d.close()


class Aw:
    def __await__(self):
        try:
            yield "waiting"
        except OSError:
            print("awaitable saw OSError")
            yield "awaitable recovered"
        return "done"


async def agen():
    v = await Aw()
    yield v


async def main():
    g = agen()
    step = g.__anext__()
    print(step.send(None))
    print(step.throw(OSError("x")))
    try:
        step.send(None)
    except StopIteration as e:
        print("value", e.value)


m = main()
try:
    m.send(None)
except StopIteration:
    pass
