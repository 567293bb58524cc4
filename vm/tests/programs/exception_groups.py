# ExceptionGroup (PEP 654) and except*: construction rules, split/subgroup, matching,
# partial handling, wrapping of naked exceptions, raising and re-raising in handlers.
eg = ExceptionGroup("many", [ValueError(1), TypeError("t"), ValueError(2)])
print(type(eg).__name__, str(eg), eg.message, len(eg.exceptions))
print(repr(eg.exceptions[1]))
m, r = eg.split(ValueError)
print(type(m).__name__, m.exceptions, r.exceptions)
print(eg.subgroup(KeyError))
print(type(BaseExceptionGroup("b", [ValueError()])).__name__)
print(type(BaseExceptionGroup("b", [KeyboardInterrupt()])).__name__)
try:
    ExceptionGroup("x", [KeyboardInterrupt()])
except TypeError as e:
    print("TypeError:", e)
try:
    ExceptionGroup("x", [])
except ValueError as e:
    print("ValueError:", e)
print(isinstance(eg, Exception), issubclass(ExceptionGroup, BaseExceptionGroup))

def handled():
    try:
        raise ExceptionGroup("batch", [ValueError("v1"), TypeError("t1"), ValueError("v2")])
    except* ValueError as g:
        print("values:", [str(e) for e in g.exceptions])
    except* TypeError as g:
        print("types:", [str(e) for e in g.exceptions])
handled()

def partial():
    try:
        raise ExceptionGroup("batch", [ValueError("v"), KeyError("k")])
    except* ValueError as g:
        print("handled", g.exceptions)
try:
    partial()
except ExceptionGroup as e:
    print("escaped:", repr(e.exceptions), str(e))

def naked():
    try:
        raise OSError("disk")
    except* OSError as g:
        print("wrapped:", type(g).__name__, g.exceptions)
naked()

def raising_in_handler():
    try:
        raise ExceptionGroup("g", [ValueError("a")])
    except* ValueError:
        raise RuntimeError("new")
try:
    raising_in_handler()
except RuntimeError as e:
    print("new exception:", e, type(e.__context__).__name__, e.__context__.exceptions)

def two_raise():
    try:
        raise ExceptionGroup("g", [ValueError("a"), TypeError("b")])
    except* ValueError:
        raise KeyError("from values")
    except* TypeError:
        raise IndexError("from types")
try:
    two_raise()
except ExceptionGroup as e:
    print("new group:", repr(e.exceptions), repr(e.message))

def reraise():
    try:
        raise ExceptionGroup("g", [ValueError("a"), TypeError("b")])
    except* ValueError:
        raise
try:
    reraise()
except ExceptionGroup as e:
    print("reraised:", [type(x).__name__ for x in e.exceptions], e.message)

def nested():
    try:
        raise ExceptionGroup("outer", [ValueError(1), ExceptionGroup("inner", [TypeError(2), ValueError(3)])])
    except* TypeError as g:
        print("inner types:", repr(g.exceptions))
    except* ValueError as g:
        print("values:", repr(g.exceptions))
nested()
print(eg.split(lambda e: isinstance(e, ValueError) and e.args[0] == 2)[0].exceptions)
