x = 2 ** 10 - 1
for c in ["a", "b"]:
    if c not in {"x", "y"} and not (c is None):
        print("%s=%r" % (c, x), __debug__)
