"""pyrite's CPython oracle: one long-lived python3 process answering requests, so conformance runs
do not pay a process start per file.

Protocol: one JSON object per line on stdin, one JSON answer per line on the original stdout.
Bytes travel as latin-1 decoded strings (lossless, and JSON can carry them).

  {"op": "version"}                       -> {"ok": true, "version": "3.11.7", "hashseed": "0"}
  {"op": "run_module", "module": "tokenize", "args": [...], "stdin": "<latin-1>"|null}
        -> {"ok": true, "stdout": "<latin-1>", "stderr": "<latin-1>", "status": 0}
     Runs `python3 -m MODULE ARGS` in this process (runpy, as __main__; tokenize and ast by their
     main()), capturing its output.
  {"op": "eval", "code": "...", "globals": {...}}
        -> {"ok": true, "result": <JSON value of the global `result`>, "stdout": "<latin-1>"}
     The code also sees `compiled(path)`, `fresh_pyc(path)`, `fresh_pyc_exec(path)` and
     `fresh_dis(path)`, below.
"""
import importlib
import io
import json
import os
import runpy
import sys
import traceback
import warnings

_out = sys.stdout
_real_stdin, _real_stdout, _real_stderr, _real_argv = sys.stdin, sys.stdout, sys.stderr, sys.argv


def _capture(stdin_bytes):
    out, err = io.BytesIO(), io.BytesIO()
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", errors="strict", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
    # newline="\n": a real stdin does not translate "\r\n" (tokenize must see it raw).
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin_bytes or b""), encoding="utf-8", newline="\n")
    return out, err, (sys.stdout, sys.stderr, sys.stdin)


def _restore(wrappers):
    # Detach rather than let the wrappers be collected: collecting one closes its BytesIO.
    for stream in wrappers:
        try:
            stream.flush()
            stream.detach()
        except Exception:
            pass
    sys.stdin, sys.stdout, sys.stderr, sys.argv = _real_stdin, _real_stdout, _real_stderr, _real_argv


def _exit_status(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


# Modules whose `if __name__ == "__main__":` block is exactly `main()` (3.11's tokenize and ast):
# calling main() of the imported module is what `-m` runs, without executing the module's body
# again for every request (that alone cost 3-6 ms a file).
_MAIN_IS_MAIN = {"tokenize", "ast"}


def run_module(req):
    stdin = req.get("stdin")
    out, err, wrappers = _capture(stdin.encode("latin-1") if stdin is not None else None)
    status = 0
    sys.argv = ["-m"] + list(req.get("args", []))
    try:
        with warnings.catch_warnings():
            if req["module"] in _MAIN_IS_MAIN:
                importlib.import_module(req["module"]).main()
            else:
                runpy.run_module(req["module"], run_name="__main__", alter_sys=True)
    except SystemExit as e:
        status = _exit_status(e.code)
    except BaseException:
        traceback.print_exc()
        status = 1
    finally:
        _restore(wrappers)
    return {"stdout": out.getvalue().decode("latin-1"), "stderr": err.getvalue().decode("latin-1"),
            "status": status}


_FRESH_PYC = """import sys, importlib._bootstrap_external as be
src = open(sys.argv[1], 'rb').read()
co = compile(src, sys.argv[1], 'exec', dont_inherit=True, optimize=int(sys.argv[2]))
sys.stdout.buffer.write(bytes(be._code_to_timestamp_pyc(co, 0, len(src))))"""

# A fork server: a python3 that compiles nothing itself; for each line "OPTIMIZE PATH" on its stdin
# it forks, the
# child compiles the file in that pristine copy of the interpreter and sends back the timestamp
# .pyc (a length line, then the bytes; -1 when it failed). A fork costs a millisecond where a new
# interpreter costs tens, and the child's state is still a function of the file alone. It gave
# the same bytes as _FRESH_PYC on every stdlib file; conformance/tests/oracle.rs keeps checking a
# sample, since its own names are interned in the copy too.
_FORK_SERVER = """import sys, importlib._bootstrap_external as be
import os
for line in sys.stdin.buffer:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        optimize, path = line[:-1].split(b' ', 1)
        path = os.fsdecode(path)
        try:
            src = open(path, 'rb').read()
            co = compile(src, path, 'exec', dont_inherit=True, optimize=int(optimize))
            data = bytes(be._code_to_timestamp_pyc(co, 0, len(src)))
            with open(w, 'wb') as f:
                f.write(data)
        except BaseException:
            os._exit(1)
        os._exit(0)
    os.close(w)
    with open(r, 'rb') as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    out = sys.stdout.buffer
    out.write(b'%d\\n%b' % (len(data), data) if status == 0 else b'-1\\n')
    out.flush()
"""

_fork_server = None


def fresh_pyc(path, optimize=0):
    """The timestamp .pyc (mtime 0) that `python3 -m py_compile` writes for `path` (at `-O` level
    `optimize`, as `py_compile.compile(path, optimize=N)` writes the .opt-N.pyc), made in a fresh
    interpreter (a pristine forked copy, see _FORK_SERVER): which strings a long-lived process has
    interned already changes marshal's reference sharing, a fresh process's state depends on the
    file alone. None if it fails."""
    global _fork_server
    import subprocess
    if _fork_server is None or _fork_server.poll() is not None:
        _fork_server = subprocess.Popen([sys.executable, "-c", _FORK_SERVER], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=dict(os.environ, PYTHONHASHSEED="0"))
    _fork_server.stdin.write(b"%d %b\n" % (optimize, os.fsencode(path)))
    _fork_server.stdin.flush()
    n = int(_fork_server.stdout.readline() or b"-1")
    return _fork_server.stdout.read(n) if n >= 0 else None


_dis_server = None
_dis_tmp = []


def fresh_dis(path):
    """What `python3 -m dis path` prints: the listing comes from a forked copy of a real
    `python3 -m dis` process stopped just before its compile() (conformance/py/dis_host), since
    the strings that process has interned decide some frozenset orders. None if compile fails."""
    global _dis_server
    import subprocess, tempfile
    if _dis_server is None or _dis_server.poll() is not None:
        # The hook's source comes from the Rust side (conformance/py/dis_host/sitecustomize.py).
        tmp = tempfile.mkdtemp(prefix="pyrite-dis-host-")
        trigger = os.path.join(tmp, "trigger.py")
        with open(trigger, "w") as f:
            f.write("pass\n")
        with open(os.path.join(tmp, "sitecustomize.py"), "w", encoding="utf-8") as f:
            f.write(os.environ["PYRITE_DIS_HOST"])
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=tmp, PYTHONDONTWRITEBYTECODE="1")
        env.pop("PYRITE_DIS_HOST")
        _dis_tmp.append(tmp)
        _dis_server = subprocess.Popen([sys.executable, "-m", "dis", trigger], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, env=env)
    _dis_server.stdin.write(os.fsencode(path) + b"\n")
    _dis_server.stdin.flush()
    n = int(_dis_server.stdout.readline() or b"-1")
    return _dis_server.stdout.read(n).decode() if n >= 0 else None


