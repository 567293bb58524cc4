# finally semantics: return overriding, exceptions replaced, nested handlers, exc_info.
import sys
def override():
    try:
        return 1
    finally:
        return 2
print(override())
def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "finally wins"
print(swallow())
def nested():
    try:
        try:
            raise KeyError("inner")
        finally:
            print("inner finally")
    except KeyError as e:
        print("outer caught", e)
        return "ok"
    finally:
        print("outer finally")
print(nested())
def replace():
    try:
        raise ValueError("first")
    finally:
        raise TypeError("second")
try:
    replace()
except TypeError as e:
    print(repr(e), repr(e.__context__))
try:
    raise ValueError("x")
except ValueError:
    print(sys.exc_info()[0].__name__, sys.exc_info()[1])
print(sys.exc_info())
def loop_break():
    out = []
    for i in range(5):
        try:
            if i == 3:
                break
            out.append(i)
        finally:
            out.append("f")
    return out
print(loop_break())
def gen_finally():
    try:
        yield 1
    finally:
        print("gen finally")
for v in gen_finally():
    print("got", v)
class Res:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        print("exit args", [type(x).__name__ for x in a])
        return False
def with_return():
    with Res():
        return "returned"
print(with_return())
try:
    with Res():
        raise IndexError("inside")
except IndexError as e:
    print("propagated", e)
