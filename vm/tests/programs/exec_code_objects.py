# exec() and eval() of code objects (taken from functions' __code__) in given or the caller's
# namespaces; compile() accepts only source.


def module_level():
    global counter
    counter = counter + 1
    results.append(counter * 10)


def expression():
    return base ** 2


counter = 1
results = []
exec(module_level.__code__)
print(counter, results)

ns = {"counter": 41, "results": []}
exec(module_level.__code__, ns)
print(ns["counter"], ns["results"], "__builtins__" in ns)

g = {"counter": 0, "results": []}
loc = {"counter": 100}
exec(module_level.__code__, g, loc)
print(g["counter"], loc["counter"], g["results"])
print(eval(expression.__code__, {"base": 2}, {"base": 1000}))

print(eval(expression.__code__, {"base": 7}))
base = 3
print(eval(expression.__code__))
try:
    compile(expression.__code__, "<code>", "eval")
except TypeError as e:
    print("TypeError:", e)


def inside():
    base = 12
    return eval(expression.__code__)


print(inside())
try:
    exec(42)
except TypeError as e:
    print("TypeError:", e)
