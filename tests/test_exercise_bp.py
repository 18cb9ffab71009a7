"""exercise_bp's reference is the truth: its gradients agree with central differences, and its fast
SGD step with torch.optim.SGD. (Every exercise's solution-vs-reference check is in
test_grader_exercises.py.)"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import torch

from grader.exercise import find_exercise

REPO = Path(__file__).resolve().parent.parent
DEVICES = [
    "cpu",
    pytest.param("cuda", marks=pytest.mark.skipif(not torch.cuda.is_available(), reason="no GPU")),
]


def _solution() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bp_solution", REPO / "solutions/exercise_bp/solution.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_gradients_match_central_differences() -> None:
    hidden = find_exercise("exercise_bp", REPO).load_hidden()
    solution = _solution()
    for case in hidden.cases:
        if case.function != "backward" or "±700" in case.name:
            continue
        X, R, W1, b1, W2, b2 = case.calls[-1].args
        grads = case.expected("cpu")
        params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
        for name, value in params.items():
            numeric = np.zeros_like(value)
            for index in np.ndindex(value.shape):
                up, down = {k: v.copy() for k, v in params.items()}, {k: v.copy() for k, v in params.items()}
                up[name][index] += 1e-6
                down[name][index] -= 1e-6
                e_up = solution.loss(solution.forward(X, **up)[1], R)
                e_down = solution.loss(solution.forward(X, **down)[1], R)
                numeric[index] = (e_up - e_down) / 2e-6
            np.testing.assert_allclose(
                grads[name], numeric, rtol=1e-4, atol=1e-8, err_msg=f"{case.name} {name}"
            )


def test_functional_sgd_step_equals_torch_optim_sgd() -> None:
    """The reference steps through torch.optim.sgd.sgd (fast); torch.optim.SGD must agree exactly."""
    from grader.exercise import Exercise

    exercise: Exercise = find_exercise("exercise_bp", REPO)
    hidden = exercise.load_hidden()
    reference = __import__(f"_grade_solutions_{exercise.name}.reference", fromlist=["train_step"])
    for case in hidden.cases:
        if case.function == "train_step":
            args = case.calls[-1].args
            fast = reference.train_step(*args, "cpu")
            real = reference.train_step(*args, "cpu", optimizer="module")
            for a, b in zip(fast, real, strict=True):
                np.testing.assert_array_equal(a, b, err_msg=case.name)
