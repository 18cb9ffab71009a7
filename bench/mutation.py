"""Mutation testing of the hidden tests: `make mutation` or `python bench/mutation.py [EXERCISE...]`.

Grades every mutant of every model solution through the real sandbox (slow: minutes), and writes
docs/mutation-report.md with the score per exercise and every surviving mutant.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from grader.exercise import find_exercise, list_exercises
from grader.mutation.report import render
from grader.mutation.run import ExerciseScore, score_exercise

REPO = Path(__file__).resolve().parent.parent
GOAL = 0.95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exercises", nargs="*", help="exercises to score [default: all]")
    parser.add_argument("--jobs", "-j", type=int, default=2)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "mutation-report.md")
    args = parser.parse_args()
    chosen = [find_exercise(n, REPO) for n in args.exercises] or [
        e for e in list_exercises(REPO) if e.has_hidden_tests()
    ]
    scores: list[ExerciseScore] = []
    for exercise in chosen:
        started = time.monotonic()
        score = score_exercise(exercise, jobs=args.jobs)
        scores.append(score)
        print(
            f"{exercise.name}: {score.killed}/{len(score.results) - score.equivalent} killed "
            f"({100 * score.score:.1f}%), {score.equivalent} equivalent, {len(score.survivors)} surviving, "
            f"{time.monotonic() - started:.0f} s",
            flush=True,
        )
        for r in score.survivors:
            print(f"   survivor #{r.mutant.number} {r.mutant.function}: {r.mutant.description} | {r.differs}")
    if not args.exercises:
        args.out.write_text(render(scores, GOAL), encoding="utf-8")
        print(f"report written to {args.out}")
    return 0 if all(s.score >= GOAL for s in scores) else 1


if __name__ == "__main__":
    sys.exit(main())
