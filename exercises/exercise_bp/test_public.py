"""Public tests for exercise_bp. Run from the repository root:

    pytest exercises/exercise_bp/test_public.py

They load ``bp.py`` from the folder this file is in, so they also work when run from inside that folder.
The grader runs further, hidden tests.
"""

import importlib.util
from pathlib import Path

import numpy as np


def _load_student_module():
    path = Path(__file__).resolve().with_name("bp.py")
    spec = importlib.util.spec_from_file_location("bp", path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bp = _load_student_module()


def _reference_sigmoid(u: np.ndarray) -> np.ndarray:
    # The plain formula: fine for the moderate values used in these tests.
    return 1.0 / (1.0 + np.exp(-u))


def _reference_loss(X, R, W1, b1, W2, b2) -> float:
    Z = _reference_sigmoid(X @ W1 + b1)
    Y = _reference_sigmoid(Z @ W2 + b2)
    return float(np.sum((R - Y) ** 2) / (2 * X.shape[0]))


def _small_fixed_example():
    """N=3, d_in=2, d_h=4, d_out=2."""
    X = np.array([[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0]])
    W1 = np.array([[0.1, -0.2, 0.3, 0.4], [-0.5, 0.6, 0.2, -0.1]])
    b1 = np.array([0.05, -0.1, 0.0, 0.2])
    W2 = np.array([[0.3, -0.4], [0.2, 0.1], [-0.6, 0.5], [0.7, -0.2]])
    b2 = np.array([0.1, -0.3])
    return X, W1, b1, W2, b2


def _random_case(seed: int = 0):
    """Seeded case with N=4, d_in=3, d_h=5, d_out=2; returns X, R, W1, b1, W2, b2."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(4, 3))
    R = rng.uniform(size=(4, 2))
    W1 = rng.normal(scale=0.8, size=(3, 5))
    b1 = rng.normal(scale=0.5, size=5)
    W2 = rng.normal(scale=0.8, size=(5, 2))
    b2 = rng.normal(scale=0.5, size=2)
    return X, R, W1, b1, W2, b2


def test_sigmoid_zero_and_small_array():
    np.testing.assert_allclose(bp.sigmoid(np.array(0.0)), 0.5, rtol=0, atol=1e-15)
    u = np.array([[-3.0, -1.0, -0.25], [0.0, 0.5, 4.0]])
    out = bp.sigmoid(u)
    assert out.shape == u.shape
    np.testing.assert_allclose(out, _reference_sigmoid(u), rtol=1e-12, atol=1e-15)


def test_forward_shapes():
    X, W1, b1, W2, b2 = _small_fixed_example()
    Z, Y = bp.forward(X, W1, b1, W2, b2)
    assert Z.shape == (3, 4)
    assert Y.shape == (3, 2)


def test_forward_values():
    X, W1, b1, W2, b2 = _small_fixed_example()
    Z, Y = bp.forward(X, W1, b1, W2, b2)
    Z_expected = _reference_sigmoid(X @ W1 + b1)
    np.testing.assert_allclose(Z, Z_expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(Y, _reference_sigmoid(Z_expected @ W2 + b2), rtol=1e-12, atol=1e-15)


def test_loss_hand_computed():
    Y = np.array([[0.5, 0.25], [1.0, 0.0]])
    R = np.array([[1.0, 0.0], [1.0, 1.0]])
    # squared errors 0.25 + 0.0625 + 0 + 1 = 1.3125; divided by 2N = 4
    np.testing.assert_allclose(bp.loss(Y, R), 0.328125, rtol=1e-12, atol=1e-15)


def test_backward_matches_central_finite_differences():
    X, R, W1, b1, W2, b2 = _random_case(seed=0)
    grads = bp.backward(X, R, W1, b1, W2, b2)
    assert set(grads) == {"W1", "b1", "W2", "b2"}

    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    h = 1e-6
    for name, value in params.items():
        numeric = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            plus = {key: arr.copy() for key, arr in params.items()}
            minus = {key: arr.copy() for key, arr in params.items()}
            plus[name][index] += h
            minus[name][index] -= h
            e_plus = _reference_loss(X, R, plus["W1"], plus["b1"], plus["W2"], plus["b2"])
            e_minus = _reference_loss(X, R, minus["W1"], minus["b1"], minus["W2"], minus["b2"])
            numeric[index] = (e_plus - e_minus) / (2 * h)
        assert grads[name].shape == value.shape, f"gradient {name} has the wrong shape"
        np.testing.assert_allclose(grads[name], numeric, rtol=1e-5, atol=1e-8, err_msg=f"gradient {name}")


def test_train_step_is_one_gradient_step():
    X, R, W1, b1, W2, b2 = _random_case(seed=1)
    alpha = 0.5
    grads = bp.backward(X, R, W1, b1, W2, b2)
    new = bp.train_step(X, R, W1, b1, W2, b2, alpha)
    assert len(new) == 4
    for updated, name, old in zip(new, ("W1", "b1", "W2", "b2"), (W1, b1, W2, b2), strict=True):
        assert updated.shape == old.shape, f"updated {name} has the wrong shape"
        np.testing.assert_allclose(
            updated, old - alpha * grads[name], rtol=1e-12, atol=1e-15, err_msg=f"updated {name}"
        )


def test_train_step_leaves_inputs_unchanged():
    X, R, W1, b1, W2, b2 = _random_case(seed=2)
    before = [arr.copy() for arr in (X, R, W1, b1, W2, b2)]
    new = bp.train_step(X, R, W1, b1, W2, b2, 0.1)
    for arr, saved in zip((X, R, W1, b1, W2, b2), before, strict=True):
        np.testing.assert_array_equal(arr, saved)
    for updated, old in zip(new, (W1, b1, W2, b2), strict=True):
        assert not np.shares_memory(updated, old), "train_step must return new arrays"
