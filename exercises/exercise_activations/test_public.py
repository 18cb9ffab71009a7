"""Public tests for exercise_activations. Run from the repository root:

    pytest exercises/exercise_activations/test_public.py

They load ``activations.py`` from the folder this file is in, so they also work when run from inside
that folder. The grader runs further, hidden tests.
"""

import importlib.util
from pathlib import Path

import numpy as np


def _load_student_module():
    path = Path(__file__).resolve().with_name("activations.py")
    spec = importlib.util.spec_from_file_location("activations", path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


act = _load_student_module()

# Moderate inputs away from the kink at 0, where the plain formulas below are exact enough.
X = np.array([[-3.0, -1.25, -0.5], [0.25, 1.5, 2.75]])


def _central_difference(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


def test_values_on_moderate_inputs():
    np.testing.assert_allclose(act.sigmoid(X), 1 / (1 + np.exp(-X)), rtol=1e-12)
    np.testing.assert_allclose(act.tanh(X), np.tanh(X), rtol=1e-12)
    np.testing.assert_allclose(act.relu(X), np.where(X > 0, X, 0.0), rtol=1e-12)
    np.testing.assert_allclose(act.leaky_relu(X, 0.1), np.where(X > 0, X, 0.1 * X), rtol=1e-12)
    np.testing.assert_allclose(act.elu(X, 1.5), np.where(X > 0, X, 1.5 * (np.exp(X) - 1)), rtol=1e-12)
    np.testing.assert_allclose(act.softplus(X), np.log(1 + np.exp(X)), rtol=1e-12)
    np.testing.assert_allclose(act.swish(X, 2.0), X / (1 + np.exp(-2.0 * X)), rtol=1e-12)


def test_shapes_are_kept_including_0d():
    for f in (act.sigmoid, act.tanh, act.relu, act.softplus, act.sigmoid_grad, act.relu_grad):
        out = f(np.array(0.3))
        assert np.shape(out) == (), f"{f.__name__} of a 0-d array should be 0-d"
        assert f(X).shape == X.shape, f"{f.__name__} changed the shape"


def test_derivatives_match_central_differences():
    pairs = [
        (act.sigmoid, act.sigmoid_grad),
        (act.tanh, act.tanh_grad),
        (act.relu, act.relu_grad),
        (act.softplus, act.softplus_grad),
        (lambda x: act.leaky_relu(x, 0.2), lambda x: act.leaky_relu_grad(x, 0.2)),
        (lambda x: act.elu(x, 0.8), lambda x: act.elu_grad(x, 0.8)),
        (lambda x: act.swish(x, 1.5), lambda x: act.swish_grad(x, 1.5)),
    ]
    for f, f_grad in pairs:
        np.testing.assert_allclose(f_grad(X), _central_difference(f, X), rtol=1e-6, atol=1e-9)


def test_derivatives_at_the_kink_follow_pytorch():
    zero = np.array([0.0])
    np.testing.assert_array_equal(act.relu_grad(zero), [0.0])
    np.testing.assert_array_equal(act.leaky_relu_grad(zero, 0.1), [0.1])
    np.testing.assert_allclose(act.elu_grad(zero, 0.5), [0.5], rtol=1e-12)


def test_softmax_normalises_along_the_given_axis():
    x = np.array([[1.0, 2.0], [3.0, 5.0]])
    s = act.softmax(x, 0)
    np.testing.assert_allclose(s.sum(axis=0), [1.0, 1.0], rtol=1e-12)
    np.testing.assert_allclose(s[:, 0], [1 / (1 + np.e**2), np.e**2 / (1 + np.e**2)], rtol=1e-12)
    np.testing.assert_allclose(act.softmax(x, -1).sum(axis=1), [1.0, 1.0], rtol=1e-12)


def test_softmax_grad_is_the_vector_jacobian_product():
    x = np.array([0.5, -1.0, 2.0, 0.0])
    g = np.array([1.0, -2.0, 0.5, 3.0])
    s = np.exp(x) / np.exp(x).sum()
    jacobian = np.diag(s) - np.outer(s, s)  # J[i, j] = ∂s_i / ∂x_j
    np.testing.assert_allclose(act.softmax_grad(x, g, 0), jacobian.T @ g, rtol=1e-10, atol=1e-12)


def test_extreme_inputs_neither_overflow_nor_lose_precision():
    x = np.array([-900.0, -50.0, 0.0, 50.0, 900.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = act.sigmoid(x)
        sp = act.softplus(x)
        soft = act.softmax(np.array([900.0, 899.0, -900.0]), 0)
    np.testing.assert_allclose(s, [0.0, np.exp(-50.0), 0.5, 1.0, 1.0], rtol=1e-12, atol=0)
    np.testing.assert_allclose(sp, [0.0, np.exp(-50.0), np.log(2.0), 50.0, 900.0], rtol=1e-12, atol=0)
    np.testing.assert_allclose(soft, [1 / (1 + np.exp(-1.0)), 1 / (1 + np.e), 0.0], rtol=1e-12, atol=0)


def test_inputs_are_not_modified():
    x = X.copy()
    act.relu(x)
    act.leaky_relu(x, 0.1)
    act.softmax(x, 1)
    act.softmax_grad(x, np.ones_like(x), 1)
    np.testing.assert_array_equal(x, X)
