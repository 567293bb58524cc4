# A small text-processing program: word counts, formatting a table, sorting with keys.
text = """It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity"""
words = [w.strip(",.").lower() for w in text.split()]
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
print(f"{'word':<12}|{'n':>3}")
print("-" * 16)
for w, n in top[:6]:
    print(f"{w:<12}|{n:>3}")
print(len(words), len(freq), max(words, key=len), min(words))
lines = text.splitlines()
print([len(l) for l in lines], lines[1].title()[:20])
caesar = "".join(chr((ord(c) - 97 + 3) % 26 + 97) if c.isalpha() and c.islower() else c for c in "hello, world")
print(caesar)
print("%-8s|%8.3f|%+05d" % ("pi", 3.14159, 42), "{:*^20}".format(" mid "), "{0:b} {0:o} {0:X}".format(2023))
table = [[i * j for j in range(1, 5)] for i in range(1, 4)]
for row in table:
    print(" ".join(f"{v:3d}" for v in row))
print(", ".join(map(repr, ["a", 1, None, 2.5, (1,)])))
