"""Writes ir/src/target/py311_interned.rs: the ASCII name-like strings (`[A-Za-z0-9_]+`) that the
running python3 (CPython 3.11.7) has interned when it starts compiling a file, for each host
process pyrite can reproduce:

  dis         `python3 -m dis FILE`        (runpy, dis, argparse, ... imported first)
  py_compile  `python3 -m py_compile FILE`

Why it matters: when a code object is created, `intern_string_constants` (Objects/codeobject.c)
interns every name-like string of a frozenset constant and rebuilds the frozenset when interning
returns a different object, i.e. when an equal string was interned before. That rebuild can
change the order `dis` prints. Which strings the process interned before is process state; this
measures it.

How: a sitecustomize module (on PYTHONPATH of the measured process only) installs an audit hook.
The hook fires on the `compile` event of the probe file, before the file is parsed, so the
process is exactly in the state the host's compile() starts from. Then
  1. a first run walks every object reachable from the garbage collector (code objects and
     tuples included) and writes every name-like string it finds: the candidates, completed
     with every word of the stdlib sources and every single name character;
  2. a second run checks each candidate: `sys.intern(s) is not s` for a fresh `s` (a single
     character is its latin-1 singleton, as a one-character literal is) is true exactly when an
     equal string was interned already. Each value is checked once, so the interning that a
     check does to a string nobody interned cannot affect another check.
The hook of run 2 is written with non-ASCII local names and no name-like string constant, so the
only ASCII names its own code interns are `sys` and attribute names of builtin modules and types
(addaudithook, argv, intern, open, read, split, write, join, len, getattr, __import__,
_clear_type_cache), which
every host has interned at startup; run 1 checks that claim.

Usage: python3 tools/gen_interned_strings.py [OUT.rs]   (default: ir/src/target/py311_interned.rs;
`-` writes to stdout, which conformance/tests/interned_strings.rs compares with the file).
"""
import os
import re
import subprocess
import sys
import sysconfig
import tempfile

HOSTS = [
    ("DIS_MODULE", "dis", "`python3 -m dis FILE`"),
    ("PY_COMPILE", "py_compile", "`python3 -m py_compile FILE`"),
]

NAME = re.compile(r"[A-Za-z0-9_]+")

# Run 1: collect candidates (anything goes: this process's state is not measured).
GATHER = r'''
import sys
def _hook(event, args):
    if event != "compile" or args[1] != sys.argv[-1]:
        return
    import gc, re, builtins, io
    name = re.compile(r"[A-Za-z0-9_]+")
    out, seen, todo = set(), set(), list(gc.get_objects())
    while todo:
        o = todo.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        if type(o) is str:
            if o.isascii() and name.fullmatch(o):
                out.add(o)
            continue
        if hasattr(o, "co_code"):
            todo.extend([o.co_consts, o.co_names, o.co_varnames, o.co_cellvars, o.co_freevars,
                         o.co_name, o.co_qualname])
        todo.extend(gc.get_referents(o))
    hook_names = ["sys", "addaudithook", "argv", "intern", "open", "read", "split", "write", "join", "len",
                  "getattr", "__import__", "_clear_type_cache"]
    known = set(dir(sys)) | set(dir(builtins)) | set(dir(str)) | set(dir(io.TextIOWrapper)) | {"sys"}
    missing = [n for n in hook_names if n not in known]
    with open(sys.argv[-1] + ".cands", "w") as f:
        f.write("\n".join(sorted(out)))
    with open(sys.argv[-1] + ".hookcheck", "w") as f:
        f.write(" ".join(missing))
    with open(sys.argv[-1] + ".gcnames", "w") as f:
        f.write("\n".join(sorted(set(dir(gc)) | {"gc"})))
sys.addaudithook(_hook)
'''

