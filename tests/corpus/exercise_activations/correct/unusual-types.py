# corpus: correct
# what: every array returned as an ndarray subclass, 0-d results as NumPy scalars
# loses:
"""Model solution for exercise_activations: eight activations and their derivatives, stable, in NumPy."""

from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) from e = exp(−|x|) ∈ (0, 1], which can neither overflow nor lose a tiny result."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """σ′(x) = σ(x)(1 − σ(x))."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x: np.ndarray) -> np.ndarray:
    """NumPy's tanh is already stable for any x."""
    return np.tanh(np.asarray(x, dtype=np.float64))


def tanh_grad(x: np.ndarray) -> np.ndarray:
    """tanh′(x) = 1 − tanh²(x); never 1/cosh², whose cosh overflows for |x| > 710."""
    t = tanh(x)
    return 1.0 - t * t


def relu(x: np.ndarray) -> np.ndarray:
    """max(x, 0), as a new array."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, 0.0)


def relu_grad(x: np.ndarray) -> np.ndarray:
    """1 where x > 0, else 0: PyTorch's autograd takes 0 at the kink x = 0."""
    return np.where(np.asarray(x) > 0, 1.0, 0.0)


def leaky_relu(x: np.ndarray, slope: float) -> np.ndarray:
    """x for x > 0, slope·x otherwise."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, slope * x)


def leaky_relu_grad(x: np.ndarray, slope: float) -> np.ndarray:
    """1 for x > 0, slope otherwise (x = 0 included, as in PyTorch)."""
    return np.where(np.asarray(x) > 0, 1.0, float(slope))


def elu(x: np.ndarray, alpha: float) -> np.ndarray:
    """x for x > 0, α(eˣ − 1) otherwise; exp only sees min(x, 0), so np.where's other branch cannot overflow."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_grad(x: np.ndarray, alpha: float) -> np.ndarray:
    """1 for x > 0, α·eˣ otherwise (so α at x = 0, as in PyTorch)."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|)): no overflow, and log1p keeps tiny results exact."""
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def softplus_grad(x: np.ndarray) -> np.ndarray:
    """The derivative of softplus is the sigmoid."""
    return sigmoid(x)


def swish(x: np.ndarray, beta: float) -> np.ndarray:
    """x·σ(βx)."""
    x = np.asarray(x, dtype=np.float64)
    return x * sigmoid(beta * x)


def swish_grad(x: np.ndarray, beta: float) -> np.ndarray:
    """Product and chain rule: σ(βx) + x·β·σ(βx)(1 − σ(βx))."""
    x = np.asarray(x, dtype=np.float64)
    s = sigmoid(beta * x)
    return s + beta * x * s * (1.0 - s)


def softmax(x: np.ndarray, axis: int) -> np.ndarray:
    """exp(x − max) / Σ exp(x − max) along ``axis``: the shift changes nothing but keeps exp ≤ 1."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_grad(x: np.ndarray, g: np.ndarray, axis: int) -> np.ndarray:
    """Vector-Jacobian product Jᵀg = s ⊙ (g − Σ g ⊙ s) along ``axis``, without building J."""
    s = softmax(x, axis)
    return s * (g - np.sum(g * s, axis=axis, keepdims=True))


# ---- the same answers, in the unusual but allowed types this file is about ----
import collections as _collections  # noqa: E402


class _Array(np.ndarray):
    """An ndarray subclass: still an array of the right shape and values."""


def _sub(a):
    return np.asarray(a).view(_Array)


def _scalar(x):
    """A float as a 0-d array or a NumPy scalar, alternately."""
    _scalar.n = getattr(_scalar, "n", 0) + 1
    return np.asarray(x, dtype=np.float64) if _scalar.n % 2 else np.float64(x)

for _name in ["sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad", "leaky_relu",
              "leaky_relu_grad", "elu", "elu_grad", "softplus", "softplus_grad", "swish", "swish_grad",
              "softmax", "softmax_grad"]:
    def _make(f):
        def wrapped(*args):
            r = np.asarray(f(*args))
            return r[()] if r.ndim == 0 else _sub(r)
        return wrapped
    globals()[_name] = _make(globals()[_name])
