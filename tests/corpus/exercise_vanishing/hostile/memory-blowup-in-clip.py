# corpus: hostile
# what: clip_by_global_norm keeps allocating 80 MB blocks of ones (every page touched) until stopped
# loses: clip_by_global_norm
# expect: memory
"""clip_by_global_norm hoards memory without limit; the gradient functions are correct."""

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
    return _backprop(X, Y, weights, biases, activation)


def clip_by_global_norm(grads, max_norm):
    """Allocate 80 MB blocks of ones forever."""
    hoard = []
    while True:
        hoard.append(np.ones(10**7))
