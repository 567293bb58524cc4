# tuples and sequence comparison: lexicographic order, mixed types, hashing, identity shortcuts, errors.
def t(f, *a):
    try:
        r = f(*a)
    except Exception as e:
        print("  ", type(e).__name__ + ":", e)
    else:
        print("  ", repr(r))

print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), () < (0,), (2,) > (1, 9, 9), (1, 2) == (1.0, 2.0), (1, "a") < (1, "b"), (1, 2) <= (1, 2), (3,) >= (3,))
print((1, (2, 3)) < (1, (2, 4)), ((),) == ((),), (1,) != (1,), (0.0,) == (-0.0,), [1, 2] == [1, 2], (1, 2) == [1, 2])
t(lambda: (1, "a") < (1, 2)); t(lambda: (1,) < [1]); t(lambda: (None,) < (None,)); t(lambda: (1, None) < (2, None))
nan = float("nan")
tn = (nan,)
print(tn == tn, (nan,) == (nan,), [nan] == [nan], tn < tn, (1, nan) < (2, nan), (nan, 1) < (nan, 2))
for tup in [(), (1,), (1, 2), (1, 2, 3), ("a", "b"), (1.5, -2), ((1, 2), (3,)), (True, False), (-1,), (-2,), (10**20,), (1, (2, (3,)))]:
    print(tup, hash(tup))
print(hash((1, 2)) == hash((1.0, 2.0)), hash((True,)) == hash((1,)), hash(()) == hash(tuple()), hash((-1,)) == hash((-2,)))
t(hash, (1, [2])); t(hash, ([],)); t(hash, (1, {})); t(lambda: {(1, [2]): 0})
tt = (1, 2, 3, 2, 1)
print(tt.count(2), tt.index(2), tt.index(2, 2), tt.index(1, -1), tt[1:3], tt[::-1], tt[::2], tt * 2, 2 * tt[:1], tt + (4,), len(tt), 3 in tt)
t(tt.index, 9); t(tt.index, 1, 1, 4); t(lambda: tt + [4]); t(lambda: tt[10]); t(lambda: tt * 1.5); t(tt.__getitem__, "0")
print(tuple(), tuple([1, 2]), tuple("ab"), tuple(range(3)), tuple({1: 2}), tuple(x for x in "xy"), tuple((1, 2)) is not None)
a = (1, 2)
print(tuple(a) is a, a[:] is a, a * 1 is a, (a + ()) is a, repr((1,)), repr(()), str((1, "x", None)), repr(((),)))
class C:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        print("eq called", self.v, getattr(o, "v", o))
        return self.v == getattr(o, "v", o)
    def __lt__(self, o):
        print("lt called", self.v, o.v)
        return self.v < o.v
    __hash__ = None
x, y = C(1), C(1)
print((x,) == (x,), (x,) == (y,), (x, C(2)) < (y, C(3)), [x] == [y], x in (y,), (x,).count(y), (x,).index(x))
t(hash, (x,)); t(hash, x)
class H:
    def __hash__(self):
        return 42
print(hash((H(),)) == hash((H(),)), hash(H()), hash((42,)) == hash((H(),)))
class BadHash:
    def __hash__(self):
        return "x"
t(hash, BadHash()); t(hash, (BadHash(),))
class BigHash:
    def __hash__(self):
        return 2**70
print(hash(BigHash()), hash((BigHash(),)) == hash((2**70,)))
print(max((1, 2), (1, 3), (0, 9)), min([(2, "b"), (2, "a"), (1, "z")]), sorted([(2, 1), (1, 2), (1, 1), (2, 0)]), sorted([[3], [1, 2], [1]]))
print("abc" < "abd", b"ab" < b"abc", [1, [2, 3]] < [1, [2, 4]], (1, 2, 3) > (1, 2), [[]] < [[0]], ("a",) < ("a", ""))
