# corpus: hostile
# what: defines three correct functions, then calls os._exit(0) while the module is being imported
# loses: layer_gradients, layer_gradient_norms, clip_by_global_norm
# expect: crashed|error
"""Leaves the interpreter on the spot, exit status 0, before the import finishes."""

import os

import numpy as np


def layer_gradients(X, Y, weights, biases, activation):
    """One linear layer only, which is all this file will ever run."""
    delta = (X @ weights[0] + biases[0] - Y) / X.shape[0]
    return (X.T @ delta)[None], delta.sum(axis=0)[None]


def layer_gradient_norms(X, Y, weights, biases, activation):
    return np.linalg.norm(layer_gradients(X, Y, weights, biases, activation)[0], axis=(1, 2))


def clip_by_global_norm(grads, max_norm):
    total = float(np.sqrt(sum((g**2).sum() for g in grads)))
    return [g * min(1.0, max_norm / (total + 1e-6)) for g in grads], total


os._exit(0)
