"""exercise_rnn's reference is the truth: the torch kernels it calls give exactly what nn.LSTMCell,
nn.GRUCell and nn.LSTM give with the same weights, on every hidden case; the gate conventions the
statement spells out hold for those modules; and the extreme cases really overflow a naive sigmoid.
(Every exercise's solution-vs-reference check is in test_grader_exercises.py.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from grader.exercise import find_exercise

REPO = Path(__file__).resolve().parent.parent


def _t(array: Any) -> torch.Tensor:
    return torch.from_numpy(np.array(array, dtype=np.float64))


def _module_answer(function: str, args: tuple[Any, ...]) -> Any:
    """The answer of the nn module the statement names, with the case's weights copied in."""
    *inputs, W_ih, W_hh, b_ih, b_hh = args
    n_in, hidden = W_ih.shape[1], W_hh.shape[1]
    if function == "lstm_sequence":
        module: nn.Module = nn.LSTM(n_in, hidden, dtype=torch.float64)
        names = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")
    else:
        module = (nn.LSTMCell if function == "lstm_cell" else nn.GRUCell)(n_in, hidden, dtype=torch.float64)
        names = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
    with torch.no_grad():
        for name, value in zip(names, (W_ih, W_hh, b_ih, b_hh), strict=True):
            getattr(module, name).copy_(_t(value))
        if function == "lstm_sequence":
            X, h0, c0 = map(_t, inputs)
            out, (h_n, c_n) = module(X, (h0[None], c0[None]))
            return out.numpy(), h_n[0].numpy(), c_n[0].numpy()
        if function == "lstm_cell":
            x, h, c = map(_t, inputs)
            return tuple(t.numpy() for t in module(x, (h, c)))
        x, h = map(_t, inputs)
        return module(x, h).numpy()


def test_reference_equals_the_nn_modules_on_every_hidden_case() -> None:
    for case in find_exercise("exercise_rnn", REPO).load_hidden().cases:
        want = _module_answer(case.function, case.calls[-1].args)
        got = case.expected("cpu")
        if isinstance(want, tuple):
            assert isinstance(got, tuple) and len(got) == len(want), case.name
            for g, w in zip(got, want, strict=True):
                np.testing.assert_allclose(g, w, rtol=0, atol=1e-12, err_msg=case.name)
        else:
            np.testing.assert_allclose(got, want, rtol=0, atol=1e-12, err_msg=case.name)


def _cell(kind: type[nn.Module], gates: int, bias: list[float]) -> nn.Module:
    """A one-unit cell (I = H = 1) with zero weights, so each gate is σ or tanh of its bias alone."""
    cell = kind(1, 1, dtype=torch.float64)
    with torch.no_grad():
        cell.weight_ih.zero_()
        cell.weight_hh.zero_()
        cell.bias_ih.copy_(torch.tensor(bias, dtype=torch.float64))
        cell.bias_hh.zero_()
    assert len(bias) == gates
    return cell


def test_the_statement_gate_conventions_hold_for_the_modules() -> None:
    """README.md: LSTM blocks are i, f, g, o; GRU blocks r, z, n, z keeps the old state, and r multiplies
    W_hn h + b_hn (b_hn included)."""
    x, h, c = (torch.tensor([[v]], dtype=torch.float64) for v in (0.0, 0.3, 2.0))
    big = 40.0  # σ(±40) is 1 or 0 within 5e-18
    # i = 0, f = 1: the cell keeps c; then h' = σ(o) tanh(c).
    h1, c1 = _cell(nn.LSTMCell, 4, [-big, big, 0.7, 0.5])(x, (h, c))
    assert torch.allclose(c1, c, rtol=0, atol=1e-15)
    assert torch.allclose(
        h1, torch.sigmoid(torch.tensor(0.5, dtype=torch.float64)) * torch.tanh(c), rtol=1e-15, atol=0
    )
    # i = 1, f = 0: the cell becomes the candidate g = tanh(b_g) (tanh, third block).
    _, c1 = _cell(nn.LSTMCell, 4, [big, -big, 0.7, 0.5])(x, (h, c))
    assert torch.allclose(c1, torch.tanh(torch.tensor(0.7, dtype=torch.float64)), rtol=1e-15, atol=0)

    # z = 1 (second block) keeps the old state; z = 0 takes the candidate n = tanh(b_n).
    assert torch.allclose(_cell(nn.GRUCell, 3, [0.0, big, 0.9])(x, h), h, rtol=0, atol=1e-15)
    n = torch.tanh(torch.tensor(0.9, dtype=torch.float64))
    assert torch.allclose(_cell(nn.GRUCell, 3, [0.0, -big, 0.9])(x, h), n, rtol=1e-15, atol=0)
    # r = 0 wipes r ⊙ (W_hn h + b_hn), b_hn included; r = 1 keeps it whole.
    for r_bias, kept in ((-big, 0.0), (big, 1.0)):
        cell = _cell(nn.GRUCell, 3, [r_bias, -big, 0.9])
        with torch.no_grad():
            cell.bias_hh.copy_(torch.tensor([0.0, 0.0, -0.4], dtype=torch.float64))
        want = torch.tanh(torch.tensor(0.9 - 0.4 * kept, dtype=torch.float64))
        assert torch.allclose(cell(x, h), want, rtol=1e-15, atol=1e-17)


def test_extreme_cases_overflow_a_naive_sigmoid_and_are_not_all_saturated() -> None:
    """Some sigmoid pre-activation is below −709 (exp(−u) overflows there), and some outputs are not ±1
    or 0, so neither a naive sigmoid nor a saturated answer passes."""
    for case in find_exercise("exercise_rnn", REPO).load_hidden().cases:
        if "±800" not in case.name:
            continue
        args = case.calls[-1].args
        x, h = args[0][0] if case.function == "lstm_sequence" else args[0], args[1]
        W_ih, W_hh, b_ih, b_hh = args[-4:]
        pre = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
        gru = case.function == "gru_cell"
        blocks = np.split(pre, 3 if gru else 4, axis=1)
        sigmoid_gates = (0, 1) if gru else (0, 1, 3)  # r, z; or i, f, o (g and n go through tanh)
        assert min(float(blocks[k].min()) for k in sigmoid_gates) < -709.8, case.name
        answer = case.expected("cpu")
        h_new = answer[0] if isinstance(answer, tuple) else answer
        assert np.sum(np.abs(h_new) < 0.99) >= 3, case.name
