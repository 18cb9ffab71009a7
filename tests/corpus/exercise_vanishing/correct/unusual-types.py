# corpus: correct
# what: (dW, db) as a list, clipped gradients as a tuple and the norm as a 0-d array
# loses:
"""Model solution for exercise_vanishing: per-layer gradients of a deep network, and clipping by norm."""

from __future__ import annotations

import numpy as np


def _sigmoid(a: np.ndarray) -> np.ndarray:
    """σ(a) from e = exp(-|a|), which lies in (0, 1] and so never overflows."""
    with np.errstate(under="ignore"):  # exp(-|a|) may underflow to 0 for huge |a|: the right limit
        e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def layer_gradients(
    X: np.ndarray, Y: np.ndarray, weights: np.ndarray, biases: np.ndarray, activation: str
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of E = 1/(2N)·Σ(ŷ − Y)² with respect to every layer's weights and biases.

    Returns (dW, db) with the shapes of ``weights`` (L, d, d) and ``biases`` (L, d).
    """
    if activation not in ("sigmoid", "relu"):
        raise ValueError(f"activation must be 'sigmoid' or 'relu', not {activation!r}")
    depth, n = weights.shape[0], X.shape[0]
    inputs, pre = [], []  # h_l (the input of layer l) and a_l (its pre-activation)
    h = X
    for layer in range(depth):
        a = h @ weights[layer] + biases[layer]
        inputs.append(h)
        pre.append(a)
        if layer < depth - 1:
            h = _sigmoid(a) if activation == "sigmoid" else np.maximum(a, 0.0)
    dW, db = np.empty_like(weights, dtype=np.float64), np.empty_like(biases, dtype=np.float64)
    delta = (pre[-1] - Y) / n  # dE/da for the linear output layer
    for layer in range(depth - 1, -1, -1):
        dW[layer] = inputs[layer].T @ delta
        db[layer] = delta.sum(axis=0)
        if layer > 0:
            below = pre[layer - 1]
            if activation == "sigmoid":
                s = _sigmoid(below)
                slope = s * (1.0 - s)
            else:
                slope = (below > 0).astype(np.float64)  # ReLU'(0) = 0, as in PyTorch
            delta = (delta @ weights[layer].T) * slope
    return dW, db


def layer_gradient_norms(
    X: np.ndarray, Y: np.ndarray, weights: np.ndarray, biases: np.ndarray, activation: str
) -> np.ndarray:
    """The Frobenius norm of dE/dW for each layer, from the input layer (index 0) to the output layer."""
    dW, _ = layer_gradients(X, Y, weights, biases, activation)
    return np.sqrt(np.sum(dW**2, axis=(1, 2)))


def clip_by_global_norm(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """Scale every gradient by min(1, max_norm / (total + 1e-6)), total being the 2-norm of all of them.

    Same rule as ``torch.nn.utils.clip_grad_norm_``, but returns new arrays instead of scaling in place.
    """
    total = float(np.sqrt(sum(float(np.sum(np.square(g))) for g in grads)))
    coef = min(1.0, max_norm / (total + 1e-6))
    return [np.asarray(g, dtype=np.float64) * coef for g in grads], total


# ---- the same answers, in the unusual but allowed types this file is about ----
import collections as _collections  # noqa: E402


class _Array(np.ndarray):
    """An ndarray subclass: still an array of the right shape and values."""


def _sub(a):
    return np.asarray(a).view(_Array)


def _scalar(x):
    """A float as a 0-d array or a NumPy scalar, alternately."""
    _scalar.n = getattr(_scalar, "n", 0) + 1
    return np.asarray(x, dtype=np.float64) if _scalar.n % 2 else np.float64(x)

_lg, _clip = layer_gradients, clip_by_global_norm


def layer_gradients(*args):
    return [_sub(g) for g in _lg(*args)]


def clip_by_global_norm(*args):
    grads, total = _clip(*args)
    return tuple(grads), np.asarray(total)
