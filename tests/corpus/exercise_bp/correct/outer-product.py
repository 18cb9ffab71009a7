# corpus: correct
# what: backward accumulates dW1 and dW2 as a sum of per-sample outer products
# loses:
"""Correct bp.py whose weight gradients are sums of np.outer terms."""

import numpy as np


def sigmoid(u):
    """Stable logistic sigmoid for any shape."""
    u = np.asarray(u, dtype=np.float64)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, W1, b1, W2, b2):
    """Return (Z, Y)."""
    Z = sigmoid(X @ W1 + b1)
    return Z, sigmoid(Z @ W2 + b2)


def loss(Y, R):
    """E = 1/(2N) * sum of squared errors."""
    return float(((R - Y) ** 2).sum() / (2 * len(Y)))


def backward(X, R, W1, b1, W2, b2):
    """Vectorised deltas, then dW = sum over samples of outer(input_n, delta_n)."""
    Z, Y = forward(X, W1, b1, W2, b2)
    d2 = (Y - R) * Y * (1.0 - Y) / X.shape[0]
    d1 = (d2 @ W2.T) * Z * (1.0 - Z)
    dW1 = np.zeros_like(W1)
    dW2 = np.zeros_like(W2)
    for x_n, z_n, d1_n, d2_n in zip(X, Z, d1, d2, strict=True):
        dW1 = dW1 + np.outer(x_n, d1_n)
        dW2 = dW2 + np.outer(z_n, d2_n)
    return {"W1": dW1, "b1": d1.sum(axis=0), "W2": dW2, "b2": d2.sum(axis=0)}


def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step returning new arrays."""
    g = backward(X, R, W1, b1, W2, b2)
    return W1 - alpha * g["W1"], b1 - alpha * g["b1"], W2 - alpha * g["W2"], b2 - alpha * g["b2"]
