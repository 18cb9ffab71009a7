# corpus: correct
# what: deep-copies the state, then updates the copies in place torch-style (*=, +=, np.sqrt(out=)) and returns the copy
# loses:
"""Correct optimizers.py that mutates only its own copies of the inputs."""

import copy

import numpy as np


def _own(w, state, **zeros):
    """A private copy of w and of the state, with zero arrays for the missing keys."""
    mine = copy.deepcopy(state) if state else {}
    for key, value in zeros.items():
        mine.setdefault(key, value)
    return np.array(w, dtype=np.float64, copy=True), mine


def sgd_momentum_step(w, grad, state, lr, momentum):
    """In place on copies: b *= mu; b += g; w -= lr * b."""
    w, mine = _own(w, state)
    if "momentum_buffer" in mine:
        buf = mine["momentum_buffer"]
        buf *= momentum
        buf += grad
    else:
        buf = mine["momentum_buffer"] = np.array(grad, copy=True)
    w -= lr * buf
    return w, mine


def nesterov_step(w, grad, state, lr, momentum):
    """In place on copies: b *= mu; b += g; w -= lr * (g + mu * b)."""
    w, mine = _own(w, state)
    if "momentum_buffer" in mine:
        buf = mine["momentum_buffer"]
        buf *= momentum
        buf += grad
    else:
        buf = mine["momentum_buffer"] = np.array(grad, copy=True)
    w -= lr * (grad + momentum * buf)
    return w, mine


def adagrad_step(w, grad, state, lr, eps):
    """In place on copies: s += g * g; w -= lr * g / (sqrt(s) + eps)."""
    w, mine = _own(w, state, step=0, sum=np.zeros_like(w))
    mine["step"] += 1
    mine["sum"] += grad * grad
    denom = np.sqrt(mine["sum"])
    denom += eps
    w -= lr * grad / denom
    return w, mine


def rmsprop_step(w, grad, state, lr, alpha, eps):
    """In place on copies: v *= alpha; v += (1 - alpha) * g * g."""
    w, mine = _own(w, state, step=0, square_avg=np.zeros_like(w))
    mine["step"] += 1
    avg = mine["square_avg"]
    avg *= alpha
    avg += (1 - alpha) * grad * grad
    denom = np.empty_like(avg)
    np.sqrt(avg, out=denom)
    denom += eps
    w -= lr * grad / denom
    return w, mine


def adam_step(w, grad, state, lr, beta1, beta2, eps):
    """In place on copies, as torch.optim.Adam does it on its own state."""
    w, mine = _own(w, state, step=0, exp_avg=np.zeros_like(w), exp_avg_sq=np.zeros_like(w))
    mine["step"] += 1
    t = mine["step"]
    mine["exp_avg"] *= beta1
    mine["exp_avg"] += (1 - beta1) * grad
    mine["exp_avg_sq"] *= beta2
    mine["exp_avg_sq"] += (1 - beta2) * grad * grad
    m_hat = mine["exp_avg"] / (1 - beta1**t)
    v_hat = mine["exp_avg_sq"] / (1 - beta2**t)
    w -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return w, mine
