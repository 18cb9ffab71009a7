"""What an exercise's hidden tests declare: calls to make, how to judge them, and known mistakes.

``solutions/<exercise>/grading.py`` builds these from plain NumPy and returns them to the grader; the
grader sends only the calls (inputs) into the sandbox and keeps the judging on its side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Call", "Case", "CaseRun", "Check", "Mistake", "Tolerance", "Verdict"]


@dataclass(frozen=True)
class Tolerance:
    """Closeness for float comparisons: ``|got - want| <= atol + rtol * |want|`` elementwise."""

    rtol: float = 1e-6
    atol: float = 1e-9

    def __str__(self) -> str:
        return f"rtol {self.rtol:g}, atol {self.atol:g}"


@dataclass(frozen=True)
class Call:
    """One positional call of a student's function."""

    function: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class CallResult:
    """What one call gave back, as plain data decoded in the grader."""

    returned: Any
    args_after: tuple[Any, ...]


@dataclass(frozen=True)
class CaseRun:
    """Everything a check needs: the case, the reference's answer and the student's results."""

    case: Case
    expected: Any
    results: tuple[CallResult, ...]
    tolerance: Tolerance

    @property
    def returned(self) -> Any:
        """The value returned by the case's last call (the one being graded)."""
        return self.results[-1].returned


@dataclass(frozen=True)
class Verdict:
    """A check's judgement; ``got`` is the value to match against known mistakes when it failed."""

    passed: bool
    feedback: str = ""
    got: Any = None


Check = Callable[[CaseRun], Verdict]


@dataclass(frozen=True)
class Case:
    """A hidden test: calls made in one process, judged by ``check``, worth a share of a function's points.

    ``expected`` receives the device name and returns the reference answer (computed once per batch);
    ``weight`` is this case's share among the cases of the same function. An ``inputs`` case is the
    function's "leaves its inputs unchanged" test: the judge passes it when no case of the function
    changed an argument and some case of it was right (one mistake is charged once, whatever ``check``).
    """

    name: str
    function: str
    calls: tuple[Call, ...]
    check: Check
    expected: Callable[[str], Any] = field(default=lambda device: None)
    weight: float = 1.0
    inputs: bool = False
    needs_other: bool = False  # an answer that computes nothing can pass it: credited after another


@dataclass(frozen=True)
class Mistake:
    """A classic mistake: ``wrong(*args)`` computes what a function returns when it makes it."""

    id: str
    function: str
    en: str
    zh: str
    wrong: Callable[..., Any]

    def hint(self) -> str:
        return f"{self.en} / {self.zh}"
