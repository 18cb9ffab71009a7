"""Grade many submissions: one zygote, one set of reference answers, submissions in parallel.

The reference (PyTorch) is computed in this process while the sandbox starts; each submission's
events stream back on its own pipe and are judged as soon as its supervisor says it is done.
"""

from __future__ import annotations

import dataclasses
import os
import selectors
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader import runtime
from grader.containment.cgroups import Usage
from grader.declare import Case
from grader.errors import UsageError
from grader.exercise import Exercise, Hidden
from grader.judge import Events, judge
from grader.results import Status, SubmissionResult, TestResult
from grader.sandbox import Limits, SandboxKind, Zygote, available_kind
from grader.submissions import Submission
from grader.text import clean, printable

__all__ = ["grade_batch", "pick_device", "reference_answers", "run_submissions", "tests_for_sandbox"]

SLACK = 5.0  # seconds the grader waits beyond a submission's budget before giving up on it
RESULT_FLOOR = 1 << 20  # bytes every test's answer may take, however small its inputs
RESULT_FACTOR = 8  # ... plus this many times the bytes of its inputs and of the reference's answer
EVENT_HEADER = runtime.MAX_HEADER + (64 << 10)  # an event's header wraps at most a runner's frame header


def pick_device(device: str) -> str:
    """``cpu``, ``cuda`` or ``auto`` (CUDA when PyTorch sees a GPU)."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise UsageError("--device cuda: PyTorch sees no CUDA GPU here; use --device cpu or auto")
    if device not in ("cpu", "cuda"):
        raise UsageError(f"--device {device}: use cpu, cuda or auto")
    return device


def reference_answers(hidden: Hidden, device: str) -> list[Any]:
    """The reference's answer for every case, computed once per batch."""
    return [case.expected(device) for case in hidden.cases]


def nbytes(value: Any) -> int:
    """Roughly what a value takes on the wire: its arrays' bytes, 16 for anything else."""
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    if isinstance(value, dict):
        return sum(nbytes(v) for v in value.values()) + 16
    if isinstance(value, list | tuple):
        return sum(nbytes(v) for v in value) + 16
    return 16


def result_cap(case: Case, expected: Any) -> int:
    """The most bytes a test's answer may take: what an honest one needs, with a wide margin."""
    inputs = sum(nbytes(call.args) for call in case.calls)
    return RESULT_FLOOR + RESULT_FACTOR * (inputs + nbytes(expected))


def tests_for_sandbox(hidden: Hidden, expected: list[Any] | None = None) -> list[dict[str, Any]]:
    """Only the calls travel into the sandbox, never an expected answer; with each test, its answer's cap."""
    answers = expected if expected is not None else [None] * len(hidden.cases)
    return [
        {
            "function": case.function,
            "calls": [{"function": c.function, "args": list(c.args)} for c in case.calls],
            "result_bytes": result_cap(case, answer),
        }
        for case, answer in zip(hidden.cases, answers, strict=True)
    ]


@dataclass
class _Running:
    submission: Submission
    fd: int
    started: float
    deadline: float
    events: Events
    buffer: bytearray
    pending_event: Any = None
    broken: str = ""  # why we stopped reading this submission's channel early


def _limits_text(limits: Limits) -> dict[str, str]:
    return {
        "limit": f"{limits.wall:g} s per test",
        "cpu": f"{limits.cpu:g} s per test",
        "output": f"{limits.output_kill // (1 << 20)} MiB",
        "budget": f"{limits.budget:g} s per submission",
    }


def grade_batch(
    exercise: Exercise,
    submissions: list[Submission],
    *,
    jobs: int | None = None,
    device: str = "auto",
    limits: Limits | None = None,
    sandbox: str = "auto",
    on_start: Callable[[SandboxKind], None] | None = None,
    seed: int | None = None,
) -> Iterator[SubmissionResult]:
    """Yield each submission's result as soon as it is graded (not in input order).

    ``seed`` draws the hidden inputs (the CLI picks a fresh one per run); None: the exercise's own.
    """
    limits = limits or Limits()
    kind = available_kind(sandbox)
    zygote = Zygote(kind)
    zygote.start()  # imports NumPy in the sandbox while we import torch here
    try:
        hidden = exercise.load_hidden(seed)
        expected = reference_answers(hidden, pick_device(device))
        zygote.wait_ready()
        if on_start:
            on_start(zygote.kind)
        zygote.send_tests(tests_for_sandbox(hidden, expected))
        yield from run_submissions(
            exercise, hidden, expected, submissions, zygote, jobs or os.cpu_count() or 1, limits
        )
    finally:
        zygote.close()


