# corpus: correct
# what: back-propagates one sample at a time with outer products, sigmoid through logaddexp, clipping on one concatenated vector
# loses:
"""Correct vanishing.py written with explicit loops over the samples."""

import numpy as np


def _sigmoid(a):
    """sigma(a) = exp(-log(1 + exp(-a))), with logaddexp keeping every exponent in range."""
    with np.errstate(under="ignore"):
        return np.exp(-np.logaddexp(0.0, -a))


def _slope(a, activation):
    if activation == "sigmoid":
        s = _sigmoid(a)
        return s * (1.0 - s)
    return np.where(a > 0, 1.0, 0.0)


def layer_gradients(X, Y, weights, biases, activation):
    """Sum each sample's contribution to every layer's gradients."""
    depth, n = weights.shape[0], X.shape[0]
    dW, db = np.zeros(weights.shape), np.zeros(biases.shape)
    for i in range(n):
        hs, acts = [X[i]], []
        for layer in range(depth):
            a = hs[-1] @ weights[layer] + biases[layer]
            acts.append(a)
            hs.append(_sigmoid(a) if activation == "sigmoid" else np.maximum(a, 0.0))
        delta = (acts[-1] - Y[i]) / n
        for layer in reversed(range(depth)):
            dW[layer] += np.outer(hs[layer], delta)
            db[layer] += delta
            if layer:
                delta = (weights[layer] @ delta) * _slope(acts[layer - 1], activation)
    return dW, db


def layer_gradient_norms(X, Y, weights, biases, activation):
    """Frobenius norms from the flattened gradients."""
    dW, _ = layer_gradients(X, Y, weights, biases, activation)
    return np.linalg.norm(dW.reshape(dW.shape[0], -1), axis=1)


def clip_by_global_norm(grads, max_norm):
    """The total norm of everything concatenated; scale only when the coefficient is below 1."""
    flat = np.concatenate([np.ravel(g) for g in grads]) if grads else np.zeros(0)
    total = float(np.linalg.norm(flat))
    coef = max_norm / (total + 1e-6)
    if coef < 1.0:
        return [np.multiply(g, coef) for g in grads], total
    return [np.array(g, copy=True) for g in grads], total
