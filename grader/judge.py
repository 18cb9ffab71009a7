"""Turn what the sandbox reported for one submission into graded, explained test results.

Everything here runs in the grader on plain data. The student's process only ever returned values;
whether they are right, and why not, is decided here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.compare import difference
from grader.declare import CallResult, Case, CaseRun, Tolerance, Verdict
from grader.exercise import Exercise, Hidden
from grader.kit.student.messages import exception_hints
from grader.results import Status, SubmissionResult, TestResult
from grader.runtime import WireError, decode

__all__ = ["Events", "judge"]

MAX_TRACEBACK = 6


@dataclass
class Events:
    """What the supervisor sent about one submission, collected as it arrives."""

    import_event: dict[str, Any] | None = None
    import_payload: Any = None
    tests: dict[int, tuple[dict[str, Any], Any]] = field(default_factory=dict)
    done: dict[str, Any] | None = None
    fatal: str = ""
    # notebooks: when the import (the top-level code) ended, as seen here, to tell what used the time
    created: float = field(default_factory=time.monotonic)
    import_seconds: float | None = None

    def add(self, event: Any, payload: bytes | None) -> None:
        """Record one event; ``payload`` is the runner's untrusted frame, decoded defensively."""
        value: Any = None
        if payload is not None:
            try:
                value = decode(payload)
            except WireError as exc:
                value = WireError(str(exc))
        if not isinstance(event, dict):
            return
        kind = event.get("event")
        if kind == "import" and self.import_event is None:
            self.import_event, self.import_payload = event, value
            self.import_seconds = time.monotonic() - self.created
        elif kind == "test" and isinstance(event.get("index"), int):
            self.tests.setdefault(event["index"], (event, value))
        elif kind == "done":
            self.done = event
        elif kind == "fatal":
            self.fatal = str(event.get("message", ""))[-2000:]


