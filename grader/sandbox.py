"""The grader's side of the sandbox: start the zygote (under bubblewrap when we can) and hand it jobs.

The zygote is a Python that sees only the standard library, NumPy and :mod:`grader.runtime`; every
submission runs in a child of it (see that module). Bubblewrap gives the zygote its filesystem view: no
project files, no home, no solutions, a clean environment and no network. Without bubblewrap the
children still get namespaces and rlimits when the kernel allows it, and the report says so loudly.
"""

from __future__ import annotations

import enum
import importlib.util
import os
import pwd
import shutil
import socket
import struct
import sys
import sysconfig
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grader import runtime
from grader.containment.cgroups import SubmissionGroup, Usage
from grader.containment.protections import Containment, protections
from grader.errors import SandboxError

__all__ = ["Limits", "SandboxKind", "Zygote", "available_kind"]

RUNTIME = Path(runtime.__file__).resolve()
SANDBOX_ROOT = "/opt/grade"
ENVIRONMENT = {
    "PATH": "/usr/bin:/bin",
    "HOME": "/tmp",
    "LANG": "C.UTF-8",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONHASHSEED": "0",
}
NOBODY = "nobody"
JOB_SEND_TIMEOUT = 30.0  # seconds for a freshly forked monitor to read its job


class SandboxKind(enum.Enum):
    """How strongly a submission was isolated, from strongest to weakest."""

    BWRAP = "bwrap"
    NAMESPACES = "namespaces"
    RLIMITS = "rlimits"


@dataclass(frozen=True)
class Limits:
    """Per-test limits for a submission; the defaults suit the bundled exercises."""

    wall: float = 10.0  # seconds of wall time per test
    cpu: float = 10.0  # seconds of CPU time per test
    memory: int = 1 << 30  # bytes of address space for the runner
    processes: int = 32  # processes and threads in the submission's namespace
    file_size: int = 16 << 20  # bytes, largest file the submission may write
    scratch: int = 32 << 20  # bytes of private scratch space (tmpfs)
    output: int = 16 << 10  # bytes of stdout and of stderr kept for the report
    output_kill: int = 4 << 20  # bytes of output after which the runner is stopped
    result_bytes: int = 64 << 20  # bytes of returned arrays per test
    budget: float = 60.0  # seconds of wall time for everything one submission does, re-imports included

    def as_job(self) -> dict[str, Any]:
        return asdict(self)


def available_kind(requested: str = "auto") -> SandboxKind:
    """The sandbox to use: ``auto`` picks bubblewrap when installed; naming one insists on it."""
    requested = os.environ.get("GRADE_SANDBOX", requested) if requested == "auto" else requested
    if requested in ("auto", "bwrap"):
        if shutil.which("bwrap"):
            return SandboxKind.BWRAP
        if requested == "bwrap":
            raise SandboxError(
                "bubblewrap (bwrap) is not installed: run `make setup` as root or `apt install bubblewrap`"
            )
        return SandboxKind.NAMESPACES
    try:
        return SandboxKind(requested)
    except ValueError:
        raise SandboxError(f"unknown sandbox {requested!r}: use auto, bwrap, namespaces or rlimits") from None


def numpy_location() -> tuple[Path, Path | None]:
    """NumPy's package folder and its bundled shared libraries (``numpy.libs``), if any."""
    spec = importlib.util.find_spec("numpy")
    if spec is None or not spec.submodule_search_locations:
        raise SandboxError("NumPy is not installed in the grader's environment")
    package = Path(list(spec.submodule_search_locations)[0]).resolve()
    libs = package.parent / "numpy.libs"
    return package, libs if libs.is_dir() else None


def python_location() -> tuple[Path, Path]:
    """The real interpreter binary and the installation prefix that holds its standard library."""
    return Path(os.path.realpath(sys.executable)), Path(sys.base_prefix).resolve()


def hidden_site_dirs(prefix: Path) -> list[Path]:
    """The base interpreter's own site-packages folders, hidden so no framework is importable."""
    paths = sysconfig.get_paths(vars={"base": str(prefix), "platbase": str(prefix)})
    found = {Path(paths["purelib"]), Path(paths["platlib"])}
    found |= {p for p in Path("/usr/lib").glob("python3*/dist-packages")}
    found |= {p for p in Path("/usr/local/lib").glob("python3*/dist-packages")}
    found |= {p for p in Path("/usr/local/lib").glob("python3*/site-packages")}
    return sorted(p for p in found if p.is_dir())


