# try/except/else/finally, raise from, context, custom exceptions, with statements.
class MyError(Exception):
    pass
class Sub(MyError):
    def __init__(self, code):
        super().__init__("code", code)
        self.code = code
def risky(n):
    if n == 0:
        raise ValueError("zero")
    if n == 1:
        raise Sub(42)
    if n == 2:
        return {}["missing"]
    if n == 3:
        return [][5]
    return n
for i in range(5):
    try:
        r = risky(i)
    except MyError as e:
        print("MyError", type(e).__name__, e.args, e.code, str(e))
    except (KeyError, IndexError) as e:
        print("lookup", type(e).__name__, repr(e), e)
    except Exception as e:
        print("other", repr(e))
    else:
        print("ok", r)
    finally:
        print("finally", i)
def f():
    try:
        return "try"
    finally:
        print("in finally")
print(f())
def g():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print("loop finally", i)
g()
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print(repr(e), repr(e.__cause__), e.__suppress_context__)
try:
    try:
        raise KeyError("k")
    except KeyError:
        raise TypeError("during")
except TypeError as e:
    print(repr(e.__context__))
class CM:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None, v)
        return t is ValueError
with CM("a") as a, CM("b"):
    print("body", a.name)
with CM("c"):
    raise ValueError("swallowed")
print("after with")
try:
    with CM("d"):
        raise KeyError("propagates")
except KeyError as e:
    print("caught", e)
try:
    raise
except RuntimeError as e:
    print(e)
e = None
try:
    assert 1 == 2, "math broke"
except AssertionError as err:
    print("assert:", err)
try:
    undefined_name
except NameError as err:
    print(err)
try:
    def h():
        print(local)
        local = 1
    h()
except UnboundLocalError as err:
    print(err)
try:
    None.foo
except AttributeError as err:
    print(err)
try:
    "a" + 1
except TypeError as err:
    print(err)
try:
    int("x1")
except ValueError as err:
    print(err)
print(isinstance(Sub(1), Exception), issubclass(KeyError, LookupError), KeyError.__mro__)
