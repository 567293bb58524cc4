# User-defined iterators and iterables, unpacking, and iterator exhaustion.
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(4)), sum(Countdown(10)), [x for x in Countdown(3)])
a, b, c = Countdown(3)
print(a, b, c)
class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError(i)
        return i * 10
print(list(Seq()), 20 in Seq(), list(zip(Seq(), "abcd")))
it = iter(range(3))
print(list(it), list(it))
def first(iterable, default=None):
    for x in iterable:
        return x
    return default
print(first([]), first("xyz"), first(Countdown(0), "empty"))
print(sorted(Countdown(5)), tuple(reversed(range(4))), dict(enumerate("ab")))
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print(e)
try:
    a, b, c = [1]
except ValueError as e:
    print(e)
try:
    x, y = 5
except TypeError as e:
    print(e)
