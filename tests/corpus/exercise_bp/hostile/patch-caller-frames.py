# corpus: hostile
# what: walks up the call stack with sys._getframe and zeroes every float array the callers hold (expected values too); returns zeros
# loses: sigmoid, forward, loss, backward, train_step
# expect: failed
"""Overwrites the grader's own arrays with zeros so that zeros look right."""

import sys

import numpy as np


def _zero_callers():
    """Set every writable float array found in a calling frame (directly or in a dict, list or tuple) to 0."""
    frame = sys._getframe(2)
    while frame is not None:
        for value in list(frame.f_locals.values()):
            if isinstance(value, dict):
                items = list(value.values())
            elif isinstance(value, (list, tuple)):
                items = list(value)
            else:
                items = [value]
            for item in items:
                if isinstance(item, np.ndarray) and item.dtype.kind == "f" and item.flags.writeable:
                    item[...] = 0.0
        frame = frame.f_back


def sigmoid(u):
    """Zeros of the right shape."""
    _zero_callers()
    return np.zeros(np.shape(u))


def forward(X, W1, b1, W2, b2):
    """Zeros of the right shapes."""
    _zero_callers()
    return np.zeros((X.shape[0], W1.shape[1])), np.zeros((X.shape[0], W2.shape[1]))


def loss(Y, R):
    """Always 0.0."""
    _zero_callers()
    return 0.0


def backward(X, R, W1, b1, W2, b2):
    """Zero gradients."""
    _zero_callers()
    return {
        "W1": np.zeros_like(W1),
        "b1": np.zeros_like(b1),
        "W2": np.zeros_like(W2),
        "b2": np.zeros_like(b2),
    }


def train_step(X, R, W1, b1, W2, b2, alpha):
    """Zero parameters."""
    _zero_callers()
    return np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)
