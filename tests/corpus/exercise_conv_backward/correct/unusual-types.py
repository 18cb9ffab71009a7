# corpus: correct
# what: gradients as Fortran-ordered ndarray subclasses
# loses:
"""Model solution for exercise_conv_backward: the gradients of conv2d with respect to its input, its
kernels and its biases, in NumPy."""

from __future__ import annotations

import numpy as np


def _pads(padding: int | str, k: int, dilation: int) -> tuple[int, int]:
    """Zeros added (before, after) along one axis; "same" puts the odd one after, as PyTorch does."""
    span = dilation * (k - 1)
    if padding == "valid":
        return 0, 0
    if padding == "same":
        return span // 2, span - span // 2
    if padding == "full":
        return span, span
    if isinstance(padding, str):
        raise ValueError(f"padding must be an int, 'valid', 'same' or 'full', not {padding!r}")
    return padding, padding


def _taps(
    x_shape: tuple[int, ...], w_shape: tuple[int, ...], out_shape: tuple[int, ...], stride: int, dilation: int
) -> list[tuple[int, int, slice, slice]]:
    """For each kernel tap (p, q): the strided rows and columns of x_pad it met in the forward pass."""
    _, _, kh, kw = w_shape
    ho, wo = out_shape[2:]
    return [
        (
            p,
            q,
            slice(p * dilation, p * dilation + stride * (ho - 1) + 1, stride),
            slice(q * dilation, q * dilation + stride * (wo - 1) + 1, stride),
        )
        for p in range(kh)
        for q in range(kw)
    ]


def conv2d_grad_input(
    x: np.ndarray, w: np.ndarray, grad_out: np.ndarray, stride: int, padding: int | str, dilation: int
) -> np.ndarray:
    """dL/dx: every tap sends grad_out back to the pixels it read; the padding is cropped at the end.

    Pixels the forward pass never read (the last rows and columns when the stride does not divide)
    receive nothing, so their gradient stays 0.
    """
    n, c_in, h, width = x.shape
    top, bottom = _pads(padding, w.shape[2], dilation)
    left, right = _pads(padding, w.shape[3], dilation)
    grad_pad = np.zeros((n, c_in, h + top + bottom, width + left + right))
    for p, q, rows, cols in _taps(x.shape, w.shape, grad_out.shape, stride, dilation):
        grad_pad[:, :, rows, cols] += np.einsum("nohw,oc->nchw", grad_out, w[:, :, p, q])
    return grad_pad[:, :, top : top + h, left : left + width].copy()


def conv2d_grad_weight(
    x: np.ndarray, w: np.ndarray, grad_out: np.ndarray, stride: int, padding: int | str, dilation: int
) -> np.ndarray:
    """dL/dw[o, c, p, q]: grad_out correlated with the pixels tap (p, q) read, summed over the batch."""
    top, bottom = _pads(padding, w.shape[2], dilation)
    left, right = _pads(padding, w.shape[3], dilation)
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    grad = np.zeros(w.shape)
    for p, q, rows, cols in _taps(x.shape, w.shape, grad_out.shape, stride, dilation):
        grad[:, :, p, q] = np.einsum("nohw,nchw->oc", grad_out, xp[:, :, rows, cols])
    return grad


def conv2d_grad_bias(grad_out: np.ndarray) -> np.ndarray:
    """dL/db[o]: b[o] is added to every pixel of channel o in every image, so sum over all of them."""
    return grad_out.sum(axis=(0, 2, 3))


# ---- the same answers, in the unusual but allowed types this file is about ----
import collections as _collections  # noqa: E402


class _Array(np.ndarray):
    """An ndarray subclass: still an array of the right shape and values."""


def _sub(a):
    return np.asarray(a).view(_Array)


def _scalar(x):
    """A float as a 0-d array or a NumPy scalar, alternately."""
    _scalar.n = getattr(_scalar, "n", 0) + 1
    return np.asarray(x, dtype=np.float64) if _scalar.n % 2 else np.float64(x)

_gi, _gw, _gb = conv2d_grad_input, conv2d_grad_weight, conv2d_grad_bias


def conv2d_grad_input(*args):
    return _sub(np.asfortranarray(_gi(*args)))


def conv2d_grad_weight(*args):
    return _sub(np.asfortranarray(_gw(*args)))


def conv2d_grad_bias(*args):
    return _sub(_gb(*args))
