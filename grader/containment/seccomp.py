"""A seccomp filter that takes away the system calls nothing honest needs, compiled by libseccomp.

The grader (outside the sandbox) compiles the filter once with libseccomp and exports it as a raw
BPF program; the sandbox's runner loads that program with ``prctl(PR_SET_SECCOMP)`` just before it
imports the student's module, so nothing inside the sandbox needs libseccomp and every process the
submission starts inherits the filter (it can never be removed).

The list follows flatpak's and Chromium's: no new namespaces (``unshare``, ``setns``, ``clone`` with a
namespace flag; ``clone3`` answers ENOSYS so the C library falls back to ``clone``), no mounts, no
tracing or reading other processes' memory, no kernel keyrings, no ``memfd_create`` or SysV shared memory
and message queues (memory that is not address space), no BPF, perf events, userfaultfd, io_uring or module loading, no leaving the
process group (``setsid``/``setpgid``: a process-group kill must reach everything), no
``mincore`` (page-residency probing), no typing into a terminal (``TIOCSTI``). A system call of a
foreign ABI (32-bit ``int 0x80``, x32) kills the process: libseccomp checks the architecture.

libseccomp is called through ctypes: its own Python bindings are not on PyPI, and the wrappers there
are unmaintained; we need six functions of its stable C API (libseccomp 2.4+).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BLOCKED", "SeccompUnavailable", "compile_filter", "kernel_supports_filters"]

# (system call, errno answered). ENOSYS where callers are expected to fall back to an older call.
BLOCKED: tuple[tuple[str, int], ...] = (
    *((name, errno.EPERM) for name in ("unshare", "setns")),
    ("clone3", errno.ENOSYS),
    *(
        (name, errno.EPERM)
        for name in (
            "mount",
            "umount",
            "umount2",
            "pivot_root",
            "chroot",
            "ptrace",
            "process_vm_readv",
            "process_vm_writev",
            "pidfd_getfd",
            "kcmp",
            "keyctl",
            "add_key",
            "request_key",
            "memfd_create",
            "memfd_secret",
            "shmget",
            "msgget",
            "bpf",
            "perf_event_open",
            "userfaultfd",
            "io_uring_setup",
            "io_uring_enter",
            "io_uring_register",
            "kexec_load",
            "kexec_file_load",
            "init_module",
            "finit_module",
            "delete_module",
            "setsid",
            "setpgid",
            "mincore",
            "process_madvise",
            "personality",
            "modify_ldt",
            "uselib",
            "acct",
            "quotactl",
            "syslog",
            "swapon",
            "swapoff",
            "reboot",
            "vhangup",
            "name_to_handle_at",
            "open_by_handle_at",
            "fanotify_init",
            "lookup_dcookie",
            "iopl",
            "ioperm",
            "settimeofday",
            "clock_settime",
            "clock_adjtime",
            "move_pages",
            "migrate_pages",
            "vmsplice",
        )
    ),
    *(
        (name, errno.ENOSYS)
        for name in ("open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr")
    ),
)
# clone() with any of these flags would make a namespace (CLONE_NEWNS ... CLONE_NEWNET).
NAMESPACE_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000)
TIOCSTI, TIOCLINUX = 0x5412, 0x541C

SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_ACT_KILL_PROCESS = 0x80000000
SCMP_FLTATR_ACT_BADARCH = 2
SCMP_CMP_NE = 1
SCMP_CMP_MASKED_EQ = 7
AF_UNIX = 1  # the one socket family a submission may open (red team: AF_VSOCK reached the host's /dev/vsock)


def scmp_act_errno(code: int) -> int:
    return 0x00050000 | (code & 0xFFFF)


class SeccompUnavailable(Exception):
    """libseccomp or the kernel's seccomp filters cannot be had here; the message says which."""


class _ArgCmp(ctypes.Structure):
    _fields_ = [
        ("arg", ctypes.c_uint),
        ("op", ctypes.c_int),
        ("datum_a", ctypes.c_uint64),
        ("datum_b", ctypes.c_uint64),
    ]


@dataclass(frozen=True)
class Filter:
    """A compiled filter: the raw BPF program and the system calls it blocks on this machine."""

    program: bytes
    blocked: tuple[str, ...]


def kernel_supports_filters() -> bool:
    """Whether this kernel has seccomp filter mode (``/proc/sys/kernel/seccomp`` says so)."""
    return Path("/proc/sys/kernel/seccomp/actions_avail").exists()


def _library() -> ctypes.CDLL:
    try:
        lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
    except OSError:
        name = ctypes.util.find_library("seccomp")  # slow (runs ldconfig): only when the soname fails
        try:
            lib = ctypes.CDLL(name or "libseccomp.so", use_errno=True)
        except OSError:
            raise SeccompUnavailable("libseccomp is not installed (apt install libseccomp2)") from None
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    lib.seccomp_attr_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [
        ctypes.c_void_p,
        ctypes.c_uint32,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.POINTER(_ArgCmp),
    ]
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    return lib


def compile_filter() -> Filter:
    """Compile :data:`BLOCKED` (and the clone and ioctl rules) for this machine's architecture."""
    if not kernel_supports_filters():
        raise SeccompUnavailable("this kernel has no seccomp filters")
    lib = _library()
    ctx = lib.seccomp_init(SCMP_ACT_ALLOW)
    if not ctx:
        raise SeccompUnavailable("libseccomp could not make a filter")
    try:
        _check(lib.seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS), "bad-arch action")
        blocked = []
        for name, code in BLOCKED:
            number = lib.seccomp_syscall_resolve_name(name.encode())
            if number < 0:  # this architecture has no such call (iopl on arm64, say)
                continue
            _check(lib.seccomp_rule_add_array(ctx, scmp_act_errno(code), number, 0, None), name)
            blocked.append(name)
        rules = [("clone", 0, flag, flag) for flag in NAMESPACE_FLAGS]
        rules += [("ioctl", 1, 0xFFFFFFFF, request) for request in (TIOCSTI, TIOCLINUX)]
        for name, arg, mask, value in rules:
            number = lib.seccomp_syscall_resolve_name(name.encode())
            cmp = _ArgCmp(arg, SCMP_CMP_MASKED_EQ, mask, value)
            _check(
                lib.seccomp_rule_add_array(ctx, scmp_act_errno(errno.EPERM), number, 1, ctypes.byref(cmp)),
                name,
            )
        socket_call = lib.seccomp_syscall_resolve_name(b"socket")
        if socket_call >= 0:  # socket(domain, ...) for any domain but AF_UNIX: not supported
            cmp = _ArgCmp(0, SCMP_CMP_NE, AF_UNIX, 0)
            _check(
                lib.seccomp_rule_add_array(
                    ctx, scmp_act_errno(errno.EAFNOSUPPORT), socket_call, 1, ctypes.byref(cmp)
                ),
                "socket",
            )
        with tempfile.TemporaryFile() as out:
            _check(lib.seccomp_export_bpf(ctx, out.fileno()), "export")
            out.seek(0)
            program = out.read()
    finally:
        lib.seccomp_release(ctx)
    if not program or len(program) % 8:
        raise SeccompUnavailable("libseccomp exported no BPF program")
    return Filter(program, (*blocked, "clone(namespace flags)", "ioctl(TIOCSTI)", "socket(not AF_UNIX)"))


def _check(result: int, what: str) -> None:
    if result != 0:
        raise SeccompUnavailable(f"libseccomp refused the rule for {what}: {os.strerror(-result)}")
