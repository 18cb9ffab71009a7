"""Attack: call memfd_create and unshare through the x32 and 32-bit system call numbers, past a filter that checks only x86-64 numbers."""

import ctypes

libc = ctypes.CDLL(None, use_errno=True)
X32 = 0x40000000
fd = libc.syscall(X32 | 319, b"x32", 0)  # memfd_create as an x32 call: the filter kills us instead
print("X32", fd, flush=True)


def sigmoid(u):
    raise NotImplementedError


forward = loss = backward = train_step = sigmoid
