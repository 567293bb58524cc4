def halve(n):
    assert n % 2 == 0, "odd"
    return n // 2
