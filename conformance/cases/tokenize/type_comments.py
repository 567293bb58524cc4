def f(a, b):  # type: (int, str) -> None
    x = []  # type: ignore[misc]
    return x
