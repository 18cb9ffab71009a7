# corpus: correct
# what: (new_w, new_state) as a namedtuple, the state an OrderedDict with a NumPy integer step
# loses:
"""Model solution for exercise_optim: one step of five optimizers with torch.optim's update rules, in NumPy.

Every function returns ``(new_w, new_state)`` and builds new arrays: neither ``w``, ``grad`` nor the
given ``state`` (or any array in it) is modified.
"""

from __future__ import annotations

from typing import Any

import numpy as np

State = dict[str, Any]


def _previous(state: State | None, key: str, like: np.ndarray) -> np.ndarray:
    """A running average from the state, or zeros before the first step (state None or {})."""
    return np.asarray(state[key], dtype=np.float64) if state else np.zeros_like(like, dtype=np.float64)


def _count(state: State | None) -> int:
    """The step number of this step: one more than the steps already taken."""
    return int(state["step"]) + 1 if state else 1


def _momentum_buffer(grad: np.ndarray, state: State | None, momentum: float) -> np.ndarray:
    """b = g on the first step (torch copies the gradient), then b = μ b + g (dampening 0)."""
    if not state:
        return np.array(grad, dtype=np.float64, copy=True)
    return momentum * np.asarray(state["momentum_buffer"], dtype=np.float64) + grad


def sgd_momentum_step(
    w: np.ndarray, grad: np.ndarray, state: State | None, lr: float, momentum: float
) -> tuple[np.ndarray, State]:
    """SGD with momentum: b = μ b + g, w = w − lr · b."""
    buf = _momentum_buffer(grad, state, momentum)
    return w - lr * buf, {"momentum_buffer": buf}


def nesterov_step(
    w: np.ndarray, grad: np.ndarray, state: State | None, lr: float, momentum: float
) -> tuple[np.ndarray, State]:
    """Nesterov momentum as torch writes it: b = μ b + g, w = w − lr · (g + μ b)."""
    buf = _momentum_buffer(grad, state, momentum)
    return w - lr * (grad + momentum * buf), {"momentum_buffer": buf}


def adagrad_step(
    w: np.ndarray, grad: np.ndarray, state: State | None, lr: float, eps: float
) -> tuple[np.ndarray, State]:
    """AdaGrad: s = s + g², w = w − lr · g / (√s + ε), with ε outside the square root."""
    total = _previous(state, "sum", w) + grad * grad
    return w - lr * grad / (np.sqrt(total) + eps), {"step": _count(state), "sum": total}


def rmsprop_step(
    w: np.ndarray, grad: np.ndarray, state: State | None, lr: float, alpha: float, eps: float
) -> tuple[np.ndarray, State]:
    """RMSprop: v = α v + (1 − α) g², w = w − lr · g / (√v + ε); no bias correction."""
    square_avg = alpha * _previous(state, "square_avg", w) + (1.0 - alpha) * grad * grad
    return w - lr * grad / (np.sqrt(square_avg) + eps), {"step": _count(state), "square_avg": square_avg}


def adam_step(
    w: np.ndarray, grad: np.ndarray, state: State | None, lr: float, beta1: float, beta2: float, eps: float
) -> tuple[np.ndarray, State]:
    """Adam with bias correction: w = w − lr · m̂ / (√v̂ + ε), m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)."""
    t = _count(state)
    m = beta1 * _previous(state, "exp_avg", w) + (1.0 - beta1) * grad
    v = beta2 * _previous(state, "exp_avg_sq", w) + (1.0 - beta2) * grad * grad
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), {"step": t, "exp_avg": m, "exp_avg_sq": v}


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

_Step = _collections.namedtuple("_Step", "w state")
for _name in ["sgd_momentum_step", "nesterov_step", "adagrad_step", "rmsprop_step", "adam_step"]:
    def _make(f):
        def wrapped(*args):
            w, state = f(*args)
            state = _collections.OrderedDict(
                (k, np.int64(v) if isinstance(v, int) else _sub(v)) for k, v in state.items()
            )
            return _Step(_sub(w), state)
        return wrapped
    globals()[_name] = _make(globals()[_name])
