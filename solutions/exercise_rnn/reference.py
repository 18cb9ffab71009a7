"""The truth for exercise_rnn: PyTorch's own LSTM and GRU kernels, in float64, on the requested device.

``nn.LSTMCell``, ``nn.GRUCell`` and a one-layer ``nn.LSTM`` call exactly ``torch.lstm_cell``,
``torch.gru_cell`` and ``torch.lstm`` with their weights; the reference calls those functions with the
student's arrays (same layout: gates stacked along the rows, i, f, g, o for the LSTM and r, z, n for the
GRU), which skips building modules. ``tests/test_exercise_rnn.py`` checks that the modules, given the same
weights, return the same numbers.
"""

from __future__ import annotations

import numpy as np
import torch


def _tensor(array: np.ndarray, device: str) -> torch.Tensor:
    return torch.from_numpy(np.array(array, dtype=np.float64, order="C")).to(device)


def _numpy(tensor: torch.Tensor) -> np.ndarray:
    return np.array(tensor.detach().cpu().numpy(), dtype=np.float64, order="C")


def lstm_cell(
    x: np.ndarray,
    h: np.ndarray,
    c: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
    device: str,
) -> tuple[np.ndarray, np.ndarray]:
    """``nn.LSTMCell(I, H)(x, (h, c))`` with ``weight_ih = W_ih`` etc.: returns ``(h_new, c_new)``."""
    weights = [_tensor(a, device) for a in (W_ih, W_hh, b_ih, b_hh)]
    with torch.no_grad():
        h_new, c_new = torch.lstm_cell(_tensor(x, device), (_tensor(h, device), _tensor(c, device)), *weights)
    return _numpy(h_new), _numpy(c_new)


def gru_cell(
    x: np.ndarray,
    h: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
    device: str,
) -> np.ndarray:
    """``nn.GRUCell(I, H)(x, h)`` with ``weight_ih = W_ih`` etc.: returns ``h_new``."""
    weights = [_tensor(a, device) for a in (W_ih, W_hh, b_ih, b_hh)]
    with torch.no_grad():
        return _numpy(torch.gru_cell(_tensor(x, device), _tensor(h, device), *weights))


def lstm_sequence(
    X: np.ndarray,
    h0: np.ndarray,
    c0: np.ndarray,
    W_ih: np.ndarray,
    W_hh: np.ndarray,
    b_ih: np.ndarray,
    b_hh: np.ndarray,
    device: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``nn.LSTM(I, H)(X, (h0[None], c0[None]))`` (one layer, time first): returns ``(out, h_n, c_n)``."""
    weights = [_tensor(a, device) for a in (W_ih, W_hh, b_ih, b_hh)]
    state = (_tensor(h0, device)[None], _tensor(c0, device)[None])
    with torch.no_grad():
        # has_biases, num_layers, dropout, train, bidirectional, batch_first
        out, h_n, c_n = torch.lstm(_tensor(X, device), state, weights, True, 1, 0.0, False, False, False)
    return _numpy(out), _numpy(h_n[0]), _numpy(c_n[0])
