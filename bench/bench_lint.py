"""Time `exam lint questions/` against the floor `python -c "import yaml"`, measured in the same run.

Cold: an empty bank cache for every run (what CI and a first run see). Warm: the cache filled by
an earlier run (what an instructor editing one file sees). Best of N wall-clock runs each.
Not part of the test suite: run it with `make bench`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
GOAL_S = 0.5


def best_of(command: list[str], env: dict[str, str] | None = None, fresh_cache: bool = False) -> float:
    times = []
    for _ in range(RUNS):
        run_env = dict(env or os.environ)
        if fresh_cache:
            run_env["DLPREP_CACHE_DIR"] = tempfile.mkdtemp(prefix="dlprep-bench-")
        start = time.perf_counter()
        subprocess.run(command, cwd=REPO, env=run_env, check=False, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    exam = str(Path(sys.executable).parent / "exam")
    floor = best_of([sys.executable, "-c", "import yaml"])
    cold = best_of([exam, "lint", "questions/"], fresh_cache=True)
    warm_env = dict(os.environ, DLPREP_CACHE_DIR=tempfile.mkdtemp(prefix="dlprep-bench-warm-"))
    subprocess.run(
        [exam, "lint", "questions/"], cwd=REPO, env=warm_env, check=False, stdout=subprocess.DEVNULL
    )
    warm = best_of([exam, "lint", "questions/"], env=warm_env)

    from dlprep.bank import load_bank

    size = len(load_bank([REPO / "questions"]).questions)
    print(f"bank: {size} questions in {len(list((REPO / 'questions').glob('*.yaml')))} files, best of {RUNS}")
    print(f"floor  python -c 'import yaml'        {floor:6.3f} s   1.00x")
    for label, value in (
        ("exam lint questions/ (cold cache)", cold),
        ("exam lint questions/ (warm cache)", warm),
    ):
        verdict = "meets" if value < GOAL_S else "misses"
        print(f"{label:35s}  {value:6.3f} s  {value / floor:5.2f}x   {verdict} the {GOAL_S} s goal")


if __name__ == "__main__":
    main()
