# corpus: buggy
# what: maxpool2d averages each window instead of taking its maximum
# loses: maxpool2d
# mistake: average-pooling
"""conv.py with one classic mistake (average-pooling); everything else is correct."""

import numpy as np


def _pads(padding, k, dilation):
    """Zeros (before, after) along one axis; "same" puts the odd one after."""
    span = dilation * (k - 1)
    if padding == "valid":
        return 0, 0
    if padding == "same":
        return span // 2, span - span // 2
    if padding == "full":
        return span, span
    return padding, padding


def conv_output_size(n, k, stride, padding, dilation):
    """Number of whole windows along one axis."""
    before, after = _pads(padding, k, dilation)
    return (n + before + after - dilation * (k - 1) - 1) // stride + 1


def conv_param_count(c_in, c_out, kh, kw, bias, groups):
    """Weights plus biases of nn.Conv2d."""
    return c_out * (c_in // groups) * kh * kw + (c_out if bias else 0)


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
            rows = slice(r0, r0 + stride * (ho - 1) + 1, stride)
            cols = slice(c0, c0 + stride * (wo - 1) + 1, stride)
            out = out + np.einsum("nchw,oc->nohw", xp[:, :, rows, cols], w[:, :, p, q])
    if b is not None:
        out = out + b.reshape(1, -1, 1, 1)
    return out


def maxpool2d(x, kernel_size, stride, padding):
    """Max over the windows of x padded with -inf."""
    if stride is None:
        stride = kernel_size
    pad = ((0, 0), (0, 0), (padding, padding), (padding, padding))
    xp = np.pad(x, pad)
    ho = (x.shape[2] + 2 * padding - kernel_size) // stride + 1
    wo = (x.shape[3] + 2 * padding - kernel_size) // stride + 1
    out = np.zeros((x.shape[0], x.shape[1], ho, wo))
    for p in range(kernel_size):
        for q in range(kernel_size):
            window = xp[:, :, p : p + stride * (ho - 1) + 1 : stride, q : q + stride * (wo - 1) + 1 : stride]
            out = out + window
    return out / kernel_size**2  # bug: the mean, not the max
