"""String and dict work: word counting, joins, formatting, slicing, membership."""
import sys

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
         "sigma tau upsilon phi chi psi omega").split()


def make_text(n):
    parts = []
    state = 12345
    for _ in range(n):
        state = (state * 1103515245 + 12345) % 2147483648
        parts.append(WORDS[state % len(WORDS)])
    return " ".join(parts)


def main(n):
    text = make_text(n)
    counts = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    print(top)
    index = {}
    for i, word in enumerate(text.split()[:5000]):
        index.setdefault(word[:2], []).append(i)
    print(len(index), sum(len(v) for v in index.values()))
    lines = ["%s=%d" % (k, v) for k, v in counts.items()]
    joined = ";".join(lines)
    print(len(joined), joined.count("a"), joined.upper()[:30])
    caps = "".join(w.capitalize() for w in text.split()[:2000])
    print(len(caps), caps.find("Omega"), "PiRho" in caps)
    print(f"{len(text):,} chars, {len(counts)} words, ratio {len(text) / len(counts):.3f}")


main(int(sys.argv[1]) if len(sys.argv) > 1 else 200000)
