# Objects still alive when the program ends are finalized at shutdown, in the order CPython's
# final collection finds them; cycles included.
class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("shutdown del", self.name)


first = D("first")
second = D("second")
_private = D("_private")
cyc = D("cycle")
cyc.me = cyc
holder = {"a": D("in-dict")}
print("end of program")
