"""One memory, process and CPU budget for everything a submission starts, as a cgroup of its own.

Per-process rlimits are not per-submission limits: ``setsid()`` escapes a process-group kill, SIGXCPU
can be ignored, and memfd or tmpfs pages are not address space. A cgroup binds the whole process
tree, shared memory included. The grader (trusted, outside the sandbox) makes one child group per
submission under a group of its own (``dlprep-<pid>``), itself a child of whatever cgroup the grader
already runs in: nothing else in the hierarchy is ever touched, and both are removed afterwards.

The submission joins its group without any privilege: the grader opens each hierarchy's
``cgroup.procs`` and hands the descriptors over with the job; the kernel checks the credentials of
the *opener* (v1) or the opener's delegation (v2), so the unprivileged child writes ``0`` (itself)
and closes them before any student code runs.

cgroup v2 (one unified hierarchy) is used where the machine has it with the controllers enabled for
us; otherwise the v1 hierarchies (``memory``, ``pids``, ``cpu``, ``cpuacct``) are used one by one.
Whatever cannot be had is left out, and :attr:`CgroupTree.controllers` says what was.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import signal
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CONTROLLERS", "Budget", "CgroupTree", "SubmissionGroup", "Usage", "own_hierarchies"]

# What a submission's group limits, in the names the report uses ("cgroup-memory", ...).
CONTROLLERS = ("memory", "pids", "cpu")
PERIOD_US = 100_000  # CFS period for the CPU quota


@dataclass(frozen=True)
class Budget:
    """The limits of one submission as a whole (every process and thread it starts)."""

    memory: int  # bytes of memory, page cache and shared memory (tmpfs, memfd) included, no swap
    processes: int  # processes and threads at once
    cpus: float = 1.0  # CPU cores at most, whatever the number of processes


@dataclass(frozen=True)
class Usage:
    """What a submission's group used, read before the group is removed."""

    cpu_seconds: float | None = None
    memory_peak: int | None = None
    oom_kills: int | None = None


@dataclass(frozen=True)
class Hierarchy:
    """One mounted cgroup hierarchy and the grader's own group in it."""

    version: int  # 1 or 2
    controllers: frozenset[str]  # of CONTROLLERS and "cpuacct" (v1), those this hierarchy serves
    own: Path  # the grader's own group, as a folder of the mounted hierarchy


def own_hierarchies(proc_cgroup: str, mountinfo: str) -> list[Hierarchy]:
    """The hierarchies we could use, from ``/proc/self/cgroup`` and ``/proc/self/mountinfo`` (pure)."""
    paths_v1: dict[str, str] = {}
    path_v2: str | None = None
    for line in proc_cgroup.splitlines():
        number, _, rest = line.partition(":")
        listed, _, path = rest.partition(":")
        if not number.isdigit():
            continue
        if number == "0" and listed == "":
            path_v2 = path
        for name in listed.split(","):
            if name:
                paths_v1[name] = path
    found: list[Hierarchy] = []
    for line in mountinfo.splitlines():
        fields = line.split()
        if "-" not in fields:
            continue
        dash = fields.index("-")
        if len(fields) < dash + 4 or dash < 5:
            continue
        root, mountpoint, fstype, options = fields[3], fields[4], fields[dash + 1], fields[dash + 3]
        if fstype == "cgroup2" and path_v2 is not None:
            own = _inside(mountpoint, root, path_v2)
            if own is not None:
                found.append(Hierarchy(2, frozenset(), own))
        elif fstype == "cgroup":
            names = {o for o in options.split(",") if o in (*CONTROLLERS, "cpuacct")}
            paths = {paths_v1.get(n) for n in names}
            if names and len(paths) == 1 and None not in paths:
                own = _inside(mountpoint, root, paths.pop() or "/")
                if own is not None:
                    found.append(Hierarchy(1, frozenset(names), own))
    return found


def _inside(mountpoint: str, root: str, path: str) -> Path | None:
    """The folder of cgroup `path` in a hierarchy mounted at `mountpoint` (showing its `root`)."""
    mountpoint = mountpoint.replace("\\040", " ")
    if not (path == root or path.startswith(root.rstrip("/") + "/")):
        return None
    return Path(mountpoint, os.path.relpath(path, root))


