# Argument errors of builtin functions and methods: the messages CPython's argument clinic and
# PyArg_* helpers produce for missing, extra and keyword arguments.

def calls(fn, *args, **kwargs):
    try:
        print(fn(*args, **kwargs))
    except TypeError as e:
        print("TypeError:", e)

calls(len)
calls(len, 1, 2)
calls(len, obj=[])
calls(print, flush=1, foo=2)
calls(sorted, [], 1)
calls(isinstance, 1)
calls(divmod, 1)
calls("a".split, 1, 2, 3)
calls(int, "1", 10, 3)
calls(dict.fromkeys)
calls([].append)
calls({}.get)
calls(max)
calls(max, 1)
calls(range)
calls(range, 1, 2, 3, 4)
