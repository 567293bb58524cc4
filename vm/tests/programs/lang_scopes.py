# Closures and scopes: late binding, nonlocal across levels, class scope invisible to methods and
# comprehensions, global in nested functions, del of closed-over names and the NameError and
# UnboundLocalError messages.

fs = [lambda: i for i in range(3)]
print([f() for f in fs])
fs = [lambda i=i: i for i in range(3)]
print([f() for f in fs])

def make():
    funcs = []
    for j in range(3):
        def g():
            return j
        funcs.append(g)
    j = "changed"
    return funcs
print([g() for g in make()])

def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
c = counter()
print(c(), c(), c.__closure__[0].cell_contents, c.__code__.co_freevars)

def outer():
    x = "outer"
    def middle():
        def inner():
            nonlocal x
            x = "set by inner"
        inner()
        return x
    r = middle()
    return r, x
print(outer())

def levels():
    a = 1
    def l1():
        b = 2
        def l2():
            nonlocal a, b
            a += 10
            b += 20
            def l3():
                return a + b
            return l3()
        return l2(), b
    return l1(), a
print(levels())

G = "global"
def g_reader():
    return G
def g_writer():
    global G
    G = "rewritten"
def nested_global():
    def inner():
        global NEW_GLOBAL
        NEW_GLOBAL = "created in nested"
    inner()
print(g_reader(), g_writer(), G)
nested_global()
print(NEW_GLOBAL)

def shadow():
    G = "local"
    def inner():
        global G
        return G
    return inner()
print(shadow())

class K:
    attr = "class attr"
    values = [1, 2]
    doubled = [v * 2 for v in values]       # the outermost iterable sees the class scope
    def method(self):
        try:
            return attr
        except NameError as e:
            return f"NameError: {e}"
    try:
        bad = [attr for _ in range(1)]
    except NameError as e:
        bad = f"NameError: {e}"
    lam = (lambda: attr)
print(K().method(), K.doubled, K.bad)
try:
    K.lam()
except NameError as e:
    print("NameError:", e)

x = "module x"
class Shadowing:
    x = "class x"
    def m(self):
        return x
    y = x
print(Shadowing().m(), Shadowing.y)

def func_with_class():
    v = "function v"
    class Inner:
        v = "class v"
        w = v
        def get(self):
            return v
    return Inner.w, Inner().get()
print(func_with_class())

def class_free_var():
    v = "free"
    class Inner:
        u = v
        v = "assigned after"
    return Inner.u, Inner.v
try:
    print(class_free_var())
except NameError as e:
    print("NameError:", e)

def unbound():
    print(y_local)
    y_local = 1
try:
    unbound()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)

def unbound_aug():
    counter_value += 1
counter_value = 0
try:
    unbound_aug()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)

def deleted_local():
    z = 1
    del z
    return z
try:
    deleted_local()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)

def free_unbound():
    def inner():
        return later
    try:
        inner()
    except NameError as e:
        print(type(e).__name__ + ":", e)
    later = 1
    return inner()
print(free_unbound())

def del_closed():
    v = 1
    def inner():
        return v
    del v
    try:
        inner()
    except NameError as e:
        print(type(e).__name__ + ":", e)
    try:
        del v
    except NameError as e:
        print(type(e).__name__ + ":", e)
del_closed()

def del_nonlocal():
    v = 1
    def inner():
        nonlocal v
        del v
    inner()
    try:
        return v
    except NameError as e:
        return type(e).__name__ + ": " + str(e)
print(del_nonlocal())

try:
    undefined_name
except NameError as e:
    print("NameError:", e, e.name)
try:
    del undefined_global
except NameError as e:
    print("NameError:", e)

def del_global():
    global tmp_global
    tmp_global = 1
    del tmp_global
    try:
        del tmp_global
    except NameError as e:
        print("NameError:", e)
del_global()

# comprehension variables do not leak; walrus in comprehension binds in the enclosing scope
[leak for leak in range(3)]
try:
    leak
except NameError as e:
    print("NameError:", e)
total = [last := v for v in range(4)]
print(last, total)
def walrus_in_func():
    [w := i * i for i in range(5) if i % 2]
    return w
print(walrus_in_func())

# generator expressions: the first iterable is evaluated eagerly
def gen_scope():
    items = [1, 2]
    g = (i * 2 for i in items)
    items = [10, 20]
    return list(g)
print(gen_scope())
try:
    (i for i in 5)
except TypeError as e:
    print("TypeError:", e)

# closures share cells
def shared():
    v = 0
    def get():
        return v
    def set_(n):
        nonlocal v
        v = n
    return get, set_
get, set_ = shared()
set_(42)
print(get(), get.__closure__[0] is set_.__closure__[0])

# locals() and vars() in functions, globals() identity
def show_locals(a, b=2):
    c = 3
    return sorted(locals().items())
print(show_locals(1), globals() is vars(), "show_locals" in globals())


# builtins can be shadowed and restored
len = lambda x: "shadowed len"
print(len([1]))
del len
print(len([1]))
try:
    del len
except NameError as e:
    print("NameError:", e)

# names in exec'd class bodies and lambda defaults
def lambda_defaults():
    items = []
    for k in range(3):
        items.append(lambda k=k, m=k * 10: (k, m))
    return [f() for f in items]
print(lambda_defaults())

# __code__ details
def code_info(a, b, *args, c, **kw):
    d = 1
    def inner():
        return d
    return inner
ci = code_info.__code__
print(ci.co_varnames, ci.co_cellvars, ci.co_argcount, ci.co_kwonlyargcount, ci.co_posonlyargcount, ci.co_name)
print(code_info(1, 2, c=3).__code__.co_freevars)
