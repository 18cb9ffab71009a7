"""What containment costs per submission: a cgroup made, joined and removed; the seccomp filter compiled.

Run as root where the cgroups can be had (`python bench/bench_containment.py`); not part of the test suite.
The end-to-end cost is in `bench_grade.py` (run it with and without `GRADE_WITHOUT=cgroups,seccomp`).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader.containment.cgroups import Budget, CgroupTree  # noqa: E402
from grader.containment.seccomp import compile_filter  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_RUNS", "50"))


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


if __name__ == "__main__":
    main()
