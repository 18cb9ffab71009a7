"""Turn what the sandbox reported for one submission into graded, explained test results.

Everything here runs in the grader on plain data. The student's process only ever returned values;
whether they are right, and why not, is decided here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.compare import difference
from grader.declare import CallResult, Case, CaseRun, Tolerance, Verdict
from grader.exercise import Exercise, Hidden
from grader.results import Status, SubmissionResult, TestResult
from grader.runtime import WireError, decode
from grader.text import clean, escape, quote

__all__ = ["Events", "judge"]

# Frameworks the sandbox does not offer; importing one gets this hint.
FRAMEWORKS = {"torch", "tensorflow", "jax", "scipy", "sklearn", "pandas", "cupy", "numba"}
MAX_TRACEBACK = 6
MAX_NAME, MAX_MESSAGE, MAX_LINE = 200, 2000, 200  # characters kept of an exception's name, message, lines
MAX_FEEDBACK = 4000  # characters of feedback per test
MAX_OUTPUT = 64 << 10  # characters of stdout and of stderr per submission


@dataclass
class Events:
    """What the supervisor sent about one submission, collected as it arrives."""

    import_event: dict[str, Any] | None = None
    import_payload: Any = None
    tests: dict[int, tuple[dict[str, Any], Any]] = field(default_factory=dict)
    done: dict[str, Any] | None = None
    fatal: str = ""

    def add(self, event: Any, payload: bytes | None) -> None:
        """Record one event; ``payload`` is the runner's untrusted frame, decoded defensively."""
        value: Any = None
        if payload is not None:
            try:
                value = decode(payload)
            except Exception as exc:  # noqa: BLE001 - any frame that does not decode is the sender's fault
                value = WireError(clean(exc, 200))
        if not isinstance(event, dict):
            return
        kind = event.get("event")
        if kind == "import" and self.import_event is None:
            self.import_event, self.import_payload = event, value
        elif kind == "test" and isinstance(event.get("index"), int):
            self.tests.setdefault(event["index"], (event, value))
        elif kind == "done":
            self.done = event
        elif kind == "fatal":
            self.fatal = clean(str(event.get("message", ""))[-2000:], 2000)


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
    # Everything in `error` is the student's: bounded, and escaped so it cannot add lines of its own.
    kind = clean(error.get("type", "Exception"), MAX_NAME)
    message = clean(error.get("message", ""), MAX_MESSAGE)
    shown = kind if kind.isidentifier() else quote(kind)
    lines = [f"{shown}: {quote(message)}" if message else shown]
    frames = error.get("traceback")
    if isinstance(frames, list):
        for frame in frames[-MAX_TRACEBACK:]:
            if isinstance(frame, list) and len(frame) == 4:
                file, line, function, source = (escape(clean(part, MAX_LINE)) for part in frame)
                lines.append(f"  {file}, line {line}, in {function}: {source}")
    module = clean(error.get("module") or "", MAX_NAME)
    if kind in ("ModuleNotFoundError", "ImportError") and module.split(".")[0] in FRAMEWORKS:
        lines.append(f"hint: only NumPy is available when grading; {module} cannot be imported")
    if kind.endswith("Warning"):
        lines.append(
            "hint: warnings count as errors when grading (as in the public tests); an overflow in "
            "exp() means the computation is not numerically stable"
        )
    if kind in ("SystemExit", "KeyboardInterrupt"):
        lines.append(f"hint: your code raised {kind}; do not exit or interrupt from inside a function")
    status = Status.MEMORY if error.get("memory") is True else Status.ERROR
    if status is Status.MEMORY:
        lines.append("hint: the function ran out of memory (the limit is per test)")
    return status, "\n".join(lines)


STOPPED = {
    "timeout": (Status.TIMEOUT, "did not finish within the time limit ({limit})"),
    "flood": (Status.ERROR, "wrote too much to stdout/stderr and was stopped (more than {output})"),
    "protocol": (Status.ERROR, "the answer could not be read back (it broke the result format)"),
    "budget": (Status.TIMEOUT, "not run: the submission used up its time budget ({budget})"),
    "skipped": (Status.TIMEOUT, "not run: an earlier test of this function ran out of time ({limit})"),
}


