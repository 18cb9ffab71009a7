"""The truth for exercise_conv_backward: autograd through torch.nn.functional.conv2d, in float64, on the
requested device. The loss is L = Σ out · grad_out, so the gradients are vector-Jacobian products with
grad_out.

"valid" and "same" go to torch as the strings they are; "full" becomes the explicit padding d·(k − 1)
on every side.
"""

from __future__ import annotations

import warnings

import numpy as np
import torch
from torch.nn import functional as F


def _tensor(array: np.ndarray, device: str, grad: bool = False) -> torch.Tensor:
    tensor = torch.from_numpy(np.array(array, dtype=np.float64, order="C")).to(device)
    return tensor.requires_grad_(grad)


def _numpy(tensor: torch.Tensor) -> np.ndarray:
    return np.array(tensor.detach().cpu().numpy(), dtype=np.float64, order="C")


def torch_padding(padding: int | str, kh: int, kw: int, dilation: int) -> int | str | tuple[int, int]:
    """The ``padding`` argument torch gets for ours."""
    return (dilation * (kh - 1), dilation * (kw - 1)) if padding == "full" else padding


def gradients(
    x: np.ndarray,
    w: np.ndarray,
    grad_out: np.ndarray,
    stride: int,
    padding: int | str,
    dilation: int,
    device: str,
) -> dict[str, np.ndarray]:
    """dL/dx, dL/dw and dL/db of out = F.conv2d(x, w, b) (any b) with upstream gradient grad_out."""
    xt, wt = _tensor(x, device, grad=True), _tensor(w, device, grad=True)
    bt = torch.zeros(w.shape[0], dtype=torch.float64, device=device, requires_grad=True)
    with warnings.catch_warnings():  # torch's note that an even kernel with "same" pads a copy is no news
        warnings.filterwarnings("ignore", message="Using padding='same'", category=UserWarning)
        out = F.conv2d(xt, wt, bt, stride, torch_padding(padding, *w.shape[2:], dilation), dilation)
    if tuple(out.shape) != grad_out.shape:
        raise ValueError(f"grad_out has shape {grad_out.shape}, the output {tuple(out.shape)}")
    out.backward(_tensor(grad_out, device))
    assert xt.grad is not None and wt.grad is not None and bt.grad is not None
    return {"x": _numpy(xt.grad), "w": _numpy(wt.grad), "b": _numpy(bt.grad)}


def conv2d_grad_input(
    x: np.ndarray,
    w: np.ndarray,
    grad_out: np.ndarray,
    stride: int,
    padding: int | str,
    dilation: int,
    device: str,
) -> np.ndarray:
    return gradients(x, w, grad_out, stride, padding, dilation, device)["x"]


def conv2d_grad_weight(
    x: np.ndarray,
    w: np.ndarray,
    grad_out: np.ndarray,
    stride: int,
    padding: int | str,
    dilation: int,
    device: str,
) -> np.ndarray:
    return gradients(x, w, grad_out, stride, padding, dilation, device)["w"]


def conv2d_grad_bias(grad_out: np.ndarray, device: str) -> np.ndarray:
    """dL/db through a conv2d whose output has grad_out's shape: a 1x1 kernel on a 1-channel input."""
    n, c_out, ho, wo = grad_out.shape
    x = torch.zeros(n, 1, ho, wo, dtype=torch.float64, device=device)
    w = torch.zeros(c_out, 1, 1, 1, dtype=torch.float64, device=device)
    b = torch.zeros(c_out, dtype=torch.float64, device=device, requires_grad=True)
    F.conv2d(x, w, b).backward(_tensor(grad_out, device))
    assert b.grad is not None
    return _numpy(b.grad)
