"""exercise_conv's reference is the truth: its functional calls agree with the torch.nn modules the
exercise names, its string paddings mean what the statement says ("same" puts the odd zero after, "full"
pads d·(k − 1)), max pooling pads with −∞, and its sizes and counts are the textbook formulas. (Every
exercise's solution-vs-reference check is in test_grader_exercises.py.)"""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

from grader.declare import Case
from grader.exercise import find_exercise

REPO = Path(__file__).resolve().parent.parent
DEVICES = [
    "cpu",
    pytest.param("cuda", marks=pytest.mark.skipif(not torch.cuda.is_available(), reason="no GPU")),
]


@pytest.fixture(scope="module")
def hidden_cases() -> tuple[Case, ...]:
    return find_exercise("exercise_conv", REPO).load_hidden().cases


@pytest.fixture(scope="module")
def reference(hidden_cases: tuple[Case, ...]) -> ModuleType:
    """The reference module, imported by load_hidden as part of the grading package."""
    return importlib.import_module("_grade_solutions_exercise_conv.reference")


def _args(cases: tuple[Case, ...], function: str) -> list[tuple[Any, ...]]:
    return [c.calls[-1].args for c in cases if c.function == function]


def _pads(padding: int | str, k: int, d: int) -> tuple[int, int]:
    """The statement's table, written out independently of the reference."""
    span = d * (k - 1)
    if isinstance(padding, str):
        return {"valid": (0, 0), "same": (span // 2, span - span // 2), "full": (span, span)}[padding]
    return padding, padding


@pytest.mark.parametrize("device", DEVICES)
def test_conv2d_equals_the_nn_conv2d_module(
    hidden_cases: tuple[Case, ...], reference: ModuleType, device: str
) -> None:
    """On every hidden case, F.conv2d through our padding equals nn.Conv2d holding the same weights."""
    for x, w, b, stride, padding, dilation in _args(hidden_cases, "conv2d"):
        c_out, c_in, kh, kw = w.shape
        torch_padding = reference.torch_padding(padding, kh, kw, dilation)
        layer = nn.Conv2d(c_in, c_out, (kh, kw), stride, torch_padding, dilation, bias=b is not None)
        layer = layer.to(device=device, dtype=torch.float64)
        with torch.no_grad(), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Using padding='same'", category=UserWarning)
            layer.weight.copy_(torch.from_numpy(w))
            if b is not None:
                layer.bias.copy_(torch.from_numpy(b))
            want = layer(torch.from_numpy(x).to(device)).cpu().numpy()
        got = reference.conv2d(x, w, b, stride, padding, dilation, device)
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12, err_msg=f"{padding=}")


def test_string_paddings_equal_explicit_zero_padding(
    hidden_cases: tuple[Case, ...], reference: ModuleType
) -> None:
    """torch's "valid"/"same" and our "full" equal F.pad by the statement's table, then an unpadded conv;
    for "same" with an odd total the extra zero is at the bottom/right."""
    checked = set()
    for x, w, b, stride, padding, dilation in _args(hidden_cases, "conv2d"):
        if not isinstance(padding, str):
            continue
        kh, kw = w.shape[2:]
        (top, bottom), (left, right) = _pads(padding, kh, dilation), _pads(padding, kw, dilation)
        padded = F.pad(torch.from_numpy(x), (left, right, top, bottom))
        bias = None if b is None else torch.from_numpy(b)
        want = F.conv2d(padded, torch.from_numpy(w), bias, stride, 0, dilation).numpy()
        got = reference.conv2d(x, w, b, stride, padding, dilation, "cpu")
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12, err_msg=f"{padding=}")
        checked.add((padding, (top, left) != (bottom, right)))
    assert {("valid", False), ("same", False), ("same", True), ("full", False)} <= checked


def test_full_is_the_textbook_full_correlation(reference: ModuleType) -> None:
    """With stride 1 and one channel, "full" is NumPy's full cross-correlation along each axis."""
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(1, 1, 1, 7)), rng.normal(size=(1, 1, 1, 3))
    got = reference.conv2d(x, w, None, 1, "full", 1, "cpu")[0, 0, 0]
    np.testing.assert_allclose(got, np.correlate(x[0, 0, 0], w[0, 0, 0], mode="full"), rtol=0, atol=1e-12)
    got = reference.conv2d(x, w, None, 1, "valid", 1, "cpu")[0, 0, 0]
    np.testing.assert_allclose(got, np.correlate(x[0, 0, 0], w[0, 0, 0], mode="valid"), rtol=0, atol=1e-12)


@pytest.mark.parametrize("device", DEVICES)
def test_maxpool2d_equals_the_nn_module_and_pads_with_minus_infinity(
    hidden_cases: tuple[Case, ...], reference: ModuleType, device: str
) -> None:
    negative_with_padding = 0
    for x, kernel_size, stride, padding in _args(hidden_cases, "maxpool2d"):
        got = reference.maxpool2d(x, kernel_size, stride, padding, device)
        module = nn.MaxPool2d(kernel_size, stride, padding)(torch.from_numpy(x).to(device)).cpu().numpy()
        np.testing.assert_array_equal(got, module)
        padded = F.pad(torch.from_numpy(x), (padding,) * 4, value=-float("inf"))
        np.testing.assert_array_equal(got, F.max_pool2d(padded, kernel_size, stride).numpy())
        if padding and (x < 0).all():
            negative_with_padding += 1
            assert (got < 0).all(), "a zero from the padding won a max"
    assert negative_with_padding >= 2


def test_param_count_equals_a_real_module_and_the_formula(
    hidden_cases: tuple[Case, ...], reference: ModuleType
) -> None:
    """The reference counts on the meta device; a real CPU module and the formula agree."""
    for c_in, c_out, kh, kw, bias, groups in _args(hidden_cases, "conv_param_count"):
        got = reference.conv_param_count(c_in, c_out, kh, kw, bias, groups, "cpu")
        layer = nn.Conv2d(c_in, c_out, (kh, kw), bias=bias, groups=groups)
        assert type(got) is int
        assert got == sum(p.numel() for p in layer.parameters())
        assert got == c_out * (c_in // groups) * kh * kw + (c_out if bias else 0)


def test_output_size_is_the_floor_formula_and_the_conv2d_shape(
    hidden_cases: tuple[Case, ...], reference: ModuleType
) -> None:
    for n, k, stride, padding, dilation in _args(hidden_cases, "conv_output_size"):
        got = reference.conv_output_size(n, k, stride, padding, dilation, "cpu")
        before, after = _pads(padding, k, dilation)
        assert type(got) is int
        assert got == (n + before + after - dilation * (k - 1) - 1) // stride + 1
        if padding == "same":
            assert got == n
    for x, w, b, stride, padding, dilation in _args(hidden_cases, "conv2d"):
        shape = reference.conv2d(x, w, b, stride, padding, dilation, "cpu").shape
        sizes = [
            reference.conv_output_size(x.shape[i], w.shape[i], stride, padding, dilation, "cpu")
            for i in (2, 3)
        ]
        assert shape == (x.shape[0], w.shape[0], *sizes)
