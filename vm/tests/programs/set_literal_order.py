# A set display of 3+ constant strings: CPython folds it into a frozenset constant. Its table
# layout (and so the set's iteration order) differs between a code object fresh from CPython's
# compiler (python3 prog.py) and the same constant read back by marshal (python3 prog.pyc).
print({"apple", "banana", "cherry", "date", "elderberry", "fig", "grape"})
