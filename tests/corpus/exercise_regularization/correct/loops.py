# corpus: correct
# what: element and sample loops everywhere: dropout entry by entry, cross-entropy one sample at a time with its own max shift
# loses:
"""Correct regularization.py that loops instead of vectorising."""

import math

import numpy as np


def dropout(x, mask, p, training):
    out = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        if not training:
            out[index] = x[index]
        elif mask[index] and p < 1.0:
            out[index] = x[index] / (1.0 - p)
    return out


def dropout_backward(grad_out, mask, p, training):
    return dropout(grad_out, mask, p, training)


def sgd_weight_decay_step(w, grad, lr, weight_decay):
    new = np.empty(w.shape)
    for index in np.ndindex(w.shape):
        new[index] = w[index] - lr * (grad[index] + weight_decay * w[index])
    return new


def _log_softmax_row(row):
    top = max(row)
    log_sum = top + math.log(sum(math.exp(v - top) for v in row))
    return [v - log_sum for v in row]


def cross_entropy_label_smoothing(logits, targets, eps):
    n, k = logits.shape
    total = 0.0
    for i in range(n):
        log_p = _log_softmax_row(list(logits[i]))
        for j in range(k):
            q = eps / k + (1.0 - eps if j == targets[i] else 0.0)
            total -= q * log_p[j]
    return total / n


def cross_entropy_label_smoothing_grad(logits, targets, eps):
    n, k = logits.shape
    grad = np.zeros((n, k))
    for i in range(n):
        log_p = _log_softmax_row(list(logits[i]))
        for j in range(k):
            q = eps / k + (1.0 - eps if j == targets[i] else 0.0)
            grad[i, j] = (math.exp(log_p[j]) - q) / n
    return grad


def early_stopping(val_losses, patience, min_delta):
    best, best_epoch, wait = float(val_losses[0]), 0, 0
    for epoch, loss in enumerate(val_losses):
        if epoch == 0:
            continue
        if loss < best - min_delta:
            best, best_epoch, wait = float(loss), epoch, 0
            continue
        wait += 1
        if wait >= patience:
            return (epoch, best_epoch)
    return (len(val_losses) - 1, best_epoch)
