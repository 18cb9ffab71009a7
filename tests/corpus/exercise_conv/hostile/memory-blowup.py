# corpus: hostile
# what: conv2d keeps allocating 80 MB blocks of ones (every page touched) until stopped
# loses: conv2d
# expect: memory
"""conv2d hoards memory without limit; nothing else calls it."""

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
    """Hoard 80 MB blocks of ones until something gives."""
    hoard = []
    while True:
        hoard.append(np.ones(10**7))


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
