"""A small incremental dataflow constraint solver in the spirit of DeltaBlue: constraints of
different strengths over variables; adding or removing one re-plans locally by walkabout strength
(classes, polymorphism, lists, object graphs)."""
import sys

REQUIRED, STRONG, MEDIUM, WEAK, WEAKEST = range(5)  # a lower number is a stronger constraint


class Variable:
    def __init__(self, name, value=0):
        self.name = name
        self.value = value
        self.constraints = []
        self.determined_by = None
        self.walk_strength = WEAKEST
        self.stay = True
        self.mark = 0


class Constraint:
    def __init__(self, strength):
        self.strength = strength

    def is_input(self):
        return False


class Unary(Constraint):
    def __init__(self, var, strength, planner):
        super().__init__(strength)
        self.output = var
        self.satisfied = False
        var.constraints.append(self)
        planner.add(self)

    def choose(self, mark):
        self.satisfied = self.output.mark != mark and self.strength < self.output.walk_strength

    def outputs(self):
        return (self.output,)

    def inputs_known(self, mark):
        return True

    def recalculate(self):
        self.output.walk_strength = self.strength
        self.output.stay = not self.is_input()
        if self.output.stay:
            self.execute()

    def execute(self):
        pass


class Stay(Unary):
    pass


class Edit(Unary):
    def is_input(self):
        return True


class Binary(Constraint):
    """v2 = f(v1) or v1 = f^-1(v2), whichever direction the planner picks."""

    def __init__(self, v1, v2, strength, planner):
        super().__init__(strength)
        self.v1, self.v2 = v1, v2
        self.direction = None
        v1.constraints.append(self)
        v2.constraints.append(self)
        planner.add(self)

    @property
    def satisfied(self):
        return self.direction is not None

    def choose(self, mark):
        v1, v2 = self.v1, self.v2
        if v1.mark == mark:
            self.direction = "fwd" if v2.mark != mark and self.strength < v2.walk_strength else None
        elif v2.mark == mark:
            self.direction = "bwd" if v1.mark != mark and self.strength < v1.walk_strength else None
        elif v1.walk_strength > v2.walk_strength:
            self.direction = "bwd" if self.strength < v1.walk_strength else None
        else:
            self.direction = "fwd" if self.strength < v2.walk_strength else None

    def source_target(self):
        return (self.v1, self.v2) if self.direction == "fwd" else (self.v2, self.v1)

    def outputs(self):
        return (self.source_target()[1],)

    def inputs_known(self, mark):
        src = self.source_target()[0]
        return src.mark == mark or src.stay or src.determined_by is None

    def recalculate(self):
        src, out = self.source_target()
        out.walk_strength = max(self.strength, src.walk_strength)
        out.stay = src.stay
        if out.stay:
            self.execute()


class Equality(Binary):
    def execute(self):
        src, out = self.source_target()
        out.value = src.value


class Scale(Binary):
    def __init__(self, v1, v2, scale, offset, strength, planner):
        self.scale, self.offset = scale, offset
        super().__init__(v1, v2, strength, planner)

    def execute(self):
        if self.direction == "fwd":
            self.v2.value = self.v1.value * self.scale.value + self.offset.value
        else:
            self.v1.value = (self.v2.value - self.offset.value) // self.scale.value


class Planner:
    def __init__(self):
        self.mark = 0

    def new_mark(self):
        self.mark += 1
        return self.mark

    def add(self, c):
        mark = self.new_mark()
        overridden = self.satisfy(c, mark)
        while overridden is not None:
            overridden = self.satisfy(overridden, mark)

    def satisfy(self, c, mark):
        c.choose(mark)
        if not c.satisfied:
            if c.strength == REQUIRED:
                raise RuntimeError("could not satisfy a required constraint")
            return None
        out = c.outputs()[0]
        overridden = out.determined_by
        if overridden is not None:
            overridden_unsatisfy(overridden)
        out.determined_by = c
        self.propagate(c, mark)
        out.mark = mark
        return overridden

    def propagate(self, c, mark):
        todo = [c]
        while todo:
            d = todo.pop()
            out = d.outputs()[0]
            if out.mark == mark:
                raise RuntimeError("cycle in the constraint graph")
            d.recalculate()
            for e in out.constraints:
                if e is not d and e.satisfied and e.outputs()[0] is not out:
                    todo.append(e)

    def extract_plan(self, sources):
        mark = self.new_mark()
        plan = []
        todo = list(sources)
        while todo:
            c = todo.pop()
            out = c.outputs()[0]
            if out.mark != mark and c.inputs_known(mark):
                plan.append(c)
                out.mark = mark
                for d in out.constraints:
                    if d is not c and d.satisfied and d.outputs()[0] is not out:
                        todo.append(d)
        return plan


def overridden_unsatisfy(c):
    if isinstance(c, Binary):
        c.direction = None
    else:
        c.satisfied = False


def run_plan(plan):
    for c in plan:
        c.execute()


def chain_test(n):
    planner = Planner()
    variables = [Variable("v%d" % i) for i in range(n + 1)]
    for a, b in zip(variables, variables[1:]):
        Equality(a, b, REQUIRED, planner)
    Stay(variables[-1], WEAK, planner)
    edit = Edit(variables[0], MEDIUM, planner)
    plan = planner.extract_plan([edit])
    total = 0
    for value in range(100):
        variables[0].value = value
        run_plan(plan)
        total += variables[-1].value
    return total


def projection_test(n):
    planner = Planner()
    scale = Variable("scale", 10)
    offset = Variable("offset", 1000)
    src = dst = None
    dests = []
    for i in range(n):
        src = Variable("src%d" % i, i)
        dst = Variable("dst%d" % i, i)
        dests.append(dst)
        Stay(src, WEAK, planner)
        Scale(src, dst, scale, offset, REQUIRED, planner)
    edit = Edit(src, MEDIUM, planner)
    plan = planner.extract_plan([edit])
    src.value = 17
    run_plan(plan)
    return dst.value, sum(d.value for d in dests)


def main(iterations):
    for _ in range(iterations):
        a = chain_test(200)
        b = projection_test(200)
    print(a, b)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
