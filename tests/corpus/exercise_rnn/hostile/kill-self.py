# corpus: hostile
# what: gru_cell sends SIGKILL to its own process
# loses: gru_cell
# expect: crashed
"""gru_cell kills the process it runs in; everything else is correct."""

import os
import signal

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
    """Die at once."""
    os.kill(os.getpid(), signal.SIGKILL)


def lstm_sequence(X, h0, c0, W_ih, W_hh, b_ih, b_hh):
    """Run lstm_cell over the time axis."""
    h, c = h0, c0
    outputs = []
    for t in range(X.shape[0]):
        h, c = lstm_cell(X[t], h, c, W_ih, W_hh, b_ih, b_hh)
        outputs.append(h)
    return np.stack(outputs), h, c
