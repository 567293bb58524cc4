# Unpacking: starred assignment, nested targets, the error messages, displays with * and **,
# calls with * and ** and their duplicate keyword errors.

a, b = 1, 2
a, b = b, a
print(a, b)
first, *rest = [1, 2, 3, 4]
*init, last = "abcd"
head, *mid, tail = range(5)
print(first, rest, init, last, head, mid, tail)
*only, = (1, 2)
print(only)
x, *y = [1]
print(x, y)
(p, q), [r, (s, *t)] = (1, 2), [3, (4, 5, 6)]
print(p, q, r, s, t)
for i, (k, v) in enumerate({"a": 1, "b": 2}.items()):
    print(i, k, v)
d = {}
d["x"], d["y"] = 1, 2
lst = [0, 0, 0]
lst[0], lst[2] = "first", "third"
print(d, lst)
class O: pass
o = O()
o.a, o.b = "A", "B"
print(o.a, o.b)
i = 0
i, lst[i] = 1, "assigned at index 1"
print(lst)
a = b = c = [7]
print(a is b is c)
x, y = y, x = 1, 2
print(x, y)

for value in [(1, 2, 3), (1,), [], "ab", "abc", 5, iter([1, 2, 3]), {1: 2, 3: 4, 5: 6}]:
    try:
        a, b = value
        print("unpacked", a, b)
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)

for value in [(1,), (), [1, 2, 3, 4]]:
    try:
        a, b, *c = value
        print("starred", a, b, c)
    except ValueError as e:
        print("ValueError:", e)
try:
    a, *b, c, d = [1, 2]
except ValueError as e:
    print("ValueError:", e)

def gen3():
    yield 1
    yield 2
    print("generator exhausted? no, the third value is pulled")
    yield 3
try:
    a, b = gen3()
except ValueError as e:
    print("ValueError:", e)

# displays
l1 = [*range(3), *"ab", *(), 9]
t1 = (*[1], *{2: 0}, 3)
s1 = {*[1, 2], *(2, 3)}
d1 = {"a": 1, **{"b": 2, "a": 3}, "c": 4, **dict(d=5)}
print(l1, t1, sorted(s1), d1)
try:
    [*5]
except TypeError as e:
    print("TypeError:", e)
try:
    {**[1]}
except TypeError as e:
    print("TypeError:", e)
try:
    {**{1: 2}, **5}
except TypeError as e:
    print("TypeError:", e)
print({**{}}, [*[]], (*(),), {1: "a", 1.0: "b", True: "c"})

# calls
def show(*args, **kwargs):
    return args, kwargs
print(show(*[1, 2], 3, *(4,), k=1, **{"m": 2}, n=3))
print(show(**{"a": 1}, **{"b": 2}))
print(show(*"xy", *b"z"))
try:
    show(**{"a": 1}, **{"a": 2})
except TypeError as e:
    print("TypeError:", e)
try:
    show(a=1, **{"a": 2})
except TypeError as e:
    print("TypeError:", e)
try:
    show(*5)
except TypeError as e:
    print("TypeError:", e)
try:
    show(**5)
except TypeError as e:
    print("TypeError:", e)
try:
    show(**{1: 2})
except TypeError as e:
    print("TypeError:", e)
print(*["a", "b"], **{"sep": "-", "end": "!\n"})

class Mapping:
    def keys(self):
        return ["k1", "k2"]
    def __getitem__(self, k):
        return k.upper()
print(show(**Mapping()), {**Mapping()}, dict(Mapping()))
class NoKeys:
    def __getitem__(self, k):
        return k
try:
    show(**NoKeys())
except TypeError as e:
    print("TypeError:", e)

def two(a, b):
    return a, b
try:
    two(*[1, 2, 3])
except TypeError as e:
    print("TypeError:", e)
try:
    two(1, *[2], b=3)
except TypeError as e:
    print("TypeError:", e)

# starred in for targets and comprehension targets
for a, *b in [(1, 2, 3), (4,)]:
    print(a, b)
print([(h, t) for h, *t in ["ab", "cde"]])
print({k: v for k, v in [("x", 1), ("y", 2)]})

# assignment expression targets and tuple return unpacking
def pair():
    return 1, 2
m, n = pair()
print(m, n, (w := pair()), w)

# unpacking a dict iterates keys; a set's order is its hash order
k1, k2 = {"one": 1, "two": 2}
print(k1, k2)
sa, sb, sc = {3, 1, 2}
print(sa, sb, sc)

# swapping through attributes and subscripts evaluates right side first
arr = [1, 2, 3]
arr[0], arr[arr[0]] = 2, 9
print(arr)
