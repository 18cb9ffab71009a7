# corpus: hostile
# what: sigmoid spins in while True: pass; forward, backward and train_step all call it
# loses: sigmoid, forward, backward, train_step
# expect: timeout
"""sigmoid never returns, so neither does anything that calls it; loss is correct."""

import numpy as np


def sigmoid(u):
    """Spin forever."""
    while True:
        pass


def forward(X, W1, b1, W2, b2):
    """Return (Z, Y)."""
    Z = sigmoid(X @ W1 + b1)
    Y = sigmoid(Z @ W2 + b2)
    return Z, Y


def loss(Y, R):
    """E = 1/(2N) * sum of squared errors."""
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
