# corpus: buggy
# what: adam_step uses m and v without dividing by 1 - beta^t
# loses: adam_step
# mistake: adam-no-bias-correction
"""optimizers.py with one classic mistake (adam-no-bias-correction); everything else is correct."""

import numpy as np


def sgd_momentum_step(w, grad, state, lr, momentum):
    """SGD with momentum: b = g on the first step, then b = mu * b + g; w - lr * b."""
    buf = momentum * state["momentum_buffer"] + grad if state else grad.copy()
    return w - lr * buf, {"momentum_buffer": buf}


def nesterov_step(w, grad, state, lr, momentum):
    """Nesterov momentum as torch writes it: w - lr * (g + mu * b) with the new buffer b."""
    buf = momentum * state["momentum_buffer"] + grad if state else grad.copy()
    return w - lr * (grad + momentum * buf), {"momentum_buffer": buf}


def adagrad_step(w, grad, state, lr, eps):
    """AdaGrad: s = s + g^2; w - lr * g / (sqrt(s) + eps)."""
    if state:
        step, total = state["step"], state["sum"]
    else:
        step, total = 0, np.zeros_like(w)
    total = total + grad**2
    return w - lr * grad / (np.sqrt(total) + eps), {"step": step + 1, "sum": total}


def rmsprop_step(w, grad, state, lr, alpha, eps):
    """RMSprop: v = alpha * v + (1 - alpha) * g^2; w - lr * g / (sqrt(v) + eps)."""
    if state:
        step, avg = state["step"], state["square_avg"]
    else:
        step, avg = 0, np.zeros_like(w)
    avg = alpha * avg + (1 - alpha) * grad**2
    return w - lr * grad / (np.sqrt(avg) + eps), {"step": step + 1, "square_avg": avg}


def adam_step(w, grad, state, lr, beta1, beta2, eps):
    """Adam."""
    if state:
        t, m, v = state["step"], state["exp_avg"], state["exp_avg_sq"]
    else:
        t, m, v = 0, np.zeros_like(w), np.zeros_like(w)
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    # bug: no m_hat = m / (1 - beta1^t) and v_hat = v / (1 - beta2^t)
    return w - lr * m / (np.sqrt(v) + eps), {"step": t + 1, "exp_avg": m, "exp_avg_sq": v}
