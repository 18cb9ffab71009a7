# corpus: correct
# what: cells return lists, the sequence a namedtuple of ndarray subclasses
# loses:
"""Model solution for exercise_rnn: LSTM and GRU cells in PyTorch's conventions, and an unrolled LSTM, in NumPy.

Gates are stacked along the rows of the weights: W_ih is (4H, I) with blocks i, f, g, o for the LSTM and
(3H, I) with blocks r, z, n for the GRU; a batch x is (N, I), so the pre-activations are x @ W_ih.T.
"""

from __future__ import annotations

import numpy as np


def sigmoid(u: np.ndarray) -> np.ndarray:
    """Logistic sigmoid from e = exp(-|u|) ∈ (0, 1], which cannot overflow for any u."""
    with np.errstate(under="ignore"):  # exp(-|u|) underflows to 0 for huge |u|: the right limit
        e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def lstm_cell(
    x: np.ndarray,
    h: np.ndarray,
    c: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """One LSTM step: c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c'); returns (h', c')."""
    gates = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
    i, f, g, o = np.split(gates, 4, axis=1)
    c_new = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c_new), c_new


def gru_cell(
    x: np.ndarray, h: np.ndarray, W_ih: np.ndarray, W_hh: np.ndarray, b_ih: np.ndarray, b_hh: np.ndarray
) -> np.ndarray:
    """One GRU step: n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h."""
    x_r, x_z, x_n = np.split(x @ W_ih.T + b_ih, 3, axis=1)
    h_r, h_z, h_n = np.split(h @ W_hh.T + b_hh, 3, axis=1)
    r = sigmoid(x_r + h_r)
    z = sigmoid(x_z + h_z)
    n = np.tanh(x_n + r * h_n)
    return (1.0 - z) * n + z * h


def lstm_sequence(
    X: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unroll lstm_cell over X (T, N, I) from (h0, c0); returns (out (T, N, H), h_T, c_T)."""
    h, c = h0, c0
    out = []
    for x in X:
        h, c = lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)
        out.append(h)
    return np.stack(out), h, c


# ---- the same answers, in the unusual but allowed types this file is about ----
import collections as _collections  # noqa: E402


class _Array(np.ndarray):
    """An ndarray subclass: still an array of the right shape and values."""


def _sub(a):
    return np.asarray(a).view(_Array)


def _scalar(x):
    """A float as a 0-d array or a NumPy scalar, alternately."""
    _scalar.n = getattr(_scalar, "n", 0) + 1
    return np.asarray(x, dtype=np.float64) if _scalar.n % 2 else np.float64(x)

_Seq = _collections.namedtuple("_Seq", "out h c")
_lstm, _gru, _seq = lstm_cell, gru_cell, lstm_sequence


def lstm_cell(*args):
    return [_sub(v) for v in _lstm(*args)]


def gru_cell(*args):
    return _sub(_gru(*args))


def lstm_sequence(*args):
    return _Seq(*(_sub(v) for v in _seq(*args)))
