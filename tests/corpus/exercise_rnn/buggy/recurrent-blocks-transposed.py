# corpus: buggy
# what: lstm_cell multiplies h by each (H, H) block of W_hh without transposing it (x's blocks are right)
# loses: lstm_cell, lstm_sequence
# mistake: recurrent-weights-transposed
"""rnn.py with one classic mistake (recurrent-weights-transposed); everything else is correct."""

import numpy as np


def sigmoid(u):
    """Stable logistic sigmoid: only exp(-|u|) is ever computed."""
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    """One LSTM step, gate by gate."""
    H = h.shape[1]
    pre = []
    for k in range(4):
        rows = slice(k * H, (k + 1) * H)
        pre.append(x @ W_ih[rows].T + b_ih[rows] + h @ W_hh[rows] + b_hh[rows])  # bug: W_hh[rows].T
    i, f, g, o = pre
    c_new = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c_new), c_new


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    """One GRU step, gates stacked as r, z, n."""
    x_r, x_z, x_n = np.split(x @ W_ih.T + b_ih, 3, axis=1)
    h_r, h_z, h_n = np.split(h @ W_hh.T + b_hh, 3, axis=1)
    r = sigmoid(x_r + h_r)
    z = sigmoid(x_z + h_z)
    n = np.tanh(x_n + r * h_n)
    return (1 - z) * n + z * h


def lstm_sequence(X, h0, c0, W_ih, W_hh, b_ih, b_hh):
    """Run lstm_cell over the time axis."""
    h, c = h0, c0
    outputs = []
    for t in range(X.shape[0]):
        h, c = lstm_cell(X[t], h, c, W_ih, W_hh, b_ih, b_hh)
        outputs.append(h)
    return np.stack(outputs), h, c
