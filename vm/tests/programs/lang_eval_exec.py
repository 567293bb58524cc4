# eval, exec and compile with explicit globals and locals, __builtins__ in globals.

print(eval("1 + 2"), eval("x * 2", {"x": 21}), eval("x + y", {"x": 1}, {"y": 2}))
g = {}
exec("a = 1\ndef f():\n    return a + 1\n", g)
print(g["a"], g["f"](), "__builtins__" in g, type(g["__builtins__"]).__name__)

l = {}
exec("b = 2\nc = b + 1", {}, l)
print(sorted(l.items()))

# a function defined in exec with separate locals looks up globals, not the locals dict
gl, lo = {}, {}
exec("v = 5\ndef read():\n    return v\n", gl, lo)
try:
    lo["read"]()
except NameError as e:
    print("NameError:", e)

# __builtins__ controls which builtins are available
try:
    eval("len('abc')", {"__builtins__": {}})
except NameError as e:
    print("NameError:", e)
print(eval("len('abc')", {"__builtins__": {"len": lambda s: "custom len"}}))
print(eval("abs(-3)", {"__builtins__": __builtins__}))

# eval of expressions only
try:
    eval("x = 1")
except SyntaxError as e:
    print("SyntaxError:", e.msg)
try:
    eval("1 +")
except SyntaxError as e:
    print("SyntaxError:", e.msg, e.lineno)
try:
    exec("def broken(:\n  pass")
except SyntaxError as e:
    print("SyntaxError:", e.msg, e.lineno, e.offset, e.text.strip())
try:
    exec("  indented = 1")
except IndentationError as e:
    print("IndentationError:", e.msg)
print(eval("  1 + 1  \n"))

# compile
code = compile("x * 3", "<expr>", "eval")
print(type(code).__name__, code.co_filename, eval(code, {"x": 4}))
code = compile("y = 10\nprint('exec mode', y)", "<stmts>", "exec")
exec(code)
code = compile("7 * 6", "<single>", "single")
exec(code)
try:
    compile("1", "<x>", "bogus")
except ValueError as e:
    print("ValueError:", e)
try:
    exec(compile("1/0", "<div>", "exec"))
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e, e.__traceback__.tb_next.tb_lineno)

# exec returns None; eval with a mapping as locals
print(exec("1"))
class Env(dict):
    def __missing__(self, key):
        return f"<{key}>"
print(eval("missing_name", {}, Env()))
class Lookup:
    def __getitem__(self, key):
        if key == "magic":
            return 42
        raise KeyError(key)
print(eval("magic", {}, Lookup()))
try:
    eval("other", {}, Lookup())
except NameError as e:
    print("NameError:", e)

# errors for wrong argument types
try:
    eval("1", [])
except TypeError as e:
    print("TypeError:", e)
try:
    exec("1", {}, 5)
except TypeError as e:
    print("TypeError:", e)
try:
    eval(5)
except TypeError as e:
    print("TypeError:", e)

# globals() and locals() interplay
def in_function():
    local_var = "L"
    return eval("local_var + global_var")
global_var = "G"
print(in_function())
def exec_in_function():
    ns = {}
    exec("new_local = 1", globals(), ns)
    return ns
print(exec_in_function())

# nested exec sees its own namespace
ns = {}
exec("exec('inner = 5')", ns)
print(ns["inner"])

# exceptions raised in exec'd code carry the code's filename
try:
    exec(compile("def boom():\n    raise KeyError('in exec')\nboom()", "virtual.py", "exec"), {})
except KeyError as e:
    tb = e.__traceback__
    names = []
    while tb:
        names.append(tb.tb_lineno)
        tb = tb.tb_next
    print(names[1:])

# __name__ in exec globals
ns = {"__name__": "custom_module"}
exec("class K: pass\nmod = K.__module__", ns)
print(ns["mod"])
ns = {}
exec("class K: pass\nmod = K.__module__", ns)
print(ns["mod"])

# eval with a bytes source and with a code object from compile with dont_inherit
print(eval(b"2 ** 10"))
print(eval(compile("'ok'", "<c>", "eval", dont_inherit=True)))

# vars(), dir() of a dict namespace
ns = {}
exec("import sys as _s\nzz = 1", ns)
print(sorted(k for k in ns if k != "__builtins__"))
