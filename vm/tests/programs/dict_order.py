# Dict insertion order through deletes, re-inserts, updates and views.
d = {}
for i in range(20):
    d[i * 7 % 13] = i
print(d)
for k in [0, 5, 12]:
    del d[k]
d[5] = "back"
print(d, len(d))
d.update({100: 1, 1: "one"}, extra=2)
print(list(d.items())[-4:])
print(d.popitem(), list(d)[:3])
keys = d.keys()
d["late"] = 1
print(len(keys), "late" in keys, list(d.values())[-1])
inv = {v: k for k, v in {"a": 1, "b": 2, "c": 1}.items()}
print(inv)
try:
    for k in d:
        d["boom"] = 1
except RuntimeError as e:
    print("RuntimeError:", e)
print(dict.fromkeys("abc", 0), {}.get(1, "none"), {(1, 2): "t"}[(1, 2)])
cnt = {}
for w in "the quick brown fox jumps over the lazy dog the end".split():
    cnt[w] = cnt.get(w, 0) + 1
print(sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
