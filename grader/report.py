"""Render graded submissions: text for people, JSON lines for tools, Gradescope's results.json, CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from grader.results import Status, SubmissionResult, TestResult

__all__ = ["FORMATS", "as_csv", "as_dict", "as_gradescope", "as_json", "as_text", "from_dict"]

FORMATS = ("text", "json", "gradescope", "csv")


def _num(value: float, digits: int = 4) -> float | int:
    rounded = round(value, digits)
    return int(rounded) if rounded == int(rounded) else rounded


def as_dict(result: SubmissionResult) -> dict[str, Any]:
    """The JSON record of one submission (one line of ``--format json``)."""
    return {
        "submission": result.submission,
        "exercise": result.exercise,
        "score": _num(result.score),
        "max_score": _num(result.max_score),
        "status": result.status.value,
        "sandbox": result.sandbox,
        "protections": list(result.protections),
        "usage": dict(result.usage),
        "tolerance": result.tolerance,
        "seconds": round(result.seconds, 4),
        "functions": {
            name: {"score": _num(got), "max_score": _num(most)}
            for name, (got, most) in result.function_scores().items()
        },
        "tests": [
            {
                "name": test.name,
                "function": test.function,
                "score": _num(test.score, 9),
                "max_score": _num(test.max_score, 9),  # exact enough to add up again on --resume
                "status": test.status.value,
                "feedback": test.feedback,
            }
            for test in result.tests
        ],
        "stdout": result.stdout,
        "stderr": result.stderr,
        "problem": result.problem,
    }


def from_dict(data: dict[str, Any]) -> SubmissionResult:
    """The result a JSON record describes (how ``--resume`` reads back earlier reports)."""
    return SubmissionResult(
        submission=data["submission"],
        exercise=data["exercise"],
        sandbox=data["sandbox"],
        tests=tuple(
            TestResult(t["name"], t["function"], Status(t["status"]), float(t["max_score"]), t["feedback"])
            for t in data["tests"]
        ),
        tolerance=data["tolerance"],
        seconds=float(data["seconds"]),
        stdout=data["stdout"],
        stderr=data["stderr"],
        problem=data.get("problem", ""),
        functions=tuple(data["functions"]),
        protections=tuple(str(p) for p in data.get("protections", ())),
        usage={str(k): float(v) for k, v in data.get("usage", {}).items()},
    )


def as_json(result: SubmissionResult) -> str:
    return json.dumps(as_dict(result), ensure_ascii=False)


def as_gradescope(result: SubmissionResult) -> str:
    """Gradescope's ``results.json``: total score, run time, and one entry per test."""
    output = f"Sandbox: {result.sandbox}. Tolerance: {result.tolerance}."
    if result.protections:
        output += f"\nProtections: {', '.join(result.protections)}."
    if result.problem:
        output += f"\n{result.problem}"
    data = {
        "score": _num(result.score),
        "execution_time": round(result.seconds, 3),
        "output": output,
        "stdout_visibility": "visible",
        "tests": [
            {
                "name": test.name,
                "score": _num(test.score),
                "max_score": _num(test.max_score),
                "status": "passed" if test.status is Status.PASSED else "failed",
                "output": test.feedback
                if test.status is Status.PASSED
                else f"[{test.status.value}] {test.feedback}",
                "visibility": "visible",
            }
            for test in result.tests
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_text(result: SubmissionResult) -> str:
    """A report a student can act on: per-function scores, then every lost test with its feedback."""
    lines = [
        f"{result.submission}: {_num(result.score)}/{_num(result.max_score)} points, {result.status.value} "
        f"({result.exercise}, sandbox: {result.sandbox}, {result.seconds:.2f} s)"
    ]
    scores = result.function_scores()
    width = max(map(len, scores), default=0)
    for name, (got, most) in scores.items():
        mark = "ok " if got == most else "   "
        lines.append(f"  {mark}{name.ljust(width)}  {_num(got)}/{_num(most)}")
    if result.problem:
        lines.append(f"  problem: {result.problem}")
    lost = [t for t in result.tests if t.status is not Status.PASSED]
    for test in lost:
        if result.problem and test.feedback == result.problem:
            continue
        lines.append(f"  - {test.name} [{test.status.value}, {_num(test.score)}/{_num(test.max_score)}]")
        lines.extend("      " + line for line in test.feedback.splitlines())
    lines.append(f"  tolerance: {result.tolerance}")
    if result.protections:
        lines.append(f"  protections: {', '.join(result.protections)}")
    for stream in ("stdout", "stderr"):
        text = getattr(result, stream).rstrip()
        if text:
            shown = text.splitlines()
            lines.append(f"  your {stream} ({len(shown)} lines, first 5):")
            lines.extend("    | " + line for line in shown[:5])
    return "\n".join(lines)


def as_csv(results: Iterable[SubmissionResult], functions: list[str]) -> str:
    """A gradebook: one row per submission, a column per function."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", "score", "max_score", "status", "sandbox", *functions])
    for result in results:
        scores = result.function_scores()
        writer.writerow(
            [
                result.submission,
                _num(result.score),
                _num(result.max_score),
                result.status.value,
                result.sandbox,
                *(_num(scores.get(name, (0.0, 0.0))[0]) for name in functions),
            ]
        )
    return out.getvalue()
