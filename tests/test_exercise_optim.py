"""exercise_optim's reference is the truth: its functional torch.optim calls give exactly what the
torch.optim.SGD / Adagrad / RMSprop / Adam classes give, step after step, from an empty state and from
every state the hidden cases carry in; and the conventions the statement spells out hold for those
classes. (Every exercise's solution-vs-reference check is in test_grader_exercises.py.)"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import torch

from grader.exercise import find_exercise

REPO = Path(__file__).resolve().parent.parent
STEPS = 6


def _hidden() -> Any:
    return find_exercise("exercise_optim", REPO).load_hidden()


def _grading() -> ModuleType:
    """grading.py as the grader imports it (a package module, so that it finds reference.py)."""
    _hidden()
    return importlib.import_module("_grade_solutions_exercise_optim.grading")


def _optimizer(function: str, param: torch.Tensor, hyper: tuple[float, ...]) -> torch.optim.Optimizer:
    """The torch.optim class the statement names for ``function``, with the hyper-parameters in argument order."""
    if function == "sgd_momentum_step":
        return torch.optim.SGD([param], lr=hyper[0], momentum=hyper[1])
    if function == "nesterov_step":
        return torch.optim.SGD([param], lr=hyper[0], momentum=hyper[1], nesterov=True)
    if function == "adagrad_step":
        return torch.optim.Adagrad([param], lr=hyper[0], eps=hyper[1])
    if function == "rmsprop_step":
        return torch.optim.RMSprop([param], lr=hyper[0], alpha=hyper[1], eps=hyper[2])
    return torch.optim.Adam([param], lr=hyper[0], betas=(hyper[1], hyper[2]), eps=hyper[3])


def _class_state(state: dict[str, Any]) -> dict[str, torch.Tensor]:
    """A student-layout state as torch.optim keeps it: tensors, and the step as a float32 tensor."""
    return {
        key: torch.tensor(float(value))
        if key == "step"
        else torch.from_numpy(np.array(value, dtype=np.float64))
        for key, value in state.items()
    }


def _student_state(state: dict[str, torch.Tensor]) -> dict[str, Any]:
    return {key: int(value.item()) if key == "step" else value.numpy().copy() for key, value in state.items()}


def _assert_same(
    got: tuple[np.ndarray, dict[str, Any]], want: tuple[np.ndarray, dict[str, Any]], what: str
) -> None:
    np.testing.assert_array_equal(got[0], want[0], err_msg=f"{what}: w")
    assert set(got[1]) == set(want[1]), what
    for key in want[1]:
        if key == "step":
            assert got[1][key] == want[1][key], f"{what}: step"
        else:
            np.testing.assert_array_equal(got[1][key], want[1][key], err_msg=f"{what}: {key}")


@pytest.mark.parametrize(
    "function", ["sgd_momentum_step", "nesterov_step", "adagrad_step", "rmsprop_step", "adam_step"]
)
def test_reference_equals_the_torch_optim_class_over_several_steps(function: str) -> None:
    grading = _grading()
    step = getattr(grading.reference, function)
    rng = np.random.default_rng(7)
    for hyper in (grading.DEFAULT[function], grading.UNUSUAL[function]):
        w0 = rng.normal(size=(3, 4))
        param = torch.from_numpy(w0.copy()).requires_grad_()
        optimizer = _optimizer(function, param, hyper)
        w, state = w0, None
        for k in range(STEPS):
            grad = rng.normal(size=(3, 4))
            param.grad = torch.from_numpy(grad.copy())
            optimizer.step()
            w, state = step(w, grad, state, *hyper, "cpu")
            want = (param.detach().numpy().copy(), _student_state(optimizer.state[param]))
            _assert_same((w, state), want, f"{function} {hyper} step {k + 1}")


def test_reference_equals_the_torch_optim_class_on_every_hidden_case() -> None:
    """Each call of every case, run by the class from the state the call carries in."""
    for case in _hidden().cases:
        answers = case.expected("cpu")
        for k, call in enumerate(case.calls):
            w, grad, state, *hyper = call.args
            param = torch.from_numpy(np.array(w, dtype=np.float64)).requires_grad_()
            optimizer = _optimizer(call.function, param, tuple(hyper))
            if state:
                optimizer.state[param] = _class_state(state)
            param.grad = torch.from_numpy(np.array(grad, dtype=np.float64))
            optimizer.step()
            want = (param.detach().numpy().copy(), _student_state(optimizer.state[param]))
            _assert_same(answers[k] if len(case.calls) > 1 else answers, want, f"{case.name}, call {k + 1}")


def test_the_statement_conventions_hold_for_torch_optim() -> None:
    """What README.md says torch does on a first step, and where it differs from the notes, checked on the
    classes themselves: buffer = g, eps outside the roots, RMSprop without and Adam with bias correction."""
    g = torch.tensor([0.5, -2.0, 0.0, 3.0], dtype=torch.float64)

    def first_step(function: str, hyper: tuple[float, ...]) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        param = torch.zeros(4, dtype=torch.float64, requires_grad=True)
        optimizer = _optimizer(function, param, hyper)
        param.grad = g.clone()
        optimizer.step()
        return param.detach(), optimizer.state[param]

    w, state = first_step("sgd_momentum_step", (0.1, 0.9))
    assert torch.equal(state["momentum_buffer"], g) and torch.allclose(w, -0.1 * g, rtol=1e-15, atol=0)
    w, state = first_step("nesterov_step", (0.1, 0.9))
    assert torch.equal(state["momentum_buffer"], g) and torch.allclose(w, -0.1 * 1.9 * g, rtol=1e-15, atol=0)
    w, state = first_step("adagrad_step", (0.5, 0.3))
    assert torch.allclose(w, -0.5 * g / (g.abs() + 0.3), rtol=1e-15, atol=0)  # ε outside the root
    assert int(state["step"].item()) == 1 and torch.equal(state["sum"], g * g)
    w, state = first_step("rmsprop_step", (0.1, 0.5, 0.2))
    assert torch.allclose(state["square_avg"], 0.5 * g * g, rtol=1e-15, atol=0)
    assert torch.allclose(
        w, -0.1 * g / ((0.5 * g * g).sqrt() + 0.2), rtol=1e-15, atol=0
    )  # no bias correction
    w, state = first_step("adam_step", (0.1, 0.5, 0.8, 0.05))
    assert torch.allclose(w, -0.1 * g / (g.abs() + 0.05), rtol=1e-14, atol=0)  # m̂ = g and v̂ = g² at t = 1