def _stopped(event: dict[str, Any], limits: dict[str, str]) -> tuple[Status, str]:
    status_name, exit_text = str(event.get("status")), escape(clean(event.get("exit", ""), 100))
    if status_name in STOPPED:
        status, text = STOPPED[status_name]
        return status, text.format_map({"budget": "", **limits})
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
        if not isinstance(where, str) or where not in {call.function for call in case.calls}:
            where = case.function
        status, text = _exception(error)
        return status, f"{where} raised {text}"
    if len(results) != len(case.calls) or not all(isinstance(r, dict) for r in results):
        return Status.ERROR, "the answer could not be read back"
    calls = tuple(
        CallResult(r.get("returned"), tuple(after) if isinstance(after := r.get("args_after"), list) else ())
        for r in results
    )
    too_big = _oversized(case, expected, calls)
    if too_big:
        return Status.ERROR, too_big
    run = CaseRun(case, expected, calls, hidden.tolerance)
    try:
        verdict = case.check(run)
    except Exception as exc:  # noqa: BLE001 - a check must fail the test, not the grader
        verdict = Verdict(False, f"the returned value could not be checked ({type(exc).__name__})")
    if verdict.passed:
        return Status.PASSED, ""
    try:
        hint = _hint(hidden, index, verdict.got, expected) if verdict.got is not None else ""
    except Exception:  # noqa: BLE001 - a hint is a courtesy; a value that breaks it gets none
        hint = ""
    return Status.FAILED, verdict.feedback + hint


def _arrays(value: Any) -> Iterator[np.ndarray]:
    """Every array inside a decoded value (at most as deep as the wire allows)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, np.ndarray):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def _oversized(case: Case, expected: Any, calls: tuple[CallResult, ...]) -> str:
    """Why the answer is too large to be checked at all, before any arithmetic touches it ("" if not).

    An honest answer has arrays no larger than the case's inputs or the reference's answer; anything
    far larger could only cost the grader memory (a broadcast to float64, a huge zero-size shape).
    """
    largest = max((a.size for a in _arrays([expected, [c.args for c in case.calls]])), default=1)
    limit = 4 * largest + 64
    for call in calls:
        for array in _arrays([call.returned, call.args_after]):
            if array.size > limit or array.ndim > 8:
                return (
                    f"returned an array of shape {escape(clean(array.shape, 100))}, far larger than any this "
                    f"test works with; it was not checked"
                )
    return ""


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
                try:
                    status, feedback = _judge_ran(hidden, index, expected[index], payload)
                except Exception as exc:  # noqa: BLE001 - an answer that breaks the judging fails its test only
                    status, feedback = Status.ERROR, f"the answer could not be checked ({type(exc).__name__})"
            else:
                status, feedback = _stopped(event, limits)
        else:
            status = Status.CRASHED
            feedback = "the sandbox stopped before this test ran" + (
                f": {events.fatal}" if events.fatal else ""
            )
        if status is not Status.PASSED and not import_problem:
            feedback = f"{_shapes(exercise, case)}: {feedback}"
        tests.append(TestResult(case.name, case.function, status, points, clean(feedback, MAX_FEEDBACK)))
    done = events.done or {}
    return SubmissionResult(
        submission=clean(submission, 1000),
        exercise=exercise.name,
        sandbox=sandbox,
        tests=tuple(tests),
        tolerance=str(hidden.tolerance),
        seconds=seconds,
        stdout=clean(done.get("stdout", ""), MAX_OUTPUT),
        stderr=clean(done.get("stderr", ""), MAX_OUTPUT),
        problem=clean(import_problem[1], MAX_FEEDBACK) if import_problem else "",
        functions=tuple(f.name for f in exercise.functions),
        seed=hidden.seed,
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
