"""The truth for exercise_optim: one step of each optimizer through torch.optim's functional API, in float64.

``torch.optim.SGD``, ``Adagrad``, ``RMSprop`` and ``Adam`` run exactly these functions (``foreach=False``
is their single-tensor path) on the state they keep per parameter. Constructing one of those classes
imports TorchDynamo (1.3 s, more than torch itself), so the reference calls the functions directly;
``tests/test_exercise_optim.py`` checks over several steps that the classes give the same numbers.

Every function takes the student's arguments plus ``device`` and returns ``(new_w, new_state)`` as plain
NumPy/Python values; ``state`` is None or ``{}`` before the first step.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch.optim.adagrad import adagrad
from torch.optim.adam import adam
from torch.optim.rmsprop import rmsprop
from torch.optim.sgd import sgd

State = dict[str, Any]


def _tensor(array: Any, device: str) -> torch.Tensor:
    return torch.from_numpy(np.array(array, dtype=np.float64, order="C")).to(device)


def _numpy(tensor: torch.Tensor) -> np.ndarray:
    return np.array(tensor.detach().cpu().numpy(), dtype=np.float64, order="C")


def _moment(state: State | None, key: str, like: torch.Tensor, device: str) -> torch.Tensor:
    """A running average from the state, or zeros before the first step (torch's initial value)."""
    return _tensor(state[key], device) if state else torch.zeros_like(like)


def _step(state: State | None) -> torch.Tensor:
    """torch keeps the step count as a CPU float32 tensor (its ``_get_scalar_dtype()``), 0 at first."""
    return torch.tensor(float(state["step"]) if state else 0.0, dtype=torch.float32)


def _momentum_sgd(
    w: np.ndarray,
    grad: np.ndarray,
    state: State | None,
    lr: float,
    momentum: float,
    nesterov: bool,
    device: str,
) -> tuple[np.ndarray, State]:
    param, g = _tensor(w, device), _tensor(grad, device)
    buffers: list[torch.Tensor | None] = [_tensor(state["momentum_buffer"], device) if state else None]
    with torch.no_grad():
        sgd(
            [param],
            [g],
            buffers,
            foreach=False,
            weight_decay=0.0,
            momentum=momentum,
            lr=lr,
            dampening=0.0,
            nesterov=nesterov,
            maximize=False,
        )
    assert buffers[0] is not None  # sgd() stores the new buffer in the list it was given
    return _numpy(param), {"momentum_buffer": _numpy(buffers[0])}


def sgd_momentum_step(
    w: np.ndarray, grad: np.ndarray, state: State | None, lr: float, momentum: float, device: str
) -> tuple[np.ndarray, State]:
    """``torch.optim.SGD(lr=lr, momentum=momentum)``: dampening 0, buffer = grad on the first step."""
    return _momentum_sgd(w, grad, state, lr, momentum, False, device)


def nesterov_step(
    w: np.ndarray, grad: np.ndarray, state: State | None, lr: float, momentum: float, device: str
) -> tuple[np.ndarray, State]:
    """``torch.optim.SGD(lr=lr, momentum=momentum, nesterov=True)``."""
    return _momentum_sgd(w, grad, state, lr, momentum, True, device)


def adagrad_step(
    w: np.ndarray, grad: np.ndarray, state: State | None, lr: float, eps: float, device: str
) -> tuple[np.ndarray, State]:
    """``torch.optim.Adagrad(lr=lr, eps=eps)``: lr_decay 0, initial_accumulator_value 0."""
    param, g = _tensor(w, device), _tensor(grad, device)
    total, step = _moment(state, "sum", param, device), _step(state)
    with torch.no_grad():
        adagrad(
            [param],
            [g],
            [total],
            [step],
            foreach=False,
            lr=lr,
            weight_decay=0.0,
            lr_decay=0.0,
            eps=eps,
            maximize=False,
        )
    return _numpy(param), {"step": int(step.item()), "sum": _numpy(total)}


def rmsprop_step(
    w: np.ndarray, grad: np.ndarray, state: State | None, lr: float, alpha: float, eps: float, device: str
) -> tuple[np.ndarray, State]:
    """``torch.optim.RMSprop(lr=lr, alpha=alpha, eps=eps)``: no momentum, not centered."""
    param, g = _tensor(w, device), _tensor(grad, device)
    square_avg, step = _moment(state, "square_avg", param, device), _step(state)
    with torch.no_grad():
        rmsprop(
            [param],
            [g],
            [square_avg],
            [],
            [],
            [step],
            foreach=False,
            lr=lr,
            alpha=alpha,
            eps=eps,
            weight_decay=0.0,
            momentum=0.0,
            centered=False,
        )
    return _numpy(param), {"step": int(step.item()), "square_avg": _numpy(square_avg)}


def adam_step(
    w: np.ndarray,
    grad: np.ndarray,
    state: State | None,
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
    device: str,
) -> tuple[np.ndarray, State]:
    """``torch.optim.Adam(lr=lr, betas=(beta1, beta2), eps=eps)``: bias-corrected, no amsgrad."""
    param, g = _tensor(w, device), _tensor(grad, device)
    exp_avg = _moment(state, "exp_avg", param, device)
    exp_avg_sq = _moment(state, "exp_avg_sq", param, device)
    step = _step(state)
    with torch.no_grad():
        adam(
            [param],
            [g],
            [exp_avg],
            [exp_avg_sq],
            [],
            [step],
            foreach=False,
            amsgrad=False,
            beta1=beta1,
            beta2=beta2,
            lr=lr,
            weight_decay=0.0,
            eps=eps,
            maximize=False,
        )
    return _numpy(param), {
        "step": int(step.item()),
        "exp_avg": _numpy(exp_avg),
        "exp_avg_sq": _numpy(exp_avg_sq),
    }
