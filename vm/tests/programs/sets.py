# Set and frozenset iteration order (CPython's hash table layout under PYTHONHASHSEED=0).
s = {5, 3, 8, 1, 100, 33, 17}
print(s, len(s), 3 in s, 4 in s)
s.add(64); s.discard(5); s.remove(3)
print(s)
words = set(["apple", "banana", "cherry", "date", "elderberry", "fig", "grape"])
print(words)
print(sorted(words))
print({1, 2, 3} | {3, 4}, {1, 2, 3} & {2, 3, 4}, {1, 2, 3} - {2}, {1, 2, 3} ^ {3, 4})
print(set("mississippi"), frozenset([1, 2, 3]), set(), frozenset())
print({x % 7 for x in range(30)}, {(1, 2), (3, 4), (1, 2)})
big = set(range(0, 200, 7))
print(big)
t = {1, 9}; t.remove(1); t.add(17); print(t)
u = set()
for i in range(20):
    u.add(i * 37 % 101)
print(u)
print({"a", "b"} <= {"a", "b", "c"}, {1} < {1}, {1, 2}.isdisjoint({3}), {1, 2}.issubset([1, 2, 3]))
print(hash(frozenset([1, 2, 3])), hash(frozenset()), hash((1, 2)), hash((1, "a", 2.5)))
fs = frozenset(["x", "y", "z"])
print(fs, fs | {"w"})
for w in set(["one", "two", "three", "four", "five"]):
    print(w)
