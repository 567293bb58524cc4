# Uncaught RecursionError: CPython's "[Previous line repeated N more times]" traceback.
def forever(n):
    return forever(n + 1)
print("going down")
forever(0)
