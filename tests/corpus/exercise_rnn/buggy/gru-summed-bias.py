# corpus: buggy
# what: gru_cell adds b_ih + b_hh once to every gate, so r no longer multiplies b_hn
# loses: gru_cell
# mistake: gru-reset-skips-bias
"""rnn.py with one classic mistake (gru-reset-skips-bias); everything else is correct."""

import numpy as np


def sigmoid(u):
    """Stable logistic sigmoid: only exp(-|u|) is ever computed."""
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    """One LSTM step, gates stacked as i, f, g, o."""
    gates = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
    i, f, g, o = np.split(gates, 4, axis=1)
    c_new = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    h_new = sigmoid(o) * np.tanh(c_new)
    return h_new, c_new


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    """One GRU step with the two biases merged."""
    b = b_ih + b_hh
    b_r, b_z, b_n = np.split(b, 3)
    x_r, x_z, x_n = np.split(x @ W_ih.T, 3, axis=1)
    h_r, h_z, h_n = np.split(h @ W_hh.T, 3, axis=1)
    r = sigmoid(x_r + h_r + b_r)
    z = sigmoid(x_z + h_z + b_z)
    n = np.tanh(x_n + r * h_n + b_n)  # bug: r must multiply (W_hn h + b_hn)
    return (1 - z) * n + z * h


def lstm_sequence(X, h0, c0, W_ih, W_hh, b_ih, b_hh):
    """Run lstm_cell over the time axis."""
    h, c = h0, c0
    outputs = []
    for t in range(X.shape[0]):
        h, c = lstm_cell(X[t], h, c, W_ih, W_hh, b_ih, b_hh)
        outputs.append(h)
    return np.stack(outputs), h, c
