"""Which layers of containment a grader has, set up once per zygote, and their names in the reports.

Every layer is optional: where a machine cannot give one (no cgroup delegation, no libseccomp, no user
namespaces), grading goes on without it and each result lists exactly the layers that were active
(``protections`` in JSON, one line in text). The README's threat model says what each missing layer
exposes. ``GRADE_WITHOUT=cgroups,seccomp`` switches layers off on purpose (to test the fallbacks).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from grader.containment.cgroups import Budget, CgroupTree, SubmissionGroup, Usage
from grader.containment.seccomp import Filter, SeccompUnavailable, compile_filter

__all__ = ["NAMESPACE_LAYERS", "Containment", "protections"]

# What a submission gets from its own namespaces (enter_namespaces + private_mounts in the runtime).
NAMESPACE_LAYERS = ("userns", "pidns", "netns", "ipcns", "mntns", "private-fs")
# Processes beyond the student's own that live in the submission's cgroup: monitor, supervisor.
OVERHEAD_PROCESSES = 2


def _switched_off() -> set[str]:
    return {part.strip() for part in os.environ.get("GRADE_WITHOUT", "").split(",") if part.strip()}


@dataclass
class Containment:
    """The grader-side half of containment: the cgroup tree and the compiled seccomp filter."""

    cgroups: CgroupTree | None = None
    seccomp: Filter | None = None
    missing: dict[str, str] = field(default_factory=dict)  # layer -> why it is not active

    @classmethod
    def start(cls) -> Containment:
        off = _switched_off()
        made = cls()
        if "cgroups" in off:
            made.missing["cgroups"] = "switched off (GRADE_WITHOUT)"
        else:
            made.cgroups = CgroupTree.create()
            if made.cgroups is None:
                made.missing["cgroups"] = CgroupTree.unavailable
        if "seccomp" in off:
            made.missing["seccomp"] = "switched off (GRADE_WITHOUT)"
        else:
            try:
                made.seccomp = compile_filter()
            except SeccompUnavailable as exc:
                made.missing["seccomp"] = str(exc)
        return made

    @property
    def seccomp_hex(self) -> str | None:
        return self.seccomp.program.hex() if self.seccomp else None

    def group(self, memory: int, processes: int) -> SubmissionGroup | None:
        """A fresh cgroup for one submission (None without cgroups); raises OSError if refused."""
        if self.cgroups is None:
            return None
        return self.cgroups.group(Budget(memory=memory, processes=processes + OVERHEAD_PROCESSES))

    def release(self, group: SubmissionGroup | None) -> Usage | None:
        return self.cgroups.release(group) if self.cgroups and group else None

    def close(self) -> None:
        if self.cgroups is not None:
            self.cgroups.close()
            self.cgroups = None


def protections(bwrap: bool, namespaces: bool, containment: Containment) -> tuple[str, ...]:
    """The names of the active layers, strongest first, as the reports list them."""
    names: list[str] = ["bwrap"] if bwrap else []
    if namespaces:
        names += NAMESPACE_LAYERS
    if containment.cgroups is not None:
        names += [f"cgroup-{c}" for c in ("memory", "pids", "cpu") if c in containment.cgroups.controllers]
    if containment.seccomp is not None:
        names.append("seccomp")
    names.append("rlimits")
    return tuple(names)
