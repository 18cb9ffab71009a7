"""exercise_regularization's reference is the truth: its dropout is F.dropout once the mask is drawn, its
fast SGD step is torch.optim.SGD(weight_decay=…), its loss is nn.CrossEntropyLoss(label_smoothing=…) with
gradients equal to central differences, and its early stopping gives the answers worked out by hand below.
(Every exercise's solution-vs-reference check is in test_grader_exercises.py.)"""

from __future__ import annotations

import importlib
from types import ModuleType

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from grader.declare import Case
from grader.exercise import Hidden, find_exercise

NAME = "exercise_regularization"

# (stop_epoch, best_epoch) for each of grading.CURVES, worked out by hand from the statement's rule.
HAND_WORKED = {
    "stops after `patience` epochs without improvement": (5, 2),
    "never triggered: runs to the last epoch": (4, 4),
    "min_delta hides small improvements": (3, 0),
    "a tie is not an improvement": (2, 0),
    "the count restarts after an improvement": (6, 3),
    "patience 1": (2, 1),
    "the best epoch moves only on an improvement by min_delta": (4, 2),
    "compare with the best loss, not the previous epoch's": (4, 1),
    "a single epoch": (0, 0),
    "patience longer than the curve": (2, 0),
    "min_delta is absolute: losses around 10": (4, 4),
    "min_delta is absolute: losses around 0.1": (3, 2),
}


@pytest.fixture(scope="module")
def hidden() -> Hidden:
    return find_exercise(NAME).load_hidden()


@pytest.fixture(scope="module")
def reference(hidden: Hidden) -> ModuleType:
    return importlib.import_module(f"_grade_solutions_{NAME}.reference")


@pytest.fixture(scope="module")
def grading(hidden: Hidden) -> ModuleType:
    return importlib.import_module(f"_grade_solutions_{NAME}.grading")


def _cases(hidden: Hidden, function: str) -> list[Case]:
    return [c for c in hidden.cases if c.function == function]


@pytest.mark.parametrize("p", [0.0, 0.1, 1 / 3, 0.5, 0.9, 1.0])
def test_reference_dropout_is_f_dropout_with_its_own_mask(reference: ModuleType, p: float) -> None:
    """Same seed, same Bernoulli draw: F.dropout(x) equals the reference fed F.dropout(ones)'s mask."""
    x = torch.randn(6, 7, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    torch.manual_seed(7)
    truth = F.dropout(x, p, training=True)
    torch.manual_seed(7)
    keep = F.dropout(torch.ones_like(x), p, training=True) != 0
    got = reference.dropout(x.numpy(), keep.numpy(), p, True, "cpu")
    np.testing.assert_array_equal(got, truth.numpy())
    np.testing.assert_array_equal(reference.dropout(x.numpy(), keep.numpy(), p, False, "cpu"), x.numpy())
    module = torch.nn.Dropout(p).eval()
    np.testing.assert_array_equal(module(x).numpy(), x.numpy())


@pytest.mark.parametrize("p", [0.25, 0.6, 1.0])
def test_reference_dropout_backward_is_f_dropouts_gradient(reference: ModuleType, p: float) -> None:
    x = torch.randn(4, 5, dtype=torch.float64, requires_grad=True)
    grad_out = torch.randn(4, 5, dtype=torch.float64)
    torch.manual_seed(3)
    F.dropout(x, p, training=True).backward(grad_out)
    torch.manual_seed(3)
    keep = F.dropout(torch.ones(4, 5, dtype=torch.float64), p, training=True) != 0
    got = reference.dropout_backward(grad_out.numpy(), keep.numpy(), p, True, "cpu")
    assert x.grad is not None
    np.testing.assert_allclose(got, x.grad.numpy(), rtol=1e-15, atol=0)


def test_functional_sgd_step_equals_torch_optim_sgd_with_weight_decay(
    hidden: Hidden, reference: ModuleType
) -> None:
    for case in _cases(hidden, "sgd_weight_decay_step"):
        w, grad, lr, weight_decay = case.calls[-1].args
        param = torch.nn.Parameter(torch.from_numpy(w.copy()))
        param.grad = torch.from_numpy(grad.copy())
        torch.optim.SGD([param], lr=lr, weight_decay=weight_decay).step()
        np.testing.assert_array_equal(case.expected("cpu"), param.detach().numpy(), err_msg=case.name)
        np.testing.assert_allclose(
            case.expected("cpu"), w - lr * (grad + weight_decay * w), rtol=1e-14, atol=1e-15
        )


def test_reference_loss_is_cross_entropy_loss_and_the_stated_formula(hidden: Hidden) -> None:
    """nn.CrossEntropyLoss(label_smoothing=ε) = (1 − ε)·CE + ε · mean over classes of −log p."""
    for case in _cases(hidden, "cross_entropy_label_smoothing"):
        logits, targets, eps = case.calls[-1].args
        z, t = torch.from_numpy(logits), torch.from_numpy(targets.astype(np.int64))
        module = torch.nn.CrossEntropyLoss(label_smoothing=eps)(z, t).item()
        assert case.expected("cpu") == module, case.name
        log_p = torch.log_softmax(z, dim=1).numpy()
        nll = -log_p[np.arange(len(targets)), targets].mean()
        stated = (1 - eps) * nll + eps * (-log_p.mean(axis=1)).mean()
        assert case.expected("cpu") == pytest.approx(stated, rel=1e-12), case.name


def test_reference_gradient_matches_central_differences(hidden: Hidden, reference: ModuleType) -> None:
    for case in _cases(hidden, "cross_entropy_label_smoothing_grad"):
        logits, targets, eps = case.calls[-1].args
        numeric = np.zeros_like(logits)
        for index in np.ndindex(logits.shape):
            up, down = logits.copy(), logits.copy()
            up[index] += 1e-6
            down[index] -= 1e-6
            e_up = reference.cross_entropy_label_smoothing(up, targets, eps, "cpu")
            e_down = reference.cross_entropy_label_smoothing(down, targets, eps, "cpu")
            numeric[index] = (e_up - e_down) / 2e-6
        np.testing.assert_allclose(case.expected("cpu"), numeric, rtol=1e-5, atol=1e-6, err_msg=case.name)


def test_early_stopping_gives_the_hand_worked_answers(hidden: Hidden, grading: ModuleType) -> None:
    assert set(HAND_WORKED) == {label for label, *_ in grading.CURVES}
    for case in _cases(hidden, "early_stopping"):
        label = case.name.split(": ", 1)[1]
        answer = case.expected("cpu")
        assert type(answer) is tuple and all(type(v) is int for v in answer)
        if label in HAND_WORKED:
            assert answer == HAND_WORKED[label], label


def test_no_early_stopping_comparison_is_within_rounding(hidden: Hidden) -> None:
    """`loss < best − min_delta` and `best − loss > min_delta` must agree on every hidden curve (with
    min_delta = 0 both are exact, and ties are meant)."""
    for case in _cases(hidden, "early_stopping"):
        losses, _, min_delta = case.calls[-1].args
        best = losses[0]
        for loss in losses[1:]:
            assert min_delta == 0 or abs(loss - (best - min_delta)) > 1e-9, case.name
            best = loss if loss < best - min_delta else best
