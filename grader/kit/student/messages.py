"""Hints shared by the grader's reports and the student kit's ``check.py``: one wording, two places."""

from __future__ import annotations

__all__ = ["FRAMEWORKS", "exception_hints"]

# Frameworks the sandbox does not offer; importing one gets a hint.
FRAMEWORKS = {"torch", "tensorflow", "jax", "scipy", "sklearn", "pandas", "cupy", "numba"}


def exception_hints(kind: str, module: str | None = None) -> list[str]:
    """The hint lines for an exception of type ``kind`` (``module``: what a failed import named)."""
    lines = []
    if kind in ("ModuleNotFoundError", "ImportError") and str(module or "").split(".")[0] in FRAMEWORKS:
        lines.append(f"hint: only NumPy is available when grading; {module} cannot be imported")
    if kind.endswith("Warning"):
        lines.append(
            "hint: warnings count as errors when grading (as in the public tests); an overflow in "
            "exp() means the computation is not numerically stable"
        )
    if kind in ("SystemExit", "KeyboardInterrupt"):
        lines.append(f"hint: your code raised {kind}; do not exit or interrupt from inside a function")
    return lines
