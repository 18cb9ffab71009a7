# corpus: correct
# what: one slice of the weights per gate, sigmoid through tanh, outputs preallocated
# loses:
"""Correct rnn.py that computes every gate from its own block of rows."""

import numpy as np


def sigmoid(u):
    """sigma(u) = (1 + tanh(u / 2)) / 2; tanh saturates instead of overflowing."""
    return 0.5 * (1.0 + np.tanh(0.5 * u))


def _gate(k, x, h, W_ih, W_hh, b_ih, b_hh):
    """Pre-activation of gate k: rows k*H to (k+1)*H of the stacked weights."""
    H = h.shape[1]
    rows = slice(k * H, (k + 1) * H)
    return x @ W_ih[rows].T + b_ih[rows] + h @ W_hh[rows].T + b_hh[rows]


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    """Gates 0, 1, 2, 3 are i, f, g, o."""
    i = sigmoid(_gate(0, x, h, W_ih, W_hh, b_ih, b_hh))
    f = sigmoid(_gate(1, x, h, W_ih, W_hh, b_ih, b_hh))
    g = np.tanh(_gate(2, x, h, W_ih, W_hh, b_ih, b_hh))
    o = sigmoid(_gate(3, x, h, W_ih, W_hh, b_ih, b_hh))
    c_new = f * c + i * g
    return o * np.tanh(c_new), c_new


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    """Gates 0, 1 are r, z; the candidate keeps its two halves apart because r multiplies the h half."""
    H = h.shape[1]
    r = sigmoid(_gate(0, x, h, W_ih, W_hh, b_ih, b_hh))
    z = sigmoid(_gate(1, x, h, W_ih, W_hh, b_ih, b_hh))
    n_rows = slice(2 * H, 3 * H)
    n = np.tanh(x @ W_ih[n_rows].T + b_ih[n_rows] + r * (h @ W_hh[n_rows].T + b_hh[n_rows]))
    return z * h + (1 - z) * n


def lstm_sequence(X, h0, c0, W_ih, W_hh, b_ih, b_hh):
    """Fill out[t] step by step."""
    T, N = X.shape[0], X.shape[1]
    out = np.empty((T, N, h0.shape[1]))
    h, c = h0, c0
    for t in range(T):
        h, c = lstm_cell(X[t], h, c, W_ih, W_hh, b_ih, b_hh)
        out[t] = h
    return out, h, c
