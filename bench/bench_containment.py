"""What containment costs per submission: a cgroup made, joined and removed; the seccomp filter compiled;
and end to end, the CPU time of `grade` for 1 and 40 submissions with and without cgroups and seccomp.

CPU time of the whole process tree (read from a cpuacct cgroup of our own, which holds the submissions'
groups too) is what a shared 2-core machine can measure reliably; wall time is in `bench_grade.py`.
Run as root where the cgroups can be had (`python bench/bench_containment.py`); not part of the test suite.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.containment.cgroups import Budget, CgroupTree  # noqa: E402
from grader.containment.seccomp import compile_filter  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_RUNS", "50"))
REPO = Path(__file__).resolve().parent.parent
CPUACCT = Path("/sys/fs/cgroup/cpuacct")


def main() -> None:
    started = time.perf_counter()
    compile_filter()
    print(f"seccomp filter compiled in {(time.perf_counter() - started) * 1000:.1f} ms (once per batch)")
    started = time.perf_counter()
    tree = CgroupTree.create()
    if tree is None:
        sys.exit(f"no cgroups here: {CgroupTree.unavailable}")
    print(f"grader's cgroups ({', '.join(sorted(tree.controllers))}, v{tree.version}) made in "
          f"{(time.perf_counter() - started) * 1000:.1f} ms (once per batch)")  # fmt: skip
    made, joined, removed = [], [], []
    try:
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            group = tree.group(Budget(memory=1 << 30, processes=34))
            fds = group.open_for_joining()
            t1 = time.perf_counter()
            pid = os.fork()
            if pid == 0:
                for fd in fds:
                    os.write(fd, b"0")
                os._exit(0)
            group.close_fds()
            os.waitpid(pid, 0)
            t2 = time.perf_counter()
            tree.release(group)
            t3 = time.perf_counter()
            made.append(t1 - t0)
            joined.append(t2 - t1)
            removed.append(t3 - t2)
    finally:
        tree.close()
    for name, times in (
        ("make + open", made),
        ("fork + join + exit", joined),
        ("read usage + remove", removed),
    ):
        print(f"{name:<22} median {statistics.median(times) * 1000:6.2f} ms  max {max(times) * 1000:6.2f} ms")


def end_to_end(runs: int = 3) -> None:
    """Median CPU seconds of `grade` on 1 and on 40 submissions, with and without cgroups and seccomp."""
    if not (CPUACCT / "cpuacct.usage").exists() or os.geteuid() != 0:
        print("end to end: needs root and a cgroup v1 cpuacct hierarchy; skipped")
        return
    grade = str(Path(sys.executable).with_name("grade"))
    solution = REPO / "solutions" / "exercise_bp" / "solution.py"
    sources = [solution, *sorted((REPO / "tests" / "corpus" / "exercise_bp" / "correct").glob("*.py"))]
    batch = Path(tempfile.mkdtemp(prefix="grade-bench-"))
    for i in range(40):
        shutil.copy(sources[i % len(sources)], batch / f"student{i:03d}.py")
    group = CPUACCT / f"dlprep-bench-{os.getpid()}"
    group.mkdir()
    spent: dict[str, list[float]] = {}
    try:
        for _ in range(runs):
            for size, target in (("1", solution), ("40", batch)):
                for mode, env in (("with", {}), ("without", {"GRADE_WITHOUT": "cgroups,seccomp"})):
                    before = int((group / "cpuacct.usage").read_text())
                    subprocess.run(
                        ["sh", "-c", f'echo $$ > {group}/cgroup.procs; exec "$@"', "sh", grade, "exercise_bp",
                         str(target), "--format", "csv", "--device", "cpu"],
                        cwd=REPO, stdout=subprocess.DEVNULL, env={**os.environ, **env}, check=False,
                    )  # fmt: skip
                    used = (int((group / "cpuacct.usage").read_text()) - before) / 1e9
                    spent.setdefault(f"{size} {mode}", []).append(used)
    finally:
        group.rmdir()
        shutil.rmtree(batch)
    median = {key: statistics.median(values) for key, values in spent.items()}
    for mode in ("with", "without"):
        extra = (median[f"40 {mode}"] - median[f"1 {mode}"]) / 39
        print(f"{mode:>7} cgroups+seccomp: one submission {median[f'1 {mode}']:.2f} s CPU, "
              f"{extra * 1000:.1f} ms CPU per further submission")  # fmt: skip


if __name__ == "__main__":
    main()
    end_to_end()
