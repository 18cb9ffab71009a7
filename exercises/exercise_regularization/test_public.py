"""Public tests for exercise_regularization. Run from the repository root:

    pytest exercises/exercise_regularization/test_public.py

They load ``regularization.py`` from the folder this file is in, so they also work when run from inside
that folder. The grader runs further, hidden tests.
"""

import importlib.util
from pathlib import Path

import numpy as np


def _load_student_module():
    path = Path(__file__).resolve().with_name("regularization.py")
    spec = importlib.util.spec_from_file_location("regularization", path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reg = _load_student_module()


def test_dropout_training_scales_the_kept_values():
    x = np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])
    mask = np.array([[True, False, True], [False, True, True]])
    out = reg.dropout(x, mask, 0.5, True)
    np.testing.assert_allclose(out, [[2.0, 0.0, 6.0], [0.0, 10.0, -12.0]], rtol=1e-12, atol=0)


def test_dropout_evaluation_is_the_identity_and_inputs_stay():
    x = np.array([0.5, -1.5, 2.5, 4.0])
    mask = np.array([True, False, False, True])
    saved = x.copy()
    np.testing.assert_array_equal(reg.dropout(x, mask, 0.25, False), x)
    np.testing.assert_array_equal(x, saved)


def test_dropout_backward_uses_the_same_mask_and_scale():
    grad_out = np.array([[1.0, 2.0], [3.0, 4.0]])
    mask = np.array([[True, False], [True, True]])
    got = reg.dropout_backward(grad_out, mask, 0.2, True)
    np.testing.assert_allclose(got, [[1.25, 0.0], [3.75, 5.0]], rtol=1e-12, atol=0)


def test_sgd_weight_decay_step():
    w = np.array([1.0, -2.0, 0.5])
    grad = np.array([0.1, 0.2, -0.3])
    new = reg.sgd_weight_decay_step(w, grad, 0.1, 0.01)
    # w − 0.1 · (grad + 0.01 · w)
    np.testing.assert_allclose(new, [0.989, -2.018, 0.5295], rtol=1e-12, atol=0)
    np.testing.assert_array_equal(w, [1.0, -2.0, 0.5])


def _smoothed_loss(logits, targets, eps):
    """Label-smoothed cross-entropy with the plain softmax: fine for these moderate logits."""
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    k = logits.shape[1]
    q = np.full(logits.shape, eps / k)
    q[np.arange(len(targets)), targets] += 1.0 - eps
    return -np.sum(q * np.log(p)) / len(targets)


def test_label_smoothing_loss_small_example():
    logits = np.array([[2.0, 0.5, -1.0], [0.0, 1.0, 3.0]])
    targets = np.array([0, 1])
    loss = reg.cross_entropy_label_smoothing(logits, targets, 0.1)
    assert isinstance(loss, float)
    np.testing.assert_allclose(loss, _smoothed_loss(logits, targets, 0.1), rtol=1e-10)
    # eps = 0 is the ordinary cross-entropy
    np.testing.assert_allclose(
        reg.cross_entropy_label_smoothing(logits, targets, 0.0),
        _smoothed_loss(logits, targets, 0.0),
        rtol=1e-10,
    )


def test_label_smoothing_grad_matches_central_differences():
    rng = np.random.default_rng(0)
    logits, targets, eps = rng.normal(size=(3, 4)), np.array([1, 3, 0]), 0.2
    grad = reg.cross_entropy_label_smoothing_grad(logits, targets, eps)
    assert grad.shape == (3, 4)
    numeric = np.zeros_like(logits)
    for index in np.ndindex(logits.shape):
        up, down = logits.copy(), logits.copy()
        up[index] += 1e-6
        down[index] -= 1e-6
        numeric[index] = (_smoothed_loss(up, targets, eps) - _smoothed_loss(down, targets, eps)) / 2e-6
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-9)


def test_early_stopping_worked_example():
    # best 0.6 at epoch 2; epochs 3, 4, 5 do not improve, so with patience 3 training stops at epoch 5
    losses = np.array([1.0, 0.8, 0.6, 0.65, 0.7, 0.72, 0.5])
    assert tuple(reg.early_stopping(losses, 3, 0.0)) == (5, 2)
    # with patience 4, epoch 6 improves in time: training runs to the end
    assert tuple(reg.early_stopping(losses, 4, 0.0)) == (6, 6)
