"""The code that runs inside the sandbox: the zygote, the per-submission supervisor and the runner.

This file is executed as a script by a Python started with ``-I -S`` and sees only the standard library
and NumPy, so it imports nothing from ``grader``. The grader imports it too, for the wire format.

Processes, from the outside in (the README's `grade` section has the whole picture):

* the **zygote** imports NumPy once and forks one *monitor* per submission;
* the **monitor** enters fresh user, PID, network, mount, IPC and UTS namespaces and forks the
  *supervisor*, which is PID 1 there: when it exits the kernel kills every process left in the
  namespace, double-forked daemons included;
* the **supervisor** mounts a size-capped private scratch, hides ``/proc``, writes the submission's
  files, then forks a *runner* per batch of tests, enforces the per-test wall time and output caps,
  and is the only process holding the result channel to the grader;
* the **runner** drops every capability, sets its rlimits, imports the student's module and calls it.
  It answers the supervisor one frame per test over its own pipe, so anything it writes elsewhere
  (stdout, files, other descriptors) can never pass for a result.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import resource
import selectors
import signal
import socket
import struct
import sys
import time
import traceback
from typing import Any

__all__ = ["WireError", "decode", "encode", "write_frame"]

# ---------------------------------------------------------------------------------------------------------
# Wire format: a frame is <u32 header length><u32 blob length><JSON header><raw array bytes>.
# Arrays travel as raw bytes described in the header (never pickled); the reader validates every field.

FRAME_HEAD = struct.Struct("<II")
MAX_HEADER = 256 << 10  # bytes of JSON header in a frame from the sandbox (values travel as arrays)
MAX_BLOB = 512 << 20
MAX_NODES = 100_000  # values (numbers, strings, containers) in one frame's header
MAX_ARRAYS = 4096
MAX_FLOAT_TEXT = 40
ALLOWED_DTYPES = frozenset(
    np_dtype
    for kind in ("b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16")
    for np_dtype in ("|" + kind, "<" + kind, ">" + kind)
)
MAX_DEPTH = 32
# Frames the grader itself writes (the tests for the zygote) may be larger than anything a sandbox sends.
TRUSTED = {"max_header": 256 << 20, "max_nodes": 1 << 26, "max_arrays": 1 << 20}


class WireError(Exception):
    """A frame that does not follow the format: truncated, oversized or malformed."""


def encode(value: Any, *, limit: int = MAX_BLOB) -> bytes:
    """Encode plain data (None, bool, int, float, str, list, tuple, dict, NumPy arrays) as a frame."""
    import numpy as np

    blobs: list[bytes] = []
    arrays: list[dict[str, Any]] = []
    size = 0

    def walk(v: Any, depth: int) -> Any:
        nonlocal size
        if depth > MAX_DEPTH:
            return {"$unsupported": f"nesting deeper than {MAX_DEPTH} levels"}
        if v is None or type(v) in (bool, int, str):
            return v
        if type(v) is float:
            return {"$float": repr(v)}
        # Subclasses the statements allow travel as their plain base: an OrderedDict is a dict, a
        # namedtuple a tuple, an IntEnum an int (runs in the sandbox, so their methods may run here).
        if isinstance(v, float) and not isinstance(v, np.generic):
            return {"$float": repr(float(v))}
        if isinstance(v, int) and not isinstance(v, bool):
            return int(v)
        if isinstance(v, str):
            return str(v)
        if isinstance(v, dict) and type(v) is not dict:
            return walk(dict(v.items()), depth)
        if isinstance(v, tuple) and type(v) is not tuple:
            return walk(tuple(v), depth)
        if isinstance(v, list) and type(v) is not list:
            return walk(list(v), depth)
        if isinstance(v, np.generic):
            return {"$scalar": walk(np.asarray(v), depth + 1)}
        if isinstance(v, np.ndarray):
            arr = np.array(v, copy=True, subok=False, order="C")
            if arr.dtype.str not in ALLOWED_DTYPES:
                return {"$unsupported": f"array of dtype {arr.dtype}"}
            raw = arr.tobytes()
            size += len(raw)
            if size > limit:
                raise WireError(f"more than {limit} bytes of arrays")
            arrays.append({"dtype": arr.dtype.str, "shape": list(arr.shape), "offset": sum(map(len, blobs))})
            blobs.append(raw)
            return {"$nd": len(arrays) - 1}
        if type(v) in (list, tuple):
            items = [walk(item, depth + 1) for item in v]
            return {"$tuple": items} if type(v) is tuple else items
        if type(v) is dict:
            if not all(isinstance(k, str) for k in v):
                return {"$unsupported": "dict with non-string keys"}
            return {"$dict": [[str(k), walk(item, depth + 1)] for k, item in v.items()]}
        return {"$unsupported": type(v).__name__}

    tree = walk(value, 0)
    header = json.dumps({"value": tree, "arrays": arrays}, allow_nan=False).encode()
    blob = b"".join(blobs)
    return FRAME_HEAD.pack(len(header), len(blob)) + header + blob


def decode(
    frame: bytes,
    *,
    max_header: int = MAX_HEADER,
    max_nodes: int = MAX_NODES,
    max_arrays: int = MAX_ARRAYS,
    max_blob: int = MAX_BLOB,
) -> Any:
    """Decode a frame from :func:`encode`, trusting nothing in it; raise :class:`WireError` if invalid.

    Bounded whatever the frame says: the header's size, its number of values and arrays, each array's
    size (checked before anything is allocated), and each array may be referenced once only, so the
    decoded value never takes more memory than the frame itself. Iterative, so no recursion to exhaust.
    """
    if len(frame) < FRAME_HEAD.size:
        raise WireError("truncated frame")
    header_len, blob_len = FRAME_HEAD.unpack_from(frame)
    if (
        header_len > max_header
        or blob_len > max_blob
        or len(frame) != FRAME_HEAD.size + header_len + blob_len
    ):
        raise WireError("frame lengths do not add up")
    try:
        header = json.loads(frame[FRAME_HEAD.size : FRAME_HEAD.size + header_len])
    except (ValueError, RecursionError) as exc:
        raise WireError(f"header is not JSON: {str(exc)[:100]}") from None
    if not isinstance(header, dict) or type(header.get("arrays")) is not list:
        raise WireError("header has no array table")
    specs: list[Any] = header["arrays"]
    if len(specs) > max_arrays:
        raise WireError("too many arrays")
    blob = memoryview(frame)[FRAME_HEAD.size + header_len :]
    return _Decoder(specs, blob, max_nodes).run(header.get("value"))


class _Decoder:
    """The tree walk of :func:`decode` with an explicit stack and counters (no closure, no recursion)."""

    def __init__(self, specs: list[Any], blob: memoryview, max_nodes: int) -> None:
        self.specs, self.blob, self.max_nodes = specs, blob, max_nodes
        self.used: set[int] = set()

    def array(self, i: Any) -> Any:
        import numpy as np

        if type(i) is not int or not 0 <= i < len(self.specs) or i in self.used:
            raise WireError("bad array reference")
        self.used.add(i)
        spec = self.specs[i]
        if (
            not isinstance(spec, dict)
            or type(spec.get("dtype")) is not str
            or spec["dtype"] not in ALLOWED_DTYPES
        ):
            raise WireError("array dtype not allowed")
        shape, offset = spec.get("shape"), spec.get("offset")
        if (
            type(shape) is not list
            or len(shape) > 32
            or not all(type(n) is int and 0 <= n <= MAX_BLOB for n in shape)
        ):
            raise WireError("bad array shape")
        dtype = np.dtype(spec["dtype"])
        count = extent = 1
        for n in shape:
            count *= n
            extent *= max(n, 1)  # a zero-size array must still have a shape NumPy can hold
            if extent > MAX_BLOB:
                raise WireError("bad array shape")
        if type(offset) is not int or offset < 0 or offset + count * dtype.itemsize > len(self.blob):
            raise WireError("array data out of bounds")
        try:
            data = np.frombuffer(self.blob, dtype=dtype, count=count, offset=offset)
            return data.reshape(shape).astype(dtype.newbyteorder("="), copy=True)
        except (ValueError, TypeError, MemoryError) as exc:
            raise WireError(f"bad array: {str(exc)[:100]}") from None

    def run(self, value: Any) -> Any:
        root: list[Any] = [None]
        # (node, depth, container, key); a node of _TUPLE turns its filled list into a tuple afterwards.
        stack: list[tuple[Any, int, Any, Any]] = [(value, 0, root, 0)]
        nodes = 0
        while stack:
            v, depth, into, key = stack.pop()
            if v is _TUPLE:
                into[key] = tuple(into[key])
                continue
            nodes += 1
            if nodes > self.max_nodes:
                raise WireError("too many values")
            if depth > MAX_DEPTH + 2:
                raise WireError("nesting too deep")
            if v is None or type(v) in (bool, int, str):
                into[key] = v
            elif type(v) is list:
                if nodes + len(stack) + len(v) > self.max_nodes:
                    raise WireError("too many values")
                into[key] = [None] * len(v)
                stack.extend((item, depth + 1, into[key], i) for i, item in enumerate(v))
            elif type(v) is dict and len(v) == 1:
                self.tagged(*next(iter(v.items())), depth, into, key, stack)
            else:
                raise WireError("unknown value in frame")
        return root[0]

    def tagged(
        self, tag: Any, inner: Any, depth: int, into: Any, key: Any, stack: list[tuple[Any, int, Any, Any]]
    ) -> None:
        import numpy as np

        if tag == "$float" and type(inner) is str and len(inner) <= MAX_FLOAT_TEXT:
            try:
                into[key] = float(inner)
            except ValueError:
                raise WireError("bad float") from None
        elif tag == "$nd":
            into[key] = self.array(inner)
        elif tag == "$scalar" and type(inner) is dict and len(inner) == 1 and "$nd" in inner:
            arr = self.array(inner["$nd"])
            if not isinstance(arr, np.ndarray) or arr.shape != ():
                raise WireError("bad scalar")
            into[key] = arr[()]
        elif tag == "$tuple" and type(inner) is list:
            if len(inner) + len(stack) > self.max_nodes:
                raise WireError("too many values")
            into[key] = [None] * len(inner)
            stack.append((_TUPLE, depth, into, key))
            stack.extend((item, depth + 1, into[key], i) for i, item in enumerate(inner))
        elif tag == "$dict" and type(inner) is list:
            if len(inner) + len(stack) > self.max_nodes:
                raise WireError("too many values")
            out: dict[str, Any] = {}
            into[key] = out
            for pair in inner:
                if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
                    raise WireError("bad dict entry")
                out[pair[0]] = None
                stack.append((pair[1], depth + 1, out, pair[0]))
        elif tag == "$unsupported" and type(inner) is str:
            into[key] = Unsupported(inner[:200])
        else:
            raise WireError("unknown value in frame")


_TUPLE = object()


class Unsupported:
    """A value the student returned that is not plain data (a custom object, a string-keyed… ), by name."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return f"<{self.what}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unsupported) and other.what == self.what

    __hash__ = None  # type: ignore[assignment]


