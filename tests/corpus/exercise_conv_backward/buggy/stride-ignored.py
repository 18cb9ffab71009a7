# corpus: buggy
# what: dL/dx sends grad_out back to neighbouring pixels as if the stride were 1 (grad_out is not spread out)
# loses: conv2d_grad_input
# mistake: stride-ignored
"""conv_backward.py with one classic mistake (stride-ignored); everything else is correct."""

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


def conv2d_grad_input(x, w, grad_out, stride, padding, dilation):
    """Send grad_out back through every kernel tap to the pixels it read, then crop the padding."""
    n, c_in, h, width = x.shape
    kh, kw = w.shape[2], w.shape[3]
    top, bottom = _pads(padding, kh, dilation)
    left, right = _pads(padding, kw, dilation)
    ho, wo = grad_out.shape[2], grad_out.shape[3]
    grad_pad = np.zeros((n, c_in, h + top + bottom, width + left + right))
    for p in range(kh):
        for q in range(kw):
            r0, c0 = p * dilation, q * dilation
            rows = slice(r0, r0 + ho)  # bug: the stride is forgotten
            cols = slice(c0, c0 + wo)
            grad_pad[:, :, rows, cols] += np.einsum("nohw,oc->nchw", grad_out, w[:, :, p, q])
    return grad_pad[:, :, top : top + h, left : left + width]


def conv2d_grad_weight(x, w, grad_out, stride, padding, dilation):
    """Correlate grad_out with the pixels each kernel tap read, summed over the batch."""
    kh, kw = w.shape[2], w.shape[3]
    top, bottom = _pads(padding, kh, dilation)
    left, right = _pads(padding, kw, dilation)
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    ho, wo = grad_out.shape[2], grad_out.shape[3]
    grad = np.zeros(w.shape)
    for p in range(kh):
        for q in range(kw):
            r0, c0 = p * dilation, q * dilation
            rows = slice(r0, r0 + stride * (ho - 1) + 1, stride)
            cols = slice(c0, c0 + stride * (wo - 1) + 1, stride)
            grad[:, :, p, q] = np.einsum("nohw,nchw->oc", grad_out, xp[:, :, rows, cols])
    return grad


def conv2d_grad_bias(grad_out):
    """b[o] reaches every pixel of channel o in every image."""
    return grad_out.sum(axis=(0, 2, 3))
