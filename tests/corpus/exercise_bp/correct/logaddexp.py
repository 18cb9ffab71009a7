# corpus: correct
# what: sigmoid as exp(-logaddexp(0, -u)), i.e. exp(-softplus(-u))
# loses:
"""Correct bp.py whose sigmoid is computed in log space."""

import numpy as np


def sigmoid(u):
    """log sigma(u) = -log(1 + e^-u) = -logaddexp(0, -u); exponentiating it cannot overflow."""
    u = np.asarray(u, dtype=np.float64)
    with np.errstate(under="ignore"):
        return np.asarray(np.exp(-np.logaddexp(0.0, -u)), dtype=np.float64)


def forward(X, W1, b1, W2, b2):
    """Return (Z, Y)."""
    Z = sigmoid(np.matmul(X, W1) + b1)
    Y = sigmoid(np.matmul(Z, W2) + b2)
    return Z, Y


def loss(Y, R):
    """E = 1/(2N) * sum of squared errors."""
    return float(np.linalg.norm(R - Y) ** 2 / (2 * Y.shape[0]))


def backward(X, R, W1, b1, W2, b2):
    """Gradients of E by backpropagation."""
    Z, Y = forward(X, W1, b1, W2, b2)
    d2 = (Y - R) * Y * (1.0 - Y) / X.shape[0]
    d1 = np.matmul(d2, W2.T) * Z * (1.0 - Z)
    return {"W1": np.matmul(X.T, d1), "b1": d1.sum(axis=0), "W2": np.matmul(Z.T, d2), "b2": d2.sum(axis=0)}


def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step returning new arrays."""
    g = backward(X, R, W1, b1, W2, b2)
    return W1 - alpha * g["W1"], b1 - alpha * g["b1"], W2 - alpha * g["W2"], b2 - alpha * g["b2"]