def write_frame(fd: int, frame: bytes) -> None:
    """Write a whole frame to a file descriptor."""
    view = memoryview(frame)
    while view:
        view = view[os.write(fd, view) :]


# ---------------------------------------------------------------------------------------------------------
# Linux plumbing through ctypes (Python 3.11 has no os.unshare).

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
SYS_MOUNT_SETATTR, AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = 442, -100, 0x8000, 0x1
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP = 1, 4, 24
PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = 36, 38, 47

_libc: Any = None


def libc() -> Any:
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def prctl(option: int, arg: int = 0) -> int:
    return int(
        libc().prctl(option, ctypes.c_ulong(arg), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0))
    )


def mount(source: str, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    check(
        libc().mount(
            source.encode(),
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def drop_capabilities() -> None:
    """Empty the bounding, ambient, effective, permitted and inheritable capability sets."""
    for cap in range(64):
        if prctl(PR_CAPBSET_DROP, cap) != 0:
            break
    prctl(PR_CAP_AMBIENT, 4)  # PR_CAP_AMBIENT_CLEAR_ALL

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [
            ("effective", ctypes.c_uint32),
            ("permitted", ctypes.c_uint32),
            ("inheritable", ctypes.c_uint32),
        ]

    data = (Data * 2)()
    check(libc().capset(ctypes.byref(Header(0x20080522, 0)), data), "capset")
    prctl(PR_SET_NO_NEW_PRIVS, 1)


# ---------------------------------------------------------------------------------------------------------
# Containment applied inside the sandbox; the grader's `grader.containment` builds what these apply.


def join_cgroups(fds: list[int]) -> None:
    """Move this process into the submission's cgroups: the grader opened each ``cgroup.procs`` for us."""
    for fd in fds:
        try:
            os.write(fd, b"0")
        finally:
            os.close(fd)


def install_seccomp(program: bytes) -> None:
    """Load a raw BPF seccomp program (exported by libseccomp in the grader); it binds every descendant."""

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    if not program or len(program) % 8:
        raise OSError(22, "seccomp: not a BPF program")
    code = ctypes.create_string_buffer(program, len(program))
    fprog = SockFprog(len(program) // 8, ctypes.addressof(code))
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    done = libc().prctl(
        PR_SET_SECCOMP,
        ctypes.c_ulong(SECCOMP_MODE_FILTER),
        ctypes.byref(fprog),
        ctypes.c_ulong(0),
        ctypes.c_ulong(0),
    )
    check(done, "seccomp")


def readonly_everything() -> None:
    """Make every mount of our (private) mount namespace read-only, whatever bubblewrap left writable."""

    class MountAttr(ctypes.Structure):
        _fields_ = [(name, ctypes.c_uint64) for name in ("set", "clr", "propagation", "userns_fd")]

    attr = MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    done = libc().syscall(
        ctypes.c_long(SYS_MOUNT_SETATTR),
        ctypes.c_int(AT_FDCWD),
        b"/",
        ctypes.c_uint(AT_RECURSIVE),
        ctypes.byref(attr),
        ctypes.c_size_t(ctypes.sizeof(attr)),
    )
    if done == 0:
        return
    if ctypes.get_errno() != 38:  # ENOSYS: a kernel before 5.12, remount one by one below
        check(done, "mount_setattr /")
    keep = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": 1024,
            "nodiratime": 2048, "relatime": 1 << 21}  # fmt: skip
    with open("/proc/self/mountinfo") as f:
        mounts = [line.split() for line in f]
    for fields in mounts:
        target = fields[4].replace("\\040", " ")
        flags = sum(keep.get(option, 0) for option in fields[5].split(","))
        mount("none", target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags)


def private_mounts(scratch: int) -> None:
    """In a fresh mount namespace: everything read-only, then a private scratch ``/tmp``, ``/dev/shm``
    and devpts instance (no pty, file or shared memory of one submission is reachable from another),
    and an empty ``/proc``."""
    mount("none", "/", None, MS_REC | MS_PRIVATE)
    readonly_everything()
    private = MS_NOSUID | MS_NODEV
    mount("tmpfs", "/proc", "tmpfs", private | MS_NOEXEC | MS_RDONLY, "size=4k,mode=555")
    mount("tmpfs", "/tmp", "tmpfs", private, f"size={scratch},mode=1777")
    if os.path.isdir("/dev/shm"):
        mount("tmpfs", "/dev/shm", "tmpfs", private | MS_NOEXEC, f"size={scratch},mode=1777")
    if os.path.isdir("/dev/pts"):
        mount(
            "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,max=8"
        )


# ---------------------------------------------------------------------------------------------------------
# The runner: imports the student's module and runs tests on command. Untrusted from the first import on.


def student_frames(tb: Any, root: str) -> list[list[Any]]:
    """The traceback entries that point into the student's own files, not ours or NumPy's."""
    return [
        [os.path.basename(f.filename), f.lineno, f.name, (f.line or "").strip()[:200]]
        for f in traceback.extract_tb(tb)
        if f.filename.startswith(root)
    ]


def describe(exc: BaseException, root: str) -> dict[str, Any]:
    try:
        message = str(exc)[:2000]
    except BaseException:  # noqa: BLE001 - a student's exception may even fail to print
        message = "<unprintable>"
    return {
        "type": type(exc).__name__[:200],
        "message": message,
        "traceback": student_frames(exc.__traceback__, root),
        "memory": isinstance(exc, MemoryError),
        "module": getattr(exc, "name", None) if isinstance(exc, ImportError) else None,
    }


def run_runner(job: dict[str, Any], tests: list[Any], cmd_r: int, out_w: int, root: str) -> None:
    """Import the student's module, then run each test index read from ``cmd_r``; never returns."""
    import importlib

    limits = job["limits"]
    drop_capabilities()
    for name, value in (
        (resource.RLIMIT_AS, limits["memory"]),
        (resource.RLIMIT_NPROC, limits["processes"]),
        (resource.RLIMIT_FSIZE, limits["file_size"]),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_NOFILE, 256),
        (resource.RLIMIT_MEMLOCK, 0),
        (resource.RLIMIT_MSGQUEUE, 0),
    ):
        resource.setrlimit(name, (value, value))
    if job.get("seccomp"):
        install_seccomp(bytes.fromhex(job["seccomp"]))  # fails closed: no filter, no student code
    cpu_hard = int(limits["cpu"] * (len(tests) + 1)) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (int(limits["cpu"]) + 1, cpu_hard))
    sys.path.insert(0, root)
    sys.argv = [os.path.join(root, job["module"] + ".py")]
    import warnings

    warnings.simplefilter("error")  # as in the public tests: an overflow warning is a failed test

    cap = limits["result_bytes"]

    def reply(value: Any) -> None:
        try:
            frame = encode(value, limit=cap)
        except WireError as exc:
            frame = encode(
                {"results": [], "error": {"type": "ResultTooLarge", "message": str(exc), "traceback": []}}
            )
        write_frame(out_w, frame)

    try:
        module = importlib.import_module(job["module"])
    except BaseException as exc:  # noqa: BLE001 - whatever the import raises is the student's result
        reply({"import_error": describe(exc, root)})
        os._exit(0)
    reply({"imported": True})
    while True:
        raw = os.read(cmd_r, 8)
        if len(raw) != 8:
            os._exit(0)
        (index,) = struct.unpack("<Q", raw)
        used = resource.getrusage(resource.RUSAGE_SELF)
        spent = int(used.ru_utime + used.ru_stime)
        soft = min(cpu_hard, spent + int(limits["cpu"]) + 1)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, cpu_hard))
        cap = min(limits["result_bytes"], tests[index].get("result_bytes", cap))
        results: list[Any] = []
        outcome: dict[str, Any] = {"results": results}
        for call in tests[index]["calls"]:
            args = [copy_arg(a) for a in call["args"]]
            started = time.perf_counter()
            try:
                function = getattr(module, call["function"])
                returned = function(*args)
            except BaseException as exc:  # noqa: BLE001
                outcome["error"] = describe(exc, root)
                outcome["error"]["function"] = call["function"]
                break
            results.append(
                {"returned": returned, "args_after": args, "seconds": time.perf_counter() - started}
            )
        reply(outcome)


