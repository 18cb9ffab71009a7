# corpus: correct
# what: recursive backward pass with einsum, sigmoid from tanh, ReLU' from np.heaviside(a, 0)
# loses:
"""Correct vanishing.py: the backward pass recurses from the input layer up and returns on the way down."""

import numpy as np


def _sigmoid(a):
    """sigma(a) = (1 + tanh(a / 2)) / 2: no exponential, so nothing can overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def _backward(h, layer, X, Y, weights, biases, activation, dW, db):
    """Return dE/dh for the input h of `layer`, filling dW[layer] and db[layer]."""
    a = h @ weights[layer] + biases[layer]
    if layer == len(weights) - 1:
        delta = (a - Y) / X.shape[0]
    else:
        if activation == "sigmoid":
            s = _sigmoid(a)
            up = _backward(s, layer + 1, X, Y, weights, biases, activation, dW, db)
            delta = up * s * (1.0 - s)
        else:
            up = _backward(np.maximum(a, 0.0), layer + 1, X, Y, weights, biases, activation, dW, db)
            delta = up * np.heaviside(a, 0.0)
    dW[layer] = np.einsum("ni,nj->ij", h, delta)
    db[layer] = np.einsum("nj->j", delta)
    return np.einsum("nj,ij->ni", delta, weights[layer])


def layer_gradients(X, Y, weights, biases, activation):
    dW = np.zeros_like(weights, dtype=float)
    db = np.zeros_like(biases, dtype=float)
    _backward(X, 0, X, Y, weights, biases, activation, dW, db)
    return dW, db


def layer_gradient_norms(X, Y, weights, biases, activation):
    dW, _ = layer_gradients(X, Y, weights, biases, activation)
    return np.sqrt(np.einsum("lij,lij->l", dW, dW))


def clip_by_global_norm(grads, max_norm):
    squares = [float(np.vdot(g, g)) for g in grads]
    total = sum(squares) ** 0.5
    coef = min(1.0, max_norm / (total + 1e-6))
    return [coef * np.asarray(g) for g in grads], total
