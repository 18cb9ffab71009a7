# corpus: correct
# what: plain nested Python loops over every output pixel, channel and kernel tap
# loses:
"""Correct conv_backward.py that follows the index formulas one scalar at a time."""

import numpy as np


def _padding(padding, k, dilation):
    if padding == "valid":
        return 0, 0
    if padding == "same":
        total = dilation * (k - 1)
        return total // 2, total - total // 2
    if padding == "full":
        return dilation * (k - 1), dilation * (k - 1)
    return padding, padding


def conv2d_grad_input(x, w, grad_out, stride, padding, dilation):
    n_batch, c_in, h, width = x.shape
    c_out, _, kh, kw = w.shape
    top, bottom = _padding(padding, kh, dilation)
    left, right = _padding(padding, kw, dilation)
    grad_pad = np.zeros((n_batch, c_in, h + top + bottom, width + left + right))
    ho, wo = grad_out.shape[2:]
    for n in range(n_batch):
        for o in range(c_out):
            for i in range(ho):
                for j in range(wo):
                    g = grad_out[n, o, i, j]
                    for c in range(c_in):
                        for p in range(kh):
                            for q in range(kw):
                                grad_pad[n, c, i * stride + p * dilation, j * stride + q * dilation] += (
                                    g * w[o, c, p, q]
                                )
    return grad_pad[:, :, top : top + h, left : left + width].copy()


def conv2d_grad_weight(x, w, grad_out, stride, padding, dilation):
    n_batch, c_in, h, width = x.shape
    c_out, _, kh, kw = w.shape
    top, bottom = _padding(padding, kh, dilation)
    left, right = _padding(padding, kw, dilation)
    xp = np.zeros((n_batch, c_in, h + top + bottom, width + left + right))
    xp[:, :, top : top + h, left : left + width] = x
    ho, wo = grad_out.shape[2:]
    grad = np.zeros(w.shape)
    for o in range(c_out):
        for c in range(c_in):
            for p in range(kh):
                for q in range(kw):
                    total = 0.0
                    for n in range(n_batch):
                        for i in range(ho):
                            for j in range(wo):
                                total += (
                                    grad_out[n, o, i, j]
                                    * xp[n, c, i * stride + p * dilation, j * stride + q * dilation]
                                )
                    grad[o, c, p, q] = total
    return grad


def conv2d_grad_bias(grad_out):
    grad = np.zeros(grad_out.shape[1])
    for o in range(grad_out.shape[1]):
        grad[o] = grad_out[:, o].sum()
    return grad
