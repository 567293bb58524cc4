# dict: views and their set operations, | and |=, fromkeys, setdefault, popitem order, equality, KeyError.
def t(f, *a, **k):
    try:
        r = f(*a, **k)
    except Exception as e:
        print("  ", type(e).__name__ + ":", repr(e), e)
    else:
        print("  ", repr(r))

d = {"a": 1, "b": 2, "c": 3}
k, v, it = d.keys(), d.values(), d.items()
print(k, v, it, len(k), "a" in k, 2 in v, ("a", 1) in it, ("a", 2) in it, list(reversed(k)), list(reversed(it)))
d["d"] = 4
print(k, list(v), len(it))
print(k & {"a", "z"}, k | {"z"}, k - {"a"}, k ^ {"a", "q"}, {"a", "x"} & k, k == {"a", "b", "c", "d"}, k <= {"a", "b", "c", "d", "e"}, k < k)
print(it & {("a", 1)}, it - {("a", 1), ("b", 2)}, it | {("z", 0)}, k.isdisjoint({"x"}), k.isdisjoint(["a"]), it == d.items())
print(k.mapping if hasattr(k, "mapping") else None, type(k).__name__, type(v).__name__, type(it).__name__, v == v, v == d.values())
t(lambda: k + k); t(lambda: v & v); t(hash, k)
e = {"x": 1} | {"y": 2, "x": 3}
print(e)
e |= {"z": 0}; print(e)
e |= [("w", 9)]; print(e)
t(lambda: {"a": 1} | [("b", 2)]); t(e.__ior__, 5)
print(dict.fromkeys("abc"), dict.fromkeys(["x", "y"], 0), dict.fromkeys(range(3), []), dict.fromkeys(()))
class OD(dict):
    pass
print(type(OD.fromkeys("ab")).__name__, OD.fromkeys("ab", 1))
f = {}
print(f.setdefault("k", []), f.setdefault("k", "ignored"), f, f.setdefault("n"), f)
f["k"].append(1); print(f)
g = {1: "a", 2: "b", 3: "c"}
print(g.popitem(), g.popitem(), g); g[9] = "z"; print(g.popitem(), g)
t({}.popitem); t(g.pop, 42); print(g.pop(42, "dflt"), g.pop(1), g)
print({1: 1, 2: 2} == {2: 2, 1: 1}, {1: 1} == {1: 1.0}, {1: [1]} == {1: [1]}, {} == {}, {1: 2} != {1: 3}, {"a": 1} == dict(a=1))
t(lambda: {1: 1} < {1: 1})
h = {"a": [1]}
c = h.copy(); c["a"].append(2); c["b"] = 0; print(h, c, c is h, dict(h) == h)
t(lambda: {}["missing"]); t(lambda: {}[("t", 1)]); t(lambda: {}[""]); t(lambda: {}[None])
try:
    {}["k"]
except KeyError as ke:
    print(ke.args, str(ke), repr(ke))
try:
    {}[("a",)]
except KeyError as ke:
    print(ke.args, str(ke))
print(dict([("a", 1), ("b", 2)]), dict(a=1, b=2), dict({"a": 1}, b=2), dict(zip("xy", [1, 2])), dict([["k", "v"]]), dict())
t(dict, [("a", 1, 2)]); t(dict, [1]); t(dict, 5); t(dict, {"a": 1}, {"b": 2})
u = {"a": 1}
u.update({"b": 2}, c=3); u.update([("d", 4)]); u.update(e=5); print(u)
t(u.update, 1); t(u.update, [1])
print(list(u), list(u.keys()), list(u.values()), list(u.items())[:2], u.get("zz"), u.get("zz", 0), u.get("a"))
del u["a"]; u["a"] = 1; print(list(u))
t(u.__delitem__, "nope")
w = {1: "int", 1.0: "float", True: "bool"}
print(w, {0: 0, -0.0: 1, False: 2}, {(1, 2): "t"}[(1, 2)], {frozenset({1}): 1}[frozenset([1])])
t(lambda: {[1]: 2}); t(lambda: {}[[1]]); t(lambda: {{}: 1})
class Key:
    def __init__(self, n):
        self.n = n
    def __hash__(self):
        return 1
    def __eq__(self, o):
        return isinstance(o, Key) and o.n == self.n
    def __repr__(self):
        return f"Key({self.n})"
kd = {Key(1): "one", Key(2): "two"}
print(kd[Key(2)], kd, Key(3) in kd)
m = {"x": 1, "y": 2}
for key in m:
    m[key] = m[key] * 10
print(m)
try:
    for key in m:
        m["new"] = 1
except RuntimeError as re:
    print("RuntimeError", re)
try:
    for key in m:
        del m["x"]
except RuntimeError as re:
    print("RuntimeError", re)
r = {}
r["self"] = r
print(r, {"a": {"b": {"c": {}}}}, repr({1: "é", "q": b"\x00"}), str({None: ...}))
print(sorted({"b": 1, "a": 2}), sorted({"b": 1, "a": 2}.items(), key=lambda kv: kv[1]), min({"q": 1, "p": 2}), dict.__name__)
print(list(iter({1: 2, 3: 4}.items())), next(iter({5: 6}.values())), len({i: i for i in range(100)}), {i: i * i for i in range(4)})
# mappingproxy: a dict view's read-only window on its dict.
md = {"a": 1}
mp = md.keys().mapping
print(type(mp).__name__, mp, repr(mp), mp["a"], len(mp), list(mp), "a" in mp, mp.get("b", 5), mp.keys(), mp.items(), mp.copy(), mp == md, mp | {"z": 1}, {"z": 1} | mp)
md["b"] = 2; print(mp, md.values().mapping == md, md.items().mapping == md)
def setmp():
    mp["q"] = 1
def iormp():
    global mp
    mp |= {}
t(setmp); t(iormp); t(dict.__or__, {}, [1]); print(dict.__or__({1: 2}, {3: 4}), dict.__ror__({1: 2}, {3: 4}))
