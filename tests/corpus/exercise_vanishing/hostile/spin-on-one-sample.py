# corpus: hostile
# what: layer_gradients spins in while True when the batch holds a single sample; everything else is correct
# loses: layer_gradients
# expect: timeout
"""An infinite loop that only one hidden case reaches; the other tests must still be graded."""

import numpy as np


def _sigmoid(a):
    """Stable logistic sigmoid."""
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _backprop(X, Y, weights, biases, activation):
    """Correct per-layer gradients."""
    depth, n = len(weights), X.shape[0]
    inputs, pre, h = [], [], X
    for layer in range(depth):
        a = h @ weights[layer] + biases[layer]
        inputs.append(h)
        pre.append(a)
        h = _sigmoid(a) if activation == "sigmoid" else np.maximum(a, 0.0)
    dW, db = np.zeros(weights.shape), np.zeros(biases.shape)
    delta = (pre[-1] - Y) / n
    for layer in range(depth - 1, -1, -1):
        dW[layer], db[layer] = inputs[layer].T @ delta, delta.sum(axis=0)
        if layer > 0:
            s = _sigmoid(pre[layer - 1])
            slope = s * (1.0 - s) if activation == "sigmoid" else (pre[layer - 1] > 0) * 1.0
            delta = (delta @ weights[layer].T) * slope
    return dW, db


def layer_gradient_norms(X, Y, weights, biases, activation):
    """Frobenius norms, from a backward pass of its own."""
    dW, _ = _backprop(X, Y, weights, biases, activation)
    return np.sqrt((dW**2).sum(axis=(1, 2)))


def layer_gradients(X, Y, weights, biases, activation):
    """Spin forever on a batch of one, else the right gradients."""
    while X.shape[0] == 1:
        pass
    return _backprop(X, Y, weights, biases, activation)


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum((g**2).sum() for g in grads)))
    coef = min(1.0, max_norm / (total + 1e-6))
    return [g * coef for g in grads], total
