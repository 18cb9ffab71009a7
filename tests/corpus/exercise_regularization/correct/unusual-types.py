# corpus: correct
# what: losses as NumPy scalars, early_stopping a namedtuple of NumPy integers
# loses:
"""Model solution for exercise_regularization: dropout, weight decay, label smoothing and early stopping."""

from __future__ import annotations

import numpy as np


def dropout(x: np.ndarray, mask: np.ndarray, p: float, training: bool) -> np.ndarray:
    """Inverted dropout: kept entries scaled by 1/(1 − p) in training, identity in evaluation."""
    if not training:
        return np.array(x, dtype=np.float64)
    if p == 1.0:
        return np.zeros_like(x, dtype=np.float64)  # nothing is kept, and 1/(1 − p) does not exist
    return np.where(mask, x / (1.0 - p), 0.0)


def dropout_backward(grad_out: np.ndarray, mask: np.ndarray, p: float, training: bool) -> np.ndarray:
    """dL/dx: dropout is linear in x, so the gradient goes through the same mask and scale."""
    return dropout(grad_out, mask, p, training)


def sgd_weight_decay_step(w: np.ndarray, grad: np.ndarray, lr: float, weight_decay: float) -> np.ndarray:
    """One SGD step on L + (λ/2)‖w‖²: w − lr · (grad + λ w), as torch.optim.SGD(weight_decay=λ)."""
    return w - lr * (grad + weight_decay * w)


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise log-softmax with the row maximum subtracted first, so no exp() overflows."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    with np.errstate(under="ignore"):  # exp of a very negative logit is 0: the right limit
        return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def _smoothed_targets(targets: np.ndarray, n_classes: int, eps: float) -> np.ndarray:
    """q = (1 − ε) · one-hot + ε / K on every class, the target itself included."""
    q = np.full((targets.shape[0], n_classes), eps / n_classes)
    q[np.arange(targets.shape[0]), targets] += 1.0 - eps
    return q


def cross_entropy_label_smoothing(logits: np.ndarray, targets: np.ndarray, eps: float) -> float:
    """Mean over the batch of −Σₖ qₙₖ log softmax(logits)ₙₖ, as F.cross_entropy(label_smoothing=eps)."""
    n, k = logits.shape
    q = _smoothed_targets(targets, k, eps)
    return float(-np.sum(q * _log_softmax(logits)) / n)


def cross_entropy_label_smoothing_grad(logits: np.ndarray, targets: np.ndarray, eps: float) -> np.ndarray:
    """d loss / d logits = (softmax(logits) − q) / N."""
    n, k = logits.shape
    return (np.exp(_log_softmax(logits)) - _smoothed_targets(targets, k, eps)) / n


def early_stopping(val_losses: np.ndarray, patience: int, min_delta: float) -> tuple[int, int]:
    """(stop_epoch, best_epoch) under the rule of the statement: an epoch improves when its loss is
    below best − min_delta; training stops at the epoch where `patience` epochs in a row have not."""
    best, best_epoch, wait = float(val_losses[0]), 0, 0
    for epoch in range(1, len(val_losses)):
        loss = float(val_losses[epoch])
        if loss < best - min_delta:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(val_losses) - 1, best_epoch


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

_Stop = _collections.namedtuple("_Stop", "stop best")
_ce, _stop, _drop = cross_entropy_label_smoothing, early_stopping, dropout


def cross_entropy_label_smoothing(*args):
    return _scalar(_ce(*args))


def early_stopping(*args):
    return _Stop(*(np.int64(v) for v in _stop(*args)))


def dropout(*args):
    return _sub(_drop(*args))