def run_submissions(
    exercise: Exercise,
    hidden: Hidden,
    expected: list[Any],
    submissions: list[Submission],
    zygote: Zygote,
    jobs: int,
    limits: Limits,
) -> Iterator[SubmissionResult]:
    """Grade `submissions` with a ready zygote, `jobs` at a time; yield results as they finish."""
    queue = list(submissions)
    running: dict[int, _Running] = {}
    selector = selectors.DefaultSelector()
    budget = limits.budget + SLACK
    texts = _limits_text(limits)
    caps = [min(limits.result_bytes, result_cap(c, e)) for c, e in zip(hidden.cases, expected, strict=True)]

    def finish(job: _Running) -> SubmissionResult:
        selector.unregister(job.fd)
        os.close(job.fd)
        del running[job.fd]
        seconds = time.monotonic() - job.started
        if job.broken:
            job.events.fatal = job.broken
        usage = zygote.finished(job.fd)
        try:
            result = judge(
                exercise, hidden, expected, job.submission.name, job.events, zygote.kind.value, texts, seconds
            )
        except Exception as exc:  # noqa: BLE001 - whatever this submission sent costs only itself
            result = _failed(exercise, hidden, job.submission, zygote.kind.value, exc, seconds)
        return dataclasses.replace(result, protections=zygote.protections, usage=_usage(usage))

    try:
        while queue or running:
            while queue and len(running) < jobs:
                submission = queue.pop(0)
                if submission.problem:
                    unread = _unreadable(exercise, hidden, submission, zygote.kind.value)
                    yield dataclasses.replace(unread, protections=zygote.protections)
                    continue
                fd = zygote.submit(submission.files, exercise.module, limits)
                now = time.monotonic()
                running[fd] = _Running(submission, fd, now, now + budget, Events(), bytearray())
                selector.register(fd, selectors.EVENT_READ)
            if not running:
                continue
            timeout = max(0.0, min(job.deadline for job in running.values()) - time.monotonic())
            for key, _ in selector.select(timeout):
                job = running[key.fd]
                try:
                    chunk = os.read(key.fd, 1 << 20)
                except OSError:
                    chunk = b""
                if not chunk:
                    yield finish(job)
                    continue
                job.buffer.extend(chunk)
                try:
                    _take_frames(job, caps)
                except Exception as exc:  # noqa: BLE001 - a frame we cannot take ends only this submission
                    job.broken = (
                        f"the sandbox sent an answer the grader could not take ({type(exc).__name__})"
                    )
                if job.events.done is not None or job.broken:
                    yield finish(job)
            now = time.monotonic()
            for job in [j for j in running.values() if j.deadline < now]:
                job.events.fatal = "the submission ran past every limit and was abandoned"
                yield finish(job)
    finally:
        for fd in list(running):
            selector.unregister(fd)
            os.close(fd)
        selector.close()


def _take_frames(job: _Running, caps: list[int]) -> None:
    """Split complete frames off the buffer: an event, then (for some) the runner's payload.

    Each frame's size is checked against the caps before it is awaited, so the buffer never holds
    more than one capped frame, whatever the sandbox sends.
    """
    buf = job.buffer
    while len(buf) >= runtime.FRAME_HEAD.size:
        header_len, blob_len = runtime.FRAME_HEAD.unpack_from(buf)
        if job.pending_event is not None:  # the runner's answer to the import or to test `index`
            index = job.pending_event.get("index")
            cap = caps[index] if type(index) is int and 0 <= index < len(caps) else runtime.IMPORT_FRAME
            too_big = header_len > runtime.MAX_HEADER or blob_len > cap
        else:
            too_big = header_len > EVENT_HEADER or blob_len > 0
        if too_big:
            job.broken = "the sandbox sent a frame larger than any answer may be"
            return
        total = runtime.FRAME_HEAD.size + header_len + blob_len
        if len(buf) < total:
            return
        frame = bytes(buf[:total])
        del buf[:total]
        if job.pending_event is not None:
            job.events.add(job.pending_event, frame)
            job.pending_event = None
            continue
        try:
            event = runtime.decode(frame, max_header=EVENT_HEADER)
        except runtime.WireError:
            job.broken = "the sandbox sent an unreadable event"
            return
        if isinstance(event, dict) and event.get("payload") is True:
            job.pending_event = event
        else:
            job.events.add(event, None)


def _charged(
    exercise: Exercise,
    hidden: Hidden,
    submission: Submission,
    sandbox: str,
    status: Status,
    problem: str,
    seconds: float = 0.0,
) -> SubmissionResult:
    """A submission none of whose tests could be judged: every test is charged with `problem`, one
    line whose student parts (file names, a notebook's language) can start no line of their own."""
    problem = printable(clean(problem, 1000))
    tests = tuple(
        TestResult(case.name, case.function, status, points, problem)
        for case, points in zip(hidden.cases, exercise.case_points(hidden), strict=True)
    )
    return SubmissionResult(
        submission.name,
        exercise.name,
        sandbox,
        tests,
        str(hidden.tolerance),
        seconds=seconds,
        problem=problem,
        functions=tuple(f.name for f in exercise.functions),
        seed=hidden.seed,
    )


def _failed(
    exercise: Exercise, hidden: Hidden, submission: Submission, sandbox: str, exc: Exception, seconds: float
) -> SubmissionResult:
    """A submission whose results the grader could not judge: every test is charged, nothing else lost."""
    problem = f"the grader could not judge this submission's answers ({type(exc).__name__})"
    return _charged(exercise, hidden, submission, sandbox, Status.CRASHED, problem, seconds)


def _usage(usage: Usage | None) -> dict[str, float]:
    """The cgroup's measurements that the machine gave, for the JSON report."""
    if usage is None:
        return {}
    found = {"cpu_seconds": usage.cpu_seconds, "memory_peak": usage.memory_peak, "oom_kills": usage.oom_kills}
    return {name: round(float(value), 4) for name, value in found.items() if value is not None}


def _unreadable(exercise: Exercise, hidden: Hidden, submission: Submission, sandbox: str) -> SubmissionResult:
    return _charged(exercise, hidden, submission, sandbox, Status.ERROR, submission.problem)
