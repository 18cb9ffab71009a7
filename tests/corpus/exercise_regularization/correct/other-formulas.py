# corpus: correct
# what: other but equal formulas: multiplied mask, decoupled decay w(1 - lr*wd) - lr*g, (1-eps)*NLL + eps*mean(-log p) via logaddexp, early stopping returning a list of np.int64
# loses:
"""Correct regularization.py written with different, equivalent formulas."""

import numpy as np


def dropout(x, mask, p, training):
    if not training or p == 0.0:
        return np.array(x, copy=True)
    scale = 0.0 if p == 1.0 else 1.0 / (1.0 - p)
    return x * mask.astype(np.float64) * scale


def dropout_backward(grad_out, mask, p, training):
    return dropout(grad_out, mask, p, training)


def sgd_weight_decay_step(w, grad, lr, weight_decay):
    """The same step, written as a shrink of w followed by the plain gradient step."""
    return w * (1.0 - lr * weight_decay) - lr * grad


def _log_probs(logits):
    return logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)


def cross_entropy_label_smoothing(logits, targets, eps):
    """(1 - eps) * NLL of the targets + eps * the mean over classes of -log p."""
    log_p = _log_probs(logits)
    nll = -log_p[np.arange(len(targets)), targets].mean()
    uniform = -log_p.mean(axis=1).mean()
    return float((1.0 - eps) * nll + eps * uniform)


def cross_entropy_label_smoothing_grad(logits, targets, eps):
    n, k = logits.shape
    with np.errstate(under="ignore"):
        p = np.exp(_log_probs(logits))
    onehot = np.eye(k)[targets]
    return (p - (1.0 - eps) * onehot - eps / k) / n


def early_stopping(val_losses, patience, min_delta):
    """A while loop over the epochs; answers as np.int64, in a list."""
    best_epoch, wait, epoch = 0, 0, 0
    while epoch + 1 < len(val_losses):
        epoch += 1
        if val_losses[best_epoch] - val_losses[epoch] > min_delta:
            best_epoch, wait = epoch, 0
        else:
            wait += 1
            if wait == patience:
                return [np.int64(epoch), np.int64(best_epoch)]
    return [np.int64(len(val_losses) - 1), np.int64(best_epoch)]
