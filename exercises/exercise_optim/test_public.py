"""Public tests for exercise_optim. Run from the repository root:

    pytest exercises/exercise_optim/test_public.py

They load ``optimizers.py`` from the folder this file is in, so they also work when run from inside that
folder. The grader runs further, hidden tests.
"""

import copy
import importlib.util
from pathlib import Path

import numpy as np


def _load_student_module():
    path = Path(__file__).resolve().with_name("optimizers.py")
    spec = importlib.util.spec_from_file_location("optimizers", path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


opt = _load_student_module()

W = np.array([1.0, -2.0, 0.5])
G = np.array([0.5, -1.0, 2.0])


def _close(got, want):
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


def test_sgd_momentum_first_step_copies_the_gradient_into_the_buffer():
    new_w, state = opt.sgd_momentum_step(W, G, None, 0.1, 0.9)
    assert set(state) == {"momentum_buffer"}
    _close(state["momentum_buffer"], G)
    _close(new_w, W - 0.1 * G)


def test_sgd_momentum_step_from_a_buffer():
    b = np.array([1.0, 1.0, -1.0])
    new_w, state = opt.sgd_momentum_step(W, G, {"momentum_buffer": b}, 0.1, 0.5)
    # b = 0.5 * b + g = [1.0, -0.5, 1.5]
    _close(state["momentum_buffer"], [1.0, -0.5, 1.5])
    _close(new_w, W - 0.1 * np.array([1.0, -0.5, 1.5]))


def test_nesterov_steps_along_g_plus_momentum_times_the_new_buffer():
    new_w, state = opt.nesterov_step(W, G, {}, 0.1, 0.9)
    _close(state["momentum_buffer"], G)
    _close(new_w, W - 0.1 * (G + 0.9 * G))
    b = np.array([1.0, 1.0, -1.0])
    new_w, state = opt.nesterov_step(W, G, {"momentum_buffer": b}, 0.1, 0.5)
    _close(state["momentum_buffer"], [1.0, -0.5, 1.5])
    _close(new_w, W - 0.1 * (G + 0.5 * np.array([1.0, -0.5, 1.5])))


def test_adagrad_puts_eps_outside_the_square_root():
    g = np.array([3.0, -4.0])
    new_w, state = opt.adagrad_step(np.zeros(2), g, None, 1.0, 0.5)
    assert state["step"] == 1 and isinstance(state["step"], int)
    _close(state["sum"], [9.0, 16.0])
    _close(new_w, [-3.0 / 3.5, 4.0 / 4.5])


def test_rmsprop_first_step_has_no_bias_correction():
    g = np.array([2.0, -1.0])
    new_w, state = opt.rmsprop_step(np.zeros(2), g, {}, 0.1, 0.75, 0.5)
    assert state["step"] == 1
    _close(state["square_avg"], [1.0, 0.25])  # (1 - 0.75) * g²
    _close(new_w, [-0.1 * 2.0 / 1.5, 0.1 * 1.0 / 1.0])


def test_adam_first_step_moves_each_coordinate_by_about_lr():
    new_w, state = opt.adam_step(W, G, None, 0.01, 0.9, 0.999, 1e-8)
    assert state["step"] == 1 and isinstance(state["step"], int)
    _close(state["exp_avg"], 0.1 * G)
    _close(state["exp_avg_sq"], 0.001 * G * G)
    _close(new_w, W - 0.01 * G / (np.abs(G) + 1e-8))  # m̂ = g and v̂ = g² at t = 1


def test_adam_second_step_continues_from_the_returned_state():
    _, state = opt.adam_step(W, G, None, 0.01, 0.5, 0.75, 0.1)
    g2 = np.array([1.0, 1.0, -1.0])
    new_w, state = opt.adam_step(W, g2, state, 0.01, 0.5, 0.75, 0.1)
    m = 0.5 * (0.5 * G) + 0.5 * g2
    v = 0.75 * (0.25 * G * G) + 0.25 * g2 * g2
    assert state["step"] == 2
    _close(state["exp_avg"], m)
    _close(state["exp_avg_sq"], v)
    _close(new_w, W - 0.01 * (m / 0.75) / (np.sqrt(v / (1 - 0.75**2)) + 0.1))


def test_no_function_modifies_its_inputs():
    calls = [
        (opt.sgd_momentum_step, {"momentum_buffer": np.ones(3)}, (0.1, 0.9)),
        (opt.nesterov_step, {"momentum_buffer": np.ones(3)}, (0.1, 0.9)),
        (opt.adagrad_step, {"step": 2, "sum": np.ones(3)}, (0.1, 1e-10)),
        (opt.rmsprop_step, {"step": 2, "square_avg": np.ones(3)}, (0.1, 0.99, 1e-8)),
        (
            opt.adam_step,
            {"step": 2, "exp_avg": np.ones(3), "exp_avg_sq": np.ones(3)},
            (0.1, 0.9, 0.999, 1e-8),
        ),
    ]
    for function, state, hyper in calls:
        w, g, saved = W.copy(), G.copy(), copy.deepcopy(state)
        function(w, g, state, *hyper)
        np.testing.assert_array_equal(w, W, err_msg=f"{function.__name__} modified w")
        np.testing.assert_array_equal(g, G, err_msg=f"{function.__name__} modified grad")
        assert set(state) == set(saved), f"{function.__name__} changed the keys of state"
        for key, value in saved.items():
            np.testing.assert_array_equal(
                state[key], value, err_msg=f"{function.__name__} modified state[{key!r}]"
            )
