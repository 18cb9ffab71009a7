# corpus: buggy
# what: sigmoid is (1 + tanh(x/2)) / 2: stable, but 0 instead of tiny values for x < -37
# loses: sigmoid, swish
# expect: failed
"""activations.py whose sigmoid loses relative precision for very negative x."""

import numpy as np


def sigmoid(x):
    """sigma(x) = (1 + tanh(x / 2)) / 2."""
    x = np.asarray(x, dtype=np.float64)
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # bug: 1 + tanh cancels to 0 for very negative x


def sigmoid_grad(x):
    """sigma(x) * (1 - sigma(x))."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    """NumPy's tanh."""
    return np.tanh(np.asarray(x, dtype=np.float64))


def tanh_grad(x):
    """1 - tanh(x)^2."""
    t = np.tanh(np.asarray(x, dtype=np.float64))
    return 1.0 - t * t


def relu(x):
    """max(x, 0)."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, 0.0)


def relu_grad(x):
    """1 for x > 0, else 0."""
    return np.where(np.asarray(x) > 0, 1.0, 0.0)


def leaky_relu(x, slope):
    """x for x > 0, slope * x otherwise."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, slope * x)


def leaky_relu_grad(x, slope):
    """1 for x > 0, slope otherwise."""
    return np.where(np.asarray(x) > 0, 1.0, float(slope))


def elu(x, alpha):
    """x for x > 0, alpha * (exp(x) - 1) otherwise."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_grad(x, alpha):
    """1 for x > 0, alpha * exp(x) otherwise."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def softplus(x):
    """max(x, 0) + log1p(exp(-|x|))."""
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def softplus_grad(x):
    """The sigmoid."""
    return sigmoid(x)


def swish(x, beta):
    """x * sigma(beta x)."""
    x = np.asarray(x, dtype=np.float64)
    return x * sigmoid(beta * x)


def swish_grad(x, beta):
    """sigma(bx) + b x sigma(bx)(1 - sigma(bx))."""
    x = np.asarray(x, dtype=np.float64)
    s = sigmoid(beta * x)
    return s + beta * x * s * (1.0 - s)


def softmax(x, axis):
    """Shifted by the max along axis."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_grad(x, g, axis):
    """s * (g - sum(g * s))."""
    s = softmax(x, axis)
    return s * (g - np.sum(g * s, axis=axis, keepdims=True))
