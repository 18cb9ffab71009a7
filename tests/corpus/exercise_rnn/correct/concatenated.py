# corpus: correct
# what: one product [x, h] @ [W_ih, W_hh].T with a summed bias, sigmoid in log space, GRU as n + z (h - n) like torch's kernel
# loses:
"""Correct rnn.py built on the concatenated form, keeping the GRU's candidate halves apart."""

import numpy as np


def sigmoid(u):
    """exp(-log(1 + exp(-u))) = exp(-logaddexp(0, -u)), which cannot overflow."""
    with np.errstate(under="ignore"):
        return np.exp(-np.logaddexp(0.0, -u))


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh):
    """[x, h] times the two weight matrices side by side; one bias b_ih + b_hh."""
    H = h.shape[1]
    gates = np.concatenate([x, h], axis=1) @ np.concatenate([W_ih, W_hh], axis=1).T + (b_ih + b_hh)
    i, f, g, o = (gates[:, k * H : (k + 1) * H] for k in range(4))
    c_new = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c_new), c_new


def gru_cell(x, h, W_ih, W_hh, b_ih, b_hh):
    """r and z from the concatenated product; the candidate from separate halves."""
    H = h.shape[1]
    xh = np.concatenate([x, h], axis=1)
    both = xh @ np.concatenate([W_ih, W_hh], axis=1)[: 2 * H].T + (b_ih + b_hh)[: 2 * H]
    r, z = sigmoid(both[:, :H]), sigmoid(both[:, H:])
    n = np.tanh(x @ W_ih[2 * H :].T + b_ih[2 * H :] + r * (h @ W_hh[2 * H :].T + b_hh[2 * H :]))
    return n + z * (h - n)


def lstm_sequence(X, h0, c0, W_ih, W_hh, b_ih, b_hh):
    """A list comprehension would lose c; carry both states explicitly."""
    states = [(h0, c0)]
    for x in X:
        states.append(lstm_cell(x, *states[-1], W_ih, W_hh, b_ih, b_hh))
    out = np.array([h for h, _ in states[1:]])
    return out, states[-1][0], states[-1][1]