def copy_arg(value: Any) -> Any:
    """A fresh copy of every array, also inside lists, tuples and dicts (a call must not see another's edits)."""
    import numpy as np

    if isinstance(value, np.ndarray):
        return value.copy()
    if type(value) in (list, tuple):
        return type(value)(copy_arg(v) for v in value)
    if type(value) is dict:
        return {k: copy_arg(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------------------------------------
# The supervisor: PID 1 of the submission's namespaces; trusted, and the only holder of the result channel.

# Why a runner stopped early, as the status the grader reports.
STOP_STATUS = {"timeout": "timeout", "flood": "flood", "protocol": "protocol", "budget": "budget"}
IMPORT_FRAME = 64 << 10  # bytes of the runner's answer to the import (a flag, or the exception's description)


class Supervisor:
    """Runs a submission's tests in runner processes and reports each outcome on the result channel."""

    def __init__(
        self, job: dict[str, Any], tests: list[Any], result_w: int, root: str, isolated: bool
    ) -> None:
        self.job, self.tests, self.result_w = job, tests, result_w
        self.root, self.isolated = root, isolated
        self.limits = job["limits"]
        self.kept = {"stdout": bytearray(), "stderr": bytearray()}
        self.written = {"stdout": 0, "stderr": 0}
        self.written_in_test = 0  # the flood limit applies per test (and to the import)
        self.imported = False
        # One wall-clock budget for everything the submission does, re-imports included.
        self.end = time.monotonic() + self.limits.get("budget", float("inf"))
        self.timed_out: set[str] = set()  # functions with a case that ran out of time: not run again

    def emit(self, event: dict[str, Any], payload: bytes | None = None) -> None:
        """Send an event, then the runner's own frame for it when there is one (decoded by the grader)."""
        if payload is not None:
            event = {**event, "payload": True}
        write_frame(self.result_w, encode(event))
        if payload is not None:
            write_frame(self.result_w, payload)

    def run(self) -> None:
        pending = list(range(len(self.tests)))
        while pending:
            pending = self.charge(pending)
            if pending:
                pending = self.run_runner(pending)
        self.emit(
            {
                "event": "done",
                "stdout": bytes(self.kept["stdout"]).decode("utf-8", "replace"),
                "stderr": bytes(self.kept["stderr"]).decode("utf-8", "replace"),
                "output_bytes": dict(self.written),
            }
        )

    def charge(self, pending: list[int]) -> list[int]:
        """Report, without running them, the tests the budget or an earlier timeout rules out."""
        left = []
        for index in pending:
            if self.imported and time.monotonic() >= self.end:
                self.emit({"event": "test", "index": index, "status": "budget"})
            elif self.tests[index].get("function") in self.timed_out:
                self.emit({"event": "test", "index": index, "status": "skipped"})
            else:
                left.append(index)
        return left

    def frame_cap(self, current: int | None) -> int:
        if current is None:
            return IMPORT_FRAME
        return int(min(self.limits["result_bytes"], self.tests[current].get("result_bytes", MAX_BLOB)))

    def spawn(self, cmd_r: int, res_w: int, out_w: int, err_w: int) -> int:
        pid = os.fork()
        if pid != 0:
            return pid
        try:
            os.setsid()
            devnull = os.open("/dev/null", os.O_RDONLY)
            os.dup2(devnull, 0)
            os.dup2(out_w, 1)
            os.dup2(err_w, 2)
            low, high = sorted((cmd_r, res_w))
            top = max(high + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
            os.closerange(3, low)
            os.closerange(low + 1, high)
            os.closerange(high + 1, top)
            # The runner's own streams live until it exits; no context manager can outlive the call.
            sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)  # noqa: SIM115
            sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)  # noqa: SIM115
            run_runner(self.job, self.tests, cmd_r, res_w, self.root)
        finally:
            os._exit(70)

    def run_runner(self, pending: list[int]) -> list[int]:
        """Start one runner for the pending tests; return the tests still to run when it stops early."""
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        pid = self.spawn(cmd_r, res_w, out_w, err_w)
        for fd in (cmd_r, res_w, out_w, err_w):
            os.close(fd)
        sel = selectors.DefaultSelector()
        for fd, name in ((res_r, "result"), (out_r, "stdout"), (err_r, "stderr")):
            sel.register(fd, selectors.EVENT_READ, name)
        remaining = list(pending)
        self.written_in_test = 0
        current: int | None = None  # None while the module is being imported
        deadline = min(time.monotonic() + self.limits["wall"], self.end)
        buf = bytearray()
        stop: str | None = None
        while stop is None:
            left = deadline - time.monotonic()
            if left <= 0:
                stop = "budget" if deadline >= self.end and self.imported else "timeout"
                break
            for key, _ in sel.select(left):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    sel.unregister(key.fd)
                    if key.data == "result":
                        stop = "gone"
                        break
                    continue
                if key.data != "result":
                    stop = self.keep_output(key.data, chunk)
                    if stop:
                        break
                    continue
                buf.extend(chunk)
                frame, stop = self.take_frame(buf, self.frame_cap(current))
                if frame is None:
                    continue
                if current is None:
                    ok = self.imported_ok(frame)
                    if not self.imported:
                        self.imported = True
                        self.emit({"event": "import", "ok": ok}, frame)
                    if not ok:
                        stop = "import_error"
                        break
                else:
                    self.emit({"event": "test", "index": current, "status": "ran"}, frame)
                if not remaining:
                    stop = "finished"
                    break
                current = remaining.pop(0)
                self.written_in_test = 0
                deadline = min(time.monotonic() + self.limits["wall"], self.end)
                with contextlib.suppress(OSError):
                    os.write(cmd_w, struct.pack("<Q", current))
        status = self.reap(pid)
        for fd in (res_r, out_r, err_r, cmd_w):
            os.close(fd)
        sel.close()
        if stop in ("finished", "import_error"):
            return []
        reason = STOP_STATUS.get(stop or "", "crashed")
        if (stop == "timeout" or status == "SIGXCPU") and current is not None:
            self.timed_out.add(str(self.tests[current].get("function")))
        if current is None:
            if not self.imported:
                self.imported = True
                self.emit({"event": "import", "ok": False, "status": reason, "exit": status})
            else:  # a re-import that failed or ran out of time: the tests it was for are charged
                for index in remaining:
                    self.emit({"event": "test", "index": index, "status": reason, "exit": status})
            return []
        self.emit({"event": "test", "index": current, "status": reason, "exit": status})
        return remaining

    def imported_ok(self, frame: bytes) -> bool:
        try:
            value = decode(frame)
        except WireError:
            return False
        return isinstance(value, dict) and value.get("imported") is True

    def keep_output(self, stream: str, chunk: bytes) -> str | None:
        kept, cap = self.kept[stream], self.limits["output"]
        if len(kept) < cap:
            kept.extend(chunk[: cap - len(kept)])
        self.written[stream] += len(chunk)
        self.written_in_test += len(chunk)
        return "flood" if self.written_in_test > self.limits["output_kill"] else None

    def take_frame(self, buf: bytearray, cap: int) -> tuple[bytes | None, str | None]:
        if len(buf) < FRAME_HEAD.size:
            return None, None
        header_len, blob_len = FRAME_HEAD.unpack_from(buf)
        if header_len > MAX_HEADER or blob_len > cap:
            return None, "protocol"
        total = FRAME_HEAD.size + header_len + blob_len
        if len(buf) < total:
            return None, None
        if len(buf) > total:
            return None, "protocol"  # a runner answers one frame per command, never ahead of it
        frame = bytes(buf)
        buf.clear()
        return frame, None

    def reap(self, pid: int) -> str:
        """Kill the runner and everything it started; describe how it ended."""
        for kill in (os.killpg, os.kill):
            with contextlib.suppress(OSError):
                kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if not self.isolated:
            kill_descendants()
        if os.WIFSIGNALED(status):
            return signal.Signals(os.WTERMSIG(status)).name
        return f"exit code {os.WEXITSTATUS(status)}"


def kill_descendants() -> None:
    """Without a PID namespace: kill every process re-parented to us (we are a child subreaper)."""
    me = os.getpid()
    for _ in range(50):
        found = False
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            ppid = int(stat.rsplit(b")", 1)[1].split()[1])
            if ppid == me:
                found = True
                try:
                    os.kill(int(entry), signal.SIGKILL)
                    os.waitpid(int(entry), 0)
                except OSError:
                    pass
        if not found:
            return


def enter_namespaces() -> bool:
    """Unshare user, PID, network, mount, IPC and UTS namespaces, mapping us to root inside."""
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS
    prctl(PR_SET_DUMPABLE, 1)  # the kernel lets only a dumpable process write its own uid_map
    try:
        check(libc().unshare(flags), "unshare")
        for path, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
            with open("/proc/self/" + path, "w") as f:
                f.write(text)
    except OSError:
        return False
    return True


def run_monitor(job: dict[str, Any], tests: list[Any], result_w: int) -> None:
    """In the zygote's child: enter the namespaces, fork the supervisor, wait for it; never returns."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    join_cgroups(job.pop("cgroup_fds", []))
    isolated = job["namespaces"] and enter_namespaces()
    pid = os.fork()
    if pid == 0:
        try:
            if isolated:
                private_mounts(job["limits"]["scratch"])
                scratch = "/tmp"
            else:
                import tempfile

                prctl(PR_SET_CHILD_SUBREAPER, 1)
                scratch = tempfile.mkdtemp(prefix="grade-")
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
                signal.signal(sig, signal.SIG_DFL)
            prctl(PR_SET_DUMPABLE, 0)
            root = os.path.join(scratch, "submission")
            os.makedirs(root)
            os.makedirs(os.path.join(scratch, "work"))
            for name, text in job["files"].items():
                with open(os.path.join(root, os.path.basename(name)), "w", encoding="utf-8") as f:
                    f.write(text)
            os.chdir(os.path.join(scratch, "work"))
            supervisor = Supervisor(job, tests, result_w, root, isolated)
            supervisor.run()
            if not isolated:
                import shutil

                kill_descendants()
                shutil.rmtree(scratch, ignore_errors=True)
        except BaseException:  # noqa: BLE001 - our own failure: tell the grader, which reports it
            with contextlib.suppress(BaseException):
                write_frame(result_w, encode({"event": "fatal", "message": traceback.format_exc()[-4000:]}))
        finally:
            os._exit(0)
    os.close(result_w)
    try:
        os.waitpid(pid, 0)
    finally:
        os._exit(0)


# ---------------------------------------------------------------------------------------------------------
# The zygote: imports NumPy once, then forks a monitor per submission. It never sees a submission: the
# grader sends it only a socket for each one, and writes the job (files, limits) into that socket, which
# only the forked monitor reads. So no process a submission descends from held another's source or results.


def recv_message(sock: socket.socket, *, trusted: bool = False) -> tuple[Any, list[int]]:
    """One message: an 8-byte length (with any descriptors attached: a job's channel and its
    cgroup.procs files), then a frame.

    ``trusted`` for what the grader sends (the tests may be large); anything else is held to the
    sandbox's bounds.
    """
    head, fds, _, _ = socket.recv_fds(sock, 8, 8)
    if not head:
        raise EOFError
    while len(head) < 8:
        more = sock.recv(8 - len(head))
        if not more:
            raise EOFError
        head += more
    (length,) = struct.unpack("<Q", head)
    if not trusted and length > FRAME_HEAD.size + MAX_HEADER:
        raise WireError("message too large")
    chunks = []
    while length:
        chunk = sock.recv(min(length, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        length -= len(chunk)
    return decode(b"".join(chunks), **(TRUSTED if trusted else {})), list(fds)


def read_job(fd: int) -> Any:
    """In a fresh monitor: the job the grader wrote into this submission's own channel."""
    data = bytearray()
    need = 8
    while len(data) < need:
        chunk = os.read(fd, min(need - len(data), 1 << 20))
        if not chunk:
            raise EOFError
        data += chunk
        if need == 8 and len(data) == 8:
            need += struct.unpack("<Q", data)[0]
    return decode(bytes(data[8:]), **TRUSTED)


def send_message(sock: socket.socket, value: Any, fds: list[int] | None = None) -> None:
    """Send one message: the counterpart of :func:`recv_message`."""
    frame = encode(value)
    socket.send_fds(sock, [struct.pack("<Q", len(frame))], fds or [])
    sock.sendall(frame)


def probe_namespaces() -> bool:
    """Whether a child of ours can enter fresh namespaces here (it cannot in some containers)."""
    pid = os.fork()
    if pid == 0:
        try:
            if not enter_namespaces():
                os._exit(1)
            private_mounts(1 << 20)  # what every submission's monitor will do
            os._exit(0)
        except OSError:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def zygote(sock_fd: int, site: str | None, user: str | None = None) -> None:
    """Serve jobs until the grader closes the socket; first drop to ``user`` ("uid:gid") if given."""
    if user:
        uid, gid = (int(part) for part in user.split(":"))
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    if site:
        sys.path.insert(0, site)
    import numpy

    prctl(PR_SET_DUMPABLE, 0)
    sock = socket.socket(fileno=sock_fd)
    namespaces = probe_namespaces()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # monitors are reaped by the kernel
    send_message(
        sock, {"ready": True, "numpy": numpy.__version__, "namespaces": namespaces, "pid": os.getpid()}
    )
    tests: list[Any] = []
    while True:
        try:
            message, fds = recv_message(sock, trusted=True)
        except EOFError:
            return
        if message.get("kind") == "tests":
            tests = message["tests"]
            continue
        if message.get("kind") != "fork" or not fds:
            for fd in fds:
                os.close(fd)
            continue
        if os.fork() == 0:
            sock.close()
            try:
                job = read_job(fds[0])
                job["namespaces"] = job.get("namespaces", True) and namespaces
                job["cgroup_fds"] = fds[1:]  # the submission's cgroup.procs, opened by the grader
            except BaseException:  # noqa: BLE001 - the grader sees the channel close, and says so
                os._exit(0)
            run_monitor(job, tests, fds[0])
        for fd in fds:
            os.close(fd)


if __name__ == "__main__":
    zygote(int(sys.argv[1]), *(arg or None for arg in sys.argv[2:4]))
