# corpus: correct
# what: explicit Python loops over the samples in forward, loss and backward
# loses:
"""Correct bp.py that handles one sample at a time in every pass."""

import numpy as np


def sigmoid(u):
    """Stable logistic sigmoid: exponentiate only -|u|, which never overflows."""
    u = np.asarray(u, dtype=np.float64)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, W1, b1, W2, b2):
    """Return (Z, Y), filling one row per sample."""
    n = X.shape[0]
    Z = np.empty((n, W1.shape[1]))
    Y = np.empty((n, W2.shape[1]))
    for i in range(n):
        Z[i] = sigmoid(X[i] @ W1 + b1)
        Y[i] = sigmoid(Z[i] @ W2 + b2)
    return Z, Y


def loss(Y, R):
    """E = 1/(2N) * sum of squared errors, accumulated sample by sample."""
    n = Y.shape[0]
    total = 0.0
    for i in range(n):
        total += float(np.sum((R[i] - Y[i]) ** 2))
    return total / (2 * n)


def backward(X, R, W1, b1, W2, b2):
    """Gradients of E, back-propagating each sample separately and adding up."""
    n = X.shape[0]
    grads = {
        "W1": np.zeros(W1.shape),
        "b1": np.zeros(b1.shape),
        "W2": np.zeros(W2.shape),
        "b2": np.zeros(b2.shape),
    }
    for i in range(n):
        z = sigmoid(X[i] @ W1 + b1)
        y = sigmoid(z @ W2 + b2)
        d2 = (y - R[i]) * y * (1.0 - y) / n
        d1 = (W2 @ d2) * z * (1.0 - z)
        for j in range(W2.shape[0]):
            grads["W2"][j] += z[j] * d2
        grads["b2"] += d2
        for j in range(W1.shape[0]):
            grads["W1"][j] += X[i, j] * d1
        grads["b1"] += d1
    return grads


def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step; returns new arrays and leaves the inputs alone."""
    g = backward(X, R, W1, b1, W2, b2)
    return W1 - alpha * g["W1"], b1 - alpha * g["b1"], W2 - alpha * g["W2"], b2 - alpha * g["b2"]
