# LOAD_GLOBAL caches must notice every change to globals and builtins after a warm-up.
builtins = __builtins__  # the builtins module, in __main__

counter = 1


def read_counter():
    return counter


def warm(fn, n=50):
    r = None
    for _ in range(n):
        r = fn()
    return r


print("warm", warm(read_counter))
counter = 2  # value replaced in place
print("rebound", read_counter())
del counter
try:
    read_counter()
except NameError as e:
    print("deleted:", e)
counter = 3
print("re-added", read_counter())


def use_len():
    return len("abc")


print("builtin len", warm(use_len))


def len(x):  # a global now shadows the builtin
    return "shadowed"


print("shadowed len", use_len())
del len
print("builtin again", use_len())

# Replacing and adding builtins.
original_abs = builtins.abs


def use_abs():
    return abs(-4)


print("abs", warm(use_abs))
builtins.abs = lambda x: "patched abs"
print("patched", use_abs())
builtins.abs = original_abs
print("restored", use_abs())


def use_late():
    return late_builtin


try:
    use_late()
except NameError as e:
    print("missing:", e)
builtins.late_builtin = "now a builtin"
print("late", use_late())
del builtins.late_builtin
try:
    use_late()
except NameError as e:
    print("gone:", e)


# Many new globals force the globals dict to grow and move its entries.
def read_marker():
    return marker


marker = "m1"
print("marker", warm(read_marker))
for i in range(200):
    globals()["filler_%d" % i] = i
print("after growth", read_marker())
marker = "m2"
print("after growth rebound", read_marker())
for i in range(0, 200, 2):
    del globals()["filler_%d" % i]
print("after deletions", read_marker(), filler_1, filler_199)

# The same code object run with different globals dicts.
code = compile("result = value * 2", "<cache>", "exec")
for v in range(3):
    g1 = {"value": v}
    g2 = {"value": str(v)}
    exec(code, g1)
    exec(code, g2)
    print("exec", g1["result"], g2["result"])

code2 = compile("result = len('xy')", "<cache2>", "exec")
g = {}
exec(code2, g)
g_shadow = {"len": lambda s: "own len"}
exec(code2, g_shadow)
exec(code2, g)
print("exec builtins", g["result"], g_shadow["result"])


# A global read inside a loop while another function rebinds it.
state = 0


def bump():
    global state
    state += 1


def loop_reader():
    seen = []
    for _ in range(5):
        seen.append(state)
        bump()
    return seen


print("loop", loop_reader(), loop_reader())
