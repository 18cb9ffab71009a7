"""The truth for exercise_conv: torch.nn.functional.conv2d / max_pool2d and nn.Conv2d's parameters, in
float64, on the requested device.

"valid" and "same" go to torch as the strings they are; "full" is not a torch mode, so it becomes the
explicit padding d·(k − 1) on every side.
"""

from __future__ import annotations

import warnings

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


def _tensor(array: np.ndarray, device: str) -> torch.Tensor:
    return torch.from_numpy(np.array(array, dtype=np.float64, order="C")).to(device)


def _numpy(tensor: torch.Tensor) -> np.ndarray:
    return np.array(tensor.detach().cpu().numpy(), dtype=np.float64, order="C")


def torch_padding(padding: int | str, kh: int, kw: int, dilation: int) -> int | str | tuple[int, int]:
    """The ``padding`` argument torch gets for ours."""
    return (dilation * (kh - 1), dilation * (kw - 1)) if padding == "full" else padding


def torch_conv2d(
    x: torch.Tensor,
    w: torch.Tensor,
    b: torch.Tensor | None,
    stride: int,
    padding: int | str,
    dilation: int,
) -> torch.Tensor:
    """``F.conv2d`` with our padding; torch's note that an even kernel with "same" pads a copy is no news."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using padding='same'", category=UserWarning)
        return F.conv2d(x, w, b, stride, torch_padding(padding, *w.shape[2:], dilation), dilation)


def conv_output_size(n: int, k: int, stride: int, padding: int | str, dilation: int, device: str) -> int:
    """The height torch's conv2d gives an (n x 1) input and a (k x 1) kernel."""
    x = torch.zeros(1, 1, n, 1, dtype=torch.float64, device=device)
    w = torch.zeros(1, 1, k, 1, dtype=torch.float64, device=device)
    return int(torch_conv2d(x, w, None, stride, padding, dilation).shape[2])


def conv_param_count(c_in: int, c_out: int, kh: int, kw: int, bias: bool, groups: int, device: str) -> int:
    """``nn.Conv2d``'s own parameter count, built on the meta device: no memory, no initialisation, so a
    512-channel layer costs nothing (tests/test_exercise_conv.py checks a real CPU module agrees)."""
    layer = nn.Conv2d(c_in, c_out, (kh, kw), bias=bias, groups=groups, device="meta")
    return int(sum(p.numel() for p in layer.parameters()))


def conv2d(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None,
    stride: int,
    padding: int | str,
    dilation: int,
    device: str,
) -> np.ndarray:
    bias = None if b is None else _tensor(b, device)
    return _numpy(torch_conv2d(_tensor(x, device), _tensor(w, device), bias, stride, padding, dilation))


def maxpool2d(x: np.ndarray, kernel_size: int, stride: int | None, padding: int, device: str) -> np.ndarray:
    return _numpy(F.max_pool2d(_tensor(x, device), kernel_size, stride, padding))
