# Automatic collections: generation 0 is collected once allocations minus deallocations of
# containers exceed the threshold, so unreachable cycles with finalizers go away without
# gc.collect(), and generations 1 and 2 follow every 10 collections of the one below.
import gc

gc.collect()
finalized = []


class Cyc:
    def __init__(self, i):
        self.i = i
        self.me = self

    def __del__(self):
        finalized.append(self.i)


for i in range(5000):
    Cyc(i)
# Which cycles a collection finds depends on what is still on the value stack at that moment.
print(len(finalized) > 4000)
s = gc.get_stats()
print(s[0]["collections"] > 5, s[0]["collected"] >= 4000)
gc.collect()
print(len(finalized), sorted(finalized) == list(range(5000)))

# With the collector disabled nothing is collected automatically.
gc.disable()
finalized.clear()
for i in range(3000):
    Cyc(i)
print(len(finalized))
gc.enable()
gc.collect()
print(len(finalized))

# A lower threshold collects sooner.
gc.set_threshold(10)
finalized.clear()
for i in range(100):
    Cyc(i)
print(len(finalized) >= 80)
gc.set_threshold(700, 10, 10)
gc.collect()
print(len(finalized))
