# Call errors CPython reports as TypeError, with CPython's messages.
def f(a, b, c=3):
    pass
def g(*, k):
    pass
def h(a, /):
    pass
one, nothing = 1, None
tests = [
    lambda: f(1),
    lambda: f(1, 2, 3, 4),
    lambda: f(1, 2, d=4),
    lambda: f(1, 2, a=1),
    lambda: g(),
    lambda: g(1),
    lambda: h(a=1),
    lambda: len(),
    lambda: len(1),
    lambda: one(),
    lambda: [].append(),
    lambda: int("12", 1, 2),
    lambda: abs("x"),
    lambda: {}[[]],
    lambda: hash([]),
    lambda: "x" * "y",
    lambda: 1 + "a",
    lambda: [1] + (2,),
    lambda: nothing[0],
    lambda: 1 < "a",
    lambda: iter(5),
    lambda: next([]),
]
for t in tests:
    try:
        t()
    except TypeError as e:
        print("TypeError:", e)
    except Exception as e:
        print(type(e).__name__, e)
