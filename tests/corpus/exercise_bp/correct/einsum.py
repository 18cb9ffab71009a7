# corpus: correct
# what: every product and sum written with np.einsum
# loses:
"""Correct bp.py in which all contractions are np.einsum calls."""

import numpy as np


def sigmoid(u):
    """Stable logistic sigmoid for any shape."""
    u = np.asarray(u, dtype=np.float64)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, W1, b1, W2, b2):
    """Return (Z, Y) with einsum matrix products."""
    Z = sigmoid(np.einsum("ni,ih->nh", X, W1) + b1)
    Y = sigmoid(np.einsum("nh,hk->nk", Z, W2) + b2)
    return Z, Y


def loss(Y, R):
    """E = 1/(2N) * sum of squared errors, as a Python float."""
    D = R - Y
    return float(np.einsum("nk,nk->", D, D) / (2 * Y.shape[0]))


def backward(X, R, W1, b1, W2, b2):
    """Gradients of E with einsum contractions over the batch."""
    n = X.shape[0]
    Z, Y = forward(X, W1, b1, W2, b2)
    d2 = (Y - R) * Y * (1.0 - Y) / n
    d1 = np.einsum("nk,hk->nh", d2, W2) * Z * (1.0 - Z)
    return {
        "W1": np.einsum("ni,nh->ih", X, d1),
        "b1": np.einsum("nh->h", d1),
        "W2": np.einsum("nh,nk->hk", Z, d2),
        "b2": np.einsum("nk->k", d2),
    }


def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step returning new arrays."""
    g = backward(X, R, W1, b1, W2, b2)
    return W1 - alpha * g["W1"], b1 - alpha * g["b1"], W2 - alpha * g["W2"], b2 - alpha * g["b2"]
