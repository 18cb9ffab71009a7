"""Results as plain frozen data: scores are derived from the tests, never stored beside them."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["Status", "SubmissionResult", "TestResult"]


class Status(enum.StrEnum):
    """How one test ended."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMEOUT = "timeout"
    MEMORY = "memory"
    CRASHED = "crashed"


@dataclass(frozen=True)
class TestResult:
    """One hidden test of one submission."""

    name: str
    function: str
    status: Status
    max_score: float
    feedback: str = ""
    mistakes: tuple[str, ...] = ()  # catalogued mistakes the feedback names (for the class summary)

    @property
    def score(self) -> float:
        return self.max_score if self.status is Status.PASSED else 0.0


@dataclass(frozen=True)
class SubmissionResult:
    """Everything the reports need about one graded submission."""

    submission: str
    exercise: str
    sandbox: str
    tests: tuple[TestResult, ...]
    tolerance: str
    seconds: float = 0.0
    stdout: str = ""
    stderr: str = ""
    problem: str = ""  # why the submission could not be graded at all (unreadable file, failed import)
    functions: tuple[str, ...] = field(default=())
    seed: int | None = None  # what drew the hidden inputs: `grade --seed N` grades with the same ones
    notes: tuple[str, ...] = field(default=())  # what the report should tell besides the tests (notebooks)
    import_seconds: float | None = field(
        default=None, compare=False
    )  # the top-level code's time, measured here
    protections: tuple[str, ...] = ()  # the containment layers that were active (README: threat model)
    usage: dict[str, float] = field(
        default_factory=dict, hash=False
    )  # what its cgroup measured (cpu_seconds, …)

    @property
    def score(self) -> float:
        return round(sum(test.score for test in self.tests), 6)

    @property
    def max_score(self) -> float:
        return round(sum(test.max_score for test in self.tests), 6)

    @property
    def status(self) -> Status:
        """passed with full marks; else the status of the first test that lost points."""
        lost = [test for test in self.tests if test.status is not Status.PASSED]
        if not lost:
            return Status.PASSED
        statuses = {test.status for test in lost}
        if len(statuses) == 1:
            return lost[0].status
        return Status.FAILED

    def function_scores(self) -> dict[str, tuple[float, float]]:
        """(score, max score) per graded function, in declaration order."""
        scores: dict[str, tuple[float, float]] = {name: (0.0, 0.0) for name in self.functions}
        for test in self.tests:
            got, most = scores.get(test.function, (0.0, 0.0))
            scores[test.function] = (got + test.score, most + test.max_score)
        return {name: (round(got, 6), round(most, 6)) for name, (got, most) in scores.items()}
