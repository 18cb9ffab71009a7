# corpus: correct
# what: no padded copies at all: each output pixel clips its window to the input (conv drops the zero taps, pooling skips the outside)
# loses:
"""Correct conv.py that never builds a padded array."""

import numpy as np


def _before_after(padding, k, dilation):
    span = dilation * (k - 1)
    if padding == "same":
        return span // 2, span - span // 2
    if padding == "full":
        return span, span
    if padding == "valid":
        return 0, 0
    return padding, padding


def conv_output_size(n, k, stride, padding, dilation):
    """Count the window starts one by one."""
    before, after = _before_after(padding, k, dilation)
    span = dilation * (k - 1) + 1
    count, start = 0, 0
    while start + span <= n + before + after:
        count += 1
        start += stride
    return count


def conv_param_count(c_in, c_out, kh, kw, bias, groups):
    """Per group: (c_out / g) filters of shape (c_in / g, kh, kw); then one bias per filter."""
    per_group = (c_out // groups) * (c_in // groups) * kh * kw
    return groups * per_group + (c_out if bias else 0)


def conv2d(x, w, b, stride, padding, dilation):
    """Every output pixel gathers only the taps that land inside the input (the others multiply a zero)."""
    n_batch, _, h, width = x.shape
    c_out, _, kh, kw = w.shape
    top, _ = _before_after(padding, kh, dilation)
    left, _ = _before_after(padding, kw, dilation)
    ho = conv_output_size(h, kh, stride, padding, dilation)
    wo = conv_output_size(width, kw, stride, padding, dilation)
    out = np.zeros((n_batch, c_out, ho, wo))
    for i in range(ho):
        for j in range(wo):
            rows = i * stride - top + dilation * np.arange(kh)
            cols = j * stride - left + dilation * np.arange(kw)
            keep_r, keep_c = (rows >= 0) & (rows < h), (cols >= 0) & (cols < width)
            patch = x[:, :, rows[keep_r]][:, :, :, cols[keep_c]]
            kernel = w[:, :, keep_r][:, :, :, keep_c]
            out[:, :, i, j] = np.einsum("ncpq,ocpq->no", patch, kernel)
    if b is not None:
        out += b[np.newaxis, :, np.newaxis, np.newaxis]
    return out


def maxpool2d(x, kernel_size, stride, padding):
    """Each window is clipped to the input: the padding could never win a max anyway."""
    if stride is None:
        stride = kernel_size
    _, _, h, width = x.shape
    ho = (h + 2 * padding - kernel_size) // stride + 1
    wo = (width + 2 * padding - kernel_size) // stride + 1
    out = np.empty(x.shape[:2] + (ho, wo))
    for i in range(ho):
        r0, r1 = max(i * stride - padding, 0), min(i * stride - padding + kernel_size, h)
        for j in range(wo):
            c0, c1 = max(j * stride - padding, 0), min(j * stride - padding + kernel_size, width)
            out[:, :, i, j] = x[:, :, r0:r1, c0:c1].max(axis=(2, 3))
    return out
