# list methods and slicing: extended slice assignment, sort stability/key/reverse, mutation during sort, errors.
def t(f, *a, **k):
    try:
        r = f(*a, **k)
    except Exception as e:
        print("  ", type(e).__name__ + ":", e)
    else:
        print("  ", repr(r))

a = list(range(10))
print(a[::2], a[1::3], a[::-3], a[8:2:-2], a[-3:], a[:-7], a[100:], a[-100:2], a[5:2], a[::-1][:3])
b = a[:]
b[::2] = "abcde"; print(b)
b[1:3] = []; print(b)
b[2:2] = [9, 9, 9]; print(b)
b[:] = range(4); print(b)
b[len(b):] = [7]; print(b)
b[-1:] = (8, 9); print(b)
del b[::2]; print(b)
b = list(range(6)); b[5:1:-2] = ["x", "y"]; print(b)
t(b.__setitem__, slice(None, None, 2), [1]); t(b.__setitem__, slice(0, 2), 5); t(b.__setitem__, 10, 1); t(b.__getitem__, -10)
t(b.__setitem__, slice(None, None, 0), []); t(b.__getitem__, slice(0, 1, 0)); t(b.__getitem__, "x")
c = [1, 2, 3]; c[1:2] = c; print(c)
c = [1, 2, 3]; c[::-1] = c; print(c)
c = [1, 2, 3, 4]; del c[1::-1]; print(c)
c = [0] * 5; c[3:1] = [7]; print(c)
d = [5, 1, 4]; d.extend(d); print(d); d += "ab"; print(d); d *= 2; print(len(d)); d *= 0; print(d)
e = [3, 1, 2]
print(e.append(4), e.insert(0, 0), e.insert(100, 9), e.insert(-100, -1), e.insert(-1, 8), e)
print(e.pop(), e.pop(0), e.pop(-2), e, e.index(1), e.index(2, 1), e.count(1), e.remove(1), e)
t(e.index, 42); t(e.index, 3, 0, 1); t(e.remove, 42); t([].pop); t(e.pop, 10); t(e.insert, "a", 1); t(e.pop, "x")
data = [("b", 2), ("a", 2), ("c", 1), ("d", 1), ("e", 3), ("f", 2)]
print(sorted(data, key=lambda p: p[1]), sorted(data, key=lambda p: p[1], reverse=True))
print(sorted(data, key=lambda p: -p[1]), sorted(data, reverse=True), sorted([3, 1, 2], key=None))
words = ["banana", "Apple", "cherry", "apple", "Banana"]
words.sort(key=str.lower); print(words)
words.sort(key=len, reverse=True); print(words)
words.sort(); print(words)
nums = [3.5, 1, True, 2, 0.5, False]
nums.sort(); print(nums)
t(sorted, [1, "a"]); t([3, None, 1].sort); t(sorted, [1, 2], key=1); t([].sort, 1); t(sorted, [1], cmp=None)
def mutating_key(x):
    lst.append(x)
    return x
lst = [3, 2, 1]
t(lst.sort, key=mutating_key); print(lst)
lst = [3, 2, 1]
t(lst.sort, key=lambda x: lst.clear() or x); print(lst)
class K:
    calls = 0
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        K.calls += 1
        return self.v < other.v
    def __repr__(self):
        return f"K{self.v}"
ks = [K(v) for v in [5, 3, 8, 1, 9, 2]]
ks.sort(); print(ks, K.calls > 0)
class Boom:
    def __lt__(self, other):
        raise ValueError("boom")
bs = [Boom(), Boom(), 3]
t(bs.sort); print(len(bs))
f = [1, 2, 3]
print(f.reverse(), f, f.copy() is f, f.copy() == f, f.clear(), f, list("abc"), list((1, 2)), list({1: 2}), list(range(3)))
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [] < [0], [1, [2]] == [1, [2]], [0] * 3, [[]] * 2, 3 * [1], [1, 2] + [3], [1] != [1.0])
t(lambda: [1] + (2,)); t(lambda: [1] * "x"); t(lambda: [1] < ["a"]); t(lambda: [1] * 2.0)
g = [[1, 2], [3, 4]]
h = g.copy(); h[0].append(9); print(g, g.index([3, 4]), [1, 2] in g, [[1, 2, 9]] == g[:1])
print(list.__name__, len([None] * 1000), [i * i for i in range(5) if i % 2], max([[1, 2], [1, 3]]), list(reversed([1, 2, 3])))
x = [1, 2, 3, 4, 5]
x[1:4] = x[3:0:-1]; print(x)
x[::-2] = "ABC"; print(x)
y = [1, 2, 3]; y[5:] = [4]; print(y); y[-10:1] = [0]; print(y)
