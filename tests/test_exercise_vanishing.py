"""exercise_vanishing's reference is the truth: its autograd gradients agree with central differences,
its clipping is torch.nn.utils.clip_grad_norm_ on a real module with the formula the statement gives, and
the hidden cases show what the exercise is about (vanishing sigmoid gradients, ReLU' = 0 at 0, dead units).
(Every exercise's solution-vs-reference check is in test_grader_exercises.py.)"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import torch

from grader.declare import Case
from grader.exercise import Hidden, find_exercise

NAME = "exercise_vanishing"


@pytest.fixture(scope="module")
def hidden() -> Hidden:
    return find_exercise(NAME).load_hidden()


@pytest.fixture(scope="module")
def reference(hidden: Hidden) -> ModuleType:
    return importlib.import_module(f"_grade_solutions_{NAME}.reference")


def _cases(hidden: Hidden, function: str) -> list[Case]:
    return [c for c in hidden.cases if c.function == function]


def _by_label(hidden: Hidden, function: str, label: str) -> Case:
    return next(c for c in _cases(hidden, function) if label in c.name)


def _loss(X: Any, Y: Any, weights: Any, biases: Any, activation: str) -> float:
    """E by a plain NumPy forward pass, independent of the reference."""
    h = X
    for layer in range(len(weights)):
        a = h @ weights[layer] + biases[layer]
        if layer < len(weights) - 1:
            h = 1.0 / (1.0 + np.exp(-a)) if activation == "sigmoid" else np.maximum(a, 0.0)
    return float(np.sum((a - Y) ** 2) / (2 * X.shape[0]))


def test_reference_gradients_match_central_differences(hidden: Hidden) -> None:
    for case in _cases(hidden, "layer_gradients"):
        if "exactly 0" in case.name or "±700" in case.name:
            continue  # a kink, where a difference quotient averages both sides; an overflowing naive σ
        X, Y, weights, biases, activation = case.calls[-1].args
        dW, db = case.expected("cpu")
        for param, grad in ((weights, dW), (biases, db)):
            numeric = np.zeros_like(param)
            for index in np.ndindex(param.shape):
                up, down = param.copy(), param.copy()
                up[index] += 1e-6
                down[index] -= 1e-6
                pair = (
                    [(up, biases), (down, biases)] if param is weights else [(weights, up), (weights, down)]
                )
                e_up, e_down = (_loss(X, Y, w, b, activation) for w, b in pair)
                numeric[index] = (e_up - e_down) / 2e-6
            np.testing.assert_allclose(grad, numeric, rtol=1e-4, atol=1e-9, err_msg=case.name)


def test_reference_norms_are_the_frobenius_norms_of_its_gradients(hidden: Hidden) -> None:
    for case in _cases(hidden, "layer_gradient_norms"):
        dW, _ = _by_label(hidden, "layer_gradients", case.name.split(": ", 1)[1]).expected("cpu")
        np.testing.assert_allclose(case.expected("cpu"), np.linalg.norm(dW, axis=(1, 2)), rtol=1e-14, atol=0)


def test_clipping_equals_clip_grad_norm_on_a_module_and_the_stated_formula(
    hidden: Hidden, reference: ModuleType
) -> None:
    """clip_grad_norm_ on a real network's .grad, bit for bit; and min(1, max_norm / (total + 1e-6))."""
    X, Y, weights, biases, activation = _cases(hidden, "layer_gradients")[0].calls[-1].args
    model = reference.network(weights, biases, activation, "cpu")
    reference.error(model(torch.from_numpy(X)), torch.from_numpy(Y)).backward()
    grads = [p.grad.numpy().copy() for p in model.parameters()]
    total = torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
    clipped, ours = reference.clip_by_global_norm(grads, 0.5, "cpu")
    assert ours == total.item()
    for p, g in zip(model.parameters(), clipped, strict=True):
        np.testing.assert_array_equal(p.grad.numpy(), g)
    for case in _cases(hidden, "clip_by_global_norm"):
        grads, max_norm = case.calls[-1].args
        clipped, total = case.expected("cpu")
        norm = float(np.sqrt(sum(np.sum(g**2) for g in grads)))
        assert total == pytest.approx(norm, rel=1e-14, abs=0), case.name
        coef = min(1.0, max_norm / (norm + 1e-6))
        for got, g in zip(clipped, grads, strict=True):
            np.testing.assert_allclose(got, g * coef, rtol=1e-14, atol=0, err_msg=case.name)


def test_clipping_leaves_gradients_under_max_norm_and_zero_gradients_exactly_alone(hidden: Hidden) -> None:
    for label in ("under max_norm", "total norm 0"):
        case = _by_label(hidden, "clip_by_global_norm", label)
        clipped, _ = case.expected("cpu")
        for got, given in zip(clipped, case.calls[-1].args[0], strict=True):
            np.testing.assert_array_equal(got, given)


def test_the_hidden_cases_show_vanishing_and_dead_units(hidden: Hidden) -> None:
    sigmoid = _by_label(hidden, "layer_gradient_norms", "L=10, d=5, N=8 (vanishing)").expected("cpu")
    relu = _by_label(hidden, "layer_gradient_norms", "He initialisation").expected("cpu")
    assert sigmoid[0] / sigmoid[-1] < 1e-5 and np.all(np.diff(sigmoid) > 0), sigmoid
    assert relu[0] / relu[-1] > 0.1, relu
    assert sigmoid.min() > 1e4 * hidden.tolerance.atol, "atol would let a vanished layer pass as zeros"
    dW, db = _by_label(hidden, "layer_gradients", "a whole dead layer").expected("cpu")
    assert not dW[:3].any() and not db[:2].any() and db[-1].all()


def test_relu_derivative_at_zero_is_zero_in_torch(hidden: Hidden) -> None:
    """The statement's convention; the kink case relies on it (its first bias gradient depends on it)."""
    a = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    torch.nn.ReLU()(a).sum().backward()
    assert a.grad is not None and not a.grad.any()
    case = _by_label(hidden, "layer_gradients", "exactly 0")
    X, _, weights, biases, _ = case.calls[-1].args
    assert (X @ weights[0] + biases[0])[0, 0] == 0.0
