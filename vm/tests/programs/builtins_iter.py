# Iteration builtins: sum/min/max/sorted/enumerate/zip/map/filter/reversed/any/all/iter/next with their edge cases.
def t(f, *a, **k):
    try:
        r = f(*a, **k)
    except Exception as e:
        print("  ", type(e).__name__ + ":", e)
    else:
        print("  ", repr(r))

print(sum([1, 2, 3]), sum([1, 2], 10), sum([0.1] * 10), sum([[1], [2]], []), sum(((1,), (2,)), ()), sum([], 5), sum(range(10**6)), sum([1.5, 2], start=1))
print(sum([True, True]), sum([1, 2.5, 3j]), sum([10**20, 1]), sum(iter([1, 2])), sum([0.1, 0.2, 0.3]), sum([1e308, 1e308, -1e308]))
t(sum, ["a", "b"], ""); t(sum, [b"a"], b""); t(sum, [bytearray(b"a")], bytearray()); t(sum, [1, "a"]); t(sum, 5); t(sum, [[1]])
print(min(3, 1, 2), max(3, 1, 2), min([4, 5]), max("hello"), min([], default=None), max([], default="empty"), min((1, "x"), (1, "a")))
print(max([1, -5, 3], key=abs), min(["bb", "a", "ccc"], key=len), max(["aa", "bb"], key=len), min([3, 1, 1.0, True], key=lambda v: v))
print(max(1, 2, key=lambda v: -v), max([], key=len, default=0), min({"b": 1, "a": 2}), max(x * x for x in range(-3, 2)))
t(min, []); t(max, []); t(min, 1); t(max, [1, "a"]); t(min, 1, 2, default=0); t(max, [1], bogus=1); t(max); t(min, [1], key=5)
print(sorted([3, 1, 2]), sorted("bca"), sorted({3: 0, 1: 0}), sorted([3, 1, 2], reverse=True), sorted([(1, "b"), (1, "a")], key=lambda p: p[0]))
t(sorted); t(sorted, [1], None); t(sorted, 5)
print(list(enumerate("abc")), list(enumerate("ab", 10)), list(enumerate("ab", start=-1)), list(enumerate([], 5)), list(enumerate("x", 2**70)))
t(enumerate, 5); t(enumerate, [1], "a")
e = enumerate("xyz", 1); next(e); print(list(e), type(e).__name__)
print(list(zip()), list(zip("ab")), list(zip("abc", [1, 2])), list(zip("ab", [1, 2], strict=True)), list(zip(*[(1, 2), (3, 4)])), dict(zip("ab", "cd")))
t(lambda: list(zip("abc", [1, 2], strict=True))); t(lambda: list(zip("ab", [1, 2, 3], strict=True))); t(lambda: list(zip("a", "b", "cd", strict=True)))
t(zip, 5); t(lambda: list(zip([1], 5)))
print(list(map(abs, [-1, -2])), list(map(pow, [2, 3], [3, 2])), list(map(lambda a, b, c: a + b + c, "ab", "cd", "efg")), list(map(str, ())))
t(map, abs); t(map); t(lambda: list(map(abs, ["x"])))
print(list(filter(None, [0, 1, "", "a", None, [], [0], False, 0.0, 2])), list(filter(lambda x: x > 1, [1, 2, 3])), list(filter(str.isdigit, "a1b2")))
t(filter, None); t(lambda: list(filter(None, 5)))
class Rev:
    def __reversed__(self):
        return iter("custom")
class Seq:
    def __len__(self):
        return 3
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10
class NoRev:
    def __iter__(self):
        return iter([1, 2])
class RevNone:
    __reversed__ = None
    def __len__(self):
        return 1
    def __getitem__(self, i):
        return i
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed((1, 2))), list(reversed(range(3))), list(reversed({"a": 1, "b": 2})))
print(list(reversed(Rev())), list(reversed(Seq())), list(Seq()), 20 in Seq(), list(reversed({"a": 1, "b": 2}.items())), list(reversed({"x": 5}.values())))
t(reversed, NoRev()); t(reversed, 5); t(reversed, {1, 2}); t(reversed, RevNone()); t(reversed, iter([1]))
r = reversed([1, 2, 3]); next(r); print(list(r), list(r))
print(any([]), all([]), any([0, "", None]), all([1, "a"]), any(x > 2 for x in range(5)), all(x < 2 for x in range(5)), any("0"), all([[]]))
it = iter([1, 2])
print(next(it), next(it), next(it, "done"), next(iter(()), None))
t(next, it); t(next, [1]); t(iter, 5); t(iter, 5, 5)
calls = iter([1, 2, 3, 0, 4]).__next__
print(list(iter(calls, 0)), list(iter(lambda: 1, 1)))
class It:
    def __init__(self):
        self.n = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration
        return self.n
print(list(It()), sum(It()), max(It()), sorted(It(), reverse=True), list(zip(It(), It())), list(enumerate(It())), [*It()], {*It()})
class OldIter:
    def __getitem__(self, i):
        if i > 2:
            raise IndexError
        return chr(97 + i)
print(list(OldIter()), "b" in OldIter(), list(iter(OldIter())), "".join(OldIter()), list(map(str.upper, OldIter())))
g = (i for i in range(3))
print(list(zip(g, g)), list(g))
print(len(list(zip(range(10**9), "ab"))), list(map(lambda *a: a, [1, 2], [3])), list(filter(None, range(-2, 3))))
