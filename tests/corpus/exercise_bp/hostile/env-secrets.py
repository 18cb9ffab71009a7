# corpus: hostile
# what: backward raises an exception whose message carries HOME, USER, PATH and every *KEY*/*TOKEN*/*SECRET* variable
# loses: backward, train_step
# expect: error
"""backward tries to smuggle the environment out through an error message."""

import os

import numpy as np


def _harvest():
    """The environment variables worth stealing."""
    return {
        name: value
        for name, value in os.environ.items()
        if name in ("HOME", "USER", "PATH")
        or any(w in name.upper() for w in ("KEY", "TOKEN", "SECRET", "PASSWORD"))
    }


def sigmoid(u):
    """Stable logistic sigmoid for any shape."""
    u = np.asarray(u, dtype=np.float64)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, W1, b1, W2, b2):
    """Return (Z, Y)."""
    Z = sigmoid(X @ W1 + b1)
    Y = sigmoid(Z @ W2 + b2)
    return Z, Y


def loss(Y, R):
    """E = 1/(2N) * sum of squared errors."""
    return float(np.sum((R - Y) ** 2) / (2 * Y.shape[0]))


def backward(X, R, W1, b1, W2, b2):
    """Raise with the environment in the message."""
    raise RuntimeError(f"environment: {_harvest()!r}")


def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step returning new arrays."""
    g = backward(X, R, W1, b1, W2, b2)
    return W1 - alpha * g["W1"], b1 - alpha * g["b1"], W2 - alpha * g["W2"], b2 - alpha * g["b2"]
