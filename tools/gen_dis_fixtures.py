#!/usr/bin/env python3
"""Writes the small .pyc fixtures of cli/tests/dis.rs (run under CPython 3.11.7):
python3 tools/gen_dis_fixtures.py cli/tests/fixtures/dis"""
import importlib._bootstrap_external as be
import os
import sys

PROGRAMS = {
    "calls": "import os\nfrom sys import path as p\nprint(os.getcwd(), sep='', end='\\n')\nf = lambda x, *a, k=1, **kw: x + k\nx = [y * 2 for y in range(3) if y]\n",
    "control": "for i in range(10):\n    if i % 2 == 0 and i > 4:\n        continue\n    while i:\n        i -= 1\n        break\nelse:\n    pass\ntry:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print(e)\nfinally:\n    x = None\nwith open('f') as f, open('g'):\n    pass\n",
    "constants": "a = (1, 2.5, -0.0, 1e300, 3j, (1-2j), b'\\x00\\'', 'caf\\xe9', '\\udc80', None, ..., True, 2**100, 123456789012345678901234567890, -2**63, 1 << 120)\nb = x in {'a', 'b', 'c'}\nc = y in {1, 2, 3, None}\nd = f'{a!r:>10} {b}'\n",
    "classes": "class C(B, metaclass=M):\n    '''doc'''\n    x: int = 1\n    def m(self, a, /, b, *, c):\n        nonlocal_ = 1\n        def inner():\n            return a + b\n        return inner\n    async def co(self):\n        async with self as s:\n            await s\n        async for i in s:\n            yield i\n",
    "matching": "match cmd:\n    case [x, y, *rest]:\n        pass\n    case {'k': v, **kw}:\n        pass\n    case Point(x=0) | None:\n        pass\n    case _:\n        pass\n",
}

out = sys.argv[1]
for name, src in PROGRAMS.items():
    data = src.encode()
    co = compile(data, f"{name}.py", "exec", dont_inherit=True)
    with open(os.path.join(out, name + ".pyc"), "wb") as f:
        f.write(be._code_to_timestamp_pyc(co, 0, len(data)))
