# corpus: correct
# what: every missing state starts as zeros (mu * 0 + g = g exactly), state read with dict.get; Adam in torch's step_size / denom form
# loses:
"""Correct optimizers.py that never special-cases the first step and writes Adam as torch.optim does."""

import numpy as np


def sgd_momentum_step(w, grad, state, lr, momentum):
    """A zero buffer makes the first step's b = mu * 0 + g = g, as torch's copy of g."""
    state = state or {}
    buf = momentum * state.get("momentum_buffer", np.zeros_like(w)) + grad
    return w - lr * buf, {"momentum_buffer": buf}


def nesterov_step(w, grad, state, lr, momentum):
    """Look-ahead rewritten: w - lr * g - lr * mu * b."""
    state = state or {}
    buf = momentum * state.get("momentum_buffer", np.zeros_like(w)) + grad
    return w - lr * grad - lr * momentum * buf, {"momentum_buffer": buf}


def adagrad_step(w, grad, state, lr, eps):
    """AdaGrad with a zero initial accumulator."""
    state = state or {}
    total = state.get("sum", np.zeros_like(w)) + np.square(grad)
    return w - lr * (grad / (np.sqrt(total) + eps)), {"step": state.get("step", 0) + 1, "sum": total}


def rmsprop_step(w, grad, state, lr, alpha, eps):
    """RMSprop written as an interpolation: v + (1 - alpha) * (g^2 - v)."""
    state = state or {}
    avg = state.get("square_avg", np.zeros_like(w))
    avg = avg + (1 - alpha) * (np.square(grad) - avg)
    return w - lr * grad / (np.sqrt(avg) + eps), {"step": state.get("step", 0) + 1, "square_avg": avg}


def adam_step(w, grad, state, lr, beta1, beta2, eps):
    """torch's form: step_size = lr / (1 - beta1^t), denom = sqrt(v) / sqrt(1 - beta2^t) + eps."""
    state = state or {}
    t = state.get("step", 0) + 1
    m = state.get("exp_avg", np.zeros_like(w))
    v = state.get("exp_avg_sq", np.zeros_like(w))
    m = m + (1 - beta1) * (grad - m)
    v = beta2 * v + (1 - beta2) * grad * grad
    step_size = lr / (1 - beta1**t)
    denom = np.sqrt(v) / np.sqrt(1 - beta2**t) + eps
    return w - step_size * m / denom, {"step": t, "exp_avg": m, "exp_avg_sq": v}
