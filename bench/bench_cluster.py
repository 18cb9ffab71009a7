"""200 submissions of exercise_bp graded locally and on a Dask LocalCluster with 1 and 2 workers, in
one run, as ratios to the local time (and to the floor `python -c "import numpy, torch"`).

End to end through the CLI (`grade ... --format csv`), best of N. Not part of the test suite: run it
with `make bench`. On a 2-core machine expect no gain from workers: local grading already keeps both
cores busy; the cluster pays for starting workers (each imports torch and starts its own sandbox)
and a few milliseconds of scheduling per task. The gain comes from adding machines.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "2"))
BATCH = 200
SOURCES = [
    REPO / "solutions" / "exercise_bp" / "solution.py",
    *sorted((REPO / "tests/corpus/exercise_bp/correct").glob("*.py")),
]


def best_of(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run(
            command, cwd=REPO, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return min(times)


def main() -> None:
    grade = str(Path(sys.executable).with_name("grade"))
    batch = Path(tempfile.mkdtemp(prefix="grade-cluster-bench-"))
    try:
        for i in range(BATCH):
            shutil.copy(SOURCES[i % len(SOURCES)], batch / f"student{i:03d}.py")
        base = [grade, "exercise_bp", str(batch), "--format", "csv", "--device", "cpu"]
        floor = best_of([sys.executable, "-c", "import numpy, torch"])
        local = best_of(base)
        one = best_of([*base, "--cluster", "local:1"])
        two = best_of([*base, "--cluster", "local:2"])
    finally:
        shutil.rmtree(batch)
    print(f"floor   python -c 'import numpy, torch'       {floor:6.2f} s")
    for label, seconds in (("local  ", local), ("dask x1", one), ("dask x2", two)):
        print(
            f"{label} {BATCH} submissions  {seconds:6.2f} s = {seconds / local:4.2f}x local, "
            f"{seconds / floor:5.2f}x floor, {BATCH / seconds:6.1f} submissions/s"
        )


if __name__ == "__main__":
    main()