def _write(path: Path, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def _read(path: Path) -> str:
    with open(path) as f:
        return f.read()


@dataclass
class SubmissionGroup:
    """The cgroup (one folder per hierarchy) of one submission."""

    folders: list[Path]
    version: int
    fds: list[int] = field(default_factory=list)

    def open_for_joining(self) -> list[int]:
        """Descriptors of each ``cgroup.procs``; whoever holds one can move itself in by writing ``0``."""
        self.fds = [os.open(folder / "cgroup.procs", os.O_WRONLY | os.O_CLOEXEC) for folder in self.folders]
        return self.fds

    def close_fds(self) -> None:
        for fd in self.fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self.fds = []

    def usage(self) -> Usage:
        """CPU seconds, peak memory and OOM kills so far (None where the machine does not say)."""
        cpu: float | None = None
        peak: int | None = None
        kills: int | None = None
        for folder in self.folders:
            with contextlib.suppress(OSError, ValueError):
                if self.version == 2:
                    stat = dict(line.split() for line in _read(folder / "cpu.stat").splitlines())
                    cpu = int(stat["usage_usec"]) / 1e6
                elif (folder / "cpuacct.usage").exists():
                    cpu = int(_read(folder / "cpuacct.usage")) / 1e9
            with contextlib.suppress(OSError, ValueError):
                name = "memory.peak" if self.version == 2 else "memory.max_usage_in_bytes"
                if (folder / name).exists():
                    peak = int(_read(folder / name))
            with contextlib.suppress(OSError, ValueError, KeyError):
                name = "memory.events" if self.version == 2 else "memory.oom_control"
                if (folder / name).exists():
                    stat = dict(line.split() for line in _read(folder / name).splitlines())
                    kills = int(stat["oom_kill"])
        return Usage(cpu, peak, kills)

    def remove(self, wait: float = 1.0) -> bool:
        """Kill whatever is left in the group and remove its folders; False if one is still busy."""
        self.close_fds()
        deadline = time.monotonic() + wait
        remaining = list(self.folders)
        while remaining:
            for folder in list(remaining):
                try:
                    os.rmdir(folder)
                    remaining.remove(folder)
                except FileNotFoundError:
                    remaining.remove(folder)
                except OSError as exc:
                    if exc.errno != errno.EBUSY:
                        remaining.remove(folder)
                        continue
                    _kill_members(folder, self.version)
            if not remaining or time.monotonic() > deadline:
                break
            time.sleep(0.002)
        self.folders = remaining
        return not remaining


def _kill_members(folder: Path, version: int) -> None:
    if version == 2 and (folder / "cgroup.kill").exists():
        with contextlib.suppress(OSError):
            _write(folder / "cgroup.kill", "1")
        return
    with contextlib.suppress(OSError):
        for line in _read(folder / "cgroup.procs").split():
            with contextlib.suppress(OSError, ValueError):
                os.kill(int(line), signal.SIGKILL)


class CgroupTree:
    """The grader's ``dlprep-<pid>`` group in each usable hierarchy, and the submission groups in it.

    Build it with :meth:`create`; it is ``None`` where no controller can be had, with the reason in
    :data:`CgroupTree.unavailable`.
    """

    unavailable = ""

    def __init__(self, parents: list[tuple[Hierarchy, Path]], controllers: frozenset[str]) -> None:
        self.parents = parents
        self.controllers = controllers
        self.version = parents[0][0].version
        self._counter = itertools.count()
        self._busy: list[SubmissionGroup] = []
        self._self_leaf: Path | None = None  # v2: where we moved ourselves to enable the controllers

    @classmethod
    def create(cls, wanted: Iterable[str] = CONTROLLERS) -> CgroupTree | None:
        """Make this grader's group where we may, or return None (and set :attr:`unavailable`)."""
        wanted = set(wanted)
        try:
            hierarchies = own_hierarchies(
                Path("/proc/self/cgroup").read_text(), Path("/proc/self/mountinfo").read_text()
            )
        except OSError as exc:
            cls.unavailable = f"cannot read this process's cgroups ({exc.strerror})"
            return None
        cls.unavailable = ""
        v2 = [h for h in hierarchies if h.version == 2]
        tree = cls._create_v2(v2[0].own, wanted) if v2 else None
        if tree is None:
            reason_v2 = cls.unavailable
            tree = cls._create_v1([h for h in hierarchies if h.version == 1], wanted)
            if tree is None and reason_v2:
                cls.unavailable = f"{reason_v2}; {cls.unavailable}"
        if tree is not None:
            cls.unavailable = ""
        return tree

    @classmethod
    def _create_v2(cls, own: Path, wanted: set[str]) -> CgroupTree | None:
        """v2: controllers reach a child only through the parent's ``cgroup.subtree_control``, which a
        group holding processes cannot set ("no internal processes"). Where our own group holds only
        this process (a delegated scope), we first move ourselves into a leaf beside the submissions'
        groups, as container runtimes do, and move back in :meth:`close`."""
        try:
            available = set(_read(own / "cgroup.controllers").split())
        except OSError:
            return None
        usable = wanted & available
        if not usable:
            cls.unavailable = f"cgroup v2 at {own} offers none of {', '.join(sorted(wanted))}"
            return None
        enable = " ".join("+" + c for c in sorted(usable))
        parent, leaf = own / f"dlprep-{os.getpid()}", own / f"dlprep-{os.getpid()}-self"
        moved = False
        try:
            _reap_stale(own)
            if not usable <= set(_read(own / "cgroup.subtree_control").split()):
                if _read(own / "cgroup.procs").split() != [str(os.getpid())]:
                    raise OSError(errno.EBUSY, "it holds other processes too")
                leaf.mkdir()
                _write(leaf / "cgroup.procs", "0")
                moved = True
                _write(own / "cgroup.subtree_control", enable)
            parent.mkdir()
            # The new group holds no process, so it may hand its controllers down to the submissions.
            _write(parent / "cgroup.subtree_control", enable)
        except OSError as exc:
            with contextlib.suppress(OSError):
                parent.rmdir()
            if moved:
                _move_back(own, leaf, usable)
            cls.unavailable = f"cgroup v2 at {own}: controllers not delegated to us ({exc.strerror})"
            return None
        tree = cls([(Hierarchy(2, frozenset(usable), own), parent)], frozenset(usable))
        tree._self_leaf = leaf if moved else None
        return tree

    @classmethod
    def _create_v1(cls, hierarchies: list[Hierarchy], wanted: set[str]) -> CgroupTree | None:
        parents: list[tuple[Hierarchy, Path]] = []
        reasons = []
        for hierarchy in hierarchies:
            if not hierarchy.controllers & (wanted | {"cpuacct"}):
                continue
            parent = hierarchy.own / f"dlprep-{os.getpid()}"
            try:
                _reap_stale(hierarchy.own)
                parent.mkdir()
                parents.append((hierarchy, parent))
            except OSError as exc:
                reasons.append(f"{hierarchy.own} ({exc.strerror})")
        controllers = frozenset(c for h, _ in parents for c in h.controllers if c in wanted)
        if not controllers:
            for _, parent in parents:
                with contextlib.suppress(OSError):
                    parent.rmdir()
            cls.unavailable = "no cgroup hierarchy lets this user create groups" + (
                f": {'; '.join(reasons)}" if reasons else " (none mounted)"
            )
            return None
        return cls(parents, controllers)

    def group(self, budget: Budget) -> SubmissionGroup:
        """A new group for one submission, its limits set; raise OSError if the kernel refuses."""
        self._retry_busy()
        name = f"s{next(self._counter)}"
        made: list[Path] = []
        try:
            for hierarchy, parent in self.parents:
                folder = parent / name
                folder.mkdir()
                made.append(folder)
                self._limit(folder, hierarchy, budget)
        except OSError:
            SubmissionGroup(made, self.version).remove(wait=0)
            raise
        return SubmissionGroup(made, self.version)

    def _limit(self, folder: Path, hierarchy: Hierarchy, budget: Budget) -> None:
        names = hierarchy.controllers
        quota = max(1000, int(budget.cpus * PERIOD_US))
        if hierarchy.version == 2:
            if "memory" in names:
                _write(folder / "memory.max", str(budget.memory))
                with contextlib.suppress(FileNotFoundError):
                    _write(folder / "memory.swap.max", "0")
            if "pids" in names:
                _write(folder / "pids.max", str(budget.processes))
            if "cpu" in names:
                _write(folder / "cpu.max", f"{quota} {PERIOD_US}")
            return
        if "memory" in names:
            _write(folder / "memory.limit_in_bytes", str(budget.memory))
            with contextlib.suppress(FileNotFoundError):  # only where swap accounting is on
                _write(folder / "memory.memsw.limit_in_bytes", str(budget.memory))
        if "pids" in names:
            _write(folder / "pids.max", str(budget.processes))
        if "cpu" in names:
            _write(folder / "cpu.cfs_period_us", str(PERIOD_US))
            _write(folder / "cpu.cfs_quota_us", str(quota))

    def release(self, group: SubmissionGroup) -> Usage:
        """Read what the group used, then remove it (later, if its last process is still dying)."""
        usage = group.usage()
        if not group.remove(wait=0):  # its last processes may still be exiting: never block the grader
            self._busy.append(group)
        return usage

    def _retry_busy(self) -> None:
        self._busy = [g for g in self._busy if not g.remove(wait=0)]

    def close(self) -> None:
        """Remove every submission group left and the grader's own groups."""
        for group in self._busy:
            group.remove(wait=2.0)
        self._busy = []
        for _, parent in self.parents:
            for child in [p for p in parent.iterdir() if p.is_dir()]:
                SubmissionGroup([child], self.version).remove(wait=1.0)
            with contextlib.suppress(OSError):
                parent.rmdir()
        if self._self_leaf is not None:
            _move_back(self._self_leaf.parent, self._self_leaf, self.controllers)
            self._self_leaf = None
        self.parents = []


def _move_back(own: Path, leaf: Path, controllers: Iterable[str]) -> None:
    """Undo the v2 move into a leaf: controllers off again in our own group, ourselves back in it."""
    with contextlib.suppress(OSError):
        _write(own / "cgroup.subtree_control", " ".join("-" + c for c in sorted(controllers)))
        _write(own / "cgroup.procs", "0")
        leaf.rmdir()


def _reap_stale(own: Path) -> None:
    """Remove the empty groups of graders that died without cleaning up (their pid is gone)."""
    for stale in own.glob("dlprep-*"):
        pid = stale.name.removeprefix("dlprep-").removesuffix("-self")
        if not pid.isdigit() or Path(f"/proc/{pid}").exists():
            continue
        for child in [p for p in stale.iterdir() if p.is_dir()]:
            with contextlib.suppress(OSError):
                child.rmdir()
        with contextlib.suppress(OSError):
            stale.rmdir()
