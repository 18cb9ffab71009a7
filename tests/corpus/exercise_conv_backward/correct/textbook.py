# corpus: correct
# what: the textbook form: dL/dx is a full correlation of the spread-out grad_out with the rotated, dilated kernel, padded with zeros at the end; dL/dw correlates x_pad with it
# loses:
"""Correct conv_backward.py built from valid correlations of whole arrays."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _pads(padding, k, dilation):
    span = dilation * (k - 1)
    if padding == "valid":
        return 0, 0
    if padding == "same":
        return span // 2, span - span // 2
    if padding == "full":
        return span, span
    return padding, padding


def _spread(a, step):
    """a with step - 1 zeros inserted between neighbouring entries along the last two axes."""
    out = np.zeros(a.shape[:2] + ((a.shape[2] - 1) * step + 1, (a.shape[3] - 1) * step + 1))
    out[:, :, ::step, ::step] = a
    return out


def _correlate(a, kernel):
    """Valid cross-correlation of a (N, C, H, W) with kernel (O, C, kH, kW): (N, O, H - kH + 1, W - kW + 1)."""
    windows = sliding_window_view(a, kernel.shape[2:], axis=(2, 3))
    return np.einsum("nchwpq,ocpq->nohw", windows, kernel)


def conv2d_grad_input(x, w, grad_out, stride, padding, dilation):
    """Full correlation of the spread grad_out with the kernel rotated by 180°, C_in and C_out swapped."""
    _, _, h, width = x.shape
    (top, bottom), (left, right) = _pads(padding, w.shape[2], dilation), _pads(padding, w.shape[3], dilation)
    kernel = _spread(w, dilation)[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)
    eh, ew = kernel.shape[2:]
    g = np.pad(_spread(grad_out, stride), ((0, 0), (0, 0), (eh - 1, eh - 1), (ew - 1, ew - 1)))
    full = _correlate(g, kernel)
    # rows and columns past the last window were never read: their gradient is 0, and they come last
    missing_rows = h + top + bottom - full.shape[2]
    missing_cols = width + left + right - full.shape[3]
    full = np.pad(full, ((0, 0), (0, 0), (0, missing_rows), (0, missing_cols)))
    return full[:, :, top : top + h, left : left + width]


def conv2d_grad_weight(x, w, grad_out, stride, padding, dilation):
    """Correlate x_pad with the spread grad_out, keeping every dilation-th offset."""
    kh, kw = w.shape[2:]
    (top, bottom), (left, right) = _pads(padding, kh, dilation), _pads(padding, kw, dilation)
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    g = _spread(grad_out, stride)
    windows = sliding_window_view(xp, g.shape[2:], axis=(2, 3))[:, :, ::dilation, ::dilation][:, :, :kh, :kw]
    return np.einsum("ncpqhw,nohw->ocpq", windows, g)


def conv2d_grad_bias(grad_out):
    """Sum over everything but the channel axis."""
    return np.einsum("nohw->o", grad_out)
