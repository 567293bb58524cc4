# The gc module's interface: enable/disable, thresholds, per-generation counts and statistics,
# is_tracked, and what collections do to the counters.
import gc

gc.collect()
print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
print(gc.get_threshold())
gc.set_threshold(500, 5, 5)
print(gc.get_threshold())
gc.set_threshold(700)
print(gc.get_threshold())
gc.set_threshold(700, 10, 10)

# After a full collection every generation count is reset.
gc.collect()
c = gc.get_count()
print(c[1], c[2])
# Collecting generation 0 counts one collection towards generation 1.
gc.collect(0)
print(gc.get_count()[1])
gc.collect(0)
print(gc.get_count()[1])
gc.collect(1)
print(gc.get_count()[1:])
gc.collect()
print(gc.get_count()[1:])

# Allocations of containers raise generation 0's count; their deaths lower it.
gc.disable()
base = gc.get_count()[0]
keep = [[] for _ in range(50)]
print(gc.get_count()[0] - base >= 50)
# (their deaths are not shown: CPython keeps freed lists on a free list, uncounted)
del keep
gc.enable()

stats = gc.get_stats()
print(len(stats), sorted(stats[0]))
before = gc.get_stats()[2]["collections"]
x = []
x.append(x)
del x
found = gc.collect()
after = gc.get_stats()[2]
print(after["collections"] - before, found, after["uncollectable"])

print(gc.is_tracked(1), gc.is_tracked("s"), gc.is_tracked([]), gc.is_tracked({}))
print(gc.is_tracked({"a": 1}), gc.is_tracked({"a": []}), gc.is_tracked((1, 2)))


class A:
    pass


print(gc.is_tracked(A()), gc.is_tracked(A), gc.is_tracked(len))
t = (1, 2, "x")
print(gc.is_tracked(t))
gc.collect()
print(gc.is_tracked(t))
t2 = ([],)
gc.collect()
print(gc.is_tracked(t2))
d = {"a": []}
d["a"] = 1
gc.collect()
print(gc.is_tracked(d))

# A disabled collector still collects on request, and automatic collections stop.
gc.disable()
y = []
y.append(y)
del y
print(gc.collect())
gc.enable()
print(gc.collect.__name__, type(gc.garbage).__name__)
try:
    gc.collect(3)
except ValueError as e:
    print("ValueError", e)
