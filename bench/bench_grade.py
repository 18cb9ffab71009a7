"""Time `grade exercise_bp` end to end against the floor `python -c "import numpy, torch"`, in one run.

* single: one submission, from the shell prompt to the report (goal: at most 1.3x the floor);
* batch: 40 correct submissions (goal: under 100 ms of extra time per submission on 2 cores).
Best of N wall-clock runs each. Not part of the test suite: run it with `make bench`.
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
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
BATCH = 40
CORRECT = sorted((REPO / "tests" / "corpus" / "exercise_bp" / "correct").glob("*.py"))


def best_of(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, check=False, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed with exit code {done.returncode}")
    return min(times)


def main() -> None:
    grade = str(Path(sys.executable).parent / "grade")
    solution = REPO / "solutions" / "exercise_bp" / "solution.py"
    batch = Path(tempfile.mkdtemp(prefix="grade-bench-"))
    try:
        sources = [solution, *CORRECT]
        for i in range(BATCH):
            shutil.copy(sources[i % len(sources)], batch / f"student{i:03d}.py")
        floor = best_of([sys.executable, "-c", "import numpy, torch"])
        single = best_of([grade, "exercise_bp", str(solution), "--format", "json"])
        many = best_of([grade, "exercise_bp", str(batch), "--format", "csv"])
    finally:
        shutil.rmtree(batch)
    extra = (many - single) / (BATCH - 1)
    print(f"floor  python -c 'import numpy, torch'  {floor:6.2f} s")
    print(
        f"single grade exercise_bp (1 submission)  {single:6.2f} s  = {single / floor:4.2f}x floor (goal <= 1.3x)"
    )
    print(
        f"batch  grade exercise_bp ({BATCH} submissions) {many:6.2f} s  = {many / floor:4.2f}x floor; "
        f"{extra * 1000:5.0f} ms extra per submission (goal < 100 ms), {1 / extra:5.1f} submissions/s"
    )


if __name__ == "__main__":
    main()
