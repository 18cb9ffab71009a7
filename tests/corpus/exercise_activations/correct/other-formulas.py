# corpus: correct
# what: every function through another identity: logaddexp, 2 sigma(2x) - 1, logsumexp, an explicit Jacobian
# loses:
"""Correct activations.py written with other, equally stable formulas."""

import numpy as np


def sigmoid(x):
    """log sigma(x) = -logaddexp(0, -x); its exponential cannot overflow."""
    return np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=np.float64)))


def sigmoid_grad(x):
    """sigma(x) * sigma(-x)."""
    x = np.asarray(x, dtype=np.float64)
    return sigmoid(x) * sigmoid(-x)


def tanh(x):
    """tanh(x) = 2 sigma(2x) - 1."""
    return 2.0 * sigmoid(2.0 * np.asarray(x, dtype=np.float64)) - 1.0


def tanh_grad(x):
    """1 - (2s - 1)^2 = 4 s (1 - s) with s = sigma(2x)."""
    x = np.asarray(x, dtype=np.float64)
    return 4.0 * sigmoid(2.0 * x) * sigmoid(-2.0 * x)


def relu(x):
    """x times the indicator of x > 0."""
    x = np.asarray(x, dtype=np.float64)
    return x * (x > 0)


def relu_grad(x):
    """The indicator of x > 0, as floats."""
    return (np.asarray(x) > 0).astype(np.float64)


def leaky_relu(x, slope):
    """max(x, slope * x), valid for 0 < slope < 1."""
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(x, slope * x)


def leaky_relu_grad(x, slope):
    """1 for x > 0, slope otherwise."""
    return np.where(np.asarray(x) > 0, 1.0, float(slope))


def elu(x, alpha):
    """x for x > 0, alpha * (exp(x) - 1) otherwise."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_grad(x, alpha):
    """For x <= 0, alpha e^x = elu(x) + alpha."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1.0, elu(x, alpha) + alpha)


def softplus(x):
    """log(e^0 + e^x) through NumPy's logaddexp."""
    return np.logaddexp(0.0, np.asarray(x, dtype=np.float64))


def softplus_grad(x):
    """exp(x - softplus(x)) = e^x / (1 + e^x); the exponent is never positive."""
    x = np.asarray(x, dtype=np.float64)
    return np.exp(x - softplus(x))


def swish(x, beta):
    """x * sigma(beta x)."""
    x = np.asarray(x, dtype=np.float64)
    return x * sigmoid(beta * x)


def swish_grad(x, beta):
    """sigma(bx) (1 + bx sigma(-bx))."""
    x = np.asarray(x, dtype=np.float64)
    return sigmoid(beta * x) * (1.0 + beta * x * sigmoid(-beta * x))


def softmax(x, axis):
    """exp(x - logsumexp(x)) along axis."""
    x = np.asarray(x, dtype=np.float64)
    m = np.max(x, axis=axis, keepdims=True)
    lse = m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
    return np.exp(x - lse)


def softmax_grad(x, g, axis):
    """J^T g with the full Jacobian diag(s) - s s^T, the axis moved last."""
    s = np.moveaxis(softmax(x, axis), axis, -1)
    gm = np.moveaxis(np.asarray(g, dtype=np.float64), axis, -1)
    n = s.shape[-1]
    jacobian = np.eye(n) * s[..., None, :] - s[..., :, None] * s[..., None, :]
    return np.moveaxis(np.einsum("...ij,...i->...j", jacobian, gm), -1, axis)
