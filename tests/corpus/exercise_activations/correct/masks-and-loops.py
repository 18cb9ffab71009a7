# corpus: correct
# what: boolean masks writing into fresh arrays, np.maximum (NumPy scalars for 0-d input) and a Python loop for softmax
# loses:
"""Correct activations.py built from masks and loops instead of np.where."""

import numpy as np


def sigmoid(x):
    """Positive and negative entries handled separately."""
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1.0 + e)
    return out


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
    """np.maximum (a NumPy scalar for a 0-d x)."""
    return np.maximum(x, 0.0)


def relu_grad(x):
    """1 for x > 0, else 0."""
    return np.where(np.asarray(x) > 0, 1.0, 0.0)


def leaky_relu(x, slope):
    """x for x > 0, slope * x otherwise."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, slope * x)


def leaky_relu_grad(x, slope):
    """Fill with the slope, then set 1 where x > 0."""
    x = np.asarray(x, dtype=np.float64)
    out = np.full_like(x, slope)
    out[x > 0] = 1.0
    return out


def elu(x, alpha):
    """Copy x, then overwrite the non-positive entries."""
    x = np.asarray(x, dtype=np.float64)
    out = x.copy()
    neg = x <= 0
    out[neg] = alpha * np.expm1(x[neg])
    return out


def elu_grad(x, alpha):
    """1 for x > 0, alpha * exp(x) otherwise."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def softplus(x):
    """Positive and negative entries handled separately."""
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    pos = x > 0
    out[pos] = x[pos] + np.log1p(np.exp(-x[pos]))
    out[~pos] = np.log1p(np.exp(x[~pos]))
    return out


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
    """One row at a time, the axis moved last."""
    x = np.asarray(x, dtype=np.float64)
    moved = np.moveaxis(x, axis, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    out = np.empty_like(rows)
    for i, row in enumerate(rows):
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
    return np.moveaxis(out.reshape(moved.shape), -1, axis)


def softmax_grad(x, g, axis):
    """s * (g - sum(g * s))."""
    s = softmax(x, axis)
    return s * (g - np.sum(g * s, axis=axis, keepdims=True))
