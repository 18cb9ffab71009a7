# corpus: buggy
# what: subtracts the row maximum from the caller's logits in place
# loses: cross_entropy_label_smoothing, cross_entropy_label_smoothing_grad
# mistake: logits-shifted-in-place
"""regularization.py with one classic mistake (logits-shifted-in-place); everything else is correct."""

import numpy as np


def dropout(x, mask, p, training):
    """Inverted dropout with the given keep-mask."""
    if not training:
        return x.copy()
    if p == 1.0:
        return np.zeros_like(x)
    return np.where(mask, x / (1.0 - p), 0.0)


def dropout_backward(grad_out, mask, p, training):
    """The gradient goes through the same mask and scale."""
    if not training:
        return grad_out.copy()
    if p == 1.0:
        return np.zeros_like(grad_out)
    return np.where(mask, grad_out / (1.0 - p), 0.0)


def sgd_weight_decay_step(w, grad, lr, weight_decay):
    """w - lr * (grad + weight_decay * w)."""
    return w - lr * (grad + weight_decay * w)


def _log_softmax(z):
    z -= z.max(axis=1, keepdims=True)  # bug: modifies the caller's logits
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def _smoothed(targets, k, eps):
    q = np.full((len(targets), k), eps / k)
    q[np.arange(len(targets)), targets] += 1.0 - eps
    return q


def cross_entropy_label_smoothing(logits, targets, eps):
    """Mean over the batch of -sum_k q_k log p_k."""
    q = _smoothed(targets, logits.shape[1], eps)
    return float(-np.sum(q * _log_softmax(logits)) / logits.shape[0])


def cross_entropy_label_smoothing_grad(logits, targets, eps):
    """(softmax - q) / N."""
    q = _smoothed(targets, logits.shape[1], eps)
    return (np.exp(_log_softmax(logits)) - q) / logits.shape[0]


def early_stopping(val_losses, patience, min_delta):
    """(stop_epoch, best_epoch)."""
    best, best_epoch, wait = val_losses[0], 0, 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < best - min_delta:
            best, best_epoch, wait = val_losses[epoch], epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
