"""Time to the first card of `quiz` on the full bank, against the floor
`python -c "import typer, rich, yaml, fsrs"` measured in the same run (goal: at most 1.5x).

Measured twice: through a pipe (plain text) and in a pseudo-terminal (colour), each from
process start until the answer prompt appears, with a warm bank cache and a database holding a
few hundred reviews. The floor and both measurements take turns, round after round, so a busy
neighbour slows all three alike; best and median of N rounds. Bytecode is written and used, as
in any installed copy (`PYTHONDONTWRITEBYTECODE` would make every start compile dlprep from
source). Not part of the test suite: run it with `make bench`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

REPO = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "11"))
QUIZ = str(Path(sys.executable).with_name("quiz"))
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def floor() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import typer, rich, yaml, fsrs"], check=True, env=ENV)
    return time.perf_counter() - start


def piped(db: Path) -> float:
    start = time.perf_counter()
    child = subprocess.Popen(
        [QUIZ, "--db", str(db), "--new", "10"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=REPO,
        env=ENV,
    )
    assert child.stdout is not None
    seen = b""
    while b"answer> " not in seen:
        chunk = child.stdout.read1(65536)
        if not chunk:
            raise SystemExit(f"quiz ended before the first card: {seen[-500:]!r}")
        seen += chunk
    elapsed = time.perf_counter() - start
    child.kill()
    child.wait()
    return elapsed


def terminal(db: Path) -> float:
    start = time.perf_counter()
    child = pexpect.spawn(
        QUIZ, ["--db", str(db), "--new", "10"], cwd=str(REPO), env=ENV, timeout=30, dimensions=(40, 100)
    )
    child.expect("answer> ")
    elapsed = time.perf_counter() - start
    child.kill(9)
    child.close()
    return elapsed


def seed_database(db: Path) -> None:
    """A few hundred reviews, so the measurement includes reading real progress."""
    answers = "\n".join(["a", "t", "1", "x"] * 100) + "\n"
    subprocess.run(
        [QUIZ, "--db", str(db), "--new", "150"],
        input=answers.encode(),
        cwd=REPO,
        env=ENV,
        check=True,
        capture_output=True,
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as folder:
        db = Path(folder) / "q.db"
        seed_database(db)
        piped(db)  # warm the bank cache, the bytecode and the page cache
        terminal(db)
        rounds = [(floor(), piped(db), terminal(db)) for _ in range(RUNS)]
    base, plain, rich = (sorted(column) for column in zip(*rounds, strict=True))
    middle = RUNS // 2
    print(f"{'':52} {'best':>7} {'median':>7}")
    print(
        f"floor  python -c 'import typer, rich, yaml, fsrs'   {base[0] * 1000:5.0f} ms {base[middle] * 1000:5.0f} ms"
    )
    for name, times in (("piped (plain)   ", plain), ("in a terminal   ", rich)):
        print(
            f"quiz   first card, {name}                 {times[0] * 1000:5.0f} ms {times[middle] * 1000:5.0f} ms"
            f"   = {times[0] / base[0]:4.2f}x / {times[middle] / base[middle]:4.2f}x floor"
        )
    print("goal: at most 1.5x the floor")


if __name__ == "__main__":
    main()
