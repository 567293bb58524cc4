# An uncaught exception: traceback on stderr, exit status 1.
def level3(x):
    raise ValueError(f"bad value {x}")
def level2(x):
    level3(x * 2)
def level1():
    level2(21)
print("before")
level1()
print("never")
