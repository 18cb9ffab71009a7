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

from grader import runtime
from grader.containment.cgroups import Usage
from grader.errors import UsageError
from grader.exercise import Exercise, Hidden
from grader.judge import Events, judge
from grader.results import Status, SubmissionResult, TestResult
from grader.sandbox import Limits, SandboxKind, Zygote, available_kind
from grader.submissions import Submission

__all__ = ["grade_batch", "pick_device", "reference_answers", "run_submissions", "tests_for_sandbox"]

SLACK = 5.0  # seconds the grader waits beyond every test's own limit before giving up on a submission


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


def tests_for_sandbox(hidden: Hidden) -> list[list[dict[str, Any]]]:
    """Only the calls travel into the sandbox, never an expected answer."""
    return [[{"function": c.function, "args": list(c.args)} for c in case.calls] for case in hidden.cases]


@dataclass
class _Running:
    submission: Submission
    fd: int
    started: float
    deadline: float
    events: Events
    buffer: bytearray
    pending_event: Any = None


def _limits_text(limits: Limits) -> dict[str, str]:
    return {
        "limit": f"{limits.wall:g} s per test",
        "cpu": f"{limits.cpu:g} s per test",
        "output": f"{limits.output_kill // (1 << 20)} MiB",
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
) -> Iterator[SubmissionResult]:
    """Yield each submission's result as soon as it is graded (not in input order)."""
    limits = limits or Limits()
    kind = available_kind(sandbox)
    zygote = Zygote(kind)
    zygote.start()  # imports NumPy in the sandbox while we import torch here
    try:
        hidden = exercise.load_hidden()
        expected = reference_answers(hidden, pick_device(device))
        zygote.wait_ready()
        if on_start:
            on_start(zygote.kind)
        zygote.send_tests(tests_for_sandbox(hidden))
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
    budget = (len(hidden.cases) + 1) * (limits.wall + 1.0) + SLACK
    texts = _limits_text(limits)

    def finish(job: _Running) -> SubmissionResult:
        selector.unregister(job.fd)
        os.close(job.fd)
        del running[job.fd]
        usage = zygote.finished(job.fd)
        result = judge(
            exercise,
            hidden,
            expected,
            job.submission.name,
            job.events,
            zygote.kind.value,
            texts,
            time.monotonic() - job.started,
        )
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
                chunk = os.read(key.fd, 1 << 20)
                if not chunk:
                    yield finish(job)
                    continue
                job.buffer.extend(chunk)
                _take_frames(job)
                if job.events.done is not None:
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


def _take_frames(job: _Running) -> None:
    """Split complete frames off the buffer: an event, then (for some) the runner's payload."""
    buf = job.buffer
    while len(buf) >= runtime.FRAME_HEAD.size:
        header_len, blob_len = runtime.FRAME_HEAD.unpack_from(buf)
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
            event = runtime.decode(frame)
        except runtime.WireError:
            job.events.fatal = "the sandbox sent an unreadable event"
            continue
        if isinstance(event, dict) and event.get("payload") is True:
            job.pending_event = event
        else:
            job.events.add(event, None)


def _usage(usage: Usage | None) -> dict[str, float]:
    """The cgroup's measurements that the machine gave, for the JSON report."""
    if usage is None:
        return {}
    found = {"cpu_seconds": usage.cpu_seconds, "memory_peak": usage.memory_peak, "oom_kills": usage.oom_kills}
    return {name: round(float(value), 4) for name, value in found.items() if value is not None}


def _unreadable(exercise: Exercise, hidden: Hidden, submission: Submission, sandbox: str) -> SubmissionResult:
    tests = tuple(
        TestResult(case.name, case.function, Status.ERROR, points, submission.problem)
        for case, points in zip(hidden.cases, exercise.case_points(hidden), strict=True)
    )
    return SubmissionResult(
        submission.name,
        exercise.name,
        sandbox,
        tests,
        str(hidden.tolerance),
        problem=submission.problem,
        functions=tuple(f.name for f in exercise.functions),
    )
