# The builtins module: the namespace builtin names resolve in.
import sys
import builtins

print(builtins.__name__, type(builtins).__name__)
print(builtins is __builtins__, sys.modules["builtins"] is builtins)
print(builtins.len([1, 2, 3]), builtins.abs(-4), builtins.max is max)


def uses_new_builtin():
    return answer  # noqa: F821 (defined on builtins below)


builtins.answer = 42
print(uses_new_builtin(), "answer" in dir(builtins))
del builtins.answer
try:
    uses_new_builtin()
except NameError as e:
    print("NameError:", e)

_len = builtins.len
builtins.len = lambda x: -1
print(len("abc"))
builtins.len = _len
print(len("abc"))
print(hasattr(builtins, "print"), getattr(builtins, "nope", "missing"))
