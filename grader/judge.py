"""Turn what the sandbox reported for one submission into graded, explained test results.

Everything here runs in the grader on plain data. The student's process only ever returned values;
whether they are right, and why not, is decided here.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grader.declare import CallResult, Case, CaseRun, Verdict
from grader.exercise import Exercise, Hidden
from grader.hints import Outcome, function_hints
from grader.kit.student.messages import exception_hints
from grader.results import Status, SubmissionResult, TestResult
from grader.runtime import FRAME_HEAD, WireError, decode
from grader.text import clean, escape, quote
from grader.untouched import changed_input

__all__ = ["Events", "judge"]

MAX_TRACEBACK = 6
MAX_NAME, MAX_MESSAGE, MAX_LINE = 200, 2000, 200  # characters kept of an exception's name, message, lines
MAX_FEEDBACK = 4000  # characters of feedback per test
MAX_OUTPUT = 64 << 10  # characters of stdout and of stderr per submission
SUBMISSION_HEADERS = 1 << 20  # bytes of frame headers (the structure around the arrays) per submission
CHANGED_IN_PLACE = "inputs-changed-in-place"  # the mistake id the class summary counts


@dataclass
class Events:
    """What the supervisor sent about one submission, collected as it arrives."""

    import_event: dict[str, Any] | None = None
    import_payload: Any = None
    tests: dict[int, tuple[dict[str, Any], Any]] = field(default_factory=dict)
    done: dict[str, Any] | None = None
    fatal: str = ""
    header_left: int = SUBMISSION_HEADERS
    # notebooks: when the import (the top-level code) ended, as seen here, to tell what used the time
    created: float = field(default_factory=time.monotonic)
    import_seconds: float | None = None

    def add(self, event: Any, payload: bytes | None) -> None:
        """Record one event; ``payload`` is the runner's untrusted frame, decoded defensively.

        Each frame is bounded by the decoder, and all of a submission's frames together by
        SUBMISSION_HEADERS: decoded answers are kept until judging, so a submission that sends the
        largest header allowed in every test must not add up to hundreds of MiB in the grader."""
        value: Any = None
        if payload is not None:
            header = FRAME_HEAD.unpack_from(payload)[0] if len(payload) >= FRAME_HEAD.size else 0
            self.header_left -= header
            try:
                if self.header_left < 0:
                    raise WireError("the submission's answers exceed the grader's budget for their structure")
                value = decode(payload)
            except Exception as exc:  # noqa: BLE001 - any frame that does not decode is the sender's fault
                value = WireError(clean(exc, 200))
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


def _located(text: str, function: str, returns: tuple[str, ...]) -> str:
    """Name the part of a result where the statement names it: ``W1[0, 0]``, not
    ``train_step(...)[0][0, 0]``; ``b1[2]``, not ``backward(...)['b1'][2]``."""
    call = re.escape(f"{function}(...)")
    text = re.sub(call + r"\['(\w+)'\]", r"\1", text)
    if returns:
        text = re.sub(
            call + r"\[(\d+)\]",
            lambda m: returns[int(m.group(1))] if int(m.group(1)) < len(returns) else m.group(0),
            text,
        )
    return text


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
    lines += exception_hints(kind, clean(error.get("module") or "", MAX_NAME), message)
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


@dataclass(frozen=True)
class _Ran:
    """One case as judged on its own, before the function-wide hint and the inputs check."""

    status: Status
    feedback: str
    outcome: Outcome | None = None
    changed: str | None = None  # the first argument a call changed in place


def _judge_ran(exercise: Exercise, hidden: Hidden, index: int, expected: Any, payload: Any) -> _Ran:
    case = hidden.cases[index]
    if isinstance(payload, WireError) or not isinstance(payload, dict):
        return _Ran(Status.ERROR, "the answer could not be read back (it is not plain data)")
    results = payload.get("results")
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        return _Ran(Status.ERROR, "the answer could not be read back")
    calls = tuple(
        CallResult(r.get("returned"), tuple(after) if isinstance(after := r.get("args_after"), list) else ())
        for r in results
    )
    too_big = _oversized(case, expected, calls)  # before any arithmetic touches the answer
    if too_big:
        return _Ran(Status.ERROR, too_big)
    changed = changed_input(case, calls, exercise.function(case.function).args)
    if payload.get("error") is not None:
        error = payload["error"]
        where = error.get("function", case.function) if isinstance(error, dict) else case.function
        if not isinstance(where, str) or where not in {call.function for call in case.calls}:
            where = case.function
        status, text = _exception(error)
        return _Ran(status, f"{where} raised {text}", changed=changed)
    if len(results) != len(case.calls):
        return _Ran(Status.ERROR, "the answer could not be read back")
    run = CaseRun(case, expected, calls, hidden.tolerance)
    try:
        verdict = case.check(run)
    except Exception as exc:  # noqa: BLE001 - a check must fail the test, not the grader
        verdict = Verdict(False, f"the returned value could not be checked ({type(exc).__name__})")
    if verdict.passed:
        return _Ran(Status.PASSED, "", Outcome(True, run.returned, True), changed)
    outcome = Outcome(False, verdict.got, verdict.got is not None)
    return _Ran(Status.FAILED, verdict.feedback, outcome, changed)


def _all_zero(answer: Any, tolerance: Any) -> bool:
    """Whether zeros of the right shapes pass against this reference answer (every number in it is
    within the absolute tolerance of 0): such a test proves nothing on its own."""
    numbers = list(_arrays([answer]))
    stack, floats = [answer], []
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, float | int) and not isinstance(item, bool):
            floats.append(float(item))
    if not numbers and not floats:
        return False
    atol = float(getattr(tolerance, "atol", 0.0))
    try:
        arrays_zero = all(
            a.size == 0 or (np.issubdtype(a.dtype, np.number) and float(np.max(np.abs(a))) <= atol)
            for a in numbers
        )
    except (TypeError, ValueError):
        return False
    return arrays_zero and all(abs(x) <= atol for x in floats)


def _handed_back(answer: Any, case: Case, tolerance: Any) -> bool:
    """Whether handing the inputs back passes: every array of the reference answer equals an
    argument of the same shape (an update whose step is ~0, e.g. on a saturated network)."""
    answers = list(_arrays([answer]))
    inputs = [a for call in case.calls for a in _arrays([call.args])]
    if not answers:
        return False
    rtol, atol = float(getattr(tolerance, "rtol", 0.0)), float(getattr(tolerance, "atol", 0.0))
    try:
        return all(
            any(
                b.shape == a.shape
                and np.issubdtype(a.dtype, np.number)
                and np.issubdtype(b.dtype, np.number)
                and bool(np.allclose(a, b, rtol=rtol, atol=atol))
                for b in inputs
            )
            for a in answers
        )
    except (TypeError, ValueError):
        return False


def _earned(hidden: Hidden, index: int, ran: list[_Ran], free: list[bool]) -> bool:
    """A test that computing nothing passes counts once the function passes a test that it does not."""
    function = hidden.cases[index].function
    return any(
        ran[i].status is Status.PASSED and not free[i] and not c.inputs
        for i, c in enumerate(hidden.cases)
        if c.function == function
    )


def _inputs_verdict(
    hidden: Hidden, index: int, ran: list[_Ran], free: list[bool]
) -> tuple[Status, str, tuple[str, ...]]:
    """A function's "leaves its inputs unchanged" case, on the evidence of all of its cases."""
    case = hidden.cases[index]
    own = ran[index]
    if own.status not in (Status.PASSED, Status.FAILED):
        return own.status, own.feedback, ()
    mine = [i for i, c in enumerate(hidden.cases) if c.function == case.function]
    for i in mine:
        if ran[i].changed:
            text = (
                f"{case.function} modified {ran[i].changed} in place (in the test {hidden.cases[i].name!r}); "
                "leave the arguments as they are and build new arrays "
                "(x = x - y or np.maximum(x, 0), not x -= y or x[x < 0] = 0)"
            )
            return Status.FAILED, text, (CHANGED_IN_PLACE,)
    if not any(ran[i].status is Status.PASSED for i in mine if not hidden.cases[i].inputs and not free[i]):
        text = (
            f"not credited yet: {case.function} leaves its inputs alone, but none of its other tests passed"
        )
        return Status.FAILED, text, ()
    return Status.PASSED, "", ()


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
    ran: list[_Ran] = []
    for index in range(len(hidden.cases)):
        if import_problem:
            ran.append(_Ran(*import_problem))
        elif index in events.tests:
            event, payload = events.tests[index]
            if event.get("status") == "ran":
                try:
                    ran.append(_judge_ran(exercise, hidden, index, expected[index], payload))
                except Exception as exc:  # noqa: BLE001 - an answer that breaks the judging fails its test only
                    ran.append(_Ran(Status.ERROR, f"the answer could not be checked ({type(exc).__name__})"))
            else:
                ran.append(_Ran(*_stopped(event, limits)))
        else:
            ran.append(
                _Ran(
                    Status.CRASHED,
                    "the sandbox stopped before this test ran"
                    + (f": {events.fatal}" if events.fatal else ""),
                )
            )
    labels = {f.name: f.returns for f in exercise.functions}
    outcomes = [r.outcome or Outcome(False) for r in ran]
    try:
        hints = {} if import_problem else function_hints(hidden, expected, outcomes, labels)
    except Exception:  # noqa: BLE001 - a hint is a courtesy; answers that break the hints get none
        hints = {}
    free = [
        case.needs_other
        or _all_zero(answer, hidden.tolerance)
        or _handed_back(answer, case, hidden.tolerance)
        for case, answer in zip(hidden.cases, expected, strict=False)
    ]
    free += [False] * (len(hidden.cases) - len(free))
    tests = []
    for index, (case, points) in enumerate(zip(hidden.cases, exercise.case_points(hidden), strict=True)):
        status, feedback = ran[index].status, ran[index].feedback
        mistakes: tuple[str, ...] = ()
        if case.inputs and not import_problem:
            status, feedback, mistakes = _inputs_verdict(hidden, index, ran, free)
        elif status is Status.PASSED and free[index] and not _earned(hidden, index, ran, free):
            status = Status.FAILED
            feedback = (
                f"not credited yet: an answer that computes nothing (zeros, or the inputs handed back) "
                f"passes this test too, so it counts once another test of {case.function} passes"
            )
        elif index in hints:
            feedback, mistakes = f"{feedback}\n{hints[index].text}", hints[index].mistakes
        if status is not Status.PASSED and not import_problem:
            feedback = (
                f"{_shapes(exercise, case)}: {_located(feedback, case.function, labels[case.function])}"
            )
        tests.append(
            TestResult(case.name, case.function, status, points, clean(feedback, MAX_FEEDBACK), mistakes)
        )
    done = events.done or {}
    return SubmissionResult(
        submission=submission,  # already bounded and valid: grader.submissions.shown_name
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
