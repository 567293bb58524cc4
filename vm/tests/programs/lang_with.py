# with statements: exceptions in __enter__ and __exit__, suppression via a true return, nested and
# multiple context managers, return/break/continue through with blocks.

class CM:
    def __init__(self, name, suppress=False, fail_exit=False, fail_enter=False):
        self.name = name
        self.suppress = suppress
        self.fail_exit = fail_exit
        self.fail_enter = fail_enter
    def __enter__(self):
        print("enter", self.name)
        if self.fail_enter:
            raise RuntimeError(f"enter {self.name} failed")
        return self
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, repr(ev), tb is not None)
        if self.fail_exit:
            raise KeyError(f"exit {self.name} failed")
        return self.suppress

with CM("a") as a:
    print("body", a.name)

with CM("s", suppress=True):
    raise ValueError("suppressed")
print("after suppression")

try:
    with CM("n"):
        raise ValueError("propagates")
except ValueError as e:
    print("caught", e)

with CM("outer"), CM("inner", suppress=True) as inner:
    print("multi body", inner.name)
    raise IndexError("only inner sees it")
print("after multi")

try:
    with CM("x"), CM("y", fail_enter=True), CM("z"):
        print("not reached")
except RuntimeError as e:
    print("caught", e)

try:
    with CM("fe", fail_exit=True):
        raise ValueError("original")
except KeyError as e:
    print("caught", repr(e), "context", repr(e.__context__))

try:
    with CM("fe2", fail_exit=True):
        pass
except KeyError as e:
    print("caught", repr(e), e.__context__)

# truthiness of the __exit__ return value
class Truthy:
    def __init__(self, value):
        self.value = value
    def __enter__(self):
        return None
    def __exit__(self, *a):
        return self.value

for value in [1, "yes", [], 0, None, [0]]:
    try:
        with Truthy(value):
            raise ValueError(repr(value))
        print("suppressed by", repr(value))
    except ValueError as e:
        print("not suppressed by", e)

class BadBoolExit:
    def __enter__(self):
        pass
    def __exit__(self, *a):
        class B:
            def __bool__(self):
                raise TypeError("bool failed")
        return B()
try:
    with BadBoolExit():
        raise ValueError("v")
except TypeError as e:
    print("TypeError:", e, "context", repr(e.__context__))

# return, break and continue run __exit__
def ret():
    with CM("ret"):
        return "value"
print(ret())
for i in range(3):
    with CM(f"loop{i}"):
        if i == 0:
            continue
        if i == 1:
            break
print("loop done", i)

def ret_suppress():
    with CM("rs", suppress=True):
        raise ValueError
    return "after suppressed body"
print(ret_suppress())

# missing protocol methods
class NoExit:
    def __enter__(self):
        return 1
class NoEnter:
    def __exit__(self, *a):
        pass
for obj in [NoExit(), NoEnter(), 5]:
    try:
        with obj:
            pass
    except (TypeError, AttributeError) as e:
        print(type(e).__name__ + ":", e)

# __enter__ looked up on the type, not the instance
class Plain:
    pass
pl = Plain()
pl.__enter__ = lambda: None
pl.__exit__ = lambda *a: None
try:
    with pl:
        pass
except (TypeError, AttributeError) as e:
    print(type(e).__name__ + ":", e)

# the value bound by `as` can be any target
class Pair:
    def __enter__(self):
        return (1, [2, 3])
    def __exit__(self, *a):
        return False
store = {}
with Pair() as (one, [two, three]):
    print(one, two, three)
with Pair() as store["k"]:
    pass
print(store)

# exceptions inside __exit__ during normal exit, and in nested with blocks
def nested():
    with CM("L1"):
        with CM("L2", suppress=True):
            with CM("L3"):
                raise LookupError("deep")
        print("L2 swallowed it")
    return "nested done"
print(nested())

# exit gets the traceback object of the exception
class TbCheck:
    def __enter__(self):
        return self
    def __exit__(self, et, ev, tb):
        print(type(tb).__name__, tb.tb_lineno, ev.__traceback__ is tb)
        return True
with TbCheck():
    raise ValueError
# generators used as context managers by hand (contextlib-free)
class GenCM:
    def __init__(self, gen):
        self.gen = gen
    def __enter__(self):
        return next(self.gen)
    def __exit__(self, et, ev, tb):
        if et is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        try:
            self.gen.throw(ev)
        except StopIteration:
            return True
        except BaseException as e:
            if e is ev:
                return False
            raise
        raise RuntimeError("generator didn't stop after throw()")

def managed(tag):
    print("setup", tag)
    try:
        yield tag.upper()
    except ZeroDivisionError:
        print("handled in generator")
    finally:
        print("teardown", tag)

with GenCM(managed("g1")) as v:
    print("using", v)
with GenCM(managed("g2")):
    1 / 0
try:
    with GenCM(managed("g3")):
        raise KeyError("kept")
except KeyError as e:
    print("propagated", e)
