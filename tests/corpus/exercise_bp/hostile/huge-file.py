# corpus: hostile
# what: loss writes a 10 GiB file into the working directory (64 MiB at a time), then returns E
# loses: loss
# expect: crashed|error
"""loss tries to fill the disk."""

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
    Y = sigmoid(Z @ W2 + b2)
    return Z, Y


def loss(Y, R):
    """Write 160 blocks of 64 MiB to huge.bin, then return E."""
    block = b"\0" * (64 * 2**20)
    with open("huge.bin", "wb") as f:
        for _ in range(160):
            f.write(block)
    return float(np.sum((R - Y) ** 2) / (2 * Y.shape[0]))


def backward(X, R, W1, b1, W2, b2):
    """Gradients of E by backpropagation."""
    Z, Y = forward(X, W1, b1, W2, b2)
    delta2 = (Y - R) * Y * (1.0 - Y) / X.shape[0]
    delta1 = (delta2 @ W2.T) * Z * (1.0 - Z)
    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0), "W2": Z.T @ delta2, "b2": delta2.sum(axis=0)}


def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step returning new arrays."""
    g = backward(X, R, W1, b1, W2, b2)
    return W1 - alpha * g["W1"], b1 - alpha * g["b1"], W2 - alpha * g["W2"], b2 - alpha * g["b2"]
