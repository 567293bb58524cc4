"""Builds conformance/corpus/symtable_errors.json: source snippets from CPython's own tests
(test_syntax.py's doctests and every string constant in test_syntax, test_scope, test_global,
test_named_expressions, test_future, test_grammar, test_positional_only_arg) that parse but that
the symbol table (or future.c) rejects with a SyntaxError.

Run with CPython 3.11.7: python3 tools/gen_symtable_corpus.py
"""
import ast, doctest, json, os, sysconfig, textwrap, warnings, _symtable
warnings.simplefilter("ignore")

ROOT = os.path.join(sysconfig.get_paths()["stdlib"], "test")
FILES = ["test_syntax.py", "test_scope.py", "test_global.py", "test_named_expressions.py",
         "test_future.py", "test_grammar.py", "test_positional_only_arg.py", "test_symtable.py",
         "test_patma.py", "test_compile.py", "test_exceptions.py"]


def candidates():
    for name in FILES:
        path = os.path.join(ROOT, name)
        if not os.path.exists(path):
            continue
        text = open(path, encoding="utf-8").read()
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield node.value
                yield textwrap.dedent(node.value)
        if name == "test_syntax.py":
            doc = ast.get_docstring(tree, clean=False) or ""
            for ex in doctest.DocTestParser().get_examples(doc):
                yield ex.source


def main():
    seen, out = set(), []
    for src in candidates():
        if src in seen or len(src) > 2000:
            continue
        seen.add(src)
        try:
            ast.parse(src)
        except Exception:
            continue
        try:
            _symtable.symtable(src, "<snippet>", "exec")
        except SyntaxError:
            out.append(src)
        except Exception:
            continue
    dest = os.path.join(os.path.dirname(__file__), "..", "conformance", "corpus", "symtable_errors.json")
    with open(dest, "w") as f:
        json.dump(out, f, indent=0, ensure_ascii=True)
        f.write("\n")
    print(len(out), "snippets")


main()