def _brief(value: Any) -> str:
    """An argument as feedback shows it: arrays by shape, containers by their keys or length."""
    if isinstance(value, np.ndarray):
        return f" {tuple(value.shape)}"
    if isinstance(value, dict):
        return "={" + ", ".join(f"{k!r}:{_brief(v).lstrip('= ')}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple) and len(value) > 4:
        return f"=<{type(value).__name__} of {len(value)}>"
    if isinstance(value, list | tuple):
        inner = ", ".join(_brief(v).lstrip("= ") for v in value)
        return f"=({inner})" if isinstance(value, tuple) else f"=[{inner}]"
    text = repr(value)
    return "=" + (text if len(text) <= 40 else text[:37] + "...")


def _shapes(exercise: Exercise, case: Case) -> str:
    call = case.calls[-1]
    names = exercise.function(call.function).args
    parts = []
    for i, arg in enumerate(call.args):
        name = names[i] if i < len(names) else f"arg{i + 1}"
        parts.append(f"{name}{_brief(arg)}")
    return f"{call.function}({', '.join(parts)})"


def _exception(error: Any) -> tuple[Status, str]:
    """Status and feedback for an exception raised by the student's code."""
    if not isinstance(error, dict):
        return Status.ERROR, "the submission's answer could not be read"
    kind, message = str(error.get("type", "Exception")), str(error.get("message", ""))
    lines = [f"{kind}: {message}" if message else kind]
    frames = error.get("traceback") or []
    if isinstance(frames, list):
        for frame in frames[-MAX_TRACEBACK:]:
            if isinstance(frame, list) and len(frame) == 4:
                lines.append(f"  {frame[0]}, line {frame[1]}, in {frame[2]}: {frame[3]}")
    # the student kit's check.py gives the same hints: grader/kit/student/messages.py
    lines.extend(exception_hints(kind, str(error["module"]) if error.get("module") else None))
    status = Status.MEMORY if error.get("memory") else Status.ERROR
    if status is Status.MEMORY:
        lines.append("hint: the function ran out of memory (the limit is per test)")
    return status, "\n".join(lines)


STOPPED = {
    "timeout": (Status.TIMEOUT, "did not finish within the time limit ({limit})"),
    "flood": (Status.ERROR, "wrote too much to stdout/stderr and was stopped (more than {output})"),
    "protocol": (Status.ERROR, "the answer could not be read back (it broke the result format)"),
}


def _stopped(event: dict[str, Any], limits: dict[str, str]) -> tuple[Status, str]:
    status_name, exit_text = str(event.get("status")), str(event.get("exit", ""))
    if status_name in STOPPED:
        status, text = STOPPED[status_name]
        return status, text.format(**limits)
    if exit_text == "SIGXCPU":
        return Status.TIMEOUT, f"used more than the CPU time limit ({limits['cpu']})"
    if exit_text.startswith("exit code"):
        return (
            Status.CRASHED,
            f"the process exited ({exit_text}) in the middle of the test (sys.exit or os._exit?)",
        )
    return Status.CRASHED, f"the process died ({exit_text or 'unknown cause'})"


def _hint(hidden: Hidden, index: int, got: Any, expected: Any) -> str:
    """The catalogue's hint for the first mistake that explains ``got`` on case ``index``, if any."""
    tol = hidden.tolerance
    for number, mistake in enumerate(hidden.mistakes):
        if mistake.function != hidden.cases[index].function:
            continue
        wrong = hidden.wrong_answer(index, number)
        if wrong is None or _matches(wrong, expected, tol):
            continue  # the mistake cannot be made here, or gives the right answer on this case
        if _matches(got, wrong, tol) or _same_nans(got, wrong):
            return f"\nhint: {mistake.hint()}"
    return ""


def _matches(got: Any, want: Any, tol: Tolerance) -> bool:
    try:
        return difference(got, want, tol) is None
    except TypeError:
        return False


def _same_nans(got: Any, wrong: Any) -> bool:
    """Both arrays have nan/inf in the same places and agree elsewhere (an overflowing sigmoid)."""
    if not (isinstance(got, np.ndarray) and isinstance(wrong, np.ndarray)) or got.shape != wrong.shape:
        return False
    if got.dtype.kind not in "iuf":
        return False
    bad_got, bad_wrong = ~np.isfinite(got), ~np.isfinite(wrong)
    return bool(
        bad_got.any() and np.array_equal(bad_got, bad_wrong) and np.allclose(got[~bad_got], wrong[~bad_wrong])
    )


def _judge_ran(hidden: Hidden, index: int, expected: Any, payload: Any) -> tuple[Status, str]:
    case = hidden.cases[index]
    if isinstance(payload, WireError) or not isinstance(payload, dict):
        return Status.ERROR, "the answer could not be read back (it is not plain data)"
    results = payload.get("results")
    if not isinstance(results, list):
        return Status.ERROR, "the answer could not be read back"
    if payload.get("error") is not None:
        error = payload["error"]
        where = error.get("function", case.function) if isinstance(error, dict) else case.function
        status, text = _exception(error)
        return status, f"{where} raised {text}"
    if len(results) != len(case.calls) or not all(isinstance(r, dict) for r in results):
        return Status.ERROR, "the answer could not be read back"
    calls = tuple(CallResult(r.get("returned"), tuple(r.get("args_after") or ())) for r in results)
    run = CaseRun(case, expected, calls, hidden.tolerance)
    try:
        verdict = case.check(run)
    except Exception as exc:  # noqa: BLE001 - a check must fail the test, not the grader
        verdict = Verdict(False, f"the returned value could not be checked: {type(exc).__name__}: {exc}")
    if verdict.passed:
        return Status.PASSED, ""
    hint = _hint(hidden, index, verdict.got, expected) if verdict.got is not None else ""
    return Status.FAILED, verdict.feedback + hint


def judge(
    exercise: Exercise,
    hidden: Hidden,
    expected: list[Any],
    submission: str,
    events: Events,
    sandbox: str,
    limits: dict[str, str],
    seconds: float = 0.0,
) -> SubmissionResult:
    """Score one submission from its events; every case gets exactly one result."""
    import_problem = _import_problem(events, limits)
    tests = []
    for index, (case, points) in enumerate(zip(hidden.cases, exercise.case_points(hidden), strict=True)):
        if import_problem:
            status, feedback = import_problem
        elif index in events.tests:
            event, payload = events.tests[index]
            if event.get("status") == "ran":
                status, feedback = _judge_ran(hidden, index, expected[index], payload)
            else:
                status, feedback = _stopped(event, limits)
        else:
            status = Status.CRASHED
            feedback = "the sandbox stopped before this test ran" + (
                f": {events.fatal}" if events.fatal else ""
            )
        if status is not Status.PASSED and not import_problem:
            feedback = f"{_shapes(exercise, case)}: {feedback}"
        tests.append(TestResult(case.name, case.function, status, points, feedback))
    done = events.done or {}
    return SubmissionResult(
        submission=submission,
        exercise=exercise.name,
        sandbox=sandbox,
        tests=tuple(tests),
        tolerance=str(hidden.tolerance),
        seconds=seconds,
        stdout=str(done.get("stdout", "")),
        stderr=str(done.get("stderr", "")),
        problem=import_problem[1] if import_problem else "",
        functions=tuple(f.name for f in exercise.functions),
        import_seconds=events.import_seconds,
    )


def _import_problem(events: Events, limits: dict[str, str]) -> tuple[Status, str] | None:
    event = events.import_event
    if event is None:
        if events.tests:
            return None
        return Status.CRASHED, "the sandbox stopped before the module was imported" + (
            f": {events.fatal}" if events.fatal else ""
        )
    if event.get("ok"):
        return None
    payload = events.import_payload
    if isinstance(payload, dict) and isinstance(payload.get("import_error"), dict):
        status, text = _exception(payload["import_error"])
        return status, f"importing your module raised {text}"
    status, text = _stopped(event, limits)
    return status, f"while importing your module: {text}"
