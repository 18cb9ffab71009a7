# corpus: buggy
# what: loss = 1/2 * mean over all N * d_out entries (wrong whenever d_out > 1)
# loses: loss
# mistake: loss-mean-over-all-elements
"""bp.py with one classic mistake (loss-mean-over-all-elements); everything else is correct."""

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
    return float(0.5 * np.mean((R - Y) ** 2))  # bug: divides by N * d_out


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
