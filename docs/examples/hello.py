# A tiny program used by the examples in the docs.
def greet(name):
    return f"Hello, {name}!"

print(greet("pyrite"))
