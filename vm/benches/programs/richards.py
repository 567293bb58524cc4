"""An operating-system scheduler simulation in the spirit of Richards' benchmark: task objects of
several classes pass packets through a priority-ordered scheduler (classes, inheritance, method
dispatch, attribute access, linked lists)."""
import sys

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)


class Packet:
    def __init__(self, link, dest, kind):
        self.link = link
        self.dest = dest
        self.kind = kind
        self.count = 0
        self.data = [0, 0, 0, 0]

    def append_to(self, queue):
        self.link = None
        if queue is None:
            return self
        tail = queue
        while tail.link is not None:
            tail = tail.link
        tail.link = self
        return queue


class Task:
    def __init__(self, scheduler, ident, priority, queue):
        self.scheduler = scheduler
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.held = False
        self.waiting = queue is None
        scheduler.add(self)

    def runnable(self):
        return not self.held and (not self.waiting or self.queue is not None)

    def take_packet(self):
        packet = self.queue
        if packet is not None:
            self.queue = packet.link
            self.waiting = False
        return packet

    def receive(self, packet):
        self.queue = packet.append_to(self.queue)

    def run(self, packet):
        raise NotImplementedError


class IdleTask(Task):
    def __init__(self, scheduler, count):
        super().__init__(scheduler, IDLE, 0, None)
        self.waiting = False
        self.seed = 1
        self.count = count

    def run(self, packet):
        self.count -= 1
        if self.count == 0:
            return self.scheduler.stop()
        if self.seed & 1 == 0:
            self.seed >>= 1
            return self.scheduler.release(DEVICE_A)
        self.seed = (self.seed >> 1) ^ 0xD008
        return self.scheduler.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, scheduler, queue):
        super().__init__(scheduler, WORKER, 1000, queue)
        self.destination = HANDLER_A
        self.letter = 0

    def run(self, packet):
        if packet is None:
            return self.scheduler.wait(self)
        self.destination = HANDLER_B if self.destination == HANDLER_A else HANDLER_A
        packet.dest = self.destination
        packet.count = 0
        for i in range(4):
            self.letter = self.letter % 26 + 1
            packet.data[i] = self.letter
        return self.scheduler.send(packet)


class HandlerTask(Task):
    def __init__(self, scheduler, ident, queue):
        super().__init__(scheduler, ident, 2000 + ident, queue)
        self.work = None
        self.devices = None

    def run(self, packet):
        if packet is not None:
            if packet.kind == "work":
                self.work = packet.append_to(self.work)
            else:
                self.devices = packet.append_to(self.devices)
        work = self.work
        if work is not None:
            if work.count < 4:
                device = self.devices
                if device is not None:
                    self.devices = device.link
                    device.data[0] = work.data[work.count]
                    work.count += 1
                    return self.scheduler.send(device)
            else:
                self.work = work.link
                return self.scheduler.send(work)
        return self.scheduler.wait(self)


class DeviceTask(Task):
    def __init__(self, scheduler, ident):
        super().__init__(scheduler, ident, 4000 + ident, None)
        self.pending = None

    def run(self, packet):
        if packet is None:
            if self.pending is None:
                return self.scheduler.wait(self)
            done, self.pending = self.pending, None
            return self.scheduler.send(done)
        self.pending = packet
        self.scheduler.holds += 1
        self.held = True
        return self.scheduler.highest_runnable()


class Scheduler:
    def __init__(self):
        self.tasks = {}
        self.order = []
        self.sends = 0
        self.holds = 0
        self.running = True

    def add(self, task):
        self.tasks[task.ident] = task
        self.order.append(task)
        self.order.sort(key=lambda t: -t.priority)

    def highest_runnable(self):
        for task in self.order:
            if task.runnable():
                return task
        return None

    def stop(self):
        self.running = False
        return None

    def release(self, ident):
        task = self.tasks[ident]
        task.held = False
        return self.highest_runnable()

    def wait(self, task):
        task.waiting = True
        return self.highest_runnable()

    def send(self, packet):
        self.sends += 1
        self.tasks[packet.dest].receive(packet)
        return self.highest_runnable()

    def schedule(self):
        task = self.highest_runnable()
        while task is not None and self.running:
            task = task.run(task.take_packet())


def run_once(count):
    s = Scheduler()
    IdleTask(s, count)
    work = Packet(None, WORKER, "work")
    work = Packet(work, WORKER, "work")
    WorkerTask(s, work)
    for handler, device in ((HANDLER_A, DEVICE_A), (HANDLER_B, DEVICE_B)):
        queue = Packet(None, device, "device")
        queue = Packet(queue, device, "device")
        queue = Packet(queue, device, "device")
        HandlerTask(s, handler, queue)
        DeviceTask(s, device)
    s.schedule()
    return s.sends, s.holds


def main(iterations):
    for _ in range(iterations):
        result = run_once(10000)
    print(result)


main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
