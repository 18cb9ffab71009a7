"""Ready-made checks for ``Case.check``: compare the returned value, insist inputs are untouched."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from grader.compare import describe_value, difference
from grader.declare import Case, CaseRun, Check, Verdict

__all__ = ["all_of", "leaves_inputs", "unchanged_inputs", "values"]


def values(run: CaseRun) -> Verdict:
    """The last call's returned value equals the reference's within the tolerance."""
    problem = difference(run.returned, run.expected, run.tolerance, f"{run.case.function}(...)")
    return Verdict(problem is None, problem or "", run.returned)


def _same(before: Any, after: Any) -> bool:
    """Arrays equal in shape and values, containers holding the same, anything else left alone."""
    if isinstance(before, np.ndarray):
        return isinstance(after, np.ndarray) and after.shape == before.shape and np.array_equal(after, before)
    if isinstance(before, list | tuple):
        return (
            isinstance(after, list | tuple)
            and len(after) == len(before)
            and all(_same(b, a) for b, a in zip(before, after, strict=True))
        )
    if isinstance(before, dict):
        return (
            isinstance(after, dict)
            and set(after) == set(before)
            and all(_same(before[k], after[k]) for k in before)
        )
    return True


def unchanged_inputs(run: CaseRun) -> Verdict:
    """The last call left every array argument exactly as it was given, also arrays inside lists and dicts."""
    call = run.case.calls[-1]
    for i, (before, after) in enumerate(zip(call.args, run.results[-1].args_after, strict=True)):
        if not _same(before, after):
            return Verdict(
                False,
                f"{call.function} modified its argument #{i + 1} in place "
                f"(it now is {describe_value(after)} with other values); build new arrays instead "
                f"(x = x - y or np.maximum(x, 0), not x -= y or x[x < 0] = 0)",
            )
    return Verdict(True)


def all_of(*checks: Check) -> Check:
    """A check that passes when every one of ``checks`` passes; reports the first failure."""

    def check(run: CaseRun) -> Verdict:
        for each in checks:
            verdict = each(run)
            if not verdict.passed:
                return verdict
        return Verdict(True)

    return check


def leaves_inputs(case: Case) -> Case:
    """``case`` as its function's "leaves its inputs unchanged" test (see :class:`grader.declare.Case`)."""
    return dataclasses.replace(case, inputs=True)
