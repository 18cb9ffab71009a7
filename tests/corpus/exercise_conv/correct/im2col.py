# corpus: correct
# what: im2col with sliding_window_view and one matrix product; sizes and counts come back as NumPy integers
# loses:
"""Correct conv.py that unfolds the windows into columns, as fast libraries do."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _pads(padding, k, dilation):
    total = dilation * (k - 1)
    table = {"valid": (0, 0), "same": (total // 2, total - total // 2), "full": (total, total)}
    return table[padding] if isinstance(padding, str) else (padding, padding)


def conv_output_size(n, k, stride, padding, dilation):
    """A NumPy integer is an integer too."""
    before, after = _pads(padding, k, dilation)
    return np.int64(n + before + after - dilation * (k - 1) - 1) // stride + 1


def conv_param_count(c_in, c_out, kh, kw, bias, groups):
    """Product of the weight shape (c_out, c_in / groups, kh, kw), plus c_out biases."""
    weights = np.prod([c_out, c_in // groups, kh, kw], dtype=np.int64)
    return weights + (c_out if bias else 0)


def conv2d(x, w, b, stride, padding, dilation):
    """Windows of the dilated span, subsampled by the dilation and the stride, then a tensordot."""
    c_out, _, kh, kw = w.shape
    (top, bottom), (left, right) = _pads(padding, kh, dilation), _pads(padding, kw, dilation)
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    span_h, span_w = dilation * (kh - 1) + 1, dilation * (kw - 1) + 1
    windows = sliding_window_view(xp, (span_h, span_w), axis=(2, 3))  # (N, C, H', W', span_h, span_w)
    windows = windows[:, :, ::stride, ::stride, ::dilation, ::dilation]
    out = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3]))  # (N, H_out, W_out, C_out)
    out = out.transpose(0, 3, 1, 2)
    if b is not None:
        out = out + b[None, :, None, None]
    return np.ascontiguousarray(out)


def maxpool2d(x, kernel_size, stride, padding):
    """Max over the last two axes of the window view."""
    stride = kernel_size if stride is None else stride
    xp = np.pad(x, ((0, 0), (0, 0), (padding,) * 2, (padding,) * 2), constant_values=-np.inf)
    windows = sliding_window_view(xp, (kernel_size, kernel_size), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.max(axis=(4, 5))
