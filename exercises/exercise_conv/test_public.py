"""Public tests for exercise_conv. Run from the repository root:

    pytest exercises/exercise_conv/test_public.py

They load ``conv.py`` from the folder this file is in, so they also work when run from inside that folder.
The grader runs further, hidden tests.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest


def _load_student_module():
    path = Path(__file__).resolve().with_name("conv.py")
    spec = importlib.util.spec_from_file_location("conv", path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


conv = _load_student_module()


def _is_int(value) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


@pytest.mark.parametrize(
    ("n", "k", "stride", "padding", "dilation", "expected"),
    [
        (32, 5, 1, 2, 1, 32),
        (10, 3, 2, 0, 1, 4),  # (10 - 3) / 2 = 3.5 is rounded down
        (15, 3, 1, 0, 3, 9),  # the dilated kernel spans 3·2 + 1 = 7 pixels
        (6, 5, 1, "same", 1, 6),
        (4, 2, 1, "full", 1, 5),
        (6, 2, 1, "valid", 1, 5),
    ],
)
def test_conv_output_size(n, k, stride, padding, dilation, expected):
    got = conv.conv_output_size(n, k, stride, padding, dilation)
    assert _is_int(got), f"conv_output_size must return an int, got {type(got).__name__}"
    assert got == expected


def test_conv_param_count():
    assert conv.conv_param_count(3, 8, 3, 3, True, 1) == 8 * 3 * 3 * 3 + 8
    assert conv.conv_param_count(3, 8, 3, 3, False, 1) == 8 * 3 * 3 * 3
    assert (
        conv.conv_param_count(8, 8, 3, 3, True, 8) == 8 * 1 * 3 * 3 + 8
    )  # depthwise: one channel per filter
    assert _is_int(conv.conv_param_count(3, 8, 3, 3, True, 1))


def test_conv2d_hand_computed():
    x = np.arange(12.0).reshape(1, 1, 3, 4)
    w = np.array([[[[1.0, 2.0], [0.0, -1.0]]]])
    # out[i, j] = x[i, j] + 2 x[i, j+1] - x[i+1, j+1] = x + 2(x + 1) - (x + 5) = 2 x[i, j] - 3, plus the bias
    out = conv.conv2d(x, w, np.array([0.5]), 1, 0, 1)
    assert out.shape == (1, 1, 2, 3)
    np.testing.assert_allclose(out, 2 * x[:, :, :2, :3] - 3 + 0.5, rtol=1e-12, atol=1e-12)


def test_conv2d_stride_padding_dilation():
    w = np.array([[[[1.0, 2.0], [-1.0, 0.5]]]])
    x = np.arange(25.0).reshape(1, 1, 5, 5)
    expected = np.array([[[[4.0, -1.0, -7.0], [21.0, 16.0, -9.0], [33.0, 53.0, 19.0]]]])
    np.testing.assert_allclose(conv.conv2d(x, w, np.array([1.0]), 2, 1, 2), expected, rtol=1e-12, atol=1e-12)
    x = np.arange(30.0).reshape(1, 1, 5, 6)
    expected = np.array([[[[-0.5, 7.0], [44.5, 52.0]]]])  # stride 3: the last row and column are never read
    np.testing.assert_allclose(conv.conv2d(x, w, None, 3, 0, 1), expected, rtol=1e-12, atol=1e-12)


def test_conv2d_padding_modes_with_a_delta_kernel():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 2, 4, 5))
    delta = np.zeros((2, 2, 2, 2))
    delta[0, 0, 0, 0] = delta[1, 1, 0, 0] = 1.0  # out[o, i, j] = x_pad[o, i, j]
    # "same" with a 2x2 kernel pads 0 rows before and 1 after: the output is the input itself
    np.testing.assert_allclose(conv.conv2d(x, delta, None, 1, "same", 1), x, rtol=1e-12, atol=1e-12)
    full = conv.conv2d(x, delta, None, 1, "full", 1)
    assert full.shape == (2, 2, 5, 6)
    np.testing.assert_allclose(full[:, :, 1:, 1:], x, rtol=1e-12, atol=1e-12)
    assert np.all(full[:, :, 0, :] == 0) and np.all(full[:, :, :, 0] == 0)
    valid = conv.conv2d(x, delta, np.array([1.0, -1.0]), 1, "valid", 1)
    np.testing.assert_allclose(valid, x[:, :, :3, :4] + np.array([1.0, -1.0]).reshape(1, 2, 1, 1), atol=1e-12)


def test_conv2d_1x1_kernel_mixes_channels():
    rng = np.random.default_rng(1)
    x, w, b = rng.normal(size=(2, 3, 4, 5)), rng.normal(size=(4, 3, 1, 1)), rng.normal(size=4)
    expected = np.einsum("nchw,oc->nohw", x, w[:, :, 0, 0]) + b.reshape(1, 4, 1, 1)
    np.testing.assert_allclose(conv.conv2d(x, w, b, 1, 0, 1), expected, rtol=1e-12, atol=1e-12)


def test_conv2d_output_shape_matches_conv_output_size():
    rng = np.random.default_rng(2)
    x, w = rng.normal(size=(1, 2, 9, 7)), rng.normal(size=(3, 2, 3, 2))
    for stride, padding, dilation in [(2, 1, 1), (1, "same", 2), (2, "full", 1), (3, "valid", 2)]:
        out = conv.conv2d(x, w, None, stride, padding, dilation)
        height = conv.conv_output_size(9, 3, stride, padding, dilation)
        width = conv.conv_output_size(7, 2, stride, padding, dilation)
        assert out.shape == (1, 3, height, width), (stride, padding, dilation)


def test_maxpool2d_hand_computed():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    np.testing.assert_array_equal(conv.maxpool2d(x, 2, 2, 0), [[[[5.0, 7.0], [13.0, 15.0]]]])
    np.testing.assert_array_equal(conv.maxpool2d(x, 2, None, 0), [[[[5.0, 7.0], [13.0, 15.0]]]])


def test_maxpool2d_pads_with_minus_infinity():
    x = -np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    # padded to 5x5 with −∞; the four 2x2 windows hold {-1}, {-2, -3}, {-4, -7} and {-5, -6, -8, -9}
    np.testing.assert_array_equal(conv.maxpool2d(x, 2, 2, 1), [[[[-1.0, -2.0], [-4.0, -5.0]]]])


def test_inputs_are_left_unchanged():
    rng = np.random.default_rng(3)
    x, w, b = rng.normal(size=(1, 2, 5, 5)), rng.normal(size=(2, 2, 3, 3)), rng.normal(size=2)
    saved = [x.copy(), w.copy(), b.copy()]
    conv.conv2d(x, w, b, 2, "full", 1)
    conv.maxpool2d(x, 3, 2, 1)
    for arr, before in zip((x, w, b), saved, strict=True):
        np.testing.assert_array_equal(arr, before)
