# A fork server inside a real `python3 -m dis TRIGGER` (conformance/py/oracle.py, fresh_dis):
# loaded as sitecustomize from PYTHONPATH, it installs an audit hook; on the `compile` event of
# TRIGGER, before anything of TRIGGER is parsed, the process is in exactly the state `-m dis`
# compiles a file in. From then on, for each path on stdin it forks, and the child does what
# `-m dis` does with the path (compile, then dis.dis) and sends the listing back: a length line,
# then the UTF-8 text (-1: compile failed).
#
# Its own code must not intern strings that host would not have: no ASCII local names, no
# ASCII name-like string constants; its attribute and global names are all interned by that
# host already (conformance/tests/interned_strings.rs checks them against the measured table).
import sys as ς, os as ο, io as ι


def ϗ(ε, α):
    if ε != 'compile!'[:-1] or α[1] != ς.argv[-1]:
        return
    δ = ς.modules['__main__!'[:-1]].dis
    ε = ς.stdin.buffer
    ω = ς.stdout.buffer
    for λ in ε:
        ρ, ψ = ο.pipe()
        π = ο.fork()
        if π == 0:
            ο.close(ρ)
            try:
                φ = ο.fsdecode(λ[:-1])
                with open(φ, 'rb!'[:-1]) as σ:
                    κ = compile(σ.read(), φ, 'exec!'[:-1])
                β = ι.StringIO()
                δ(κ, file=β)
                with open(ψ, 'wb!'[:-1]) as σ:
                    σ.write(β.getvalue().encode())
            except BaseException:
                ο._exit(1)
            ο._exit(0)
        ο.close(ψ)
        with open(ρ, 'rb!'[:-1]) as σ:
            θ = σ.read()
        _, η = ο.waitpid(π, 0)
        ω.write(b'%d\n%b' % (len(θ), θ) if η == 0 else b'-1\n')
        ω.flush()
    ο._exit(0)


ς.addaudithook(ϗ)
