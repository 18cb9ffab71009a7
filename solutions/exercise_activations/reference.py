"""The truth for exercise_activations: torch.nn.functional's activations and their autograd derivatives,
in float64, on the requested device.

Every ``*_grad`` is ``torch.autograd.grad`` of the activation. For the elementwise ones, the upstream
gradient of ones gives the derivative f′(x) at every point; for softmax it is the student's ``g``, so
the answer is the vector-Jacobian product Jᵀg.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from torch.nn import functional as F

Activation = Callable[[torch.Tensor], torch.Tensor]


def _tensor(array: np.ndarray, device: str, grad: bool = False) -> torch.Tensor:
    out = torch.from_numpy(np.array(array, dtype=np.float64, order="C")).to(device)
    return out.requires_grad_(grad)


def _numpy(tensor: torch.Tensor) -> np.ndarray:
    return np.array(tensor.detach().cpu().numpy(), dtype=np.float64, order="C")


def _value(f: Activation, x: np.ndarray, device: str) -> np.ndarray:
    with torch.no_grad():
        return _numpy(f(_tensor(x, device)))


def _vjp(f: Activation, x: np.ndarray, g: np.ndarray | None, device: str) -> np.ndarray:
    """Jᵀg through autograd; ``g=None`` means ones, which for an elementwise f is f′(x)."""
    t = _tensor(x, device, grad=True)
    y = f(t)
    upstream = torch.ones_like(y) if g is None else _tensor(g, device)
    (grad,) = torch.autograd.grad(y, t, grad_outputs=upstream)
    return _numpy(grad)


def _swish(beta: float) -> Activation:
    """x·σ(βx); for β = 1 this is F.silu (tests/test_exercise_activations.py checks it)."""
    return lambda t: t * torch.sigmoid(beta * t)


def sigmoid(x: np.ndarray, device: str) -> np.ndarray:
    return _value(torch.sigmoid, x, device)


def sigmoid_grad(x: np.ndarray, device: str) -> np.ndarray:
    return _vjp(torch.sigmoid, x, None, device)


def tanh(x: np.ndarray, device: str) -> np.ndarray:
    return _value(torch.tanh, x, device)


def tanh_grad(x: np.ndarray, device: str) -> np.ndarray:
    return _vjp(torch.tanh, x, None, device)


def relu(x: np.ndarray, device: str) -> np.ndarray:
    return _value(F.relu, x, device)


def relu_grad(x: np.ndarray, device: str) -> np.ndarray:
    return _vjp(F.relu, x, None, device)


def leaky_relu(x: np.ndarray, slope: float, device: str) -> np.ndarray:
    return _value(lambda t: F.leaky_relu(t, negative_slope=slope), x, device)


def leaky_relu_grad(x: np.ndarray, slope: float, device: str) -> np.ndarray:
    return _vjp(lambda t: F.leaky_relu(t, negative_slope=slope), x, None, device)


def elu(x: np.ndarray, alpha: float, device: str) -> np.ndarray:
    return _value(lambda t: F.elu(t, alpha=alpha), x, device)


def elu_grad(x: np.ndarray, alpha: float, device: str) -> np.ndarray:
    return _vjp(lambda t: F.elu(t, alpha=alpha), x, None, device)


def softplus(x: np.ndarray, device: str) -> np.ndarray:
    return _value(F.softplus, x, device)


def softplus_grad(x: np.ndarray, device: str) -> np.ndarray:
    return _vjp(F.softplus, x, None, device)


def swish(x: np.ndarray, beta: float, device: str) -> np.ndarray:
    return _value(_swish(beta), x, device)


def swish_grad(x: np.ndarray, beta: float, device: str) -> np.ndarray:
    return _vjp(_swish(beta), x, None, device)


def softmax(x: np.ndarray, axis: int, device: str) -> np.ndarray:
    return _value(lambda t: F.softmax(t, dim=axis), x, device)


def softmax_grad(x: np.ndarray, g: np.ndarray, axis: int, device: str) -> np.ndarray:
    return _vjp(lambda t: F.softmax(t, dim=axis), x, g, device)
