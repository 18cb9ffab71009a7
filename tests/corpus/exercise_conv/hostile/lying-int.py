# corpus: hostile
# what: conv_output_size and conv_param_count return 0 as an int subclass whose ==, <, >, hash and int() claim to match anything
# loses: conv_output_size, conv_param_count
# expect: failed
"""Integers that agree with whatever they are compared with; conv2d and maxpool2d are honest."""

import numpy as np


class _Agreeable(int):
    """Zero, but equal to everything (and never smaller or larger)."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __lt__(self, other):
        return False

    def __gt__(self, other):
        return False

    def __index__(self):
        return 0

    __hash__ = int.__hash__


def conv_output_size(n, k, stride, padding, dilation):
    return _Agreeable(0)


def conv_param_count(c_in, c_out, kh, kw, bias, groups):
    return _Agreeable(0)


def _pads(padding, k, dilation):
    """Zeros (before, after) along one axis."""
    span = dilation * (k - 1)
    if padding == "valid":
        return 0, 0
    if padding == "same":
        return span // 2, span - span // 2
    if padding == "full":
        return span, span
    return padding, padding


def conv2d(x, w, b, stride, padding, dilation):
    """Cross-correlation, one kernel tap at a time."""
    kh, kw = w.shape[2], w.shape[3]
    top, bottom = _pads(padding, kh, dilation)
    left, right = _pads(padding, kw, dilation)
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    ho = (xp.shape[2] - dilation * (kh - 1) - 1) // stride + 1
    wo = (xp.shape[3] - dilation * (kw - 1) - 1) // stride + 1
    out = np.zeros((x.shape[0], w.shape[0], ho, wo))
    for p in range(kh):
        for q in range(kw):
            r0, c0 = p * dilation, q * dilation
            patch = xp[
                :, :, r0 : r0 + stride * (ho - 1) + 1 : stride, c0 : c0 + stride * (wo - 1) + 1 : stride
            ]
            out = out + np.einsum("nchw,oc->nohw", patch, w[:, :, p, q])
    if b is not None:
        out = out + b.reshape(1, -1, 1, 1)
    return out


def maxpool2d(x, kernel_size, stride, padding):
    """Max over the windows of x padded with -inf."""
    if stride is None:
        stride = kernel_size
    pad = ((0, 0), (0, 0), (padding, padding), (padding, padding))
    xp = np.pad(x, pad, constant_values=-np.inf)
    ho = (x.shape[2] + 2 * padding - kernel_size) // stride + 1
    wo = (x.shape[3] + 2 * padding - kernel_size) // stride + 1
    out = np.full((x.shape[0], x.shape[1], ho, wo), -np.inf)
    for p in range(kernel_size):
        for q in range(kernel_size):
            window = xp[:, :, p : p + stride * (ho - 1) + 1 : stride, q : q + stride * (wo - 1) + 1 : stride]
            out = np.maximum(out, window)
    return out
