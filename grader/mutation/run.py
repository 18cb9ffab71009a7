"""Grade every mutant of an exercise's model solution through the real sandboxed batch, and score
the hidden tests: a mutant is killed when it loses a point.

A surviving mutant is then run in this process (it is our own solution, changed in one place) on
the hidden inputs and on fresh random variants of them: one that never differs from the solution is
*probably equivalent* and needs the reason written in ``EQUIVALENT``; one that differs is a gap in
the hidden tests, and the input that shows it is reported.
"""

from __future__ import annotations

import sys
import types
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.batch import grade_batch
from grader.compare import difference
from grader.exercise import Exercise, Hidden
from grader.mutation.equivalent import reason_for
from grader.mutation.mutator import Mutant, mutants
from grader.sandbox import Limits
from grader.submissions import Submission
from grader.untouched import first_change

__all__ = ["ExerciseScore", "MutantResult", "score_exercise"]

LIMITS = Limits(wall=5.0, cpu=5.0, memory=1024 << 20)


@dataclass(frozen=True)
class MutantResult:
    mutant: Mutant
    killed: bool
    lost: tuple[str, ...] = ()  # the functions that lost points
    equivalent: str = ""  # why a survivor is equivalent (from EQUIVALENT), if it is
    differs: str = ""  # for a survivor: where it gave another answer than the solution, if anywhere


@dataclass
class ExerciseScore:
    exercise: str
    results: list[MutantResult] = field(default_factory=list)

    @property
    def killed(self) -> int:
        return sum(r.killed for r in self.results)

    @property
    def equivalent(self) -> int:
        return sum(1 for r in self.results if not r.killed and r.equivalent)

    @property
    def survivors(self) -> list[MutantResult]:
        return [r for r in self.results if not r.killed and not r.equivalent]

    @property
    def score(self) -> float:
        """Killed over non-equivalent mutants."""
        total = len(self.results) - self.equivalent
        return self.killed / total if total else 1.0


def _load(source: str, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    exec(compile(source, f"<{name}>", "exec"), module.__dict__)  # noqa: S102 - our own solution, mutated
    return module


def _variants(args: tuple[Any, ...], rng: np.random.Generator, count: int) -> Iterable[tuple[Any, ...]]:
    """The hidden arguments, then ``count`` copies with every float array redrawn at the same scale."""
    yield args

    def redraw(value: Any) -> Any:
        """Keep what makes an input valid (signs, zeros, 0/1 masks), change the numbers."""
        if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size:
            if np.isin(value, (0.0, 1.0)).all():
                return rng.permutation(value.ravel()).reshape(value.shape)
            return value * rng.uniform(0.5, 1.5, size=value.shape)
        if isinstance(value, list):
            return [redraw(v) for v in value]
        if isinstance(value, dict):
            return {k: redraw(v) for k, v in value.items()}
        return value

    for _ in range(count):
        yield tuple(redraw(a) for a in args)


def _differs(hidden: Hidden, solution: types.ModuleType, mutant: types.ModuleType, rounds: int = 20) -> str:
    """Where the mutant's answer differs from the solution's on hidden inputs or random variants."""
    rng = np.random.default_rng(2026)
    for case in hidden.cases:
        call = case.calls[-1]
        for args in _variants(call.args, rng, rounds):
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                try:
                    want = getattr(solution, call.function)(*_copy(args))
                except Exception:  # noqa: BLE001 - a redrawn input the solution rejects is not valid
                    continue
                if not _finite(want):
                    continue
                given = _copy(args)
                try:
                    got = getattr(mutant, call.function)(*given)
                except Exception as exc:  # noqa: BLE001
                    return f"{case.name}: raises {type(exc).__name__} on a variant of its input"
            for i, (before, after) in enumerate(zip(args, given, strict=True)):
                if first_change(before, after, f"argument #{i + 1}"):
                    return f"{case.name}: changes argument #{i + 1} in place"
            try:
                problem = difference(got, want, hidden.tolerance, call.function)
            except TypeError:
                problem = "a different type"
            if problem:
                return f"{case.name}: {problem.split(' but ')[0]}"
    return ""


def _finite(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_finite(v) for v in value)
    if isinstance(value, np.ndarray | float | np.floating):
        return bool(np.all(np.isfinite(value)))
    return True


def _copy(args: tuple[Any, ...]) -> tuple[Any, ...]:
    def one(v: Any) -> Any:
        if isinstance(v, np.ndarray):
            return v.copy()
        if isinstance(v, list):
            return [one(x) for x in v]
        if isinstance(v, dict):
            return {k: one(x) for k, x in v.items()}
        return v

    return tuple(one(a) for a in args)


def score_exercise(exercise: Exercise, jobs: int = 2, only: set[int] | None = None) -> ExerciseScore:
    """Every mutant of ``exercise``'s model solution, graded in one sandboxed batch."""
    source = (exercise.solutions / "solution.py").read_text(encoding="utf-8")
    found = [m for m in mutants(source) if only is None or m.number in only]
    submissions = [Submission(f"mutant-{m.number}", {f"{exercise.module}.py": m.source}) for m in found]
    by_name = {f"mutant-{m.number}": m for m in found}
    score = ExerciseScore(exercise.name)
    graded = {
        r.submission: r for r in grade_batch(exercise, submissions, jobs=jobs, device="cpu", limits=LIMITS)
    }
    hidden = exercise.load_hidden()
    solution = _load(source, f"_mutation_solution_{exercise.name}")
    sys.modules.pop(f"_mutation_solution_{exercise.name}", None)
    for name, mutant in by_name.items():
        result = graded[name]
        lost = tuple(f for f, (got, most) in result.function_scores().items() if got < most)
        if lost:
            score.results.append(MutantResult(mutant, True, lost))
            continue
        differs = _differs(hidden, solution, _load(mutant.source, f"_mutant_{mutant.number}"))
        reason = "" if differs else reason_for(exercise.name, mutant.function, mutant.description)
        score.results.append(MutantResult(mutant, False, (), reason, differs))
    return score
