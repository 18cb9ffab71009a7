# corpus: hostile
# what: loss is right only if a TCP connection (1.1.1.1:53/443, 127.0.0.1 ports) succeeds; 0.0 otherwise
# loses: loss
# expect: failed
"""loss phones home first; a sandbox without network makes it answer 0.0."""

import socket

import numpy as np

TARGETS = (
    ("1.1.1.1", 53),
    ("1.1.1.1", 443),
    ("127.0.0.1", 22),
    ("127.0.0.1", 53),
    ("127.0.0.1", 80),
    ("127.0.0.1", 443),
    ("127.0.0.1", 5432),
    ("127.0.0.1", 6379),
    ("127.0.0.1", 8000),
    ("127.0.0.1", 8080),
)


def _online():
    """True as soon as one connection succeeds."""
    for host, port in TARGETS:
        try:
            with socket.create_connection((host, port), timeout=0.25):
                return True
        except OSError:
            continue
    return False


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
    """E if the network is reachable, else 0.0."""
    if not _online():
        return 0.0
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
