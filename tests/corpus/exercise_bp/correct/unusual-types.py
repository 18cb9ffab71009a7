# corpus: correct
# what: forward returns a namedtuple, loss a 0-d array, backward an OrderedDict, train_step a list
# loses:
"""Model solution for exercise_bp: a two-layer sigmoid network, forward and backward, in NumPy."""

import numpy as np


def sigmoid(u: np.ndarray) -> np.ndarray:
    """Logistic sigmoid, elementwise, for any shape; stable for very large |u|.

    Both branches use e = exp(-|u|), which lies in (0, 1] and so never overflows:
    sigma(u) = 1 / (1 + e) for u >= 0 and e / (1 + e) for u < 0.
    """
    u = np.asarray(u, dtype=np.float64)
    with np.errstate(under="ignore"):  # exp(-|u|) may underflow to 0 for huge |u|; that is the right limit
        e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(
    X: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return (Z, Y): hidden activations (N, d_h) and outputs (N, d_out)."""
    Z = sigmoid(X @ W1 + b1)
    Y = sigmoid(Z @ W2 + b2)
    return Z, Y


def loss(Y: np.ndarray, R: np.ndarray) -> float:
    """E = 1/(2N) * sum over samples and outputs of (R - Y)^2, as a Python float."""
    n = Y.shape[0]
    return float(np.sum((R - Y) ** 2) / (2 * n))


def backward(
    X: np.ndarray, R: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> dict[str, np.ndarray]:
    """Gradients of E with respect to W1, b1, W2 and b2, each the shape of its parameter."""
    n = X.shape[0]
    Z, Y = forward(X, W1, b1, W2, b2)
    delta2 = (Y - R) * Y * (1.0 - Y) / n  # dE/d(pre-activation of the output layer), (N, d_out)
    delta1 = (delta2 @ W2.T) * Z * (1.0 - Z)  # dE/d(pre-activation of the hidden layer), (N, d_h)
    return {
        "W1": X.T @ delta1,
        "b1": delta1.sum(axis=0),
        "W2": Z.T @ delta2,
        "b2": delta2.sum(axis=0),
    }


def train_step(
    X: np.ndarray,
    R: np.ndarray,
    W1: np.ndarray,
    b1: np.ndarray,
    W2: np.ndarray,
    b2: np.ndarray,
    alpha: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One full-batch gradient-descent step; returns new arrays and leaves the inputs unchanged."""
    grads = backward(X, R, W1, b1, W2, b2)
    return (
        W1 - alpha * grads["W1"],
        b1 - alpha * grads["b1"],
        W2 - alpha * grads["W2"],
        b2 - alpha * grads["b2"],
    )


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

_Forward = _collections.namedtuple("_Forward", "Z Y")
_forward, _loss, _backward, _train_step = forward, loss, backward, train_step


def forward(*args):
    return _Forward(*_forward(*args))


def loss(*args):
    return np.asarray(_loss(*args))


def backward(*args):
    return _collections.OrderedDict(_backward(*args))


def train_step(*args):
    return [_sub(p) for p in _train_step(*args)]
