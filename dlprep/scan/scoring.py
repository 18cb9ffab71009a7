"""Answers to points, by the rules the exam spec chose (recorded in the build's manifest).

single / true-false: the right answer earns the points, a wrong one costs `negative` x points,
a blank earns 0. multiple: all-or-nothing (exactly the right set) or per-choice (each right
choice marked earns points/right, each wrong one marked costs points/wrong, floored at 0, or at
-negative x points with negative marking). numeric: within the tolerance. open and short: the
score the marker ticked, at most the question's points.
"""

from __future__ import annotations

from typing import Any

__all__ = ["score_answer", "ScoringError"]

from dlprep.errors import DlprepError


class ScoringError(DlprepError):
    """An answer that cannot be scored (an override that does not fit its question)."""

    exit_code = 2


def _choice_set(answer: str) -> set[str]:
    return {ch for ch in answer.upper() if ch.isalpha()}


def score_answer(question: dict[str, Any], answer: str, scoring: dict[str, Any]) -> float:
    """Points for `answer` (normalised text; "" is blank) to one manifest question."""
    points = float(question["points"])
    negative = float(scoring.get("negative", 0.0)) * points
    qtype, key = question["type"], question["key"]
    if answer == "":
        return 0.0
    if qtype == "single":
        return points if _choice_set(answer) == set(key) else -negative
    if qtype == "multiple":
        marked, right = _choice_set(answer), set(key)
        if scoring.get("multiple", "all-or-nothing") == "all-or-nothing":
            return points if marked == right else -negative
        wrong_count = max(len(question.get("choice_order", [])) - len(right), 1)
        raw = points * (len(marked & right) / len(right) - len(marked - right) / wrong_count)
        return round(max(raw, -negative), 6)
    if qtype == "truefalse":
        if answer not in ("true", "false"):
            raise ScoringError(f"question {question['number']}: '{answer}' is not true or false")
        return points if (answer == "true") == bool(key) else -negative
    if qtype == "numeric":
        try:
            value = float(answer)
        except ValueError:
            raise ScoringError(f"question {question['number']}: '{answer}' is not a number") from None
        target, tolerance = float(key["value"]), float(key["tolerance"])
        return points if abs(value - target) <= tolerance + 1e-9 * max(1.0, abs(target)) else 0.0
    try:
        ticked = float(answer)
    except ValueError:
        raise ScoringError(f"question {question['number']}: score '{answer}' is not a number") from None
    if not 0 <= ticked <= points:
        raise ScoringError(f"question {question['number']}: score {answer} is outside 0 to {points:g}")
    return ticked
