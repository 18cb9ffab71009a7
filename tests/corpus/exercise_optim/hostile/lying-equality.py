# corpus: hostile
# what: adam_step returns objects whose __eq__ always says True and that pretend to be arrays of the right shape
# loses: adam_step
# expect: failed
"""adam_step answers with objects that claim to equal anything; everything else is correct."""

import numpy as np


class _Yes:
    """Equal to everything, with the shape and dtype of what it pretends to be."""

    def __init__(self, like):
        self.shape, self.dtype = np.shape(like), np.float64

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None

    def __array__(self, dtype=None, copy=None):
        raise TypeError("no")


def sgd_momentum_step(w, grad, state, lr, momentum):
    """SGD with momentum: b = g on the first step, then b = mu * b + g; w - lr * b."""
    buf = momentum * state["momentum_buffer"] + grad if state else grad.copy()
    return w - lr * buf, {"momentum_buffer": buf}


def nesterov_step(w, grad, state, lr, momentum):
    """Nesterov momentum as torch writes it: w - lr * (g + mu * b) with the new buffer b."""
    buf = momentum * state["momentum_buffer"] + grad if state else grad.copy()
    return w - lr * (grad + momentum * buf), {"momentum_buffer": buf}


def adagrad_step(w, grad, state, lr, eps):
    """AdaGrad: s = s + g^2; w - lr * g / (sqrt(s) + eps)."""
    if state:
        step, total = state["step"], state["sum"]
    else:
        step, total = 0, np.zeros_like(w)
    total = total + grad**2
    return w - lr * grad / (np.sqrt(total) + eps), {"step": step + 1, "sum": total}


def rmsprop_step(w, grad, state, lr, alpha, eps):
    """RMSprop: v = alpha * v + (1 - alpha) * g^2; w - lr * g / (sqrt(v) + eps)."""
    if state:
        step, avg = state["step"], state["square_avg"]
    else:
        step, avg = 0, np.zeros_like(w)
    avg = alpha * avg + (1 - alpha) * grad**2
    return w - lr * grad / (np.sqrt(avg) + eps), {"step": step + 1, "square_avg": avg}


def adam_step(w, grad, state, lr, beta1, beta2, eps):
    """Objects that agree with any expected answer."""
    return _Yes(w), {"step": _Yes(0), "exp_avg": _Yes(w), "exp_avg_sq": _Yes(w)}
