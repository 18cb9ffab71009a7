# corpus: correct
# what: sizes and counts as NumPy integers and an int subclass, arrays as an ndarray subclass
# loses:
"""Model solution for exercise_conv: output sizes, parameter counts, conv2d and max pooling in NumPy."""

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


def conv_output_size(n: int, k: int, stride: int, padding: int | str, dilation: int) -> int:
    """Number of whole (dilated) windows that fit in the padded axis, as an int."""
    if padding == "same" and stride != 1:
        raise ValueError("padding='same' needs stride 1")
    before, after = _pads(padding, k, dilation)
    return (n + before + after - dilation * (k - 1) - 1) // stride + 1


def conv_param_count(c_in: int, c_out: int, kh: int, kw: int, bias: bool, groups: int) -> int:
    """Each output channel sees c_in / groups input channels through a kh x kw kernel, plus one bias."""
    return c_out * (c_in // groups) * kh * kw + (c_out if bias else 0)


def conv2d(
    x: np.ndarray, w: np.ndarray, b: np.ndarray | None, stride: int, padding: int | str, dilation: int
) -> np.ndarray:
    """Cross-correlation of x (N, C_in, H, W) with w (C_out, C_in, kH, kW), plus b; (N, C_out, H_out, W_out).

    One product per kernel tap: the tap (p, q) meets the strided grid of input pixels that starts at
    (p·d, q·d), so the loops run over the kernel, not over the pixels.
    """
    _, _, h, width = x.shape
    _, _, kh, kw = w.shape
    top, bottom = _pads(padding, kh, dilation)
    left, right = _pads(padding, kw, dilation)
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    ho = conv_output_size(h, kh, stride, padding, dilation)
    wo = conv_output_size(width, kw, stride, padding, dilation)
    out = np.zeros((x.shape[0], w.shape[0], ho, wo))
    for p in range(kh):
        for q in range(kw):
            rows = slice(p * dilation, p * dilation + stride * (ho - 1) + 1, stride)
            cols = slice(q * dilation, q * dilation + stride * (wo - 1) + 1, stride)
            out += np.einsum("nchw,oc->nohw", xp[:, :, rows, cols], w[:, :, p, q])
    return out if b is None else out + b.reshape(1, -1, 1, 1)


def maxpool2d(x: np.ndarray, kernel_size: int, stride: int | None, padding: int) -> np.ndarray:
    """Max over kernel_size x kernel_size windows; the padding is −∞, so it never wins a max."""
    stride = kernel_size if stride is None else stride
    n, c, h, width = x.shape
    ho = (h + 2 * padding - kernel_size) // stride + 1
    wo = (width + 2 * padding - kernel_size) // stride + 1
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)), constant_values=-np.inf)
    out = np.full((n, c, ho, wo), -np.inf)
    for p in range(kernel_size):
        for q in range(kernel_size):
            window = xp[:, :, p : p + stride * (ho - 1) + 1 : stride, q : q + stride * (wo - 1) + 1 : stride]
            out = np.maximum(out, window)
    return out


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

class _Count(int):
    pass


_size, _count, _conv, _pool = conv_output_size, conv_param_count, conv2d, maxpool2d


def conv_output_size(*args):
    return np.int64(_size(*args))


def conv_param_count(*args):
    return _Count(_count(*args))


def conv2d(*args):
    return _sub(np.asfortranarray(_conv(*args)))


def maxpool2d(*args):
    return _sub(_pool(*args))
