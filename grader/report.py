"""Render graded submissions: text for people, JSON lines for tools, Gradescope's results.json, CSV.

Student text reaches these as :mod:`grader.results` holds it (bounded, valid Unicode, its own line
breaks escaped); the human-readable formats escape every line once more, quote odd submission names
and keep spreadsheet cells from being formulas, so nothing in a report can pass for the grader's words.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from grader.results import Status, SubmissionResult, TestResult
from grader.text import display_name, printable, spreadsheet_cell, writable

__all__ = ["FORMATS", "VISIBILITIES", "as_csv", "as_dict", "as_gradescope", "as_json", "as_text", "from_dict"]

FORMATS = ("text", "json", "gradescope", "csv")
VISIBILITIES = ("after_due_date", "after_published", "visible", "hidden")  # Gradescope's, for hidden tests


def _num(value: float, digits: int = 4) -> float | int:
    rounded = round(value, digits)
    return int(rounded) if rounded == int(rounded) else rounded


def as_dict(result: SubmissionResult) -> dict[str, Any]:
    """The JSON record of one submission (one line of ``--format json``)."""
    return {
        "submission": result.submission,
        "exercise": result.exercise,
        "score": _num(result.score, 9),  # exact in JSON; the text report rounds
        "max_score": _num(result.max_score, 9),
        "status": result.status.value,
        "sandbox": result.sandbox,
        "protections": list(result.protections),
        "usage": dict(result.usage),
        "tolerance": result.tolerance,
        "seconds": round(result.seconds, 4),
        "functions": {
            name: {"score": _num(got, 9), "max_score": _num(most, 9)}
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
                "mistakes": list(test.mistakes),
            }
            for test in result.tests
        ],
        "stdout": result.stdout,
        "stderr": result.stderr,
        "problem": result.problem,
        "seed": result.seed,
        "notes": list(result.notes),
    }


def from_dict(data: dict[str, Any]) -> SubmissionResult:
    """The result a JSON record describes (how ``--resume`` reads back earlier reports)."""
    return SubmissionResult(
        submission=data["submission"],
        exercise=data["exercise"],
        sandbox=data["sandbox"],
        tests=tuple(
            TestResult(
                t["name"],
                t["function"],
                Status(t["status"]),
                float(t["max_score"]),
                t["feedback"],
                tuple(str(m) for m in t.get("mistakes", ())),
            )
            for t in data["tests"]
        ),
        tolerance=data["tolerance"],
        seconds=float(data["seconds"]),
        stdout=data["stdout"],
        stderr=data["stderr"],
        problem=data.get("problem", ""),
        functions=tuple(data["functions"]),
        seed=data["seed"] if type(data.get("seed")) is int else None,
        notes=tuple(str(n) for n in data.get("notes", ())),
        protections=tuple(str(p) for p in data.get("protections", ())),
        usage={str(k): float(v) for k, v in data.get("usage", {}).items()},
    )


def as_json(result: SubmissionResult) -> str:
    return writable(json.dumps(as_dict(result), ensure_ascii=False))


def as_gradescope(result: SubmissionResult, visibility: str = "after_due_date") -> str:
    """Gradescope's ``results.json``: total score, run time, and one entry per test.

    Every test is a hidden test: by default its name and feedback show only after the due date, and
    the submission's own stdout never (it could carry anything the submission saw). Outputs are plain
    text, so nothing in them is rendered as HTML or Markdown.
    """
    output = f"Sandbox: {result.sandbox}. Tolerance: {result.tolerance}."
    if result.seed is not None:
        output += f" Seed: {result.seed}."
    if result.protections:
        output += f"\nProtections: {', '.join(result.protections)}."
    if result.problem:
        output += f"\n{result.problem}"
    output += "".join(f"\nnote: {printable(note)}" for note in result.notes)
    data = {
        "score": _num(result.score),
        "execution_time": round(result.seconds, 3),
        "output": output,
        "output_format": "text",
        "test_output_format": "text",
        "stdout_visibility": "hidden",
        "tests": [
            {
                "name": test.name,
                "score": _num(test.score),
                "max_score": _num(test.max_score),
                "status": "passed" if test.status is Status.PASSED else "failed",
                "output": test.feedback
                if test.status is Status.PASSED
                else f"[{test.status.value}] {test.feedback}",
                "visibility": visibility,
            }
            for test in result.tests
        ],
    }
    return writable(json.dumps(data, ensure_ascii=False, indent=2))


def as_text(result: SubmissionResult) -> str:
    """A report a student can act on: per-function scores, then every lost test with its feedback."""
    lines = [
        f"{display_name(result.submission)}: {_num(result.score, 2)}/{_num(result.max_score, 2)} points, "
        f"{result.status.value} ({result.exercise}, sandbox: {result.sandbox}, {result.seconds:.2f} s)"
    ]
    scores = result.function_scores()
    width = max(map(len, scores), default=0)
    for name, (got, most) in scores.items():
        mark = "ok " if got == most else "   "
        lines.append(f"  {mark}{name.ljust(width)}  {_num(got, 2)}/{_num(most, 2)}")
    if result.problem:
        first, *rest = result.problem.split("\n")
        lines.append(f"  problem: {printable(first)}")
        lines.extend("    " + printable(line) for line in rest)
    lines.extend(f"  note: {printable(note)}" for note in result.notes)
    lost = [t for t in result.tests if t.status is not Status.PASSED]
    for test in lost:
        if result.problem and test.feedback == result.problem:
            continue
        lines.append(
            f"  - {test.name} [{test.status.value}, {_num(test.score, 2)}/{_num(test.max_score, 2)}]"
        )
        lines.extend("      " + printable(line) for line in test.feedback.split("\n"))
    lines.append(f"  tolerance: {result.tolerance}")
    if result.seed is not None:
        lines.append(f"  seed: {result.seed} (grade --seed {result.seed} draws the same hidden inputs)")
    if result.protections:
        lines.append(f"  protections: {', '.join(result.protections)}")
    for stream in ("stdout", "stderr"):
        text = getattr(result, stream).rstrip()
        if text:
            shown = text.split("\n")
            lines.append(f"  your {stream} ({len(shown)} lines, first 5):")
            lines.extend("    | " + printable(line) for line in shown[:5])
    return writable("\n".join(lines))


def as_csv(results: Iterable[SubmissionResult], functions: list[str]) -> str:
    """A gradebook: one row per submission, a column per function."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", "score", "max_score", "status", "sandbox", *functions])
    for result in results:
        scores = result.function_scores()
        writer.writerow(
            [
                spreadsheet_cell(result.submission),
                _num(result.score),
                _num(result.max_score),
                spreadsheet_cell(result.status.value),
                spreadsheet_cell(result.sandbox),
                *(_num(scores.get(name, (0.0, 0.0))[0]) for name in functions),
            ]
        )
    return writable(out.getvalue())
