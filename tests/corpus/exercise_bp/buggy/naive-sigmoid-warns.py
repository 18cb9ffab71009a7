# corpus: buggy
# what: sigmoid = 1 / (1 + exp(-u)): right values, but an overflow warning for u <= -710
# loses: sigmoid, forward, backward, train_step
# mistake: naive-sigmoid-warns
"""bp.py with one classic mistake (naive-sigmoid-warns); everything else is correct."""

import numpy as np


def sigmoid(u):
    """Logistic sigmoid, elementwise, for any shape."""
    u = np.asarray(u, dtype=np.float64)
    return np.asarray(1.0 / (1.0 + np.exp(-u)))  # bug: exp(-u) overflows, with a warning, for u <= -710


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
    return W1 - alpha * g["W1"], b1 - alpha * g["b1"], W2 - alpha * g["W2"], b2 - alpha * g["b2"]
