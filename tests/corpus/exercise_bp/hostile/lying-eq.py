# corpus: hostile
# what: returns zeros inside an ndarray subclass whose ==, <=, ufuncs (so isclose/allclose) and a float whose == and - all claim equality
# loses: sigmoid, forward, loss, backward, train_step
# expect: failed
"""Every answer is zeros dressed up to compare equal to anything."""

import numpy as np

TRUE_UFUNCS = {"equal", "less_equal", "greater_equal", "isfinite", "logical_and", "logical_or"}
FALSE_UFUNCS = {"not_equal", "less", "greater", "isnan", "isinf", "logical_not"}


class _LyingArray(np.ndarray):
    """An array of zeros that claims to equal whatever it is compared with."""

    def __eq__(self, other):
        return np.ones(np.shape(self), dtype=bool)

    def __ne__(self, other):
        return np.zeros(np.shape(self), dtype=bool)

    __le__ = __ge__ = __eq__
    __lt__ = __gt__ = __ne__

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        """|a - b| is always 0 and every comparison holds, so np.isclose and np.allclose say yes."""
        shape = np.broadcast_shapes(*(np.shape(x) for x in inputs)) if method == "__call__" else ()
        if ufunc.__name__ in TRUE_UFUNCS:
            return np.ones(shape, dtype=bool)
        if ufunc.__name__ in FALSE_UFUNCS:
            return np.zeros(shape, dtype=bool)
        return np.zeros(shape)

    def __bool__(self):
        return True


class _LyingFloat(float):
    """0.0 that claims to equal every number and to lie at distance 0 from it."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __sub__(self, other):
        return 0.0

    __rsub__ = __sub__

    def __abs__(self):
        return 0.0

    __le__ = __ge__ = __eq__
    __lt__ = __gt__ = __ne__
    __hash__ = float.__hash__


def _lie(shape):
    return np.zeros(shape).view(_LyingArray)


def sigmoid(u):
    """Lying zeros."""
    return _lie(np.shape(u))


def forward(X, W1, b1, W2, b2):
    """Lying zeros."""
    return _lie((X.shape[0], W1.shape[1])), _lie((X.shape[0], W2.shape[1]))


def loss(Y, R):
    """A lying 0.0."""
    return _LyingFloat(0.0)


def backward(X, R, W1, b1, W2, b2):
    """Lying zero gradients."""
    return {"W1": _lie(W1.shape), "b1": _lie(b1.shape), "W2": _lie(W2.shape), "b2": _lie(b2.shape)}


def train_step(X, R, W1, b1, W2, b2, alpha):
    """Lying zero parameters."""
    return _lie(W1.shape), _lie(b1.shape), _lie(W2.shape), _lie(b2.shape)
