# corpus: correct
# what: sigmoid computed as 0.5 * (1 + tanh(u / 2)), which cannot overflow
# loses:
"""Correct bp.py whose sigmoid goes through np.tanh."""

import numpy as np


def sigmoid(u):
    """sigma(u) = (1 + tanh(u/2)) / 2; tanh saturates to +-1 instead of overflowing."""
    u = np.asarray(u, dtype=np.float64)
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * u)), dtype=np.float64)


def forward(X, W1, b1, W2, b2):
    """Return (Z, Y)."""
    Z = sigmoid(X @ W1 + b1)
    Y = sigmoid(Z @ W2 + b2)
    return Z, Y


def loss(Y, R):
    """E = 1/(2N) * sum of squared errors."""
    return float(np.sum(np.square(R - Y)) / (2.0 * Y.shape[0]))


def backward(X, R, W1, b1, W2, b2):
    """Gradients of E by backpropagation."""
    Z, Y = forward(X, W1, b1, W2, b2)
    d2 = (Y - R) * Y * (1.0 - Y) / X.shape[0]
    d1 = (d2 @ W2.T) * Z * (1.0 - Z)
    return {"W1": X.T @ d1, "b1": d1.sum(axis=0), "W2": Z.T @ d2, "b2": d2.sum(axis=0)}


def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step returning new arrays."""
    g = backward(X, R, W1, b1, W2, b2)
    new = {name: p - alpha * g[name] for name, p in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2))}
    return new["W1"], new["b1"], new["W2"], new["b2"]
