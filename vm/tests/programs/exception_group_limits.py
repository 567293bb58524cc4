# An uncaught exception group wider than 15 and deeper than 10: the boxes CPython elides.


def nest(level):
    if level == 0:
        return ValueError("bottom")
    try:
        raise ExceptionGroup(f"level {level}", [nest(level - 1)])
    except ExceptionGroup as eg:
        return eg


print("building")
members = [nest(12)] + [KeyError(i) for i in range(15)] + [BaseExceptionGroup("b", [TypeError("x")])]
raise BaseExceptionGroup("wide", members)
