# Uncaught-exception tracebacks mark the operator of a failing binary operation with ^ and its
# operands with ~ (CPython 3.11's anchors), through nested calls and parenthesized operands.


def ratio(total, parts):
    return (total + 1) * 2 // parts


def average(values):
    return ratio(sum(values), len(values) - len(values))


print("computing")
print(average([1, 2, 3]))
