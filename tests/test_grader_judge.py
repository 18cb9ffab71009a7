"""Feedback names a call's arguments briefly: shapes for arrays, keys for state dicts, never their values."""

from __future__ import annotations

import numpy as np

from grader.judge import _brief


def test_arguments_are_shown_by_shape_and_never_leak_array_values() -> None:
    state = {"step": 3, "exp_avg": np.full((2, 3), 0.123456)}
    assert _brief(state) == "={'step':3, 'exp_avg':(2, 3)}"
    assert "0.123" not in _brief([state, np.zeros(4)])
    assert _brief(np.zeros((5, 1))) == " (5, 1)" and _brief(0.5) == "=0.5"
    assert _brief(list(range(100))) == "=<list of 100>"
    assert len(_brief("x" * 1000)) < 45


def test_locations_are_named_as_the_statement_names_the_parts() -> None:
    from grader.judge import _located

    text = "train_step(...)[0][0, 0] = 1 differs; train_step(...)[7] too; backward(...)['b1'][2] = 3"
    assert _located(text, "train_step", ("W1", "b1", "W2", "b2")) == (
        "W1[0, 0] = 1 differs; train_step(...)[7] too; backward(...)['b1'][2] = 3"
    )
    assert _located("backward(...)['b1'][2] = 3", "backward", ()) == "b1[2] = 3"
