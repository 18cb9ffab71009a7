# corpus: correct
# what: plain nested Python loops over every output pixel and kernel tap; math.floor for the output size
# loses:
"""Correct conv.py written the way the formulas read, one scalar at a time."""

import math

import numpy as np


def _padding_amounts(padding, k, dilation):
    if padding == "valid":
        return 0, 0
    if padding == "same":
        total = dilation * (k - 1)
        return total // 2, total - total // 2
    if padding == "full":
        return dilation * (k - 1), dilation * (k - 1)
    return padding, padding


def conv_output_size(n, k, stride, padding, dilation):
    """floor((n + pads - effective kernel) / stride) + 1, as an int."""
    before, after = _padding_amounts(padding, k, dilation)
    effective = dilation * (k - 1) + 1
    return math.floor((n + before + after - effective) / stride) + 1


def conv_param_count(c_in, c_out, kh, kw, bias, groups):
    """(kh * kw * c_in / groups + 1) * c_out with a bias, without the + 1 otherwise."""
    per_filter = kh * kw * (c_in // groups) + int(bias)
    return per_filter * c_out


def conv2d(x, w, b, stride, padding, dilation):
    """Six nested loops, straight from the definition."""
    n_batch, c_in, h, width = x.shape
    c_out, _, kh, kw = w.shape
    top, bottom = _padding_amounts(padding, kh, dilation)
    left, right = _padding_amounts(padding, kw, dilation)
    xp = np.zeros((n_batch, c_in, h + top + bottom, width + left + right))
    xp[:, :, top : top + h, left : left + width] = x
    ho = conv_output_size(h, kh, stride, padding, dilation)
    wo = conv_output_size(width, kw, stride, padding, dilation)
    out = np.zeros((n_batch, c_out, ho, wo))
    for n in range(n_batch):
        for o in range(c_out):
            for i in range(ho):
                for j in range(wo):
                    total = 0.0 if b is None else b[o]
                    for c in range(c_in):
                        for p in range(kh):
                            for q in range(kw):
                                total += (
                                    xp[n, c, i * stride + p * dilation, j * stride + q * dilation]
                                    * w[o, c, p, q]
                                )
                    out[n, o, i, j] = total
    return out


def maxpool2d(x, kernel_size, stride, padding):
    """Loops over the output; the padded positions hold -inf."""
    if stride is None:
        stride = kernel_size
    n_batch, channels, h, width = x.shape
    xp = np.full((n_batch, channels, h + 2 * padding, width + 2 * padding), -np.inf)
    xp[:, :, padding : padding + h, padding : padding + width] = x
    ho = (h + 2 * padding - kernel_size) // stride + 1
    wo = (width + 2 * padding - kernel_size) // stride + 1
    out = np.empty((n_batch, channels, ho, wo))
    for i in range(ho):
        for j in range(wo):
            window = xp[:, :, i * stride : i * stride + kernel_size, j * stride : j * stride + kernel_size]
            out[:, :, i, j] = window.max(axis=(2, 3))
    return out
