"""exercise_optim: one step of SGD with momentum, Nesterov, AdaGrad, RMSprop and Adam. See README.md.

Every function takes the parameters ``w``, their gradient ``grad``, the optimizer's ``state`` from the
previous step (None or ``{}`` before the first step) and the hyper-parameters, and returns the tuple
``(new_w, new_state)``. Follow torch.optim's update rules exactly (README.md lists them) and do not modify
``w``, ``grad`` or ``state``: return new arrays in a new dict.
"""

from typing import Any

import numpy as np


def sgd_momentum_step(
    w: np.ndarray, grad: np.ndarray, state: dict[str, Any] | None, lr: float, momentum: float
) -> tuple[np.ndarray, dict[str, Any]]:
    """One step of SGD with momentum, as ``torch.optim.SGD(lr=lr, momentum=momentum)`` takes it.

    b = g on the first step, b = μ·b + g afterwards; then w_new = w − lr·b.

    Args:
        w: parameters, float64 array of any shape.
        grad: gradient of the loss at ``w``, same shape.
        state: ``{"momentum_buffer": b}`` from the previous step, or None / ``{}`` on the first step.
        lr: learning rate, > 0.
        momentum: momentum factor μ, 0 < μ < 1.

    Returns:
        ``(new_w, {"momentum_buffer": new_b})``.
    """
    raise NotImplementedError("exercise_optim: implement sgd_momentum_step")


def nesterov_step(
    w: np.ndarray, grad: np.ndarray, state: dict[str, Any] | None, lr: float, momentum: float
) -> tuple[np.ndarray, dict[str, Any]]:
    """One step of Nesterov momentum, as ``torch.optim.SGD(lr=lr, momentum=momentum, nesterov=True)``.

    b is updated as in ``sgd_momentum_step``; then w_new = w − lr·(g + μ·b) with the new b.

    Args:
        w: parameters, float64 array of any shape.
        grad: gradient of the loss at ``w``, same shape.
        state: ``{"momentum_buffer": b}`` from the previous step, or None / ``{}`` on the first step.
        lr: learning rate, > 0.
        momentum: momentum factor μ, 0 < μ < 1.

    Returns:
        ``(new_w, {"momentum_buffer": new_b})``.
    """
    raise NotImplementedError("exercise_optim: implement nesterov_step")


def adagrad_step(
    w: np.ndarray, grad: np.ndarray, state: dict[str, Any] | None, lr: float, eps: float
) -> tuple[np.ndarray, dict[str, Any]]:
    """One step of AdaGrad, as ``torch.optim.Adagrad(lr=lr, eps=eps)`` takes it.

    s = s + g² (s starts at 0); w_new = w − lr·g / (√s + ε), with ε outside the square root.

    Args:
        w: parameters, float64 array of any shape.
        grad: gradient of the loss at ``w``, same shape.
        state: ``{"step": t, "sum": s}`` from the previous step, or None / ``{}`` on the first step.
        lr: learning rate, > 0.
        eps: ε > 0, added to the denominator.

    Returns:
        ``(new_w, {"step": t + 1, "sum": new_s})``; the step is a Python int.
    """
    raise NotImplementedError("exercise_optim: implement adagrad_step")


def rmsprop_step(
    w: np.ndarray, grad: np.ndarray, state: dict[str, Any] | None, lr: float, alpha: float, eps: float
) -> tuple[np.ndarray, dict[str, Any]]:
    """One step of RMSprop, as ``torch.optim.RMSprop(lr=lr, alpha=alpha, eps=eps)`` takes it.

    v = α·v + (1 − α)·g² (v starts at 0); w_new = w − lr·g / (√v + ε); no bias correction.

    Args:
        w: parameters, float64 array of any shape.
        grad: gradient of the loss at ``w``, same shape.
        state: ``{"step": t, "square_avg": v}`` from the previous step, or None / ``{}`` on the first step.
        lr: learning rate, > 0.
        alpha: smoothing constant α, 0 < α < 1.
        eps: ε > 0, added to the denominator.

    Returns:
        ``(new_w, {"step": t + 1, "square_avg": new_v})``; the step is a Python int.
    """
    raise NotImplementedError("exercise_optim: implement rmsprop_step")


def adam_step(
    w: np.ndarray,
    grad: np.ndarray,
    state: dict[str, Any] | None,
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
) -> tuple[np.ndarray, dict[str, Any]]:
    """One step of Adam, as ``torch.optim.Adam(lr=lr, betas=(beta1, beta2), eps=eps)`` takes it.

    t = t + 1; m = β₁·m + (1 − β₁)·g; v = β₂·v + (1 − β₂)·g² (m and v start at 0);
    m̂ = m / (1 − β₁ᵗ); v̂ = v / (1 − β₂ᵗ); w_new = w − lr·m̂ / (√v̂ + ε).

    Args:
        w: parameters, float64 array of any shape.
        grad: gradient of the loss at ``w``, same shape.
        state: ``{"step": t, "exp_avg": m, "exp_avg_sq": v}`` from the previous step, or None / ``{}``
            on the first step.
        lr: learning rate, > 0.
        beta1: decay rate β₁ of the mean of the gradients, 0 < β₁ < 1.
        beta2: decay rate β₂ of the mean of the squared gradients, 0 < β₂ < 1.
        eps: ε > 0, added to the denominator.

    Returns:
        ``(new_w, {"step": t, "exp_avg": m, "exp_avg_sq": v})`` with the new t, m and v (not m̂, v̂);
        the step is a Python int.
    """
    raise NotImplementedError("exercise_optim: implement adam_step")
