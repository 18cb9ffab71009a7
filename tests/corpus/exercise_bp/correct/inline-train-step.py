# corpus: correct
# what: train_step does its own forward and backward pass instead of calling backward
# loses:
"""Correct bp.py in which train_step is self-contained and copies before updating."""

import numpy as np


def sigmoid(u):
    """Stable logistic sigmoid: 1/(1+e) above zero, e/(1+e) below, with e = exp(-|u|)."""
    u = np.asarray(u, dtype=np.float64)
    out = np.empty(u.shape)
    neg = u < 0
    with np.errstate(under="ignore"):
        out[~neg] = 1.0 / (1.0 + np.exp(-u[~neg]))
        e = np.exp(u[neg])
    out[neg] = e / (1.0 + e)
    return out


def forward(X, W1, b1, W2, b2):
    """Return (Z, Y)."""
    Z = sigmoid(X @ W1 + b1)
    Y = sigmoid(Z @ W2 + b2)
    return Z, Y


def loss(Y, R):
    """E = 1/(2N) * sum of squared errors."""
    return float(np.sum((R - Y) * (R - Y)) / (2 * Y.shape[0]))


def backward(X, R, W1, b1, W2, b2):
    """Gradients of E by backpropagation."""
    Z, Y = forward(X, W1, b1, W2, b2)
    d2 = (Y - R) * Y * (1.0 - Y) / X.shape[0]
    d1 = (d2 @ W2.T) * Z * (1.0 - Z)
    return {"W1": X.T @ d1, "b1": d1.sum(axis=0), "W2": Z.T @ d2, "b2": d2.sum(axis=0)}


def train_step(X, R, W1, b1, W2, b2, alpha):
    """Recompute the gradients here, then update copies of the parameters in place."""
    W1, b1, W2, b2 = W1.copy(), b1.copy(), W2.copy(), b2.copy()
    Z = sigmoid(X @ W1 + b1)
    Y = sigmoid(Z @ W2 + b2)
    d2 = (Y - R) * Y * (1.0 - Y) / X.shape[0]
    d1 = (d2 @ W2.T) * Z * (1.0 - Z)
    W1 -= alpha * (X.T @ d1)
    b1 -= alpha * d1.sum(axis=0)
    W2 -= alpha * (Z.T @ d2)
    b2 -= alpha * d2.sum(axis=0)
    return W1, b1, W2, b2
