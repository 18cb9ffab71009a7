# corpus: hostile
# what: at import, replaces np.allclose, np.isclose, np.array_equal and np.testing's asserts with yes-men; returns zeros
# loses: conv2d_grad_input, conv2d_grad_weight, conv2d_grad_bias
# expect: failed
"""Patches NumPy's comparison helpers so that every check says 'equal', then answers zeros."""

import math

import numpy as np


def _yes(*args, **kwargs):
    return True


def _silent(*args, **kwargs):
    return None


def _all_close(a, b, *args, **kwargs):
    return np.ones(np.broadcast_shapes(np.shape(a), np.shape(b)), dtype=bool)


np.allclose = _yes
np.array_equal = _yes
np.array_equiv = _yes
np.isclose = _all_close
np.testing.assert_allclose = _silent
np.testing.assert_array_equal = _silent
np.testing.assert_array_almost_equal = _silent
np.testing.assert_equal = _silent
math.isclose = _yes


def conv2d_grad_input(x, w, grad_out, stride, padding, dilation):
    return np.zeros(x.shape)


def conv2d_grad_weight(x, w, grad_out, stride, padding, dilation):
    return np.zeros(w.shape)


def conv2d_grad_bias(grad_out):
    return np.zeros(grad_out.shape[1])
