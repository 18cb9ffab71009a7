"""Hints shared by the grader's reports and the student kit's ``check.py``: one wording, two places."""

from __future__ import annotations

import re

__all__ = ["FRAMEWORKS", "exception_hints", "stability_hint"]

# Frameworks the sandbox does not offer; importing one gets a hint.
FRAMEWORKS = {"torch", "tensorflow", "jax", "scipy", "sklearn", "pandas", "cupy", "numba"}


def exception_hints(kind: str, module: str | None = None, message: str = "") -> list[str]:
    """The hint lines for an exception of type ``kind`` (``module``: what a failed import named)."""
    lines = []
    framework = str(module or "").split(".")[0]  # a known name: the rest of `module` is the student's
    if kind in ("ModuleNotFoundError", "ImportError") and framework in FRAMEWORKS:
        lines.append(f"hint: only NumPy is available when grading; {framework} cannot be imported")
    if kind.endswith("Warning"):
        lines.append(stability_hint(kind, message))
    if kind in ("SystemExit", "KeyboardInterrupt"):
        lines.append(f"hint: your code raised {kind}; do not exit or interrupt from inside a function")
    return lines


WARNING = re.compile(r"(overflow|underflow|divide by zero|invalid value) encountered in (\w+)")
WHAT = {
    "overflow": "a result was too large for float64 (exp of a large number overflows)",
    "underflow": "a result was too small for float64",
    "divide by zero": "a division by zero (log(0) or x / 0)",
    "invalid value": "an invalid value (nan: inf − inf, 0 / 0, log or sqrt of a negative number)",
}


def stability_hint(kind: str, message: str) -> str:
    """What a NumPy warning says happened, and what to do, for the feedback of a failed test."""
    found = WARNING.search(message)
    if not found:
        return (
            f"hint: warnings count as errors when grading (as in the public tests): your code raised "
            f"{kind}; find the operation that warns and make it numerically safe"
        )
    what, where = found.groups()
    return (
        f"hint: warnings count as errors when grading (as in the public tests): {what} in {where}(), "
        f"i.e. {WHAT[what]}; rewrite that step so it is numerically stable for every valid input"
    )
