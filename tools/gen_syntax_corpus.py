"""Builds conformance/cases/syntax/corpus.json: source snippets CPython 3.11.7 rejects with a
SyntaxError (or IndentationError/TabError) in ast.parse, harvested from CPython's own tests. Only the sources
are stored; the expected errors always come from the oracle at test time.

Run: python3 tools/gen_syntax_corpus.py > conformance/cases/syntax/corpus.json
"""
import ast, doctest, json, sys, sysconfig, os, warnings
warnings.simplefilter("ignore")

LIB = sysconfig.get_paths()["stdlib"]
FILES = ["test/test_syntax.py", "test/test_exceptions.py", "test/test_fstring.py", "test/test_eof.py",
         "test/test_grammar.py", "test/test_unicode_identifiers.py", "test/test_string_literals.py"]

def rejects(src):
    # Only what the parse stage rejects (ast.parse), not errors of later stages (symtable...).
    try:
        ast.parse(src)
    except SyntaxError:
        return True
    except Exception:
        return False
    return False

cases, seen = [], set()
def add(src, origin):
    if isinstance(src, bytes):
        try:
            src = src.decode("utf-8")
        except UnicodeDecodeError:
            return
    if not isinstance(src, str) or src in seen or "\x00" in src or len(src) > 5000:
        return
    if rejects(src):
        seen.add(src)
        cases.append({"origin": origin, "source": src})

for rel in FILES:
    path = os.path.join(LIB, rel)
    text = open(path, encoding="utf-8").read()
    tree = ast.parse(text)
    # Doctests (test_syntax's module docstring and others).
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and ">>>" in node.value:
            for ex in doctest.DocTestParser().get_examples(node.value):
                if "Error" in ex.want or (ex.exc_msg or ""):
                    add(ex.source, f"{rel}:{node.lineno}:doctest")
    # String arguments of calls (check_syntax_error, _check_error, assertAllRaise, check, ...).
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for arg in node.args[:2]:
                if isinstance(arg, ast.Constant):
                    add(arg.value, f"{rel}:{node.lineno}")
                elif isinstance(arg, (ast.List, ast.Tuple)):
                    for el in arg.elts:
                        if isinstance(el, ast.Constant):
                            add(el.value, f"{rel}:{el.lineno}")
json.dump(cases, sys.stdout, indent=1, ensure_ascii=False)
print()
