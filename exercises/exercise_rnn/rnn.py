"""exercise_rnn: LSTM and GRU cells in PyTorch's conventions, and an LSTM unrolled over time. See README.md.

Shapes: a batch of inputs x is (N, I), hidden states h and cell states c are (N, H). The gates are stacked
along the rows of the weights, as in torch.nn.LSTMCell / GRUCell: W_ih is (4H, I) and W_hh is (4H, H) with
blocks i, f, g, o for the LSTM; (3H, I) and (3H, H) with blocks r, z, n for the GRU. You will need a
numerically stable sigmoid: write it as a helper in this file.
"""

import numpy as np


def lstm_cell(
    x: np.ndarray,
    h: np.ndarray,
    c: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """One step of an LSTM, as ``torch.nn.LSTMCell`` computes it.

    i, f, o = σ(·), g = tanh(·) of the four blocks of x W_ihᵀ + b_ih + h W_hhᵀ + b_hh (order i, f, g, o);
    c' = f ⊙ c + i ⊙ g; h' = o ⊙ tanh(c').

    Args:
        x: inputs, shape (N, I).
        h: hidden states, shape (N, H).
        c: cell states, shape (N, H).
        W_ih: input weights, shape (4H, I), blocks i, f, g, o.
        W_hh: recurrent weights, shape (4H, H), blocks i, f, g, o.
        b_ih: input bias, shape (4H,).
        b_hh: recurrent bias, shape (4H,).

    Returns:
        The tuple ``(h_new, c_new)``, each of shape (N, H).
    """
    raise NotImplementedError("exercise_rnn: implement lstm_cell")


def gru_cell(
    x: np.ndarray, h: np.ndarray, W_ih: np.ndarray, W_hh: np.ndarray, b_ih: np.ndarray, b_hh: np.ndarray
) -> np.ndarray:
    """One step of a GRU, as ``torch.nn.GRUCell`` computes it.

    r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
    n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.

    Args:
        x: inputs, shape (N, I).
        h: hidden states, shape (N, H).
        W_ih: input weights, shape (3H, I), blocks r, z, n.
        W_hh: recurrent weights, shape (3H, H), blocks r, z, n.
        b_ih: input bias, shape (3H,).
        b_hh: recurrent bias, shape (3H,).

    Returns:
        h_new, shape (N, H).
    """
    raise NotImplementedError("exercise_rnn: implement gru_cell")


def lstm_sequence(
    X: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run the LSTM cell over a whole sequence, as a one-layer ``torch.nn.LSTM`` (time first) does.

    Args:
        X: inputs, shape (T, N, I): X[t] is the batch at time t.
        h0: initial hidden states, shape (N, H).
        c0: initial cell states, shape (N, H).
        W_ih, W_hh, b_ih, b_hh: the weights, as for ``lstm_cell``.

    Returns:
        The tuple ``(out, h_T, c_T)``: out (T, N, H) with out[t] the hidden state after step t, and the
        final hidden and cell states, each (N, H).
    """
    raise NotImplementedError("exercise_rnn: implement lstm_sequence")
