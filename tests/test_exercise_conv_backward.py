"""exercise_conv_backward's reference is the truth: its autograd gradients agree with central differences
and with nn.Conv2d's own backward, its string paddings mean what the statement says, the input gradient
is zero exactly on the pixels the forward pass never read, and the 1x1 shortcut of its bias gradient equals
the bias gradient of the real convolution. (Every exercise's solution-vs-reference check is in
test_grader_exercises.py.)"""

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
    return find_exercise("exercise_conv_backward", REPO).load_hidden().cases


@pytest.fixture(scope="module")
def reference(hidden_cases: tuple[Case, ...]) -> ModuleType:
    """The reference module, imported by load_hidden as part of the grading package."""
    return importlib.import_module("_grade_solutions_exercise_conv_backward.reference")


def _conv_args(cases: tuple[Case, ...]) -> list[tuple[Any, ...]]:
    return [c.calls[-1].args for c in cases if c.function == "conv2d_grad_input"]


def _pads(padding: int | str, k: int, d: int) -> tuple[int, int]:
    """The statement's table, written out independently of the reference."""
    span = d * (k - 1)
    if isinstance(padding, str):
        return {"valid": (0, 0), "same": (span // 2, span - span // 2), "full": (span, span)}[padding]
    return padding, padding


def _loss(
    x: np.ndarray, w: np.ndarray, grad_out: np.ndarray, stride: int, padding: Any, dilation: int
) -> float:
    """L = Σ grad_out · conv2d(x, w), through F.pad by the statement's table and an unpadded conv."""
    (top, bottom), (left, right) = _pads(padding, w.shape[2], dilation), _pads(padding, w.shape[3], dilation)
    padded = F.pad(torch.from_numpy(x), (left, right, top, bottom))
    out = F.conv2d(padded, torch.from_numpy(w), None, stride, 0, dilation)
    return float((out * torch.from_numpy(grad_out)).sum())


def test_gradients_match_central_differences(hidden_cases: tuple[Case, ...], reference: ModuleType) -> None:
    for x, w, grad_out, stride, padding, dilation in _conv_args(hidden_cases):
        grads = reference.gradients(x, w, grad_out, stride, padding, dilation, "cpu")
        for name, value in (("x", x), ("w", w)):
            numeric = np.zeros_like(value)
            for index in np.ndindex(value.shape):
                up, down = value.copy(), value.copy()
                up[index] += 1e-3
                down[index] -= 1e-3
                args = ((up, w), (down, w)) if name == "x" else ((x, up), (x, down))
                e_up, e_down = (_loss(*a, grad_out, stride, padding, dilation) for a in args)
                numeric[index] = (e_up - e_down) / 2e-3  # L is linear: exact up to rounding
            np.testing.assert_allclose(
                grads[name], numeric, rtol=1e-7, atol=1e-9, err_msg=f"{padding=} {name}"
            )


@pytest.mark.parametrize("device", DEVICES)
def test_gradients_equal_the_nn_conv2d_modules(
    hidden_cases: tuple[Case, ...], reference: ModuleType, device: str
) -> None:
    """nn.Conv2d with torch's own "valid"/"same" strings (and "full" as explicit padding) agrees."""
    for x, w, grad_out, stride, padding, dilation in _conv_args(hidden_cases):
        c_out, c_in, kh, kw = w.shape
        torch_padding = reference.torch_padding(padding, kh, kw, dilation)
        layer = nn.Conv2d(c_in, c_out, (kh, kw), stride, torch_padding, dilation).to(device, torch.float64)
        with torch.no_grad():
            layer.weight.copy_(torch.from_numpy(w))
        xt = torch.from_numpy(x).to(device).requires_grad_()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Using padding='same'", category=UserWarning)
            layer(xt).backward(torch.from_numpy(grad_out).to(device))
        got = reference.gradients(x, w, grad_out, stride, padding, dilation, device)
        assert xt.grad is not None and layer.weight.grad is not None and layer.bias.grad is not None
        want = {"x": xt.grad, "w": layer.weight.grad, "b": layer.bias.grad}
        for name, tensor in want.items():
            np.testing.assert_allclose(got[name], tensor.cpu().numpy(), rtol=0, atol=1e-12, err_msg=name)


def test_input_gradient_is_zero_exactly_where_nothing_was_read(
    hidden_cases: tuple[Case, ...], reference: ModuleType
) -> None:
    unread_cases = 0
    for x, w, grad_out, stride, padding, dilation in _conv_args(hidden_cases):
        (top, _), (left, _) = _pads(padding, w.shape[2], dilation), _pads(padding, w.shape[3], dilation)
        read = np.zeros(x.shape[2:], dtype=bool)
        for i in range(grad_out.shape[2]):
            for j in range(grad_out.shape[3]):
                for p in range(w.shape[2]):
                    for q in range(w.shape[3]):
                        r, c = i * stride + p * dilation - top, j * stride + q * dilation - left
                        if 0 <= r < x.shape[2] and 0 <= c < x.shape[3]:
                            read[r, c] = True
        dx = reference.conv2d_grad_input(x, w, grad_out, stride, padding, dilation, "cpu")
        assert np.all(dx[:, :, ~read] == 0), f"{stride=} {padding=}"
        assert np.all(dx[:, :, read] != 0), f"{stride=} {padding=}"
        unread_cases += int(not read.all())
    assert unread_cases >= 4


def test_bias_shortcut_equals_the_bias_gradient_of_the_real_conv(
    hidden_cases: tuple[Case, ...], reference: ModuleType
) -> None:
    grads = {id(args[2]): reference.gradients(*args, "cpu")["b"] for args in _conv_args(hidden_cases)}
    bias_cases = [c.calls[-1].args[0] for c in hidden_cases if c.function == "conv2d_grad_bias"]
    for grad_out in bias_cases:
        got = reference.conv2d_grad_bias(grad_out, "cpu")
        np.testing.assert_allclose(got, grads[id(grad_out)], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(got, grad_out.sum(axis=(0, 2, 3)), rtol=1e-12)
    shapes = [g.shape for g in bias_cases]
    assert any(n == 1 for n, *_ in shapes) and any(n == c for n, c, *_ in shapes)
