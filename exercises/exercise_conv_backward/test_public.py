"""Public tests for exercise_conv_backward. Run from the repository root:

    pytest exercises/exercise_conv_backward/test_public.py

They load ``conv_backward.py`` from the folder this file is in, so they also work when run from inside that
folder. The grader runs further, hidden tests.
"""

import importlib.util
from pathlib import Path

import numpy as np


def _load_student_module():
    path = Path(__file__).resolve().with_name("conv_backward.py")
    spec = importlib.util.spec_from_file_location("conv_backward", path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cb = _load_student_module()


def _output_size(n, k, stride, padding, dilation):
    """The forward pass's output length along one axis (see exercise_conv)."""
    span = dilation * (k - 1)
    total_padding = (
        {"valid": 0, "same": span, "full": 2 * span}[padding] if isinstance(padding, str) else 2 * padding
    )
    return (n + total_padding - span - 1) // stride + 1


def _random_case(seed, x_shape, w_shape, stride, padding, dilation):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=x_shape), rng.normal(size=w_shape)
    sizes = [_output_size(x_shape[i], w_shape[i], stride, padding, dilation) for i in (2, 3)]
    grad_out = rng.normal(size=(x_shape[0], w_shape[0], *sizes))
    return x, w, grad_out


def test_hand_computed_stride_1():
    x = np.arange(12.0).reshape(1, 1, 3, 4)
    w = np.array([[[[1.0, 2.0], [0.0, -1.0]]]])
    grad_out = np.array([[[[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]]]])
    dx = cb.conv2d_grad_input(x, w, grad_out, 1, 0, 1)
    dw = cb.conv2d_grad_weight(x, w, grad_out, 1, 0, 1)
    # dx[0, 1] = grad_out[0, 0]·w[0, 1] + grad_out[0, 1]·w[0, 0] = 2;  dw[0, 0] = Σ grad_out[i, j]·x[i, j] = 11
    expected_dx = [[[[1.0, 2.0, -1.0, -2.0], [2.0, 4.0, 2.0, 1.0], [0.0, -2.0, -1.0, 0.0]]]]
    np.testing.assert_allclose(dx, expected_dx, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dw, [[[[11.0, 14.0], [23.0, 26.0]]]], rtol=1e-12, atol=1e-12)


def test_hand_computed_stride_2_padding_1():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    w = np.array([[[[1.0, -1.0], [2.0, 0.0]]], [[[0.0, 1.0], [1.0, 1.0]]]])
    grad_out = np.array(
        [
            [
                [[1.0, 2.0, 0.0], [0.0, -1.0, 1.0], [3.0, 0.0, 1.0]],
                [[0.0, 1.0, 1.0], [2.0, 0.0, 0.0], [-1.0, 1.0, 0.0]],
            ]
        ]
    )
    expected_dx = [
        [[[0.0, 5.0, 1.0, 1.0], [2.0, -1.0, 1.0, 1.0], [2.0, -2.0, 0.0, 2.0], [-4.0, 0.0, 1.0, 1.0]]]
    ]
    expected_dw = [[[[17.0, 30.0], [4.0, -6.0]]], [[[13.0, 10.0], [4.0, 18.0]]]]
    np.testing.assert_allclose(
        cb.conv2d_grad_input(x, w, grad_out, 2, 1, 1), expected_dx, rtol=1e-12, atol=1e-12
    )
    np.testing.assert_allclose(
        cb.conv2d_grad_weight(x, w, grad_out, 2, 1, 1), expected_dw, rtol=1e-12, atol=1e-12
    )


def test_grad_bias_sums_over_batch_and_pixels():
    grad_out = np.arange(24.0).reshape(2, 3, 2, 2)
    expected = [
        0 + 1 + 2 + 3 + 12 + 13 + 14 + 15,
        4 + 5 + 6 + 7 + 16 + 17 + 18 + 19,
        8 + 9 + 10 + 11 + 20 + 21 + 22 + 23,
    ]
    np.testing.assert_allclose(cb.conv2d_grad_bias(grad_out), expected, rtol=1e-12, atol=1e-12)


def test_shapes():
    for stride, padding, dilation in [(1, 0, 1), (2, 1, 1), (1, "same", 2), (2, "full", 1), (3, "valid", 1)]:
        x, w, grad_out = _random_case(0, (2, 3, 7, 8), (4, 3, 3, 2), stride, padding, dilation)
        assert cb.conv2d_grad_input(x, w, grad_out, stride, padding, dilation).shape == x.shape
        assert cb.conv2d_grad_weight(x, w, grad_out, stride, padding, dilation).shape == w.shape
        assert cb.conv2d_grad_bias(grad_out).shape == (4,)


def test_pixels_never_read_get_zero_gradient():
    # 2x2 kernel, stride 3 over 6 pixels: windows start at 0 and 3 and read 0, 1, 3, 4, never 2 or 5
    x, w, grad_out = _random_case(1, (1, 2, 6, 6), (2, 2, 2, 2), 3, 0, 1)
    dx = cb.conv2d_grad_input(x, w, grad_out, 3, 0, 1)
    assert np.all(dx[:, :, [2, 5], :] == 0) and np.all(dx[:, :, :, [2, 5]] == 0)
    assert np.all(dx[:, :, [0, 1, 3, 4]][:, :, :, [0, 1, 3, 4]] != 0)


def test_both_gradients_give_the_same_loss():
    """L = Σ grad_out · (out − b) is linear in x and in w, so Σ dL/dx · x = L = Σ dL/dw · w."""
    settings = [(1, 0, 1), (2, 1, 2), (1, "same", 1), (1, "same", 2), (2, "full", 1), (3, "valid", 1)]
    for seed, (stride, padding, dilation) in enumerate(settings):
        x, w, grad_out = _random_case(seed, (2, 2, 7, 6), (3, 2, 2, 3), stride, padding, dilation)
        via_x = np.sum(cb.conv2d_grad_input(x, w, grad_out, stride, padding, dilation) * x)
        via_w = np.sum(cb.conv2d_grad_weight(x, w, grad_out, stride, padding, dilation) * w)
        np.testing.assert_allclose(via_x, via_w, rtol=1e-10, err_msg=f"{stride=}, {padding=}, {dilation=}")


def test_inputs_are_left_unchanged():
    x, w, grad_out = _random_case(2, (1, 2, 6, 5), (2, 2, 3, 3), 2, "full", 1)
    saved = [x.copy(), w.copy(), grad_out.copy()]
    cb.conv2d_grad_input(x, w, grad_out, 2, "full", 1)
    cb.conv2d_grad_weight(x, w, grad_out, 2, "full", 1)
    cb.conv2d_grad_bias(grad_out)
    for arr, before in zip((x, w, grad_out), saved, strict=True):
        np.testing.assert_array_equal(arr, before)
