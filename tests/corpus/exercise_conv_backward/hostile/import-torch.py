# corpus: hostile
# what: conv2d_grad_input imports torch and lets autograd compute dL/dx, which the exercise forbids
# loses: conv2d_grad_input
# expect: error
"""conv2d_grad_input needs torch; the other two gradients are NumPy and right."""

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
    """Let PyTorch's autograd do the work."""
    import torch
    import torch.nn.functional as F

    xt = torch.tensor(x, requires_grad=True)
    pad = padding if padding != "full" else (dilation * (w.shape[2] - 1), dilation * (w.shape[3] - 1))
    out = F.conv2d(xt, torch.tensor(w), None, stride, pad, dilation)
    out.backward(torch.tensor(grad_out))
    return xt.grad.numpy()


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
