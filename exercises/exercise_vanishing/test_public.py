"""Public tests for exercise_vanishing. Run from the repository root:

    pytest exercises/exercise_vanishing/test_public.py

They load ``vanishing.py`` from the folder this file is in, so they also work when run from inside that
folder. The grader runs further, hidden tests.
"""

import importlib.util
from pathlib import Path

import numpy as np


def _load_student_module():
    path = Path(__file__).resolve().with_name("vanishing.py")
    spec = importlib.util.spec_from_file_location("vanishing", path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


vanishing = _load_student_module()


def _reference_loss(X, Y, weights, biases, activation) -> float:
    """E computed by a plain forward pass (the naive sigmoid is fine for these moderate values)."""
    h = X
    for layer in range(len(weights)):
        a = h @ weights[layer] + biases[layer]
        if layer < len(weights) - 1:
            h = 1.0 / (1.0 + np.exp(-a)) if activation == "sigmoid" else np.maximum(a, 0.0)
    return float(np.sum((a - Y) ** 2) / (2 * X.shape[0]))


def _random_network(seed: int, depth: int, width: int, n: int, gain: float):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, width))
    Y = rng.normal(size=(n, width))
    weights = rng.normal(scale=gain / np.sqrt(width), size=(depth, width, width))
    biases = rng.normal(scale=0.5, size=(depth, width))
    return X, Y, weights, biases


def _central_differences(X, Y, weights, biases, activation, h=1e-6):
    numeric = []
    for param in (weights, biases):
        grad = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            up, down = param.copy(), param.copy()
            up[index] += h
            down[index] -= h
            if param is weights:
                e_up = _reference_loss(X, Y, up, biases, activation)
                e_down = _reference_loss(X, Y, down, biases, activation)
            else:
                e_up = _reference_loss(X, Y, weights, up, activation)
                e_down = _reference_loss(X, Y, weights, down, activation)
            grad[index] = (e_up - e_down) / (2 * h)
        numeric.append(grad)
    return numeric


def test_one_layer_gradients_by_hand():
    X = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]])
    Y = np.array([[0.5, 0.0], [1.0, 1.0], [0.0, 2.0]])
    weights = np.array([[[0.2, -0.1], [0.4, 0.3]]])
    biases = np.array([[0.1, -0.2]])
    dW, db = vanishing.layer_gradients(X, Y, weights, biases, "sigmoid")
    residual = (X @ weights[0] + biases[0] - Y) / 3  # the output layer is linear
    np.testing.assert_allclose(dW, (X.T @ residual)[None], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(db, residual.sum(axis=0)[None], rtol=1e-12, atol=1e-15)


def test_sigmoid_gradients_match_central_differences():
    X, Y, weights, biases = _random_network(seed=0, depth=3, width=3, n=4, gain=1.0)
    dW, db = vanishing.layer_gradients(X, Y, weights, biases, "sigmoid")
    assert dW.shape == weights.shape and db.shape == biases.shape
    numeric_W, numeric_b = _central_differences(X, Y, weights, biases, "sigmoid")
    np.testing.assert_allclose(dW, numeric_W, rtol=1e-5, atol=1e-9, err_msg="dW")
    np.testing.assert_allclose(db, numeric_b, rtol=1e-5, atol=1e-9, err_msg="db")


def test_relu_gradients_match_central_differences():
    X, Y, weights, biases = _random_network(seed=1, depth=4, width=3, n=5, gain=np.sqrt(2.0))
    dW, db = vanishing.layer_gradients(X, Y, weights, biases, "relu")
    numeric_W, numeric_b = _central_differences(X, Y, weights, biases, "relu")
    np.testing.assert_allclose(dW, numeric_W, rtol=1e-5, atol=1e-9, err_msg="dW")
    np.testing.assert_allclose(db, numeric_b, rtol=1e-5, atol=1e-9, err_msg="db")


def test_norms_are_the_frobenius_norms_of_the_weight_gradients():
    X, Y, weights, biases = _random_network(seed=2, depth=5, width=4, n=6, gain=1.0)
    dW, _ = vanishing.layer_gradients(X, Y, weights, biases, "sigmoid")
    norms = vanishing.layer_gradient_norms(X, Y, weights, biases, "sigmoid")
    assert norms.shape == (5,)
    np.testing.assert_allclose(norms, [np.linalg.norm(g) for g in dW], rtol=1e-12, atol=1e-15)


def test_sigmoid_gradients_vanish_and_relu_gradients_do_not():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(6, 4)), rng.normal(size=(6, 4))
    ratios = {}
    for activation, gain in (("sigmoid", 1.0), ("relu", np.sqrt(2.0))):
        weights = np.random.default_rng(100).normal(scale=gain / 2.0, size=(8, 4, 4))
        norms = vanishing.layer_gradient_norms(X, Y, weights, np.zeros((8, 4)), activation)
        ratios[activation] = norms[0] / norms[-1]
    assert ratios["sigmoid"] < 1e-3, ratios
    assert ratios["relu"] > 0.1, ratios


def test_clip_scales_by_the_global_norm():
    grads = [np.array([[3.0, 4.0]]), np.array([12.0])]
    clipped, total = vanishing.clip_by_global_norm(grads, 6.5)
    assert isinstance(total, float)
    np.testing.assert_allclose(total, 13.0, rtol=1e-12)
    coef = 6.5 / (13.0 + 1e-6)
    assert len(clipped) == 2
    np.testing.assert_allclose(clipped[0], [[3.0 * coef, 4.0 * coef]], rtol=1e-12)
    np.testing.assert_allclose(clipped[1], [12.0 * coef], rtol=1e-12)


def test_clip_leaves_small_gradients_and_its_inputs_alone():
    grads = [np.array([0.1, -0.2]), np.array([[0.3]])]
    saved = [g.copy() for g in grads]
    clipped, total = vanishing.clip_by_global_norm(grads, 1.0)
    np.testing.assert_allclose(total, np.sqrt(0.14), rtol=1e-12)
    assert len(clipped) == 2
    for new, old, kept in zip(clipped, grads, saved, strict=True):
        np.testing.assert_array_equal(new, kept)
        np.testing.assert_array_equal(old, kept)
        assert not np.shares_memory(new, old), "clip_by_global_norm must return new arrays"
