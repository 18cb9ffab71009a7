# corpus: correct
# what: prints 250 progress lines per call to stdout (about 13 KB) and warning text to stderr
# loses:
"""Correct bp.py that talks a lot; its output must not cost it any points."""

import functools
import sys

import numpy as np

LINES_PER_CALL = 250
_depth = 0


def _chatty(func):
    """Let the outermost call print LINES_PER_CALL progress lines and two warning lines to stderr."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        global _depth
        _depth += 1
        try:
            if _depth == 1:
                shapes = ", ".join(str(np.shape(a)) for a in args)
                for i in range(LINES_PER_CALL):
                    print(f"[bp] {func.__name__}: step {i + 1:3d}/{LINES_PER_CALL} working hard ...")
                print(f"[bp] {func.__name__}: inputs {shapes}")
                print(f"warning: {func.__name__} is printing far too much", file=sys.stderr)
                print(f"warning: {func.__name__} says progress lines are not errors", file=sys.stderr)
            return func(*args, **kwargs)
        finally:
            _depth -= 1

    return wrapper


@_chatty
def sigmoid(u):
    """Stable logistic sigmoid for any shape."""
    u = np.asarray(u, dtype=np.float64)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@_chatty
def forward(X, W1, b1, W2, b2):
    """Return (Z, Y)."""
    Z = sigmoid(X @ W1 + b1)
    Y = sigmoid(Z @ W2 + b2)
    print(f"[bp] forward: mean output {float(np.mean(Y)):.6f}")
    return Z, Y


@_chatty
def loss(Y, R):
    """E = 1/(2N) * sum of squared errors."""
    E = float(np.sum((R - Y) ** 2) / (2 * Y.shape[0]))
    print(f"[bp] loss: E = {E!r}")
    return E


@_chatty
def backward(X, R, W1, b1, W2, b2):
    """Gradients of E by backpropagation."""
    Z, Y = forward(X, W1, b1, W2, b2)
    d2 = (Y - R) * Y * (1.0 - Y) / X.shape[0]
    d1 = (d2 @ W2.T) * Z * (1.0 - Z)
    grads = {"W1": X.T @ d1, "b1": d1.sum(axis=0), "W2": Z.T @ d2, "b2": d2.sum(axis=0)}
    for name, g in grads.items():
        print(f"[bp] backward: |d{name}| = {float(np.linalg.norm(g)):.6e}")
    return grads


@_chatty
def train_step(X, R, W1, b1, W2, b2, alpha):
    """One gradient-descent step returning new arrays."""
    g = backward(X, R, W1, b1, W2, b2)
    print(f"[bp] train_step: alpha = {alpha}")
    return W1 - alpha * g["W1"], b1 - alpha * g["b1"], W2 - alpha * g["W2"], b2 - alpha * g["b2"]
