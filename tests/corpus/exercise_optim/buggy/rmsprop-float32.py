# corpus: buggy
# what: rmsprop_step computes in float32: right to about 1e-7, outside the tolerance
# loses: rmsprop_step
# expect: failed
"""optimizers.py whose RMSprop works in float32; everything else is correct."""

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
    """RMSprop in single precision (bug: float32 loses about 1e-7 relative)."""
    w32, g32 = w.astype(np.float32), grad.astype(np.float32)
    if state:
        step, avg = state["step"], state["square_avg"].astype(np.float32)
    else:
        step, avg = 0, np.zeros_like(w32)
    avg = np.float32(alpha) * avg + np.float32(1 - alpha) * g32 * g32
    new_w = w32 - np.float32(lr) * g32 / (np.sqrt(avg) + np.float32(eps))
    return new_w.astype(np.float64), {"step": step + 1, "square_avg": avg.astype(np.float64)}


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
