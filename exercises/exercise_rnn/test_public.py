"""Public tests for exercise_rnn. Run from the repository root:

    pytest exercises/exercise_rnn/test_public.py

They load ``rnn.py`` from the folder this file is in, so they also work when run from inside that folder.
The grader runs further, hidden tests.
"""

import importlib.util
import warnings
from pathlib import Path

import numpy as np


def _load_student_module():
    path = Path(__file__).resolve().with_name("rnn.py")
    spec = importlib.util.spec_from_file_location("rnn", path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rnn = _load_student_module()


def _sigmoid(u):
    # The plain formula: fine for the moderate values used in these tests.
    return 1.0 / (1.0 + np.exp(-u))


def _random(seed, gates, n=2, n_in=3, hidden=4):
    """x (n, n_in), h and c (n, hidden), and the four weights of a cell with ``gates`` gates."""
    rng = np.random.default_rng(seed)
    return (
        rng.normal(size=(n, n_in)),
        rng.normal(scale=0.5, size=(n, hidden)),
        rng.normal(size=(n, hidden)),
        rng.normal(scale=0.5, size=(gates * hidden, n_in)),
        rng.normal(scale=0.5, size=(gates * hidden, hidden)),
        rng.normal(scale=0.5, size=gates * hidden),
        rng.normal(scale=0.5, size=gates * hidden),
    )


def _one_unit(biases):
    """I = H = 1 with zero weights and b_hh = 0: every gate is σ or tanh of its b_ih entry."""
    k = len(biases)
    return np.zeros((k, 1)), np.zeros((k, 1)), np.array(biases, dtype=float), np.zeros(k)


def test_lstm_cell_shapes_and_values():
    x, h, c, W_ih, W_hh, b_ih, b_hh = _random(0, 4)
    h_new, c_new = rnn.lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)
    assert h_new.shape == (2, 4) and c_new.shape == (2, 4)
    pre = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
    i, f, g, o = _sigmoid(pre[:, :4]), _sigmoid(pre[:, 4:8]), np.tanh(pre[:, 8:12]), _sigmoid(pre[:, 12:])
    np.testing.assert_allclose(c_new, f * c + i * g, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(h_new, o * np.tanh(f * c + i * g), rtol=1e-10, atol=1e-12)


def test_lstm_gate_order_is_i_f_g_o():
    x, h, c = np.zeros((1, 1)), np.array([[0.3]]), np.array([[2.0]])
    # input gate closed, forget gate open: the cell keeps c
    h_new, c_new = rnn.lstm_cell(x, h, c, *_one_unit([-30.0, 30.0, 0.7, 0.5]))
    np.testing.assert_allclose(c_new, c, rtol=1e-10)
    np.testing.assert_allclose(h_new, _sigmoid(0.5) * np.tanh(c), rtol=1e-10)
    # input gate open, forget gate closed: the cell becomes the candidate tanh(0.7)
    _, c_new = rnn.lstm_cell(x, h, c, *_one_unit([30.0, -30.0, 0.7, 0.5]))
    np.testing.assert_allclose(c_new, [[np.tanh(0.7)]], rtol=1e-10)


def test_gru_cell_shapes_and_values():
    x, h, _, W_ih, W_hh, b_ih, b_hh = _random(1, 3)
    h_new = rnn.gru_cell(x, h, W_ih, W_hh, b_ih, b_hh)
    assert h_new.shape == (2, 4)
    gx, gh = x @ W_ih.T + b_ih, h @ W_hh.T + b_hh
    r = _sigmoid(gx[:, :4] + gh[:, :4])
    z = _sigmoid(gx[:, 4:8] + gh[:, 4:8])
    n = np.tanh(gx[:, 8:] + r * gh[:, 8:])
    np.testing.assert_allclose(h_new, (1 - z) * n + z * h, rtol=1e-10, atol=1e-12)


def test_gru_update_gate_keeps_the_old_state():
    x, h = np.zeros((1, 1)), np.array([[0.3]])
    np.testing.assert_allclose(rnn.gru_cell(x, h, *_one_unit([0.0, 30.0, 0.9])), h, rtol=1e-10)
    np.testing.assert_allclose(
        rnn.gru_cell(x, h, *_one_unit([0.0, -30.0, 0.9])), [[np.tanh(0.9)]], rtol=1e-10
    )


def test_lstm_sequence_runs_the_cell_step_by_step():
    rng = np.random.default_rng(2)
    _, h0, c0, W_ih, W_hh, b_ih, b_hh = _random(3, 4)
    X = rng.normal(size=(5, 2, 3))
    out, h_T, c_T = rnn.lstm_sequence(X, h0, c0, W_ih, W_hh, b_ih, b_hh)
    assert out.shape == (5, 2, 4) and h_T.shape == (2, 4) and c_T.shape == (2, 4)
    h, c = h0, c0
    for t in range(5):
        h, c = rnn.lstm_cell(X[t], h, c, W_ih, W_hh, b_ih, b_hh)
        np.testing.assert_allclose(out[t], h, rtol=1e-10, atol=1e-12, err_msg=f"out[{t}]")
    np.testing.assert_allclose(h_T, h, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(c_T, c, rtol=1e-10, atol=1e-12)


def test_cells_are_stable_for_huge_pre_activations():
    x = np.array([[1.0], [-1.0]])
    big = np.array([[900.0], [-900.0], [800.0], [-800.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # as when grading: an overflow warning is a failure
        h_new, c_new = rnn.lstm_cell(
            x, np.zeros((2, 1)), np.ones((2, 1)), big, np.zeros((4, 1)), np.zeros(4), np.zeros(4)
        )
        h_gru = rnn.gru_cell(x, np.full((2, 1), 0.5), big[:3], np.zeros((3, 1)), np.zeros(3), np.zeros(3))
    # x = 1: i = 1, f = 0, g = 1, o = 0; x = -1: i = 0, f = 1, g = -1, o = 1
    np.testing.assert_allclose(c_new, [[1.0], [1.0]], atol=1e-12)
    np.testing.assert_allclose(h_new, [[0.0], [np.tanh(1.0)]], atol=1e-12)
    # x = 1: r = 1, z = 0, n = 1, so h' = 1; x = -1: r = 0, z = 1, so h' = h
    np.testing.assert_allclose(h_gru, [[1.0], [0.5]], atol=1e-12)


def test_functions_leave_their_inputs_unchanged():
    args = _random(4, 4)
    saved = [a.copy() for a in args]
    rnn.lstm_cell(*args)
    x, h, c, W_ih, W_hh, b_ih, b_hh = args
    rnn.lstm_sequence(np.stack([x, x]), h, c, W_ih, W_hh, b_ih, b_hh)
    for a, s in zip(args, saved, strict=True):
        np.testing.assert_array_equal(a, s)
    args = _random(5, 3)
    saved = [a.copy() for a in args]
    rnn.gru_cell(args[0], args[1], *args[3:])
    for a, s in zip(args, saved, strict=True):
        np.testing.assert_array_equal(a, s)