# Run 2: measure. No ASCII local names, no name-like constants (see the module docstring).
# Interned strings die with their last reference, and two kinds of reference come and go at
# points that vary from run to run: cyclic garbage not collected yet (types.py's `_C._m`), and
# the type attribute cache, which keeps the names it was last asked for (`hasattr(os,
# 'O_BINARY')`) until another lookup evicts them from a slot chosen by address. In those cases
# CPython's own output varies between runs; the measure clears the cache and collects first,
# for a reproducible answer. Importing gc for that interns gc's names, so those are measured
# before.
MEASURE = '''
import sys as ς
def ϗ(ε, α):
    if ε == 'compile!'[:-1] and α[1] == ς.argv[-1]:
        γ = open(ς.argv[-1] + '.gcnames').read().split('\\n')
        ρ = [ν for ν in γ if len(ν) > 0 and ς.intern(ν) is not ν]
        ς._clear_type_cache()
        getattr(__import__('gc!'[:-1]), 'collect!'[:-1])()
        ω = open(ς.argv[-1] + '.cands').read().split('\\n')
        ρ += [ν for ν in ω if len(ν) > 0 and ν not in γ and ς.intern(ν) is not ν]
        open(ς.argv[-1] + '.out', 'w+'[:1]).write('\\n'.join(ρ))
ς.addaudithook(ϗ)
'''


def run_host(module, hook, probe, hookdir):
    with open(os.path.join(hookdir, "sitecustomize.py"), "w", encoding="utf-8") as f:
        f.write(hook)
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=hookdir, PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONSTARTUP", None)
    subprocess.run([sys.executable, "-m", module, probe], env=env, check=True,
                   stdout=subprocess.DEVNULL)


def stdlib_words():
    words = set()
    root = sysconfig.get_paths()["stdlib"]
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x not in ("site-packages", "__pycache__")]
        for fn in files:
            if fn.endswith(".py"):
                with open(os.path.join(d, fn), "rb") as f:
                    words.update(NAME.findall(f.read().decode("latin-1")))
    return words


def measure(module, extra):
    with tempfile.TemporaryDirectory() as tmp:
        hookdir = os.path.join(tmp, "hook")
        os.mkdir(hookdir)
        probe = os.path.join(tmp, "probe.py")
        with open(probe, "w") as f:
            f.write("pass\n")
        run_host(module, GATHER, probe, hookdir)
        with open(probe + ".hookcheck") as f:
            missing = f.read().split()
        if missing:
            sys.exit(f"the measuring hook's own names are not all builtin names: {missing}")
        with open(probe + ".cands") as f:
            cands = set(f.read().split("\n")) | extra
        cands.discard("")
        with open(probe + ".cands", "w") as f:
            f.write("\n".join(sorted(cands)))
        run_host(module, MEASURE, probe, hookdir)
        with open(probe + ".out") as f:
            return sorted(s for s in f.read().split("\n") if s), len(cands)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "ir", "src", "target", "py311_interned.rs")
    extra = stdlib_words() | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
    lines = [
        "//! GENERATED by tools/gen_interned_strings.py from CPython "
        + "%d.%d.%d" % sys.version_info[:3] + ": do not edit, rerun the script.",
        "//! The name-like strings each host process has interned when its compile() starts",
        "//! (sorted by bytes, for binary search). See the script for how they are measured.",
        "",
    ]
    measured = [(const, doc, *measure(module, extra)) for const, module, doc in HOSTS]
    # The hosts share most of their table: write the common part once.
    common = set.intersection(*(set(interned) for _, _, interned, _ in measured))
    tables = [("BOTH_HOSTS", f"Interned in every host below ({len(common)} strings).", common)]
    for const, doc, interned, n in measured:
        only = set(interned) - common
        tables.append((f"{const}_ONLY", f"Interned in {doc} ({len(interned)} of {n} candidates), "
                       f"beyond BOTH_HOSTS ({len(only)} strings).", only))
    for const, doc, strings in tables:
        lines.append(f"/// {doc}")
        lines.append(f"pub static {const}: &[&str] = &[")
        # One a line, as rustfmt lays out a long array.
        lines.extend(f'    "{s}",' for s in sorted(strings, key=lambda s: s.encode()))
        lines.append("];")
        lines.append("")
    text = "\n".join(lines)
    if out == "-":
        sys.stdout.write(text)
    else:
        with open(out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
