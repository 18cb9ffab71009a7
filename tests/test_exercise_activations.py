"""exercise_activations' reference is the truth: its functional calls equal the torch.nn modules the
statement names, its autograd derivatives agree with central differences and follow the conventions the
statement states at the kinks, and it is itself relatively precise where the grader demands it.
(Every exercise's solution-vs-reference check is in test_grader_exercises.py.)"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import torch
from torch import nn

from grader.declare import CallResult, Case, CaseRun
from grader.exercise import Hidden, find_exercise

REPO = Path(__file__).resolve().parent.parent
DEVICES = [
    "cpu",
    pytest.param("cuda", marks=pytest.mark.skipif(not torch.cuda.is_available(), reason="no GPU")),
]
EXERCISE = find_exercise("exercise_activations", REPO)
HIDDEN: Hidden = EXERCISE.load_hidden()
reference = __import__("_grade_solutions_exercise_activations.reference", fromlist=["sigmoid"])
grading = __import__("_grade_solutions_exercise_activations.grading", fromlist=["cases"])


def _module(function: str, hyper: tuple[object, ...]) -> nn.Module:
    """The torch.nn class each activation stands for, with the case's hyper-parameter."""
    if function == "leaky_relu":
        return nn.LeakyReLU(negative_slope=hyper[0])
    if function == "elu":
        return nn.ELU(alpha=hyper[0])
    if function == "softmax":
        return nn.Softmax(dim=hyper[0])
    plain = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU, "softplus": nn.Softplus}
    return plain[function]()


def _cases(*functions: str) -> list[Case]:
    return [c for c in HIDDEN.cases if c.function in functions]


def _solution() -> ModuleType:
    path = EXERCISE.solutions / "solution.py"
    spec = importlib.util.spec_from_file_location("activations_solution", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("device", DEVICES)
def test_reference_equals_the_torch_nn_modules(device: str) -> None:
    for case in _cases("sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "softmax"):
        x, *hyper = case.calls[-1].args
        with torch.no_grad():
            module = _module(case.function, tuple(hyper))(torch.from_numpy(x).to(device)).cpu().numpy()
        np.testing.assert_array_equal(case.expected(device), module, err_msg=case.name)


@pytest.mark.parametrize("device", DEVICES)
def test_swish_is_silu(device: str) -> None:
    """x·σ(βx) = SiLU(βx)/β (nn.SiLU itself for β = 1), for the value and the derivative."""
    for case in _cases("swish", "swish_grad"):
        x, beta = case.calls[-1].args
        t = torch.from_numpy(x).to(device).requires_grad_(True)
        silu = nn.SiLU()(beta * t) / beta
        if case.function == "swish":
            want = silu.detach().cpu().numpy()
        else:
            want = torch.autograd.grad(silu, t, torch.ones_like(silu))[0].cpu().numpy()
        np.testing.assert_allclose(case.expected(device), want, rtol=1e-12, atol=1e-300, err_msg=case.name)


def _smooth(case: Case) -> bool:
    """Cases whose inputs stay away from the kink at 0 and from saturation, so differences are exact."""
    if case.inputs:
        return False  # an inputs case repeats another case's calls (possibly at a kink)
    return not any(word in case.name for word in ("zero", "kink", "1000", "±", "−740"))


def test_reference_derivatives_match_central_differences() -> None:
    h = 1e-6
    for case in HIDDEN.cases:
        if not case.function.endswith("_grad") or not _smooth(case):
            continue
        forward = getattr(reference, case.function.removesuffix("_grad"))
        args = case.calls[-1].args
        if case.function == "softmax_grad":
            x, g, axis = args

            def loss(z: np.ndarray, g: np.ndarray = g, axis: int = axis) -> float:
                return float(np.sum(g * reference.softmax(z, axis, "cpu")))

            numeric = np.zeros_like(x)
            for index in np.ndindex(x.shape):
                up, down = x.copy(), x.copy()
                up[index] += h
                down[index] -= h
                numeric[index] = (loss(up) - loss(down)) / (2 * h)
        else:
            x, *hyper = args
            numeric = (forward(x + h, *hyper, "cpu") - forward(x - h, *hyper, "cpu")) / (2 * h)
        np.testing.assert_allclose(case.expected("cpu"), numeric, rtol=1e-5, atol=1e-8, err_msg=case.name)


def test_derivatives_at_the_kink_are_the_ones_the_statement_states() -> None:
    """ReLU′(0) = 0, leaky ReLU′(0) = slope, ELU′(0) = α: PyTorch takes the x ≤ 0 side."""
    zero = np.array([0.0])
    np.testing.assert_array_equal(reference.relu_grad(zero, "cpu"), [0.0])
    np.testing.assert_array_equal(reference.leaky_relu_grad(zero, 0.1, "cpu"), [0.1])
    np.testing.assert_allclose(reference.elu_grad(zero, 0.5, "cpu"), [0.5], rtol=1e-15)
    assert any(0.0 in c.calls[-1].args[0] for c in _cases("relu_grad", "leaky_relu_grad", "elu_grad"))


def test_softmax_grad_is_the_vector_jacobian_product() -> None:
    """The statement defines softmax's derivative as Jᵀg with J = diag(s) − s sᵀ."""
    for case in _cases("softmax_grad"):
        x, g, axis = case.calls[-1].args
        s = np.moveaxis(reference.softmax(x, axis, "cpu"), axis, -1)
        jacobian = np.eye(s.shape[-1]) * s[..., None, :] - s[..., :, None] * s[..., None, :]
        want = np.einsum("...ij,...i->...j", jacobian, np.moveaxis(g, axis, -1))
        np.testing.assert_allclose(
            case.expected("cpu"), np.moveaxis(want, -1, axis), rtol=1e-10, atol=1e-15, err_msg=case.name
        )


def test_reference_is_relatively_precise_where_the_grader_demands_it() -> None:
    """The precision cases are fair: the truth itself keeps tiny sigmoid and softplus values exact."""
    tiny = float(np.finfo(np.float64).tiny)
    exact = {
        "sigmoid": lambda v: math.exp(v) / (1 + math.exp(v)) if v < 0 else 1 / (1 + math.exp(-v)),
        "softplus": lambda v: max(v, 0.0) + math.log1p(math.exp(-abs(v))),
    }
    for case in _cases("sigmoid", "softplus"):
        if case.check is not grading.relatively_precise:
            continue
        (x,) = case.calls[-1].args
        want = np.array([exact[case.function](float(v)) for v in x])
        got = case.expected("cpu")
        assert np.all(np.isfinite(got)), case.name
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=tiny, err_msg=case.name)


def test_model_solution_passes_the_custom_checks() -> None:
    """test_grader_exercises compares plain values only; these cases judge precision and immutability."""
    solution = _solution()
    for case in HIDDEN.cases:
        if case.check.__name__ == "values":
            continue
        call = case.calls[-1]
        args = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in call.args)
        got = getattr(solution, call.function)(*args)
        run = CaseRun(case, case.expected("cpu"), (CallResult(got, args),), HIDDEN.tolerance)
        verdict = case.check(run)
        assert verdict.passed, f"{case.name}: {verdict.feedback}"
