# An uncaught exception group: CPython 3.11's boxed traceback, with nesting and chaining inside.
def f():
    raise ValueError("bad value")

def g():
    try:
        f()
    except ValueError as e:
        raise KeyError("k") from e

errors = []
for fn in (f, g):
    try:
        fn()
    except Exception as e:
        errors.append(e)
inner = ExceptionGroup("inner", [TypeError("t"), OSError("nope")])
errors.append(inner)
try:
    raise ExceptionGroup("outer", errors)
except ExceptionGroup as eg:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ExceptionGroup("top", [eg, RuntimeError("r")])
