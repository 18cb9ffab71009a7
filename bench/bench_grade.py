"""Time `grade` end to end for every exercise against the floor `python -c "import numpy, torch"`, in one run.

* single: the model solution alone, from the shell prompt to the report (goal: at most 1.3x the floor);
* batch: 40 correct submissions (the solution and the corpus's correct variants, repeated); goal: under
  100 ms of extra time per submission on 2 cores.
Best of N wall-clock runs each. Not part of the test suite: run it with `make bench`
(BENCH_EXERCISES=exercise_bp,exercise_conv to time only some).
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


def best_of(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, check=False, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed with exit code {done.returncode}")
    return min(times)


def exercises() -> list[tuple[str, str]]:
    """(name, module) of every exercise with hidden tests, or those in BENCH_EXERCISES."""
    sys.path.insert(0, str(REPO))
    from grader.exercise import list_exercises

    wanted = [w for w in os.environ.get("BENCH_EXERCISES", "").split(",") if w]
    return [
        (e.name, e.module)
        for e in list_exercises(REPO)
        if e.has_hidden_tests() and (not wanted or e.name in wanted)
    ]


def main() -> None:
    grade = str(Path(sys.executable).parent / "grade")
    floor = best_of([sys.executable, "-c", "import numpy, torch"])
    print(f"floor  python -c 'import numpy, torch'  {floor:6.2f} s")
    print(
        f"{'exercise':<24} {'single':>8} {'x floor':>8} {'batch of 40':>12} {'ms extra/sub':>13} {'subs/s':>7}"
    )
    for name, _module in exercises():
        solution = REPO / "solutions" / name / "solution.py"
        correct = sorted((REPO / "tests" / "corpus" / name / "correct").glob("*.py"))
        batch = Path(tempfile.mkdtemp(prefix="grade-bench-"))
        try:
            sources = [solution, *correct]
            for i in range(BATCH):
                shutil.copy(sources[i % len(sources)], batch / f"student{i:03d}.py")
            single = best_of([grade, name, str(solution), "--format", "json", "--device", "cpu"])
            many = best_of([grade, name, str(batch), "--format", "csv", "--device", "cpu"])
        finally:
            shutil.rmtree(batch)
        extra = (many - single) / (BATCH - 1)
        print(
            f"{name:<24} {single:7.2f}s {single / floor:7.2f}x {many:11.2f}s {extra * 1000:12.0f} {1 / extra:7.1f}"
        )
    print("goals: single <= 1.3x the floor; under 100 ms extra per submission")


if __name__ == "__main__":
    main()
