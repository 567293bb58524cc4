"""Generator pipelines: yield, yield from, send, generator expressions."""
import sys


def naturals(limit):
    i = 0
    while i < limit:
        yield i
        i += 1


def evens(source):
    for x in source:
        if x % 2 == 0:
            yield x


def squares(source):
    yield from (x * x for x in source)


def running_total():
    total = 0
    while True:
        value = yield total
        if value is None:
            return total
        total += value


def tree(depth):
    if depth == 0:
        yield depth
        return
    yield from tree(depth - 1)
    yield depth
    yield from tree(depth - 1)


def main(n):
    acc = running_total()
    next(acc)
    last = 0
    for sq in squares(evens(naturals(n))):
        last = acc.send(sq % 1000003)
    print(last)
    print(sum(tree(14)))
    print(sum(1 for _ in zip(naturals(n), naturals(n // 2))))


main(int(sys.argv[1]) if len(sys.argv) > 1 else 300000)
