"""Which catalogued mistake explains a function's results: decided on all of its cases at once.

A hint that names the wrong mistake teaches the wrong lesson, so a mistake is named only when it
explains every case of the function the student's answer is known for (right where the mistake is
right, and equal to the mistake's answer where it is wrong). Two mistakes that give the same numbers
on every case are named together; a dict or tuple answer that no mistake explains as a whole is
judged part by part ("W1 ok, b1 wrong: ..."). One hint per function, on its first failed case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.compare import difference
from grader.declare import Mistake, Tolerance
from grader.exercise import Hidden

__all__ = ["Hint", "Outcome", "function_hints", "stability_hint"]


@dataclass(frozen=True)
class Outcome:
    """What a case showed about the student's function: passed, or failed with this answer (``got``)."""

    passed: bool
    got: Any = None
    known: bool = False  # the answer is there to compare (not an exception, not a check's own verdict)


@dataclass(frozen=True)
class Hint:
    """The hint text for a function, and the ids of the catalogued mistakes it names."""

    text: str
    mistakes: tuple[str, ...] = ()


def _matches(got: Any, want: Any, tol: Tolerance) -> bool:
    try:
        return difference(got, want, tol) is None
    except (TypeError, ValueError):
        return False


def _same_nans(got: Any, wrong: Any) -> bool:
    """Both arrays have nan/inf in the same places and agree elsewhere (an overflowing sigmoid)."""
    if not (isinstance(got, np.ndarray) and isinstance(wrong, np.ndarray)) or got.shape != wrong.shape:
        return False
    if got.dtype.kind not in "iuf" or wrong.dtype.kind not in "iuf":
        return False
    bad_got, bad_wrong = ~np.isfinite(got), ~np.isfinite(wrong)
    return bool(
        bad_got.any() and np.array_equal(bad_got, bad_wrong) and np.allclose(got[~bad_got], wrong[~bad_wrong])
    )


def _part(value: Any, key: Any) -> Any:
    try:
        return value[key]
    except (KeyError, IndexError, TypeError):
        return None


def _explains(answers: Sequence[tuple[Outcome, Any, Any]], tol: Tolerance, key: Any = None) -> bool:
    """Whether a mistake's answers (per case: the outcome, the mistake's answer, the expected one)
    account for every answer of the student's that is known: the student's answer is the mistake's
    answer everywhere, and differs from the expected one somewhere."""
    explained = 0
    for outcome, wrong, want in answers:
        if not outcome.known:
            continue
        got = outcome.got
        if key is not None:
            wrong, want, got = _part(wrong, key), _part(want, key), _part(got, key)
        if wrong is None:
            continue  # the mistake cannot be made on this case
        if not (_matches(got, wrong, tol) or _same_nans(got, wrong)):
            return False
        if not _matches(wrong, want, tol):
            explained += 1
    return explained > 0


def _named(mistakes: list[Mistake]) -> str:
    texts = list(dict.fromkeys(m.hint() for m in mistakes))
    if len(texts) == 1:
        return texts[0]
    listed = "; ".join(f"({i}) {t}" for i, t in enumerate(texts, 1))
    return (
        "these catalogued mistakes give the same numbers on every test, so it is one of them / "
        f"以下错误在所有测试上结果相同，是其中之一: {listed}"
    )


def _parts(expected: Any) -> list[Any]:
    if isinstance(expected, dict):
        return list(expected)
    if isinstance(expected, tuple | list) and len(expected) > 1:
        return list(range(len(expected)))
    return []


def function_hints(
    hidden: Hidden,
    expected: Sequence[Any],
    outcomes: Sequence[Outcome],
    labels: Mapping[str, Sequence[str]] | None = None,
) -> dict[int, Hint]:
    """The hint for each function whose results single out a mistake (or a set of mistakes that give
    the same numbers), keyed by the index of the case that shows it; ``labels`` names the parts of a
    function's returned tuple."""
    hints: dict[int, Hint] = {}
    functions = dict.fromkeys(c.function for c in hidden.cases)
    for function in functions:
        seen = [
            i
            for i, c in enumerate(hidden.cases)
            if c.function == function and not c.inputs and outcomes[i].known
        ]
        failed = [i for i in seen if not outcomes[i].passed]
        if not failed:
            continue
        catalogue = [(n, m) for n, m in enumerate(hidden.mistakes) if m.function == function]
        if not catalogue:
            continue

        table = {
            n: [(outcomes[i], hidden.wrong_answer(i, n), expected[i]) for i in seen] for n, _ in catalogue
        }
        whole = [m for n, m in catalogue if _explains(table[n], hidden.tolerance)]
        if whole:
            hints[failed[0]] = Hint(f"hint: {_named(whole)}", tuple(dict.fromkeys(m.id for m in whole)))
            continue
        parts = _parts(expected[failed[0]])
        if not parts:
            continue
        lines, named = [], []
        for key in parts:
            wrong_here = [
                i
                for i in failed
                if not _matches(_part(outcomes[i].got, key), _part(expected[i], key), hidden.tolerance)
            ]
            names = (labels or {}).get(function, ())
            label = key if isinstance(key, str) else names[key] if key < len(names) else f"[{key}]"
            if not wrong_here:
                lines.append(f"{label} ok")
                continue
            found = [m for n, m in catalogue if _explains(table[n], hidden.tolerance, key)]
            named += [m.id for m in found]
            lines.append(f"{label} wrong" + (f": {_named(found)}?" if found else ""))
        if any("wrong:" in line for line in lines) or any(line.endswith(" ok") for line in lines):
            hints[failed[0]] = Hint("part by part: " + ", ".join(lines), tuple(dict.fromkeys(named)))
    return hints


# one wording for the grader's reports and the student kit's check.py
from grader.kit.student.messages import stability_hint  # noqa: E402
