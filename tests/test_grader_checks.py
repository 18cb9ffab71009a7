"""Ready-made checks: an in-place edit is caught at any depth of the arguments."""

from __future__ import annotations

import numpy as np

from grader.checks import unchanged_inputs
from grader.declare import Call, CallResult, Case, CaseRun, Tolerance
from grader.runtime import copy_arg


def _run(args: tuple, after: tuple) -> CaseRun:  # type: ignore[type-arg]
    case = Case("c", "step", (Call("step", args),), unchanged_inputs)
    return CaseRun(case, None, (CallResult(None, after),), Tolerance())


def test_edits_inside_lists_and_dicts_are_caught() -> None:
    state = {"step": 1, "buffers": [np.zeros(3), np.ones(2)]}
    assert unchanged_inputs(_run((np.zeros(2), state), (np.zeros(2), copy_arg(state)))).passed
    edited = copy_arg(state)
    edited["buffers"][1][0] = 5.0
    verdict = unchanged_inputs(_run((np.zeros(2), state), (np.zeros(2), edited)))
    assert not verdict.passed and "argument #2 in place" in verdict.feedback
    assert not unchanged_inputs(_run((np.zeros(2),), (np.zeros(3),))).passed


def test_copies_are_deep() -> None:
    state = {"m": [np.zeros(2)]}
    copied = copy_arg(state)
    copied["m"][0][0] = 1.0
    assert state["m"][0][0] == 0.0
