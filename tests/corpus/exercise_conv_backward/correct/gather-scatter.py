# corpus: correct
# what: index arrays of every (output pixel, tap) position; np.add.at scatters dL/dx (col2im), fancy indexing gathers the patches for dL/dw
# loses:
"""Correct conv_backward.py in the im2col / col2im style."""

import numpy as np


def _pads(padding, k, dilation):
    total = dilation * (k - 1)
    modes = {"valid": (0, 0), "same": (total // 2, total - total // 2), "full": (total, total)}
    return modes[padding] if isinstance(padding, str) else (padding, padding)


def _positions(w, grad_out, stride, dilation):
    """Padded row and column read by output pixel (i, j) through tap (p, q), broadcast to (Ho, Wo, kH, kW)."""
    ho, wo = grad_out.shape[2:]
    kh, kw = w.shape[2:]
    rows = (np.arange(ho) * stride)[:, None, None, None] + (np.arange(kh) * dilation)[None, None, :, None]
    cols = (np.arange(wo) * stride)[None, :, None, None] + (np.arange(kw) * dilation)[None, None, None, :]
    return rows, cols


def conv2d_grad_input(x, w, grad_out, stride, padding, dilation):
    n, c_in, h, width = x.shape
    (top, bottom), (left, right) = _pads(padding, w.shape[2], dilation), _pads(padding, w.shape[3], dilation)
    rows, cols = _positions(w, grad_out, stride, dilation)
    contributions = np.einsum("nohw,ocpq->nchwpq", grad_out, w)
    grad_pad = np.zeros((n, c_in, h + top + bottom, width + left + right))
    np.add.at(grad_pad, (slice(None), slice(None), rows, cols), contributions)
    return grad_pad[:, :, top : top + h, left : left + width]


def conv2d_grad_weight(x, w, grad_out, stride, padding, dilation):
    (top, bottom), (left, right) = _pads(padding, w.shape[2], dilation), _pads(padding, w.shape[3], dilation)
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    rows, cols = _positions(w, grad_out, stride, dilation)
    patches = xp[:, :, rows, cols]  # (N, C_in, Ho, Wo, kH, kW)
    return np.einsum("nohw,nchwpq->ocpq", grad_out, patches)


def conv2d_grad_bias(grad_out):
    return grad_out.sum(axis=3).sum(axis=2).sum(axis=0)
