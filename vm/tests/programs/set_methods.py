# set and frozenset: operators, methods, in-place forms, iteration order (never sorted), hashing, errors.
def t(f, *a, **k):
    try:
        r = f(*a, **k)
    except Exception as e:
        print("  ", type(e).__name__ + ":", e)
    else:
        print("  ", repr(r))

a = {"apple", "banana", "cherry", "date"}
b = {"cherry", "date", "elder", "fig"}
print(a, b)
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b, ["grape"]), a.intersection(b, {"date"}), a.difference(b, ["apple"]), a.symmetric_difference(["apple", "kiwi"]))
print(a <= a, a < a, a >= {"apple"}, a > {"apple"}, a.issubset(a | b), a.issuperset(["apple"]), a.isdisjoint(["zz"]), a == set(a))
print({1, 2, 3, 100, 33, 65, -1}, {10**20, 2**64, -5}, {1.5, 2.5, 0.5}, {(1, 2), (2, 1), ()}, {True, "x"})
print(set("mississippi"), frozenset("hello"), set(range(20, 0, -3)), set([3, 2, 1]), {x % 7 for x in range(50)})
s = set()
for w in ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]:
    s.add(w)
print(s, len(s))
s.discard("one"); s.remove("two"); print(s)
t(s.remove, "two"); t(s.add, [1]); t(lambda: [1] in s); t(set().pop); t(lambda: {[]}); t(s.update, 5)
print(s.pop(), s.pop(), len(s))
c = {1, 2, 3}
c |= {4}; print(c); c &= {1, 2, 4, 9}; print(c); c -= {1}; print(c); c ^= {2, 7}; print(c)
c.update([5], (6,)); print(c); c.intersection_update([4, 5, 6, 8]); print(c); c.difference_update({4}); print(c)
c.symmetric_difference_update({5, 10}); print(c); c.clear(); print(c)
f = frozenset({3, 1, 2})
print(f, f | {4}, type(f | {4}).__name__, type({4} | f).__name__, f & {1}, f.copy() is f, frozenset(f) is f, hash(f) == hash(frozenset([1, 2, 3])))
print(frozenset(), frozenset([]) is frozenset(), {f: "x"}[frozenset({1, 2, 3})], f == {1, 2, 3}, {1, 2, 3} == f, set() == frozenset())
print(hash(frozenset()), hash(frozenset({1})), hash(frozenset({"a", "b"})) == hash(frozenset({"b", "a"})), hash(frozenset(range(10))))
t(hash, {1}); t(lambda: f.add(1)); t(lambda: {1} | [2]); t(lambda: {1} < [1]); t(lambda: {1} + {2})
class S(set):
    pass
x = S([1, 2])
print(type(x | {3}).__name__, type(x.copy()).__name__, x, repr(S()), type(frozenset.union(frozenset(), [1])).__name__)
print({1, 2} == [1, 2], {1, 2} != {2, 1}, {1, 1.0, True}, {0, False, 0.0}, {"a", b"a"} == {b"a", "a"}, len({1, 1.0}))
nums = {5, 3, 9, 1}
print(sorted(nums), max(nums), min(nums), sum(nums), list(nums), tuple(nums), [n for n in nums], sorted(nums, reverse=True))
big = set(range(1000))
big -= set(range(0, 1000, 2))
print(len(big), 999 in big, 998 in big, list(big)[:5])
d = set()
for i in range(40):
    d.add(i * 7919 % 101)
print(d)
e = {i for i in range(30)}
for i in range(0, 30, 3):
    e.discard(i)
e.add(100); e.add(64); print(e)
try:
    for v in e:
        e.add(v + 1000)
except RuntimeError as re:
    print("RuntimeError", re)
r = set()
print(repr(r), repr(frozenset()), str({frozenset({1})}), {("x",)}, set({"k": 1}), set("aab") == {"a", "b"})
# Subclasses keep their class through the constructors and the in-place operators.
class SS(set):
    pass
class FS(frozenset):
    pass
s = SS("ab"); s2 = s; s |= {"c"}; s -= {"a"}; s ^= {"z", "b"}; s &= {"c", "z", "q"}
print(s is s2, sorted(s), type(s).__name__, FS([1]), type(FS([1]) | {2}).__name__, type(frozenset([1]) ^ {2}).__name__, SS(), FS())
def ior_list():
    global s
    s |= [1]
t(ior_list); t(set, [1], [2]); t(SS, a=1); t(frozenset, a=1); t(FS, [1], [2])
x = {1, 2, 3}; x.symmetric_difference_update([4, 4]); print(x, x.symmetric_difference([1, 1, 5]), set.__or__({1}, [2]))