class Zygote:
    """A running zygote: send it the tests once, then one job per submission."""

    def __init__(self, kind: SandboxKind) -> None:
        self.kind = kind
        self.namespaces = False
        self._process: Any = None
        self._socket: socket.socket | None = None
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None
        self.containment = Containment()
        self._groups: dict[int, SubmissionGroup | None] = {}

    @property
    def protections(self) -> tuple[str, ...]:
        """The layers of containment every submission of this zygote gets (valid after :meth:`wait_ready`)."""
        return protections(self.kind is SandboxKind.BWRAP, self.namespaces, self.containment)

    def start(self) -> None:
        """Start the zygote process; :meth:`wait_ready` collects its greeting."""
        import subprocess

        self.containment = Containment.start()

        parent_sock, child_sock = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        keep: list[int] = []
        try:
            argv, keep, user = self._command(child_sock.fileno())
            self._process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=dict(ENVIRONMENT) if self.kind is not SandboxKind.BWRAP else {},
                pass_fds=[child_sock.fileno(), *keep],
                cwd=self._tempdir.name if self._tempdir else "/",
                user=user[0] if user else None,
                group=user[1] if user else None,
                extra_groups=[] if user else None,
                start_new_session=True,
            )
        except OSError as exc:
            raise SandboxError(f"cannot start the sandbox: {exc}") from None
        finally:
            child_sock.close()
            for fd in keep:
                os.close(fd)
        self._socket = parent_sock

    def _command(self, sock_fd: int) -> tuple[list[str], list[int], tuple[int, int] | None]:
        python, prefix = python_location()
        numpy_dir, numpy_libs = numpy_location()
        unprivileged = _nobody() if os.geteuid() == 0 else None
        if self.kind is not SandboxKind.BWRAP:
            self._tempdir = tempfile.TemporaryDirectory(prefix="grade-zygote-")
            site = Path(self._tempdir.name) / "site"
            site.mkdir()
            (site / "numpy").symlink_to(numpy_dir)
            if numpy_libs:
                (site / "numpy.libs").symlink_to(numpy_libs)
            if unprivileged is not None:
                os.chown(self._tempdir.name, *unprivileged)
                if not _readable_by_others(python, numpy_dir, RUNTIME):
                    unprivileged = None  # nobody cannot reach the interpreter; stay as we are
            return [str(python), "-I", "-S", str(RUNTIME), str(sock_fd), str(site)], [], unprivileged
        # As root, bubblewrap runs privileged (no user namespace) and the zygote drops to nobody itself,
        # so submissions never run as a user whose processes the kernel does not count.
        argv = [
            "bwrap",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
        ]
        argv += ["--die-with-parent", "--new-session", "--clearenv"]
        if unprivileged is not None:
            argv += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        else:
            argv += ["--unshare-user"]
        for name, value in ENVIRONMENT.items():
            argv += ["--setenv", name, value]
        argv += ["--perms", "0755", "--dir", "/opt", "--perms", "0755", "--dir", SANDBOX_ROOT]
        argv += ["--ro-bind", "/usr", "/usr"]
        for link in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
            target = Path("/", link)
            if target.is_symlink():
                argv += ["--symlink", os.readlink(target), str(target)]
            elif target.is_dir():
                argv += ["--ro-bind", str(target), str(target)]
        # A prefix outside /usr (pyenv, conda) is mounted at a neutral path: its real parents may be
        # private (/root is 0700) and say nothing the submission needs to know.
        inside = prefix if prefix.is_relative_to("/usr") else Path(SANDBOX_ROOT, "python")
        if inside != prefix:
            argv += ["--ro-bind", str(prefix), str(inside)]
        if python.is_relative_to(prefix):
            python = inside / python.relative_to(prefix)
        elif not python.is_relative_to("/usr"):
            argv += ["--ro-bind", str(python), SANDBOX_ROOT + "/bin/python"]
            python = Path(SANDBOX_ROOT, "bin", "python")
        for hidden in hidden_site_dirs(prefix):
            where = inside / hidden.relative_to(prefix) if hidden.is_relative_to(prefix) else hidden
            argv += ["--tmpfs", str(where)]
        argv += ["--dir", SANDBOX_ROOT + "/site"]
        argv += ["--ro-bind", str(numpy_dir), SANDBOX_ROOT + "/site/numpy"]
        if numpy_libs:
            argv += ["--ro-bind", str(numpy_libs), SANDBOX_ROOT + "/site/numpy.libs"]
        argv += ["--ro-bind", str(RUNTIME), SANDBOX_ROOT + "/runtime.py"]
        argv += ["--dev", "/dev", "--proc", "/proc", "--perms", "1777", "--tmpfs", "/tmp", "--chdir", "/tmp"]
        # Nothing bubblewrap made is writable: as a normal user (--unshare-user) the root tmpfs and the
        # folders on it belong to the sandbox's own uid. Each submission still gets a private, writable
        # /tmp, /dev/shm and devpts, and re-mounts everything else read-only (runtime.private_mounts).
        argv += ["--remount-ro", "/"]
        argv += [str(python), "-I", "-S", SANDBOX_ROOT + "/runtime.py", str(sock_fd), SANDBOX_ROOT + "/site"]
        if unprivileged is not None:
            argv.append(f"{unprivileged[0]}:{unprivileged[1]}")
        return argv, [], None

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Block until the zygote has imported NumPy; raise :class:`SandboxError` if it cannot start."""
        assert self._socket is not None
        self._socket.settimeout(timeout)
        try:
            hello, _ = runtime.recv_message(self._socket)
        except (EOFError, OSError, runtime.WireError):
            raise SandboxError(f"the {self.kind.value} sandbox did not start: {self._stderr()}") from None
        finally:
            self._socket.settimeout(None)
        if not isinstance(hello, dict) or not hello.get("ready"):
            raise SandboxError(f"the {self.kind.value} sandbox did not start: {self._stderr()}")
        self.namespaces = bool(hello.get("namespaces")) and self.kind is not SandboxKind.RLIMITS
        if self.kind is SandboxKind.NAMESPACES and not self.namespaces:
            self.kind = SandboxKind.RLIMITS

    def _stderr(self) -> str:
        if self._process is None:
            return "not started"
        try:
            self._process.kill()
            _, err = self._process.communicate(timeout=5)
        except Exception:  # noqa: BLE001 - best effort for an error message
            return "no details"
        lines = [line for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1] if lines else f"exit code {self._process.returncode}"

    def send_tests(self, tests: list[Any]) -> None:
        """Give the zygote the calls of every test; children inherit them, so jobs stay small."""
        assert self._socket is not None
        runtime.send_message(self._socket, {"kind": "tests", "tests": tests})

    def submit(self, files: dict[str, str], module: str, limits: Limits) -> int:
        """Start grading one submission; return the descriptor its events arrive on.

        The zygote only forks: it gets one end of a fresh socket pair, and the job goes into our end,
        to be read by the forked monitor alone. The zygote's memory, which every later submission
        inherits, never holds a submission's files.
        """
        assert self._socket is not None
        try:
            group = self.containment.group(limits.memory, limits.processes)
        except OSError as exc:
            raise SandboxError(f"cannot make the submission's cgroup: {exc.strerror}") from None
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        job = {
            "files": files,
            "module": module,
            "limits": limits.as_job(),
            "namespaces": self.namespaces,
            "seccomp": self.containment.seccomp_hex,
        }
        try:
            joining = group.open_for_joining() if group else []
            try:
                # the zygote only forks: the job reaches the forked monitor alone, through `ours`
                runtime.send_message(self._socket, {"kind": "fork"}, [theirs.fileno(), *joining])
            finally:
                theirs.close()
                if group:
                    group.close_fds()
            frame = runtime.encode(job)
            ours.settimeout(JOB_SEND_TIMEOUT)
            ours.sendall(struct.pack("<Q", len(frame)) + frame)
            ours.shutdown(socket.SHUT_WR)
            ours.settimeout(None)
        except OSError:
            ours.close()
            self.containment.release(group)
            raise SandboxError("the sandbox stopped unexpectedly") from None
        fd = ours.detach()
        self._groups[fd] = group
        return fd

    def finished(self, fd: int) -> Usage | None:
        """The submission on `fd` is over: what its cgroup used, then the cgroup is removed."""
        return self.containment.release(self._groups.pop(fd, None))

    def close(self) -> None:
        """Stop the zygote and, with it, everything still running in the sandbox."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._process is not None:
            try:
                self._process.wait(timeout=2)
            except Exception:  # noqa: BLE001 - it had its chance to exit cleanly
                self._process.kill()
                self._process.wait()
            if self._process.stderr:
                self._process.stderr.close()
            self._process = None
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None
        for group in self._groups.values():
            self.containment.release(group)
        self._groups = {}
        self.containment.close()


def _nobody() -> tuple[int, int] | None:
    try:
        entry = pwd.getpwnam(NOBODY)
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


def _readable_by_others(*paths: Path) -> bool:
    """Whether an unprivileged user can reach each path (every parent folder searchable)."""
    return all(os.stat(folder).st_mode & 0o001 for path in paths for folder in path.parents)
