# corpus: buggy
# what: train_step uses a fixed learning rate 0.1 instead of alpha
# loses: train_step
# mistake: train-step-ignores-alpha
"""bp.py with one classic mistake (train-step-ignores-alpha); everything else is correct."""

import numpy as np


def sigmoid(u):
    """Logistic sigmoid, elementwise, for any shape."""
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
    n = Y.shape[0]
    return float(np.sum((R - Y) ** 2) / (2 * n))


def backward(X, R, W1, b1, W2, b2):
    """Gradients of E by backpropagation."""
    n = X.shape[0]
    Z, Y = forward(X, W1, b1, W2, b2)
    delta2 = (Y - R) * Y * (1.0 - Y) / n
    delta1 = (delta2 @ W2.T) * Z * (1.0 - Z)
    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0), "W2": Z.T @ delta2, "b2": delta2.sum(axis=0)}


def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step returning new arrays."""
    g = backward(X, R, W1, b1, W2, b2)
    lr = 0.1  # bug: alpha is ignored
    return W1 - lr * g["W1"], b1 - lr * g["b1"], W2 - lr * g["W2"], b2 - lr * g["b2"]
