# corpus: buggy
# what: ReLU' is (a >= 0), so a unit whose pre-activation is exactly 0 passes the gradient
# loses: layer_gradients, layer_gradient_norms
# mistake: relu-prime-at-zero-is-one
"""vanishing.py with one classic mistake (relu-prime-at-zero-is-one); everything else is correct."""

import numpy as np


def _sigmoid(a):
    """Stable logistic sigmoid: exponentiate only -|a|."""
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def layer_gradients(X, Y, weights, biases, activation):
    """Backpropagation through L layers of width d with a linear output layer."""
    depth, n = len(weights), X.shape[0]
    inputs, pre, h = [], [], X
    for layer in range(depth):
        a = h @ weights[layer] + biases[layer]
        inputs.append(h)
        pre.append(a)
        if layer < depth - 1:
            h = _sigmoid(a) if activation == "sigmoid" else np.maximum(a, 0.0)
    output = pre[-1]
    dW, db = np.zeros(weights.shape), np.zeros(biases.shape)
    delta = (output - Y) / n
    for layer in range(depth - 1, -1, -1):
        dW[layer] = inputs[layer].T @ delta
        db[layer] = delta.sum(axis=0)
        if layer > 0:
            below = pre[layer - 1]
            if activation == "sigmoid":
                s = _sigmoid(below)
                slope = s * (1.0 - s)
            else:
                slope = (below >= 0).astype(float)  # bug: ReLU'(0) taken as 1
            delta = (delta @ weights[layer].T) * slope
    return dW, db


def layer_gradient_norms(X, Y, weights, biases, activation):
    """Frobenius norm of each layer's weight gradient, first layer first."""
    dW, _ = layer_gradients(X, Y, weights, biases, activation)
    return np.array([np.linalg.norm(g) for g in dW])


def clip_by_global_norm(grads, max_norm):
    """Scale all gradients by min(1, max_norm / (total + 1e-6)); return new arrays and the total norm."""
    total = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
    coef = min(1.0, max_norm / (total + 1e-6))
    return [g * coef for g in grads], total
