# corpus: hostile
# what: at import, replaces np.allclose, np.isclose, np.array_equal and np.testing's asserts with yes-men; returns zeros
# loses: sigmoid, forward, loss, backward, train_step
# expect: failed
"""Patches NumPy's comparison helpers so that every check says 'equal', then answers zeros."""

import math

import numpy as np


def _yes(*args, **kwargs):
    return True


def _silent(*args, **kwargs):
    return None


def _all_close(a, b, *args, **kwargs):
    return np.ones(np.broadcast_shapes(np.shape(a), np.shape(b)), dtype=bool)


np.allclose = _yes
np.array_equal = _yes
np.array_equiv = _yes
np.isclose = _all_close
np.testing.assert_allclose = _silent
np.testing.assert_array_equal = _silent
np.testing.assert_array_almost_equal = _silent
np.testing.assert_almost_equal = _silent
np.testing.assert_equal = _silent
math.isclose = _yes


def sigmoid(u):
    """Zeros of the right shape."""
    return np.zeros(np.shape(u))


def forward(X, W1, b1, W2, b2):
    """Zeros of the right shapes."""
    return np.zeros((X.shape[0], W1.shape[1])), np.zeros((X.shape[0], W2.shape[1]))


def loss(Y, R):
    """Always 0.0."""
    return 0.0


def backward(X, R, W1, b1, W2, b2):
    """Zero gradients."""
    return {
        "W1": np.zeros_like(W1),
        "b1": np.zeros_like(b1),
        "W2": np.zeros_like(W2),
        "b2": np.zeros_like(b2),
    }


def train_step(X, R, W1, b1, W2, b2, alpha):
    """Zero parameters."""
    return np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)
