# Exceptions: raise from None, chained __context__, exceptions in __del__, assertion messages,
# custom __str__, args and repr, try/except/else/finally ordering, return in finally, the except
# variable deleted after the block. Ends with an uncaught chained exception (traceback on stderr).
import sys

def order(kind):
    log = []
    def body():
        try:
            log.append("try")
            if kind == "raise":
                raise ValueError("v")
            if kind == "return":
                return "returned from try"
        except ValueError:
            log.append("except")
            return "returned from except"
        else:
            log.append("else")
        finally:
            log.append("finally")
        log.append("after")
        return "fell through"
    r = body()
    return r, log
for kind in ["none", "raise", "return"]:
    print(kind, order(kind))

def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"
def finally_swallows():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"
def break_in_finally():
    for i in range(3):
        try:
            raise KeyError(i)
        finally:
            break
    return i
def continue_in_finally():
    out = []
    for i in range(3):
        try:
            if i == 1:
                raise KeyError(i)
            out.append(i)
        finally:
            continue
    return out
print(finally_overrides(), finally_swallows(), break_in_finally(), continue_in_finally())

def exc_var_deleted():
    e = "before"
    try:
        raise ValueError("x")
    except ValueError as e:
        pass
    try:
        return e
    except UnboundLocalError as err:
        return f"UnboundLocalError: {err}"
print(exc_var_deleted())

# args, str and repr
for exc in [ValueError(), ValueError("one"), ValueError("a", 2), KeyError("k"), KeyError(), OSError(2, "No such file"),
            StopIteration(5), SystemExit(3), UnicodeError("u"), Exception(None), AttributeError("attr", 1)]:
    print(repr(exc), "|", str(exc), "|", exc.args)
e = OSError(2, "No such file", "name.txt")
print(e.errno, e.strerror, e.filename, str(e), type(e).__name__, type(OSError(2, "x")).__name__)
print(repr(NameError(name="n")), NameError("m", name="n").name, AttributeError("a", name="n", obj=1).obj)

class Custom(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code
    def __str__(self):
        return f"[{self.code}] {self.args[0]}"
c = Custom(404, "not found")
print(str(c), repr(c), c.args, c.code)

class NoInitCall(Exception):
    def __init__(self, x):
        self.x = x
n = NoInitCall(5)
print(n.args, str(n), repr(n))

class BadStr(Exception):
    def __str__(self):
        raise RuntimeError("bad str")

# exception chaining
def chained():
    try:
        {}["missing"]
    except KeyError as e:
        raise ValueError("while handling") from e
try:
    chained()
except ValueError as e:
    print(repr(e.__cause__), repr(e.__context__), e.__suppress_context__)

def suppressed():
    try:
        1 / 0
    except ZeroDivisionError:
        raise TypeError("clean") from None
try:
    suppressed()
except TypeError as e:
    print(e.__cause__, repr(e.__context__), e.__suppress_context__)

try:
    try:
        raise KeyError("first")
    except KeyError:
        raise IndexError("second")
except IndexError as e:
    print("context:", repr(e.__context__))

try:
    raise ValueError("x") from 5
except TypeError as e:
    print("TypeError:", e)
try:
    raise 5
except TypeError as e:
    print("TypeError:", e)
try:
    raise ValueError
except ValueError as e:
    print("class raised:", repr(e))
class NotExc:
    pass
try:
    raise NotExc
except TypeError as e:
    print("TypeError:", e)
try:
    try:
        raise ValueError("x")
    except NotExc:
        pass
except TypeError as e:
    print("TypeError:", e)

def reraise():
    try:
        raise ValueError("original")
    except ValueError:
        raise
try:
    reraise()
except ValueError as e:
    print("re-raised", e)
try:
    raise
except RuntimeError as e:
    print("RuntimeError:", e)

# sys.exc_info inside and after handlers
try:
    raise KeyError("info")
except KeyError:
    print(sys.exc_info()[0].__name__, sys.exc_info()[1], sys.exc_info()[2] is not None)
print(sys.exc_info())

# assertion messages
for expr in [lambda: None, lambda: [1, 2]]:
    try:
        assert False, expr()
    except AssertionError as e:
        print("AssertionError:", repr(e), e.args)
try:
    assert 1 == 2
except AssertionError as e:
    print("bare AssertionError:", repr(e))

# with_traceback and __traceback__
try:
    raise ValueError("tb")
except ValueError as e:
    tb = e.__traceback__
    print(type(tb).__name__, tb.tb_lineno, tb.tb_next)
    e2 = RuntimeError("new").with_traceback(tb)
    print(e2.__traceback__ is tb)



# exception hierarchy checks
print(issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError),
      issubclass(UnboundLocalError, NameError), issubclass(ModuleNotFoundError, ImportError),
      issubclass(RecursionError, RuntimeError), issubclass(FileNotFoundError, OSError),
      issubclass(BrokenPipeError, ConnectionError), issubclass(StopAsyncIteration, Exception),
      issubclass(GeneratorExit, Exception), issubclass(KeyboardInterrupt, BaseException),
      IOError is OSError, EnvironmentError is OSError)

# except with a tuple, nested handlers, exceptions in except clauses
def classify(exc):
    try:
        raise exc
    except (KeyError, IndexError) as e:
        return "lookup " + type(e).__name__
    except ArithmeticError:
        return "arith"
    except Exception as e:
        return "other " + type(e).__name__
for exc in [KeyError(), IndexError(), ZeroDivisionError(), OverflowError(), TypeError()]:
    print(classify(exc))

# exception attributes can be set
err = ValueError("x")
err.extra = 1
err.args = ("replaced",)
print(err, err.extra)
err.__cause__ = KeyError("c")
print(repr(err.__cause__), err.__suppress_context__)
try:
    err.__cause__ = 5
except TypeError as e:
    print("TypeError:", e)

# str of exceptions with one non-string argument
print(str(KeyError(1)), str(ValueError(1)), str(KeyError("a", "b")), str(IndexError(None)))

# the final uncaught exception: chained contexts and a cause
class Resource:
    def close(self):
        raise OSError("close failed")

def work():
    r = Resource()
    try:
        int("not a number")
    except ValueError as e:
        try:
            r.close()
        except OSError as e2:
            raise RuntimeError("work failed") from e2
work()
