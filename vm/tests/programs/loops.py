# Loops: while/else, for/else, break/continue, nested; match statement.
n = 0
while n < 10:
    n += 1
    if n % 2:
        continue
    if n == 8:
        break
else:
    print("no break")
print("n =", n)
for i in range(3):
    pass
else:
    print("for-else ran", i)
primes = []
for c in range(2, 50):
    for p in primes:
        if c % p == 0:
            break
    else:
        primes.append(c)
print(primes)
def describe(v):
    match v:
        case 0:
            return "zero"
        case int(x) if x < 0:
            return "negative"
        case [a, b]:
            return f"pair {a},{b}"
        case {"k": val}:
            return f"dict k={val}"
        case str() | bytes():
            return "text"
        case _:
            return "other"
for v in [0, -3, [1, 2], {"k": 9}, "s", 3.5]:
    print(describe(v))
acc = []
i = 0
while True:
    i += 1
    if i > 5:
        break
    acc.append(i * i)
print(acc)
print([(x, y) for x in range(3) for y in range(3) if x != y])
