"""N-queens by recursive generators and sets."""
import sys


def solutions(n, row=0, cols=frozenset(), diag1=frozenset(), diag2=frozenset()):
    if row == n:
        yield ()
        return
    for c in range(n):
        if c in cols or row + c in diag1 or row - c in diag2:
            continue
        for rest in solutions(n, row + 1, cols | {c}, diag1 | {row + c}, diag2 | {row - c}):
            yield (c,) + rest


def main(n):
    count = 0
    first = None
    for s in solutions(n):
        if first is None:
            first = s
        count += 1
    print(n, count, first)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
