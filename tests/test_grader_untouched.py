"""Changes to a call's arguments are found and named where they happened."""

from __future__ import annotations

import numpy as np

from grader.declare import Call, CallResult, Case
from grader.untouched import changed_input, first_change, has_containers


def test_the_first_changed_element_is_named() -> None:
    x = np.zeros((2, 3))
    after = x.copy()
    after[1, 2] = 1.0
    assert first_change(x, after, "x") == "x[1, 2]"
    assert first_change(x, x.copy(), "x") is None
    nan = np.array([np.nan, 1.0])
    assert first_change(nan, nan.copy(), "x") is None


def test_changes_inside_dicts_and_lists_and_to_counts() -> None:
    state = {"step": 3, "exp_avg": np.ones(2)}
    assert first_change(state, {"step": 4, "exp_avg": np.ones(2)}, "state") == "state['step']"
    bumped = {"step": 3, "exp_avg": np.array([1.0, 2.0])}
    assert first_change(state, bumped, "state") == "state['exp_avg'][1]"
    assert first_change([np.ones(2)], [np.ones(2), np.ones(2)], "grads") == "grads"
    assert first_change(state, {"step": 3}, "state") == "state"


def test_a_case_names_the_argument_as_the_statement_does() -> None:
    x = np.arange(3.0)
    case = Case("relu", "relu", (Call("relu", (x,)),), lambda run: None)  # type: ignore[arg-type,return-value]
    assert changed_input(case, (CallResult(None, (np.maximum(x, 1.0),)),), ("x",)) == "x[0]"
    assert changed_input(case, (CallResult(None, (x.copy(),)),), ("x",)) is None
    assert has_containers(case)
    scalar = Case("size", "size", (Call("size", (3, 1)),), lambda run: None)  # type: ignore[arg-type,return-value]
    assert not has_containers(scalar)
