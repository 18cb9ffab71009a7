# corpus: correct
# what: prints every layer's gradient norm and the clipping coefficient (about 60 lines per call), warns on stderr
# loses:
"""Correct vanishing.py that reports what it sees; its output must not cost it any points."""

import sys

import numpy as np


def _sigmoid(a):
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def layer_gradients(X, Y, weights, biases, activation):
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
        print(f"[vanishing] layer {layer}: |dW| = {np.linalg.norm(dW[layer]):.3e}")
        if layer > 0:
            s = _sigmoid(pre[layer - 1])
            slope = s * (1.0 - s) if activation == "sigmoid" else (pre[layer - 1] > 0) * 1.0
            delta = (delta @ weights[layer].T) * slope
    if np.linalg.norm(dW[0]) < 1e-4 * np.linalg.norm(dW[-1]):
        print("warning: the first layer's gradient has vanished", file=sys.stderr)
    return dW, db


def layer_gradient_norms(X, Y, weights, biases, activation):
    dW, _ = layer_gradients(X, Y, weights, biases, activation)
    norms = np.sqrt((dW**2).sum(axis=(1, 2)))
    for _ in range(40):
        print(f"[vanishing] norms: {norms}")
    return norms


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum((g**2).sum() for g in grads)))
    coef = min(1.0, max_norm / (total + 1e-6))
    print(f"[vanishing] total {total!r}, max_norm {max_norm!r}, coefficient {coef!r}")
    return [g * coef for g in grads], total
