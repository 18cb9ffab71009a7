# corpus: hostile
# what: at import, replaces np.allclose, np.isclose, np.array_equal and np.testing's asserts with yes-men; returns zeros
# loses: lstm_cell, gru_cell, lstm_sequence
# expect: failed
"""Patches NumPy's comparison helpers so that every check says 'equal', then answers zeros."""

import numpy as np


def _yes(*args, **kwargs):
    return True


def _silent(*args, **kwargs):
    return None


np.allclose = _yes
np.array_equal = _yes
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast_shapes(np.shape(a), np.shape(b)), dtype=bool)
np.testing.assert_allclose = _silent
np.testing.assert_array_equal = _silent
np.testing.assert_equal = _silent


def sigmoid(u):
    """Stable logistic sigmoid: only exp(-|u|) is ever computed."""
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    """Zeros of the right shapes."""
    return np.zeros_like(h), np.zeros_like(c)


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    """Zeros of the right shape."""
    return np.zeros_like(h)


def lstm_sequence(X, h0, c0, W_ih, W_hh, b_ih, b_hh):
    """Zeros of the right shapes."""
    return np.zeros((X.shape[0], *h0.shape)), np.zeros_like(h0), np.zeros_like(c0)
