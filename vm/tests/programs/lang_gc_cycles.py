# Cycle collection, test_gc style: cycles with __del__ are collected and each finalizer runs once,
# resurrection, gc.collect() counts, gc.disable() stops automatic collection, gc.is_tracked.
import gc

gc.collect()

class Node:
    def __init__(self, name):
        self.name = name
        self.ref = None

# a plain cycle: only the collector can free it
a, b = Node("a"), Node("b")
a.ref, b.ref = b, a
del a, b
print("cycle of two nodes + their dicts:", gc.collect())
print("nothing left:", gc.collect())

# a self-referencing list and a dict
l = []
l.append(l)
d = {}
d["self"] = d
del l, d
print("list + dict cycles:", gc.collect())

# finalizers run exactly once, in a cycle
class Fin:
    count = 0
    def __init__(self, name):
        self.name = name
    def __del__(self):
        Fin.count += 1
        print("__del__", self.name)

x = Fin("x")
y = Fin("y")
x.other, y.other = y, x
del x, y
n = gc.collect()
print("collected", n, "finalizers run", Fin.count)
print("second collect", gc.collect(), "finalizers run", Fin.count)

# resurrection: the finalizer stores the object in a global; it is not freed and its __del__ is
# not called again when it dies for good
saved = []
class Phoenix:
    def __del__(self):
        print("Phoenix.__del__ (resurrecting)")
        saved.append(self)

p = Phoenix()
p.cycle = p
del p
print("collect with resurrection:", gc.collect(), len(saved))
saved[0].cycle = None
saved.clear()
print("dies for good without a second __del__:", gc.collect())

# resurrecting without a cycle
class Lazarus:
    def __del__(self):
        print("Lazarus.__del__")
        global revived
        revived = self
z = Lazarus()
del z
print("revived:", type(revived).__name__)
del revived
print("gone without another __del__")

# gc.disable prevents automatic collection, gc.collect still works
gc.disable()
print("enabled:", gc.isenabled())
class Tracker:
    alive = 0
    def __init__(self):
        Tracker.alive += 1
        self.me = self
    def __del__(self):
        Tracker.alive -= 1
for _ in range(3000):
    Tracker()
print("alive while disabled:", Tracker.alive)
print("collect frees:", gc.collect() >= 3000, "alive:", Tracker.alive)
gc.enable()
print("enabled:", gc.isenabled())

# tracking: containers are tracked, atoms are not
class Empty:
    pass
print(gc.is_tracked(1), gc.is_tracked("s"), gc.is_tracked([]), gc.is_tracked({}), gc.is_tracked(Empty()),
      gc.is_tracked(()), gc.is_tracked((1, 2)), gc.is_tracked(Empty))

# thresholds
print(gc.get_threshold())
gc.set_threshold(500, 5, 5)
print(gc.get_threshold())
gc.set_threshold(700, 10, 10)

# cycles through instance dicts and closures
def make_closure_cycle():
    def f():
        return f
    return f
make_closure_cycle()
print("closure cycle collected:", gc.collect() > 0)

# a cycle that holds an object with __del__ that is not in a cycle itself
class Holder:
    def __init__(self):
        self.self_ref = self
        self.child = Fin("child")
h = Holder()
del h
print("holder cycle:", gc.collect(), Fin.count)

# gc.get_referrers / get_referents on simple containers
lst = [1, "two", 3.0]
print(len(gc.get_referents(lst)), sorted(map(type, gc.get_referents(lst)), key=lambda t: t.__name__))

# callbacks
events = []
def cb(phase, info):
    events.append((phase, info["generation"]))
gc.callbacks.append(cb)
gc.collect()
gc.callbacks.remove(cb)
print(events)

# collect(generation) argument checks
print(gc.collect(0) >= 0, gc.collect(1) >= 0, gc.collect(2) >= 0)
try:
    gc.collect(3)
except ValueError as e:
    print("ValueError:", e)

# garbage stays empty without DEBUG_SAVEALL
print(gc.garbage)
