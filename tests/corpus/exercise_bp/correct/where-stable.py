# corpus: correct
# what: np.where picks between two branches that are both safe for every input
# loses:
"""Correct bp.py with the textbook two-branch stable sigmoid."""

import numpy as np


def sigmoid(u):
    """Both branches only ever exponentiate a non-positive number."""
    u = np.asarray(u, dtype=np.float64)
    positive = u >= 0
    with np.errstate(under="ignore"):
        e = np.exp(np.where(positive, -u, u))
    return np.where(positive, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, W1, b1, W2, b2):
    """Return (Z, Y)."""
    Z = sigmoid(np.dot(X, W1) + b1)
    Y = sigmoid(np.dot(Z, W2) + b2)
    return Z, Y


def loss(Y, R):
    """E = 1/(2N) * sum of squared errors."""
    return float(0.5 * np.mean(np.sum((R - Y) ** 2, axis=1)))


def backward(X, R, W1, b1, W2, b2):
    """Gradients of E by backpropagation."""
    Z, Y = forward(X, W1, b1, W2, b2)
    d2 = (Y - R) * Y * (1.0 - Y) / len(X)
    d1 = np.dot(d2, W2.T) * Z * (1.0 - Z)
    return {"W1": np.dot(X.T, d1), "b1": np.sum(d1, axis=0), "W2": np.dot(Z.T, d2), "b2": np.sum(d2, axis=0)}


def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step returning new arrays."""
    g = backward(X, R, W1, b1, W2, b2)
    return tuple(p - alpha * g[k] for k, p in zip(("W1", "b1", "W2", "b2"), (W1, b1, W2, b2), strict=True))
