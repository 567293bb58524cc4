# range: lengths, big bounds beyond 64 bits, index/count, slicing, reversed, equality, hashing, errors.
def t(f, *a):
    try:
        r = f(*a)
    except Exception as e:
        print("  ", type(e).__name__ + ":", e)
    else:
        print("  ", repr(r))

for r in [range(5), range(2, 10, 3), range(10, 0, -2), range(0), range(5, 1), range(-5, 5, 4), range(0, 10, 100)]:
    print(r, len(r), list(r), r.start, r.stop, r.step, bool(r), list(reversed(r)), r[:2], r[::-1], r[1:] if r else None)
t(range, 1, 2, 0); t(range, 1.5); t(range, "1"); t(range); t(range, 1, 2, 3, 4)
r = range(3, 30, 3)
print(r.index(9), r.count(9), r.count(10), 9 in r, 10 in r, 9.0 in r, r.count(9.0), r[2], r[-1], r[-9])
t(r.index, 10); t(r.__getitem__, 9); t(r.__getitem__, -10); t(r.__getitem__, "a"); t(r.index, "x")
print(r[1:5], r[::2], r[::-2], r[5:1:-1], r[100:], r[-100:2], r[1:5][1:], len(r[::3]), range(10)[::-1][2])
print(range(0) == range(5, 5), range(0, 5, 2) == range(0, 6, 2), range(1) == range(1, 2), range(1, 3) == range(1, 3, 1), range(3) == [0, 1, 2], range(3) != range(4))
print(hash(range(0)) == hash(range(3, 3)), hash(range(0, 5, 2)) == hash(range(0, 6, 2)), {range(2): 1}[range(0, 2)])
big = range(2**70, 2**70 + 10, 3)
print(big, len(big), big[1], big[-1], list(big), 2**70 + 3 in big, big.index(2**70 + 6), big[1:3], list(reversed(big)))
huge = range(-2**100, 2**100)
print(huge[2**99], huge[-1], 0 in huge, huge.index(5), huge.count(5), huge[::2**98], bool(huge), huge.stop - huge.start)
t(len, huge); t(len, range(2**63)); t(len, range(2**63 - 1)); t(huge.__getitem__, 2**101); print(range(2**64, 0, -1)[0], range(2**64)[::-1][0])
it = iter(range(2**64, 2**64 + 2))
print(next(it), next(it), list(it))
it = iter(range(5)); next(it); next(it)
print(list(it), list(iter(range(10, 0, -3))), sum(range(101)), max(range(7)), min(range(3, 9)), sorted(range(3), reverse=True))
print(range(5).__len__(), range(10).__contains__(3), range(1, 8, 2).__reversed__().__next__(), type(iter(range(3))).__name__, type(reversed(range(3))).__name__)
class I:
    def __index__(self):
        return 4
print(range(I()), range(1, I()), list(range(I())), range(5)[I()], range(10)[I():6], I() in range(10))
print(repr(range(0, 3)), str(range(-1, 3, 2)), range(3).__class__, 3 in range(1, 10, 2), True in range(2), list(range(3, 0)))
def setit(r):
    r[0] = 1
t(setit, range(3)); t(lambda: range(3) + range(2)); t(lambda: range(3) < range(4))
# Items through __index__, slices of big ranges, searches by equality, and the errors.
r10 = range(10)
print(r10.__getitem__(I()), r10[True], range(True, 5)[-1], r10[2:8:3], r10[::-3], range(5)[I():])
r4 = range(-3, 10, 4)
print(r4.index(True) if 1 in r4 else "no", r4.count(1), list(reversed(range(2**63 - 2, 2**63 + 2))), type(iter(range(2**63, 2**63 + 1))).__name__)
print(range(0, -2**65, -2**64), len(range(0, -2**65, -2**64)), list(range(0, -2**65, -2**64)), range(2**64)[-1:-5:-2])
print(3.0 in range(5), range(5).count(2.0), range(5).index(2.0))
t(range, 1.0); t(lambda: range(x=1)); t(lambda: range(5)["a":]); t(lambda: range(5)[::0]); t(range(5).index, 7); t(range(2**70).index, -1)
print(hash(range(2**70, 2**71)) == hash(range(2**70, 2**71)), range(2**70) == range(2**70), range(2**70, 2**70 + 1, 5) == range(2**70, 2**70 + 2, 7), bool(range(2**70, 0)))
print([i for i in range(2**64, 2**64 + 3)], list(range(2**64, 2**64 - 3, -1)))