_compiled = (None, None, None)


def compiled(path):
    """compile(open(path, 'rb').read(), path, 'exec', dont_inherit=True), remembered for the last
    file: the stages that compare what CPython compiles ask for the same file in turn. Raises
    what compile() raises."""
    global _compiled
    with open(path, "rb") as f:
        src = f.read()
    if _compiled[0] != path or _compiled[1] != src:
        try:
            res = compile(src, path, "exec", dont_inherit=True)
        except Exception as e:
            res = e
        _compiled = (path, src, res)
    if isinstance(_compiled[2], Exception):
        raise _compiled[2]
    return _compiled[2]


def _stop_fork_server():
    for server in (_fork_server, _dis_server):
        if server is not None:
            server.stdin.close()
            server.wait()
    import shutil
    for tmp in _dis_tmp:
        shutil.rmtree(tmp, ignore_errors=True)


def fresh_pyc_exec(path, optimize=0):
    """fresh_pyc the slow way: a new interpreter for the one file (what fresh_pyc is checked against)."""
    import subprocess
    r = subprocess.run([sys.executable, "-c", _FRESH_PYC, path, str(optimize)], capture_output=True,
                       env=dict(os.environ, PYTHONHASHSEED="0"))
    return r.stdout if r.returncode == 0 else None


def run_eval(req):
    out, err, wrappers = _capture(None)
    g = {"__name__": "__oracle__", "fresh_pyc": fresh_pyc, "fresh_pyc_exec": fresh_pyc_exec,
         "fresh_dis": fresh_dis, "compiled": compiled}
    g.update(req.get("globals") or {})
    try:
        with warnings.catch_warnings():
            exec(req["code"], g)
    finally:
        _restore(wrappers)
    return {"result": g.get("result"), "stdout": out.getvalue().decode("latin-1"),
            "stderr": err.getvalue().decode("latin-1")}


def main():
    for line in sys.stdin.buffer:
        try:
            req = json.loads(line)
            op = req.get("op")
            if op == "version":
                ans = {"version": "%d.%d.%d" % sys.version_info[:3],
                       "implementation": sys.implementation.name,
                       "hashseed": os.environ.get("PYTHONHASHSEED")}
            elif op == "run_module":
                ans = run_module(req)
            elif op == "eval":
                ans = run_eval(req)
            else:
                raise ValueError("unknown op %r" % (op,))
            ans["ok"] = True
        except BaseException as e:
            ans = {"ok": False, "error": "".join(traceback.format_exception(e))}
        _out.write(json.dumps(ans) + "\n")
        _out.flush()


if __name__ == "__main__":
    main()
    _stop_fork_server()
