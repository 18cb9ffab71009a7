"""exercise_gan's reference is the truth: its losses are nn.BCEWithLogitsLoss (mean reduction) composed as
the statement defines them, they equal the definitions in probability space where those are computable,
and its autograd gradients agree with the closed forms and with central differences. The claim the
statement's question leads to (the saturating gradient vanishes early in training) holds on the hidden
case built for it. (Every exercise's solution-vs-reference check is in test_grader_exercises.py.)"""

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
EXERCISE = find_exercise("exercise_gan", REPO)
HIDDEN: Hidden = EXERCISE.load_hidden()
reference = __import__("_grade_solutions_exercise_gan.reference", fromlist=["d_loss"])


def _cases(function: str, stable_only: bool = False) -> list[Case]:
    """The hidden cases of ``function``; ``stable_only`` drops those whose probabilities round to 0 or 1."""
    return [
        c
        for c in HIDDEN.cases
        if c.function == function and not (stable_only and ("1000" in c.name or "25 to 36" in c.name))
    ]


def _solution() -> ModuleType:
    path = EXERCISE.solutions / "solution.py"
    spec = importlib.util.spec_from_file_location("gan_solution", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """σ from e^(−|x|), so that the ±1000 cases need no warning filter."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@pytest.mark.parametrize("device", DEVICES)
def test_losses_are_bce_with_logits_loss(device: str) -> None:
    """Bit for bit: the functional BCE the reference calls is what nn.BCEWithLogitsLoss() computes."""
    bce = nn.BCEWithLogitsLoss()

    def t(a: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(a).to(device)

    for case in _cases("bce_with_logits"):
        x, y = case.calls[-1].args
        assert case.expected(device) == bce(t(x), t(y)).item(), case.name
    for case in _cases("discriminator_loss"):
        r, f = case.calls[-1].args
        want = bce(t(r), t(np.ones_like(r))) + bce(t(f), t(np.zeros_like(f)))
        assert case.expected(device) == want.item(), case.name
    for case in _cases("generator_loss_saturating"):
        (f,) = case.calls[-1].args
        assert case.expected(device) == -bce(t(f), t(np.zeros_like(f))).item(), case.name
    for case in _cases("generator_loss_nonsaturating"):
        (f,) = case.calls[-1].args
        assert case.expected(device) == bce(t(f), t(np.ones_like(f))).item(), case.name


def test_losses_equal_their_definitions_in_probability_space() -> None:
    """L_D = −mean log D(x) − mean log(1 − D(G(z))), L_sat = mean log(1 − D(G(z))), L_ns = −mean log D(G(z))."""
    for case in _cases("bce_with_logits", stable_only=True):
        x, y = case.calls[-1].args
        d = _sigmoid(x)
        want = np.mean(-y * np.log(d) - (1 - y) * np.log(1 - d))
        assert case.expected("cpu") == pytest.approx(want, rel=1e-12), case.name
    for case in _cases("discriminator_loss", stable_only=True):
        r, f = case.calls[-1].args
        want = -np.mean(np.log(_sigmoid(r))) - np.mean(np.log(1 - _sigmoid(f)))
        assert case.expected("cpu") == pytest.approx(want, rel=1e-12), case.name
    for case in _cases("generator_loss_saturating", stable_only=True):
        (f,) = case.calls[-1].args
        assert case.expected("cpu") == pytest.approx(np.mean(np.log(1 - _sigmoid(f))), rel=1e-10), case.name
    for case in _cases("generator_loss_nonsaturating", stable_only=True):
        (f,) = case.calls[-1].args
        assert case.expected("cpu") == pytest.approx(-np.mean(np.log(_sigmoid(f))), rel=1e-12), case.name


def test_extreme_logits_cost_what_the_softplus_form_says() -> None:
    """−log σ(x) = softplus(−x) exactly, even where σ(x) underflows: a logit of −1000 on a real sample costs 1000."""

    def softplus(v: float) -> float:
        return max(v, 0.0) + math.log1p(math.exp(-abs(v)))

    for case in _cases("discriminator_loss"):
        r, f = case.calls[-1].args
        want = np.mean([softplus(-v) for v in r.ravel()]) + np.mean([softplus(v) for v in f.ravel()])
        assert case.expected("cpu") == pytest.approx(want, rel=1e-12), case.name


def test_gradients_equal_the_closed_forms() -> None:
    """∂L_D/∂r = (σ(r) − 1)/N_r, ∂L_D/∂f = σ(f)/N_f, ∂L_sat/∂f = −σ(f)/N, ∂L_ns/∂f = (σ(f) − 1)/N."""

    def close(got: np.ndarray, want: np.ndarray, name: str) -> None:
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15, err_msg=name)

    for case in _cases("discriminator_loss_grad"):
        r, f = case.calls[-1].args
        grad_r, grad_f = case.expected("cpu")
        close(grad_r, (_sigmoid(r) - 1) / r.size, case.name)
        close(grad_f, _sigmoid(f) / f.size, case.name)
    for case in _cases("generator_loss_saturating_grad"):
        (f,) = case.calls[-1].args
        close(case.expected("cpu"), -_sigmoid(f) / f.size, case.name)
    for case in _cases("generator_loss_nonsaturating_grad"):
        (f,) = case.calls[-1].args
        close(case.expected("cpu"), (_sigmoid(f) - 1) / f.size, case.name)


def test_gradients_match_central_differences() -> None:
    h = 1e-6

    def numeric(loss: object, x: np.ndarray) -> np.ndarray:
        out = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            up, down = x.copy(), x.copy()
            up[i] += h
            down[i] -= h
            out[i] = (loss(up) - loss(down)) / (2 * h)  # type: ignore[operator]
        return out

    for case in _cases("discriminator_loss_grad", stable_only=True):
        r, f = case.calls[-1].args
        grad_r, grad_f = case.expected("cpu")
        num_r = numeric(lambda v, f=f: reference.discriminator_loss(v, f, "cpu"), r)
        num_f = numeric(lambda v, r=r: reference.discriminator_loss(r, v, "cpu"), f)
        np.testing.assert_allclose(grad_r, num_r, rtol=1e-5, atol=1e-9, err_msg=case.name)
        np.testing.assert_allclose(grad_f, num_f, rtol=1e-5, atol=1e-9, err_msg=case.name)
    for kind in ("saturating", "nonsaturating"):
        loss = getattr(reference, f"generator_loss_{kind}")
        for case in _cases(f"generator_loss_{kind}_grad", stable_only=True):
            (f,) = case.calls[-1].args
            want = numeric(lambda v, loss=loss: loss(v, "cpu"), f)
            np.testing.assert_allclose(case.expected("cpu"), want, rtol=1e-5, atol=1e-9, err_msg=case.name)


def test_saturating_gradient_vanishes_early_in_training() -> None:
    """When D rejects the fakes (f ≪ 0) the saturating gradient is e^f times the non-saturating one."""
    (early,) = [c for c in _cases("generator_loss_saturating_grad") if "early" in c.name]
    (f,) = early.calls[-1].args
    saturating = early.expected("cpu")
    nonsaturating = reference.generator_loss_nonsaturating_grad(f, "cpu")
    np.testing.assert_allclose(saturating / nonsaturating, np.exp(f), rtol=1e-10)
    assert np.all(np.abs(saturating) < 1e-2 * np.abs(nonsaturating))


def test_model_solution_passes_the_custom_checks() -> None:
    """test_grader_exercises compares plain values only; these cases also judge immutability."""
    solution = _solution()
    for case in HIDDEN.cases:
        if case.check.__name__ == "values":
            continue
        call = case.calls[-1]
        args = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in call.args)
        got = getattr(solution, call.function)(*args)
        verdict = case.check(CaseRun(case, case.expected("cpu"), (CallResult(got, args),), HIDDEN.tolerance))
        assert verdict.passed, f"{case.name}: {verdict.feedback}"
