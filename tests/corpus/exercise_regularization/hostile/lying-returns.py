# corpus: hostile
# what: returns a float subclass and ndarray subclasses whose ==, <, > and allclose-style checks say "equal"; the values inside are zeros
# loses: dropout, dropout_backward, sgd_weight_decay_step, cross_entropy_label_smoothing, cross_entropy_label_smoothing_grad, early_stopping
# expect: failed
"""Objects that claim to equal whatever they are compared with; only their real contents may count."""

import numpy as np


class AlwaysEqualFloat(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = float.__hash__


class AlwaysEqualArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool)

    def __ne__(self, other):
        return np.zeros(self.shape, dtype=bool)

    def __sub__(self, other):
        return np.zeros(self.shape)

    __rsub__ = __sub__

    def __abs__(self):
        return np.zeros(self.shape)


class AlwaysEqualInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


def _zeros(shape):
    return np.zeros(shape).view(AlwaysEqualArray)


def dropout(x, mask, p, training):
    return _zeros(x.shape)


def dropout_backward(grad_out, mask, p, training):
    return _zeros(grad_out.shape)


def sgd_weight_decay_step(w, grad, lr, weight_decay):
    return _zeros(w.shape)


def cross_entropy_label_smoothing(logits, targets, eps):
    return AlwaysEqualFloat(0.0)


def cross_entropy_label_smoothing_grad(logits, targets, eps):
    return _zeros(logits.shape)


def early_stopping(val_losses, patience, min_delta):
    return AlwaysEqualInt(-1), AlwaysEqualInt(-1)
