# corpus: hostile
# what: lstm_sequence writes 100 MiB to stdout, then returns the right answer
# loses: lstm_sequence
# expect: error
"""lstm_sequence floods stdout; everything else is correct."""

import sys

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
    """One GRU step, gates stacked as r, z, n."""
    x_r, x_z, x_n = np.split(x @ W_ih.T + b_ih, 3, axis=1)
    h_r, h_z, h_n = np.split(h @ W_hh.T + b_hh, 3, axis=1)
    r = sigmoid(x_r + h_r)
    z = sigmoid(x_z + h_z)
    n = np.tanh(x_n + r * h_n)
    return (1 - z) * n + z * h


def lstm_sequence(X, h0, c0, W_ih, W_hh, b_ih, b_hh):
    """Write 100 MiB of text to stdout, then run lstm_cell over the time axis."""
    chunk = ("x" * 1023 + "\n") * 1024
    for _ in range(100):
        sys.stdout.write(chunk)
    sys.stdout.flush()
    h, c = h0, c0
    outputs = []
    for t in range(X.shape[0]):
        h, c = lstm_cell(X[t], h, c, W_ih, W_hh, b_ih, b_hh)
        outputs.append(h)
    return np.stack(outputs), h, c
