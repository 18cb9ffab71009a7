# corpus: buggy
# what: lstm_cell reads the blocks in the notes' order f, i, g, o; lstm_sequence calls it
# loses: lstm_cell, lstm_sequence
# mistake: lstm-gate-order-figo
"""rnn.py with one classic mistake (lstm-gate-order-figo); everything else is correct."""

import numpy as np


def sigmoid(u):
    """Stable logistic sigmoid: only exp(-|u|) is ever computed."""
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    """One LSTM step: forget gate, input gate, candidate, output gate."""
    gates = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
    f, i, g, o = np.split(gates, 4, axis=1)  # bug: torch's order is i, f, g, o
    c_new = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h_new = sigmoid(o) * np.tanh(c_new)
    return h_new, c_new


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
