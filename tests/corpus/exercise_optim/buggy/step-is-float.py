# corpus: buggy
# what: adagrad_step counts steps in a float (state.get('step', 0.0) + 1), so step is 1.0, not 1
# loses: adagrad_step
# expect: failed
"""optimizers.py whose AdaGrad step count is a float; everything else is correct."""

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
    """AdaGrad."""
    state = state or {}
    total = state.get("sum", np.zeros_like(w)) + grad**2
    step = state.get("step", 0.0) + 1  # bug: 1.0 on the first step, a float
    return w - lr * grad / (np.sqrt(total) + eps), {"step": step, "sum": total}


def rmsprop_step(w, grad, state, lr, alpha, eps):
    """RMSprop: v = alpha * v + (1 - alpha) * g^2; w - lr * g / (sqrt(v) + eps)."""
    if state:
        step, avg = state["step"], state["square_avg"]
    else:
        step, avg = 0, np.zeros_like(w)
    avg = alpha * avg + (1 - alpha) * grad**2
    return w - lr * grad / (np.sqrt(avg) + eps), {"step": step + 1, "square_avg": avg}


def adam_step(w, grad, state, lr, beta1, beta2, eps):
    """Adam with bias correction."""
    if state:
        t, m, v = state["step"], state["exp_avg"], state["exp_avg_sq"]
    else:
        t, m, v = 0, np.zeros_like(w), np.zeros_like(w)
    t = t + 1
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"step": t, "exp_avg": m, "exp_avg_sq": v}
